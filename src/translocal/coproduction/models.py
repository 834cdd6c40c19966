"""Co-production spaces: a hub's processes, their ordered phases, and who takes part.

A phase switches features on (propose, comment, support, ...); what a person may do follows
the active phase and their role (see ``permissions``). Invariants live in the database: phase
positions are unique in a process, a phase ends after it starts, a person has one role in a
process.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from translocal.core.links import url_for
from translocal.core.versioning import version_field

from .translations.translatable import Translatable


class Feature(models.TextChoices):
    """What a phase can switch on. Each value is also the name of a boolean field of Phase."""

    PROPOSE = "propose", _("Propose")
    COMMENT = "comment", _("Comment")
    SUPPORT = "support", _("Support proposals")
    POLL_VOTE = "poll_vote", _("Vote in polls")
    BUDGET_VOTE = "budget_vote", _("Vote in the budget")
    MEETING_REGISTRATION = "meeting_registration", _("Register for meetings")
    INITIATIVE_SIGNING = "initiative_signing", _("Sign initiatives")
    RESULTS = "results", _("See results")


class Process(Translatable, models.Model):
    """A co-production project run by a hub (e.g. "GM Decides")."""

    class Access(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can read, signed-in residents take part")
        MEMBERS = "members", _("Hub members only")
        INVITED = "invited", _("Invited people only")

    hub = models.ForeignKey("places.Hub", on_delete=models.PROTECT, related_name="processes")
    #: The place or area the process is about (the hub's own place when left empty).
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="processes"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=True)
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    access = models.CharField(max_length=10, choices=Access.choices, default=Access.PUBLIC)
    is_published = models.BooleanField(default=False)
    #: How many proposals one person may support in this process (None: no limit).
    supports_per_person = models.PositiveIntegerField(null=True, blank=True)
    #: Supports a proposal needs to be marked "threshold reached" (None: no threshold).
    support_threshold = models.PositiveIntegerField(null=True, blank=True)
    #: Goals and targets of the SDGs (taxonomy terms of the "sdg" vocabulary): confirmed, public
    #: tags (translocal.sdg suggests them; whoever may edit the process confirms them).
    sdgs = models.ManyToManyField(
        "taxonomy.Term",
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": "sdg"},
        verbose_name=_("Sustainable Development Goals"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    #: The language its text is written in (translations: ProcessTranslation, translations.models).
    original_language = models.CharField(max_length=12, default="en")
    version = version_field()
    text_field = "summary"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["hub", "is_published"], name="process_hub_published")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(supports_per_person__isnull=True) | models.Q(supports_per_person__gte=1),
                name="process_supports_per_person_gte_1",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("coproduction:process-detail", slug=self.slug)


class Phase(models.Model):
    """One step of a process, with dates, and the features it switches on."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    propose = models.BooleanField(default=False)
    comment = models.BooleanField(default=False)
    support = models.BooleanField(default=False)
    poll_vote = models.BooleanField(default=False)
    budget_vote = models.BooleanField(default=False)
    meeting_registration = models.BooleanField(default=False)
    initiative_signing = models.BooleanField(default=False)
    results = models.BooleanField(default=False)

    class Meta:
        ordering = ["process", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="phase_unique_position"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process}: {self.name}"

    def allows(self, feature: str) -> bool:
        """Whether this phase switches ``feature`` (a Feature value) on."""
        if feature not in Feature.values:
            raise ValueError(f"Unknown feature {feature!r}")
        return bool(getattr(self, feature))

    @property
    def features(self) -> list[str]:
        """The labels of the features this phase switches on, in Feature order."""
        return [str(label) for value, label in Feature.choices if getattr(self, value)]


