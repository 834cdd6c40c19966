"""Learning journeys: what a delegate took home from an exchange and did with it.

The chain, per registration: learning goals (on the registration) → **lessons** (what was
learned, and from which session, case, method, place or person) → **commitments** (what they
will do at home, by when, for which hub or organisation) → **follow-ups** (dated progress notes
that move the commitment's status) → **outcomes** (a change at home in the sense of outcome
harvesting: Wilson-Grau's "who changed what, when and where, and how the intervention
contributed"), each outcome optionally **substantiated** by a named verifier.

Every lesson, commitment and outcome carries its owner's privacy choice; a follow-up follows
its commitment's. Who may see what is decided in ``permissions`` (``journey_item_visible_q`` and
``can_view_journey_item``), never here. Imported at the end of ``models`` so Django registers
these models with the exchanges app.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Privacy(models.TextChoices):
    """Who sees a journey item besides its owner and the exchange's organisers."""

    PUBLIC = "public", _("Public: anyone who can see the exchange")
    PARTICIPANTS = "participants", _("Participants: the people who took part in the exchange")
    PRIVATE = "private", _("Private: only you and the organisers")


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


#: A commitment in one of these is closed: no more check-in reminders.
CLOSED_STATUSES = (CommitmentStatus.DONE, CommitmentStatus.DROPPED)


