"""Controlled vocabularies stored as data: every classification (issues, methods used, SDGs,
roles, languages...) is a Term of a Vocabulary, never free text."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from translocal.core.locales import in_language


class Vocabulary(models.TextChoices):
    GENERAL_ISSUE = "general_issue", _("General issue")
    SPECIFIC_TOPIC = "specific_topic", _("Specific topic")
    SCOPE = "scope_of_influence", _("Scope of influence")
    PURPOSE = "purpose", _("Purpose")
    APPROACH = "approach", _("Approach")
    PUBLIC_SPECTRUM = "public_spectrum", _("Public participation spectrum")
    RECRUITMENT = "recruitment_method", _("Recruitment of participants")
    TARGETED = "targeted_participants", _("Targeted participants")
    DECISION_METHOD = "decision_method", _("Decision method")
    VOTING_METHOD = "voting_method", _("Voting method")
    OUTCOME = "outcome", _("Insights and outcomes")
    METHOD_TYPE = "method_type", _("Type of method")
    TOOL_TYPE = "tools_techniques_type", _("Type of tool or technique")
    LEARNING_RESOURCE = "learning_resource", _("Learning resource")
    INTERACTION = "participant_interaction", _("Participant interaction")
    CHANGE_TYPE = "change_type", _("Type of change")
    IMPLEMENTER = "implementer_of_change", _("Implementers of change")
    ORGANIZER_TYPE = "organizer_type", _("Type of organiser")
    FUNDER_TYPE = "funder_type", _("Type of funder")
    PARTICIPANT_NUMBER = "participant_number", _("Number of participants")
    ROLE = "role", _("Role")
    LANGUAGE = "language", _("Language")
    THEME = "theme", _("Theme")
    SDG = "sdg", _("Sustainable Development Goal")


class Term(models.Model):
    vocabulary = models.CharField(max_length=40, choices=Vocabulary.choices, db_index=True)
    slug = models.SlugField(max_length=120, allow_unicode=True)
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    # Other spellings of the same concept (e.g. Participedia's long 2018 keys and short CSV keys),
    # so importers and filters resolve every spelling to this one term.
    aliases = models.JSONField(default=list, blank=True)
    # The label and description in other interface languages, {language code: text}
    # ({"es": "Presupuestos participativos"}); ``label``/``description`` are the English ones.
    labels = models.JSONField(default=dict, blank=True)
    descriptions = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["vocabulary", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "slug"], name="term_unique_slug_per_vocabulary")
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        """The label in the active interface language, else the English one (no query)."""
        return in_language(self.labels, self.label)

    @property
    def display_description(self) -> str:
        """The description in the active interface language, else the English one."""
        return in_language(self.descriptions, self.description)