class ProcessRole(models.Model):
    """A person's part in one process beyond what their hub membership gives: invited (may take
    part in an invited-only process) or moderator (hides and unhides content of the process)."""

    class Role(models.TextChoices):
        INVITED = "invited", _("Invited participant")
        MODERATOR = "moderator", _("Moderator")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="process_roles")
    role = models.CharField(max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["process", "user"], name="process_role_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} in {self.process} ({self.role})"


class AnswerState(models.TextChoices):
    """The official answer the process's managers give a proposal."""

    EVALUATING = "evaluating", _("Being evaluated")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    IN_PROGRESS = "in_progress", _("In progress")


class Proposal(Translatable, models.Model):
    """A resident's proposal in a process. ``support_count`` is denormalised and kept right with
    F() in the transaction that adds or removes a Support row."""

    # No single-column indexes on the two keys: the composite indexes below begin with each
    # (process: most supported, newest; author: by author), and every support rewrites the
    # row with all its index entries (support_count is in one, so the update is never HOT).
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="proposals", db_index=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals",
        db_index=False,
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    support_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    threshold_reached_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    answer_state = models.CharField(max_length=12, choices=AnswerState.choices, blank=True)
    answer_text = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    #: The language its text is written in (translations: ProposalTranslation, translations.models).
    original_language = models.CharField(max_length=12, default="en")
    version = version_field()
    text_field = "body"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["process", "-support_count", "-id"], name="proposal_most_supported"),
            models.Index(fields=["process", "-created_at", "-id"], name="proposal_newest"),
            models.Index(fields=["author", "-created_at"], name="proposal_by_author"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(support_count__gte=0), name="proposal_support_count_gte_0"),
            models.CheckConstraint(condition=models.Q(comment_count__gte=0), name="proposal_comment_count_gte_0"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("coproduction:proposal-detail", slug=self.process.slug, pk=self.pk)

    def comments_url(self) -> str:
        """Where its comments are listed (every comment target has this and ``comment_create_url``)."""
        return reverse("coproduction:comment-list", kwargs={"slug": self.process.slug, "pk": self.pk})

    def comment_create_url(self) -> str:
        return reverse("coproduction:comment-create", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def threshold_reached(self) -> bool:
        return self.threshold_reached_at is not None


class Support(models.Model):
    """One person's support of one proposal: at most one (a database constraint), and it also
    names the process so the per-person limit is counted without a join."""

    # Proposal and process are the first columns of the unique constraint and of the index
    # below: no single-column indexes of their own (each support inserts into every index).
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports", db_index=False)
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["process", "user"], name="support_process_user")]
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="support_unique_person_proposal")]

    def __str__(self) -> str:
        return f"{self.user} supports {self.proposal}"


class Participation(models.Model):
    """What one person used of a process's allowances: the supports they gave. The row is the
    lock and the counter of the per-person limit (a conditional F() update never passes it)."""

    # The unique (process, user) constraint indexes the process first.
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="participations", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    supports_used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "user"], name="participation_unique_person"),
            models.CheckConstraint(condition=models.Q(supports_used__gte=0), name="participation_supports_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.process}"


class ProposalEvent(models.Model):
    """A step of a proposal's public timeline: submitted, support milestones, threshold reached,
    each official answer, withdrawn. Milestones and the threshold are recorded once each."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        MILESTONE = "milestone", _("Supports milestone")
        THRESHOLD = "threshold", _("Threshold reached")
        ANSWERED = "answered", _("Official answer")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    #: The milestone's number of supports, the threshold, or 0.
    value = models.PositiveIntegerField(default=0)
    answer_state = models.CharField(max_length=12, choices=AnswerState.choices, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "kind", "value"],
                condition=models.Q(kind__in=["milestone", "threshold"]),
                name="proposal_event_once_per_milestone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.kind}"


class Comment(models.Model):
    """A comment on anything in a process (proposals now; meetings, polls, results and budget
    projects later), threaded by ``parent``. The target is generic, and the concrete process is
    stored beside it and indexed, so a process's comments are found without the generic join.
    A deleted comment keeps its place in the thread (its replies stay) without its text."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="comments")
    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    #: Replies others can see (not deleted, not hidden), kept with F() by the services.
    reply_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "parent", "id"], name="comment_thread"),
            models.Index(fields=["process", "-id"], name="comment_process"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(reply_count__gte=0), name="comment_reply_count_gte_0"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.target_type_id}:{self.target_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Report(models.Model):
    """Someone's report of a proposal or comment to the process's moderators (one per person
    and item)."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive, hateful or abusive")
        PERSONAL = "personal", _("Shares someone's personal details")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="reports")
    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    details = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["process", "resolved_at"], name="report_open")]
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id", "reporter"], name="report_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"Report of {self.target_type_id}:{self.target_id} ({self.reason})"


# Polls and participatory budgeting live in their own modules; imported here so Django registers them.
from .accountability.models import ProgressUpdate, Result, ResultLink  # noqa: E402 - results live in their own module
from .blocking.models import HubBlock  # noqa: E402 - blocks live in their own module
from .budgets.models import Budget, BudgetBallot, BudgetBallotChoice, BudgetOutcome, BudgetProject  # noqa: E402
from .initiatives.models import Initiative, Signature  # noqa: E402 - initiatives live in their own module
from .meetings.models import Meeting, MeetingRegistration  # noqa: E402 - meetings live in their own module
from .polls.models import Ballot, Poll, PollOption, PollParticipation  # noqa: E402 - polls live in their own module
from .translations.models import PollTranslation, ProcessTranslation, ProposalTranslation, ResultTranslation  # noqa: E402

__all__ = [
    "AnswerState", "Ballot", "Budget", "BudgetBallot", "BudgetBallotChoice", "BudgetOutcome", "BudgetProject",
    "Comment", "Feature", "HubBlock", "Initiative", "Meeting", "MeetingRegistration", "Participation", "Phase", "Poll",
    "PollOption", "PollParticipation", "PollTranslation", "Process", "ProcessRole", "ProcessTranslation",
    "ProgressUpdate", "Proposal", "ProposalEvent",
    "ProposalTranslation", "Report", "Result", "ResultLink", "ResultTranslation", "Signature", "Support",
]
