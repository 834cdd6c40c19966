from django.db import models
from django.utils.translation import gettext_lazy as _

from translocal.core.dates import DateMeaning, LabelledDate
from translocal.core.links import url_for
from translocal.taxonomy.models import Vocabulary

from .base import Entry, entry_constraints, entry_indexes, vocab, vocab_one


class Mode(models.TextChoices):
    FACE_TO_FACE = "facetoface", _("Face to face")
    ONLINE = "online", _("Online")
    BOTH = "both", _("Both face to face and online")


class OpenLimited(models.TextChoices):
    OPEN = "open", _("Open to all")
    LIMITED = "limited", _("Limited to some groups or individuals")
    BOTH = "both", _("A mix of open and limited")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class TimeLimited(models.TextChoices):
    """Participedia's "time_limited": one defined period, or a process that recurs."""

    SINGLE = "single", _("A single, defined period of time")
    REPEATED = "repeated", _("Repeated over time")


class FacilitatorTraining(models.TextChoices):
    """Participedia's "facilitator_training". A case without facilitators says so in
    ``facilitated`` (No) rather than with a "not applicable" value here."""

    PROFESSIONAL = "professional", _("Professional facilitators")
    TRAINED = "trained", _("Trained, non-professional facilitators")
    UNTRAINED = "untrained", _("Untrained, non-professional facilitators")


class Completeness(models.TextChoices):
    STUB = "stub", _("Stub")
    PARTIAL = "partial", _("Partially complete")
    COMPLETE = "complete", _("Complete")


#: The controlled-vocabulary fields of a case's structured description, in page order.
CASE_VOCABULARY_FIELDS: tuple[str, ...] = (
    "general_issues",
    "specific_topics",
    "scope_of_influence",
    "purposes",
    "approaches",
    "targeted_participants",
    "method_types",
    "tools_techniques_types",
    "learning_resources",
    "decision_methods",
    "voting_methods",
    "interactions",
    "outcomes",
    "change_types",
    "implementers",
    "organizer_types",
    "funder_types",
)


