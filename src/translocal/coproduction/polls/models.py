"""Polls in a process: one question with options, counted by ``counting``.

One ballot per person is the database's to keep: ``PollParticipation`` is unique per (poll,
person). For an **anonymous** poll that row is the only trace of the person: their ``Ballot``
has no voter, no timestamp and a random (UUID) key, so neither a column nor the order of keys
ties a ballot to the participation row written in the same transaction. What lets its voter
change it is a receipt only they hold: the ballot stores the SHA-256 of it
(``receipt_hash``), never the receipt. See docs/coproduction-polls.md.

The rules (kind, question, options, maximum, score range, anonymity, hidden results, dates)
freeze when the first ballot is cast (``rules_frozen_at``): the services lock the poll's row
both to cast a ballot and to change the rules, so neither can slip past the other.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from translocal.core.versioning import version_field

from ..translations.translatable import Translatable


class Poll(Translatable, models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        RANKED = "ranked", _("Ranked choice (instant runoff)")
        SCORE = "score", _("Score")

    process = models.ForeignKey("coproduction.Process", on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    #: Multiple choice: the most options one ballot may choose.
    max_choices = models.PositiveSmallIntegerField(null=True, blank=True)
    #: Score: each option is scored from 0 to this.
    score_max = models.PositiveSmallIntegerField(default=5)
    anonymous = models.BooleanField(default=False)
    results_hidden_until_close = models.BooleanField(default=False)
    #: The poll's own voting window; both empty: it is open while the running phase switches
    #: "vote in polls" on.
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    ballot_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    #: When the first ballot was cast; from then on the rules cannot change.
    rules_frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    #: The language its text is written in (translations: PollTranslation, translations.models).
    original_language = models.CharField(max_length=12, default="en")
    version = version_field()
    title_field = "question"
    text_field = "description"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["process", "-created_at", "-id"], name="poll_process_newest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True, closes_at__isnull=True)
                | models.Q(opens_at__isnull=False, closes_at__isnull=False, closes_at__gt=models.F("opens_at")),
                name="poll_dates_both_and_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(max_choices__isnull=True) | models.Q(max_choices__gte=1),
                name="poll_max_choices_gte_1",
            ),
            models.CheckConstraint(
                condition=models.Q(score_max__gte=1, score_max__lte=10), name="poll_score_max_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("coproduction:poll-detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    def results_url(self) -> str:
        return reverse("coproduction:poll-results", kwargs={"slug": self.process.slug, "pk": self.pk})

    def comments_url(self) -> str:
        return reverse("coproduction:poll-comment-list", kwargs={"slug": self.process.slug, "pk": self.pk})

    def comment_create_url(self) -> str:
        return reverse("coproduction:poll-comment-create", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def title(self) -> str:
        """The question (what breadcrumbs and comment pages call a target's title)."""
        return self.question

    @property
    def has_own_dates(self) -> bool:
        return self.opens_at is not None


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["poll", "position"]
        constraints = [models.UniqueConstraint(fields=["poll", "position"], name="poll_option_unique_position")]

    def __str__(self) -> str:
        return self.label


class PollParticipation(models.Model):
    """That a person voted in a poll (one row per person and poll: the database refuses a
    second). It says nothing of how they voted."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    voted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="poll_participation_unique_person")]

    def __str__(self) -> str:
        return f"{self.user} voted in poll {self.poll_id}"


class Ballot(models.Model):
    """How one person voted. ``marks``: {option id (as a string): value}, the value being 1 for
    a chosen option, the rank (1 = first preference) or the score (see counting.ballot_errors).

    Named polls keep the ``voter``; anonymous ones keep only ``receipt_hash`` (hex SHA-256 of
    the receipt the voter was given), and the database refuses a row with both. No timestamp,
    a random key: nothing orders anonymous ballots by when they were cast."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receipt_hash = models.CharField(max_length=64, null=True, blank=True)
    marks = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter"], condition=models.Q(voter__isnull=False), name="ballot_one_per_voter"
            ),
            models.UniqueConstraint(
                fields=["poll", "receipt_hash"], condition=models.Q(receipt_hash__isnull=False),
                name="ballot_unique_receipt",
            ),
            models.CheckConstraint(
                condition=models.Q(voter__isnull=True) | models.Q(receipt_hash__isnull=True),
                name="ballot_voter_or_receipt_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"Ballot in poll {self.poll_id}"
