"""Controlled vocabularies stored as data: every classification (issues, methods used, SDGs,
roles, languages...) is a Term of a Vocabulary, never free text."""

from django.db import models


class Vocabulary(models.TextChoices):
    GENERAL_ISSUE = "general_issue", "General issue"
    SPECIFIC_TOPIC = "specific_topic", "Specific topic"
    SCOPE = "scope_of_influence", "Scope of influence"
    PURPOSE = "purpose", "Purpose"
    APPROACH = "approach", "Approach"
    PUBLIC_SPECTRUM = "public_spectrum", "Public participation spectrum"
    RECRUITMENT = "recruitment_method", "Recruitment of participants"
    TARGETED = "targeted_participants", "Targeted participants"
    DECISION_METHOD = "decision_method", "Decision method"
    VOTING_METHOD = "voting_method", "Voting method"
    OUTCOME = "outcome", "Insights and outcomes"
    METHOD_TYPE = "method_type", "Type of method"
    TOOL_TYPE = "tools_techniques_type", "Type of tool or technique"
    LEARNING_RESOURCE = "learning_resource", "Learning resource"
    INTERACTION = "participant_interaction", "Participant interaction"
    CHANGE_TYPE = "change_type", "Type of change"
    IMPLEMENTER = "implementer_of_change", "Implementers of change"
    ORGANIZER_TYPE = "organizer_type", "Type of organiser"
    FUNDER_TYPE = "funder_type", "Type of funder"
    PARTICIPANT_NUMBER = "participant_number", "Number of participants"
    ROLE = "role", "Role"
    LANGUAGE = "language", "Language"
    THEME = "theme", "Theme"
    SDG = "sdg", "Sustainable Development Goal"


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

    class Meta:
        ordering = ["vocabulary", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "slug"], name="term_unique_slug_per_vocabulary")
        ]

    def __str__(self) -> str:
        return self.label