class JourneyItem(models.Model):
    """What lessons, commitments and outcomes share: the registration they belong to, the
    exchange (stored beside it so impact views filter on one indexed column), the privacy."""

    registration = models.ForeignKey("exchanges.Registration", on_delete=models.CASCADE, related_name="+")
    exchange = models.ForeignKey("exchanges.Exchange", on_delete=models.CASCADE, related_name="+")
    privacy = models.CharField(
        _("who can see it"), max_length=12, choices=Privacy.choices, default=Privacy.PARTICIPANTS
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Lesson(JourneyItem):
    """Something a delegate learned, and where from (any of a session, a case, a method, a
    place or a person; a person with or without an account)."""

    registration = models.ForeignKey("exchanges.Registration", on_delete=models.CASCADE, related_name="lessons")
    exchange = models.ForeignKey("exchanges.Exchange", on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("what you learned, in a sentence"), max_length=200)
    body = models.TextField(_("more detail"), max_length=4000, blank=True)
    answers_goal = models.BooleanField(
        _("this answers one of the learning goals I set before the exchange"), default=False
    )
    session = models.ForeignKey(
        "exchanges.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        verbose_name=_("from the session"),
    )
    case = models.ForeignKey(
        "knowledge.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from the case"),
    )
    method = models.ForeignKey(
        "knowledge.Method",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from the method"),
    )
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from the place"),
    )
    person_name = models.CharField(_("from the person"), max_length=150, blank=True)
    harvested_case = models.ForeignKey(
        "knowledge.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["registration", "created_at", "id"]
        indexes = [models.Index(fields=["exchange", "privacy"], name="lesson_exchange_idx")]

    def __str__(self) -> str:
        return self.title


class Commitment(JourneyItem):
    """Something a delegate will do at home. ``status`` is the latest follow-up's (kept by the
    services in the follow-up's transaction); ``closed_at`` is set when it is done or dropped."""

    registration = models.ForeignKey("exchanges.Registration", on_delete=models.CASCADE, related_name="commitments")
    exchange = models.ForeignKey("exchanges.Exchange", on_delete=models.CASCADE, related_name="commitments")
    lesson = models.ForeignKey(
        Lesson,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("the lesson it comes from"),
    )
    title = models.CharField(_("what you will do at home"), max_length=200)
    body = models.TextField(_("more detail"), max_length=4000, blank=True)
    owner_name = models.CharField(
        _("who carries it"), max_length=150, blank=True, help_text=_("Leave empty if it is you.")
    )
    due_on = models.DateField(_("by when"))
    hub = models.ForeignKey(
        "places.Hub",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("the hub it concerns"),
    )
    organisation = models.ForeignKey(
        "places.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("the organisation it concerns"),
    )
    status = models.CharField(
        max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.NOT_STARTED, db_index=True
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: Goals and targets of the SDGs (taxonomy terms of the "sdg" vocabulary): confirmed, public
    #: tags (translocal.sdg suggests them; whoever may edit the commitment (its delegate) confirms them).
    sdgs = models.ManyToManyField(
        "taxonomy.Term",
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": "sdg"},
        verbose_name=_("Sustainable Development Goals"),
    )

    class Meta:
        ordering = ["registration", "due_on", "id"]
        indexes = [models.Index(fields=["exchange", "privacy", "status"], name="commitment_exchange_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True) | models.Q(status__in=["done", "dropped"]),
                name="commitment_closed_is_done_or_dropped",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Its own page (who may see it: ``permissions.can_view_journey_item``)."""
        return reverse("exchanges:commitment-detail", kwargs={"commitment_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES


class FollowUp(models.Model):
    """A dated progress note on a commitment, with the status it leaves the commitment in and
    optional evidence: a link, a document, or a page on this platform (its path)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="follow_ups")
    written_on = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("where it stands"), max_length=12, choices=CommitmentStatus.choices)
    note = models.TextField(_("progress note"), max_length=4000)
    evidence_url = models.URLField(_("evidence: a link"), max_length=500, blank=True)
    evidence_document = models.FileField(
        _("evidence: a document"), upload_to="journeys/evidence/%Y/%m/", max_length=300, blank=True
    )
    evidence_path = models.CharField(
        _("evidence: a page on this platform"),
        max_length=300,
        blank=True,
        help_text=_("Its address on this site, such as /cases/my-case/."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["commitment", "written_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.written_on})"


class Outcome(JourneyItem):
    """A change at home that the exchange contributed to (outcome harvesting)."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("A policy")
        PRACTICE = "practice", _("A practice")
        RELATIONSHIP = "relationship", _("A relationship")
        DECISION = "decision", _("A decision")

    registration = models.ForeignKey("exchanges.Registration", on_delete=models.CASCADE, related_name="outcomes")
    exchange = models.ForeignKey("exchanges.Exchange", on_delete=models.CASCADE, related_name="outcomes")
    commitment = models.ForeignKey(
        Commitment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
        verbose_name=_("the commitment it follows"),
    )
    kind = models.CharField(_("what changed"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("the change"), max_length=4000)
    who_changed = models.CharField(_("who changed"), max_length=300)
    contribution = models.TextField(_("how the exchange contributed"), max_length=4000)
    observed_on = models.DateField(_("when it happened"), default=timezone.localdate)

    class Meta:
        ordering = ["registration", "observed_on", "id"]
        indexes = [models.Index(fields=["exchange", "privacy"], name="outcome_exchange_idx")]

    def __str__(self) -> str:
        return self.description[:80]


class Substantiation(models.Model):
    """A named verifier (with or without an account) asked to confirm an outcome, and their
    answer. The request is answered once, through a signed link sent by e-mail."""

    class Answer(models.TextChoices):
        CONFIRMS = "confirms", _("Confirms")
        PARTLY = "partly", _("Partly confirms")
        DOES_NOT_CONFIRM = "does_not_confirm", _("Does not confirm")

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="substantiations")
    verifier_name = models.CharField(_("verifier's name"), max_length=150)
    verifier_email = models.EmailField(_("verifier's e-mail address"))
    verifier_role = models.CharField(_("their role or organisation"), max_length=200, blank=True)
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["outcome", "requested_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(answer="") & models.Q(answered_at__isnull=True))
                | (~models.Q(answer="") & models.Q(answered_at__isnull=False)),
                name="substantiation_answer_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.verifier_name

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)


class CheckInReminder(models.Model):
    """That the check-in e-mail of ``milestone`` months after the exchange was sent for a
    commitment: one row per commitment and milestone, so the scheduled run is idempotent."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    milestone = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["commitment", "milestone"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "milestone"], name="check_in_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} at {self.milestone} months"
