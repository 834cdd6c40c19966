from django.db import models
from django.utils.translation import gettext_lazy as _

from translocal.core.links import url_for
from translocal.taxonomy.models import Vocabulary

from .base import Entry, entry_constraints, entry_indexes, vocab, vocab_one
from .cases import Mode, OpenLimited


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")


class Method(Entry):
    """A reusable participatory method (citizens' assembly, participatory budgeting, ...)."""

    method_types = vocab(Vocabulary.METHOD_TYPE, "methods_by_type", _("Type of method"))
    purposes = vocab(Vocabulary.PURPOSE, "methods_by_purpose", _("Purposes"))
    public_spectrum = vocab_one(Vocabulary.PUBLIC_SPECTRUM, "methods_by_spectrum")
    scope_of_influence = vocab(Vocabulary.SCOPE, "methods_by_scope", _("Scope of influence"))
    participant_numbers = vocab(Vocabulary.PARTICIPANT_NUMBER, "methods_by_size", _("Number of participants"))
    open_limited = models.CharField(max_length=10, choices=OpenLimited.choices, blank=True)
    recruitment_method = vocab_one(Vocabulary.RECRUITMENT, "methods_by_recruitment")
    interactions = vocab(Vocabulary.INTERACTION, "methods_by_interaction", _("Participant interactions"))
    decision_methods = vocab(Vocabulary.DECISION_METHOD, "methods_by_decision", _("Decision methods"))
    voting_methods = vocab(Vocabulary.VOTING_METHOD, "methods_by_voting", _("If voting, how"))
    mode = models.CharField(_("face to face, online or both"), max_length=12, choices=Mode.choices, blank=True)
    facilitated = models.BooleanField(null=True, blank=True)
    level_polarization = models.CharField(max_length=10, choices=Level.choices, blank=True)
    level_complexity = models.CharField(max_length=10, choices=Level.choices, blank=True)

    class Meta:
        ordering = ["title"]
        constraints = entry_constraints("method")
        indexes = entry_indexes("method")

    def get_absolute_url(self) -> str:
        return url_for("knowledge:method-detail", slug=self.slug)