class Case(Entry):
    """A participatory initiative as it happened, with Participedia-grade structure."""

    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    location_name = models.CharField(max_length=250, blank=True)
    address = models.CharField(
        max_length=300, blank=True, help_text="Street address and postal code, where the case had one site."
    )
    is_component_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="components",
        verbose_name=_("part of a larger case"),
        help_text="The larger initiative this case is one part of (its page lists its components).",
    )
    general_issues = vocab(Vocabulary.GENERAL_ISSUE, "cases_by_issue", _("General issues"))
    specific_topics = vocab(Vocabulary.SPECIFIC_TOPIC, "cases_by_topic", _("Specific topics"))
    scope_of_influence = vocab(Vocabulary.SCOPE, "cases_by_scope", _("Scope of influence"))
    purposes = vocab(Vocabulary.PURPOSE, "cases_by_purpose", _("Purposes"))
    approaches = vocab(Vocabulary.APPROACH, "cases_by_approach", _("Approaches"))
    public_spectrum = vocab_one(Vocabulary.PUBLIC_SPECTRUM, "cases_by_spectrum")
    number_of_participants = models.PositiveIntegerField(null=True, blank=True)
    open_limited = models.CharField(max_length=10, choices=OpenLimited.choices, blank=True)
    recruitment_method = vocab_one(Vocabulary.RECRUITMENT, "cases_by_recruitment")
    targeted_participants = vocab(Vocabulary.TARGETED, "cases_by_target", _("Targeted participants"))
    method_types = vocab(Vocabulary.METHOD_TYPE, "cases_by_method_type", _("General types of methods"))
    methods = models.ManyToManyField("knowledge.Method", blank=True, related_name="cases")
    tools_techniques_types = vocab(
        Vocabulary.TOOL_TYPE, "cases_by_tool_type", _("General types of tools and techniques")
    )
    legality = models.CharField(_("was it legal?"), max_length=3, choices=YesNo.choices, blank=True)
    decision_methods = vocab(Vocabulary.DECISION_METHOD, "cases_by_decision", _("Decision methods"))
    voting_methods = vocab(Vocabulary.VOTING_METHOD, "cases_by_voting", _("If voting, how"))
    interactions = vocab(Vocabulary.INTERACTION, "cases_by_interaction", _("Participant interactions"))
    mode = models.CharField(_("face to face, online or both"), max_length=12, choices=Mode.choices, blank=True)
    facilitated = models.BooleanField(null=True, blank=True)
    facilitator_training = models.CharField(max_length=12, choices=FacilitatorTraining.choices, blank=True)
    learning_resources = vocab(
        Vocabulary.LEARNING_RESOURCE, "cases_by_learning_resource", _("Learning resources")
    )
    outcomes = vocab(Vocabulary.OUTCOME, "cases_by_outcome", _("Insights and outcomes"))
    change_types = vocab(Vocabulary.CHANGE_TYPE, "cases_by_change", _("Types of change"))
    implementers = vocab(Vocabulary.IMPLEMENTER, "cases_by_implementer", _("Implementers of change"))
    impact_evidence = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    impact_description = models.TextField(blank=True)
    formal_evaluation = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    evaluation_links = models.JSONField(
        default=list, blank=True, help_text="List of {url, title} of evaluation reports published online."
    )
    organisations = models.ManyToManyField(
        "places.Organisation", blank=True, related_name="cases", verbose_name=_("Primary organisers")
    )
    organizer_types = vocab(Vocabulary.ORGANIZER_TYPE, "cases_by_organizer", _("Types of organiser"))
    funder = models.CharField(max_length=300, blank=True)
    funder_types = vocab(Vocabulary.FUNDER_TYPE, "cases_by_funder", _("Types of funder"))
    staff = models.BooleanField(_("paid staff?"), null=True, blank=True)
    volunteers = models.BooleanField(_("volunteers?"), null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    ongoing = models.BooleanField(null=True, blank=True)
    time_limited = models.CharField(max_length=10, choices=TimeLimited.choices, blank=True)
    links = models.JSONField(default=list, blank=True, help_text="List of {url, title}.")
    completeness = models.CharField(
        max_length=10, choices=Completeness.choices, default=Completeness.STUB, editable=False
    )
    featured = models.BooleanField(default=False, db_index=True)
    lead_image = models.ForeignKey(
        "core.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="One of its own images (core.Image with this entry as owner), shown in lists and on its page.",
    )

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
            models.CheckConstraint(
                condition=models.Q(is_component_of__isnull=True) | ~models.Q(is_component_of=models.F("id")),
                name="case_not_component_of_itself",
                violation_error_message="A case cannot be a component of itself.",
            ),
            models.CheckConstraint(
                condition=~models.Q(facilitated=False) | models.Q(facilitator_training=""),
                name="case_training_only_if_facilitated",
                violation_error_message="A case without facilitators has no facilitator training.",
            ),
        ]
        indexes = [
            *entry_indexes("case"),
            # Covers what the related-cases ranking reads of every candidate (status and
            # date by id), so it never touches the wide rows with their bodies.
            models.Index(fields=["id", "status", "published_at"], name="case_id_status_pub_idx"),
            # The home page's featured cases in index order (selectors.featured_cases). Not led by
            # status: the planner would then take it for every filter on status.
            models.Index(fields=["-featured", "completeness", "-published_at", "-id"], name="case_featured_idx"),
            # The case list sorted by title (CASE_SORTS "title"): its page read in index order, the
            # status from the index, not a sort of every published case (SQLite's temporary
            # B-tree). Not led by status, as above: led by it, SQLite's planner took it for the
            # count of the published cases and the other orders' pages too.
            models.Index(fields=["title", "id", "status"], name="case_title_idx"),
        ]

    def get_absolute_url(self) -> str:
        return url_for("knowledge:case-detail", slug=self.slug)

    @property
    def listed_date(self) -> LabelledDate | None:
        """A case is dated by when it started, not when it was written up here; a case without
        a start date shows no date (its publication would read as the initiative's)."""
        return LabelledDate.of(DateMeaning.STARTED, self.start_date)
