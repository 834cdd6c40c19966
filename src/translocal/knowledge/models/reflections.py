from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from translocal.core.links import url_for
from translocal.core.versioning import version_field

from .base import Entry, entry_constraints, entry_indexes


class Series(models.Model):
    """An ordered set of reflections, e.g. "Trans-local learning", shown as post N of M."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=270, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hub = models.ForeignKey("places.Hub", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = version_field()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("knowledge:series-detail", slug=self.slug)


class Reflection(Entry):
    """An authored post (Markdown, sanitised), optionally numbered within a Series."""

    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="reflections"
    )
    series_position = models.PositiveIntegerField(null=True, blank=True)
    cases = models.ManyToManyField("knowledge.Case", blank=True, related_name="reflections")
    methods = models.ManyToManyField("knowledge.Method", blank=True, related_name="reflections")
    places = models.ManyToManyField("places.Place", blank=True, related_name="reflections")
    exchange = models.ForeignKey(
        "exchanges.Exchange",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflections",
        help_text="The exchange it reflects on (a public one; exchanges.selectors.exchanges_to_reflect_on).",
    )
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
            *entry_constraints("reflection"),
            models.UniqueConstraint(
                fields=["series", "series_position"], name="reflection_unique_series_position"
            ),
            models.CheckConstraint(
                condition=models.Q(series__isnull=True, series_position__isnull=True)
                | models.Q(series__isnull=False, series_position__isnull=False, series_position__gte=1),
                name="reflection_series_position_with_series",
            ),
        ]
        indexes = [
            *entry_indexes("reflection"),
            # a series' published posts counted and dated from the index alone (the series
            # overview on the home page and the series list: series_overview, series_list)
            models.Index(fields=["series", "status", "published_at"], name="reflection_series_posts_idx"),
        ]

    def get_absolute_url(self) -> str:
        return url_for("knowledge:reflection-detail", slug=self.slug)

    @property
    def byline(self) -> list["Authorship"]:
        """The authors to show anywhere in public, in order: guests and the members who
        accepted. Uses the prefetched ``authorships`` when there are (no query)."""
        return [a for a in self.authorships.all() if a.status == Authorship.Status.ACCEPTED]


#: The guest name that keeps the place of an author whose account was deleted (see
#: knowledge.services.account_deletion): stored as it is here, shown in the reader's language.
FORMER_MEMBER = gettext_noop("Former member")


class Authorship(models.Model):
    """An author of a reflection: a member, or a guest author without an account.

    Naming a member needs their consent: their authorship is pending until they accept it
    (they can decline). Only accepted authors appear in bylines, on profiles, in search and in
    feeds, and only they may edit the reflection. The person who names themselves (the one
    creating the reflection) is accepted at once; guests have no account and are accepted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for their answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="authorships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="authorships"
    )
    guest_name = models.CharField(max_length=150, blank=True)
    guest_affiliation = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who named this member as an author.",
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False) & models.Q(guest_name=""))
                | (models.Q(user__isnull=True) & ~models.Q(guest_name="")),
                name="authorship_member_xor_guest",
            ),
            models.UniqueConstraint(
                fields=["reflection", "user"],
                condition=models.Q(user__isnull=False),
                name="authorship_unique_member",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(status="accepted"),
                name="authorship_guest_is_accepted",
                violation_error_message="A guest author has no account to answer with: guests are accepted.",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"], name="authorship_user_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.name
        return gettext(FORMER_MEMBER) if self.is_former_member else self.guest_name

    @property
    def is_former_member(self) -> bool:
        """The place in the byline of a member whose account was deleted."""
        return self.user_id is None and self.guest_name == FORMER_MEMBER

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED


class SeriesProposal(models.Model):
    """A post proposed for a series by someone who does not edit it. The series' editors
    accept it (it becomes the next post) or decline it; the proposer is told either way.
    A reflection has at most one pending proposal."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the series' editors")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="proposals")
    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="series_proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reflection"],
                condition=models.Q(status="pending"),
                name="series_proposal_one_pending_per_reflection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reflection} → {self.series} ({self.status})"
