from django.db import models
from django.urls import reverse

from translocal.taxonomy.models import Vocabulary

from .base import Entry, entry_constraints, entry_indexes, vocab, vocab_one


class Mode(models.TextChoices):
    FACE_TO_FACE = "facetoface", "Face to face"
    ONLINE = "online", "Online"
    BOTH = "both", "Both face to face and online"


class OpenLimited(models.TextChoices):
    OPEN = "open", "Open to all"
    LIMITED = "limited", "Limited to some groups or individuals"
    BOTH = "both", "A mix of open and limited"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class Completeness(models.TextChoices):
    STUB = "stub", "Stub"
    PARTIAL = "partial", "Partially complete"
    COMPLETE = "complete", "Complete"


class Case(Entry):
    """A participatory initiative as it happened, with Participedia-grade structure."""

    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    location_name = models.CharField(max_length=250, blank=True)
    general_issues = vocab(Vocabulary.GENERAL_ISSUE, "cases_by_issue", "General issues")
    specific_topics = vocab(Vocabulary.SPECIFIC_TOPIC, "cases_by_topic", "Specific topics")
    scope_of_influence = vocab(Vocabulary.SCOPE, "cases_by_scope", "Scope of influence")
    purposes = vocab(Vocabulary.PURPOSE, "cases_by_purpose", "Purposes")
    approaches = vocab(Vocabulary.APPROACH, "cases_by_approach", "Approaches")
    public_spectrum = vocab_one(Vocabulary.PUBLIC_SPECTRUM, "cases_by_spectrum")
    number_of_participants = models.PositiveIntegerField(null=True, blank=True)
    open_limited = models.CharField(max_length=10, choices=OpenLimited.choices, blank=True)
    recruitment_method = vocab_one(Vocabulary.RECRUITMENT, "cases_by_recruitment")
    targeted_participants = vocab(Vocabulary.TARGETED, "cases_by_target", "Targeted participants")
    methods = models.ManyToManyField("knowledge.Method", blank=True, related_name="cases")
    decision_methods = vocab(Vocabulary.DECISION_METHOD, "cases_by_decision", "Decision methods")
    voting_methods = vocab(Vocabulary.VOTING_METHOD, "cases_by_voting", "If voting, how")
    interactions = vocab(Vocabulary.INTERACTION, "cases_by_interaction", "Participant interactions")
    mode = models.CharField("face to face, online or both", max_length=12, choices=Mode.choices, blank=True)
    facilitated = models.BooleanField(null=True, blank=True)
    outcomes = vocab(Vocabulary.OUTCOME, "cases_by_outcome", "Insights and outcomes")
    change_types = vocab(Vocabulary.CHANGE_TYPE, "cases_by_change", "Types of change")
    implementers = vocab(Vocabulary.IMPLEMENTER, "cases_by_implementer", "Implementers of change")
    impact_evidence = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    impact_description = models.TextField(blank=True)
    formal_evaluation = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    organisations = models.ManyToManyField(
        "places.Organisation", blank=True, related_name="cases", verbose_name="Primary organisers"
    )
    organizer_types = vocab(Vocabulary.ORGANIZER_TYPE, "cases_by_organizer", "Types of organiser")
    funder = models.CharField(max_length=300, blank=True)
    funder_types = vocab(Vocabulary.FUNDER_TYPE, "cases_by_funder", "Types of funder")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    ongoing = models.BooleanField(null=True, blank=True)
    links = models.JSONField(default=list, blank=True, help_text="List of {url, title}.")
    completeness = models.CharField(
        max_length=10, choices=Completeness.choices, default=Completeness.STUB, editable=False
    )
    featured = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            *entry_constraints("case"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="case_end_after_start",
            ),
        ]
        indexes = entry_indexes("case")

    def get_absolute_url(self) -> str:
        return reverse("knowledge:case-detail", kwargs={"slug": self.slug})
