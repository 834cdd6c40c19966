"""Trans-local exchanges: peer-learning visits, conferences, workshops and webinars, their
agenda and the people who take part.

Invariants kept by the database: a registration type is never over its capacity
(``accepted_count <= capacity``, the count kept with ``F()`` under a row lock of the type by
the services), one registration per member (or per named guest's e-mail) per exchange, only an
accepted delegate can be checked in, sessions and exchanges end after they start.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from translocal.core.links import url_for
from translocal.core.versioning import version_field

#: The letters of a typed check-in code: no 0/O, 1/I/L, so it can be read out and typed.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
#: The name a registration keeps when its person deleted their account (stored untranslated,
#: shown in the reader's language).
FORMER_MEMBER = gettext_noop("Former member")


def new_check_in_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Exchange(models.Model):
    """A peer-learning visit, conference, workshop or webinar hosted in a place."""

    class Kind(models.TextChoices):
        STUDY_VISIT = "study_visit", _("Study visit")
        CONFERENCE = "conference", _("Conference")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can see it")
        HUB_MEMBERS = "hub_members", _("Hub members: only members of its hub")
        INVITED = "invited", _("Invited only: only the people registered or invited")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STUDY_VISIT)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    description_html = models.TextField(blank=True, editable=False)
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_exchanges",
        verbose_name=_("host place"),
    )
    hub = models.ForeignKey(
        "places.Hub",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exchanges",
        verbose_name=_("host hub"),
        help_text=_("The hub that hosts the exchange: its coordinators organise it with you."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("The time zone of the agenda, such as Europe/Madrid."),
    )
    visibility = models.CharField(
        _("who can see it"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    registration_open = models.BooleanField(_("registration open"), default=True)
    funding_note = models.TextField(_("funding note"), max_length=1000, blank=True)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organised_exchanges", verbose_name=_("organisers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    version = version_field()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="exchange_ends_after_start",
                violation_error_message="An exchange ends on or after its first day.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="exchange_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "visibility", "starts_on", "id"], name="exchange_listing_idx"),
            # exchanges not over yet: few among the past ones, found without reading those
            # (upcoming_public_exchanges on the home page, the upcoming list and calendar)
            models.Index(fields=["visibility", "ends_on"], name="exchange_upcoming_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("exchanges:exchange-detail", slug=self.slug)

    @property
    def is_public(self) -> bool:
        """Shown to everyone: published or cancelled (it stays, marked cancelled), and public."""
        return self.status != self.Status.DRAFT and self.visibility == self.Visibility.PUBLIC


class Strand(models.Model):
    """A thematic strand of an exchange (e.g. "Direct democracy")."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="strands")
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["exchange", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["exchange", "title"], name="strand_unique_title")]

    def __str__(self) -> str:
        return self.title


class Speaker(models.Model):
    """Someone who speaks at an exchange, with or without an account."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="speakers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="speaking_at"
    )
    name = models.CharField(_("name"), max_length=150)
    affiliation = models.CharField(_("organisation or role"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), max_length=1500, blank=True)

    class Meta:
        ordering = ["exchange", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One item of an exchange's agenda: a talk, a field trip, a discussion."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="sessions")
    strand = models.ForeignKey(
        Strand, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions", verbose_name=_("strand")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room or address"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions", verbose_name=_("speakers"))
    cases = models.ManyToManyField("knowledge.Case", blank=True, related_name="exchange_sessions")
    methods = models.ManyToManyField("knowledge.Method", blank=True, related_name="exchange_sessions")

    class Meta:
        ordering = ["exchange", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message="A session ends after it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RegistrationType(models.Model):
    """A way of taking part (delegate, observer, facilitator, host) with its own capacity.

    ``accepted_count`` is how many registrations of this type are accepted, kept by the
    services with ``F()`` while they hold a row lock on the type; the database refuses a count
    over ``capacity``."""

    class Role(models.TextChoices):
        DELEGATE = "delegate", _("Delegate")
        OBSERVER = "observer", _("Observer")
        FACILITATOR = "facilitator", _("Facilitator")
        HOST = "host", _("Host")

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="registration_types")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DELEGATE)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Leave empty for no limit."))
    accepted_count = models.PositiveIntegerField(default=0, editable=False)
    open_to_applications = models.BooleanField(
        _("open to applications"), default=True, help_text=_("Otherwise by invitation only.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["exchange", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "name"], name="registration_type_unique_name"),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(accepted_count__lte=models.F("capacity")),
                name="registration_type_within_capacity",
                violation_error_message="A registration type cannot accept more people than it has places.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def places_left(self) -> int | None:
        """None for no limit."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.accepted_count)


class Question(models.Model):
    """A question the organisers ask everyone who applies (answers: ``Registration.answers``,
    keyed by the question's id as text)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("One of several choices")
        YES_NO = "yes_no", _("Yes or no")

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(_("choices"), default=list, blank=True, help_text="For a choice: the options, in order.")
    required = models.BooleanField(_("an answer is required"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["exchange", "position", "id"]

    def __str__(self) -> str:
        return self.label


class Registration(models.Model):
    """One person (a member, or a named guest without an account) taking part in one exchange.

    The learning goals ("what do you want to learn, and what will you bring home?") are written
    when applying. The waitlist is ordered by ``waitlisted_at`` then id."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        APPLIED = "applied", _("Applied")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("On the waiting list")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="registrations")
    registration_type = models.ForeignKey(
        RegistrationType, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("registration type")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchange_registrations",
    )
    name = models.CharField(_("name"), max_length=150, blank=True, help_text=_("For a guest without an account."))
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, db_index=True)
    learning_goals = models.TextField(
        _("What do you want to learn, and what will you bring home?"), max_length=4000, blank=True
    )
    answers = models.JSONField(default=dict, blank=True, help_text="Answers to the organisers' questions.")
    decision_message = models.TextField(_("message"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    check_in_code = models.CharField(max_length=16, unique=True, default=new_check_in_code, editable=False)
    certificate_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post_visit_rating = models.PositiveSmallIntegerField(
        _("how useful was the exchange to you? (1 not at all, 5 very)"), null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["exchange", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exchange", "user"], condition=models.Q(user__isnull=False), name="registration_one_per_member"
            ),
            models.UniqueConstraint(
                Lower("email"),
                "exchange",
                condition=models.Q(user__isnull=True) & ~models.Q(email=""),
                name="registration_one_per_guest_email",
            ),
            models.CheckConstraint(
                condition=models.Q(checked_in_at__isnull=True) | models.Q(status="accepted"),
                name="registration_checked_in_is_accepted",
                violation_error_message="Only an accepted delegate can be checked in.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="waitlisted") | models.Q(waitlisted_at__isnull=False),
                name="registration_waitlisted_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""),
                name="registration_guest_has_name",
                violation_error_message="A guest without an account is registered by name.",
            ),
            models.CheckConstraint(
                condition=models.Q(post_visit_rating__isnull=True)
                | models.Q(post_visit_rating__gte=1, post_visit_rating__lte=5),
                name="registration_rating_one_to_five",
                violation_error_message="A rating is from 1 to 5.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["registration_type", "status", "waitlisted_at", "id"], name="registration_waitlist_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} at {self.exchange_id}"

    @property
    def is_former_member(self) -> bool:
        return self.user_id is None and self.name == FORMER_MEMBER

    @property
    def display_name(self) -> str:
        if self.is_former_member:
            return gettext(FORMER_MEMBER)
        if self.name:
            return self.name
        if self.user_id is not None and self.user is not None:
            return self.user.name
        return ""

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None


# Learning journeys (lessons, commitments, follow-ups, outcomes): their own module, registered here.
from .journey_models import (  # noqa: E402
    CLOSED_STATUSES,
    CheckInReminder,
    Commitment,
    CommitmentStatus,
    FollowUp,
    Lesson,
    Outcome,
    Privacy,
    Substantiation,
)

# What an exchange records (attendance per session, media and documents): their own module too.
from .record_models import MediaItem, Partner, SessionAttendance  # noqa: E402

__all__ = [
    "CLOSED_STATUSES",
    "CheckInReminder",
    "Commitment",
    "CommitmentStatus",
    "Exchange",
    "FollowUp",
    "Lesson",
    "MediaItem",
    "Outcome",
    "Partner",
    "Privacy",
    "Question",
    "Registration",
    "RegistrationType",
    "Session",
    "SessionAttendance",
    "Speaker",
    "Strand",
    "Substantiation",
]
