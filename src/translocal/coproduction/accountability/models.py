"""Results (accountability): what a process decided to do, its progress, and the proposals and
comments it came from. Imported by ``coproduction.models`` (the app's models live in one
namespace); the services and selectors are in ``coproduction.accountability``."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from translocal.core.versioning import version_field

from ..models import Comment, Process, Proposal
from ..translations.translatable import Translatable


class Result(Translatable, models.Model):
    """What a process decided to do and how far it got (accountability): a status, a progress
    percentage, dated progress updates, and the proposals and comments it came from (ResultLink).
    ``progress`` and ``status`` are the latest update's, kept by the services."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        DISCONTINUED = "discontinued", _("Discontinued")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="results")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    #: 0 to 100 (a database check).
    progress = models.PositiveSmallIntegerField(default=0)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    #: Goals and targets of the SDGs (taxonomy terms of the "sdg" vocabulary): confirmed, public
    #: tags (translocal.sdg suggests them; whoever may edit the result confirms them).
    sdgs = models.ManyToManyField(
        "taxonomy.Term",
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": "sdg"},
        verbose_name=_("Sustainable Development Goals"),
    )

    #: The language its text is written in (translations: ResultTranslation, translations.models).
    original_language = models.CharField(max_length=12, default="en")
    version = version_field()
    text_field = "description"

    class Meta:
        ordering = ["process", "id"]
        indexes = [models.Index(fields=["process", "id"], name="result_process")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="result_progress_lte_100"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="result_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coproduction:result-detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    def comments_url(self) -> str:
        return reverse("coproduction:result-comment-list", kwargs={"slug": self.process.slug, "pk": self.pk})

    def comment_create_url(self) -> str:
        return reverse("coproduction:result-comment-create", kwargs={"slug": self.process.slug, "pk": self.pk})


class ProgressUpdate(models.Model):
    """A dated step of a result: what was done, the progress and status it brought."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="updates")
    #: The day the update is about (may be before the day it was written).
    on = models.DateField()
    progress = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Result.Status.choices)
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["result", "on", "id"]
        indexes = [models.Index(fields=["result", "on", "id"], name="progress_update_result")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="progress_update_lte_100"),
        ]

    def __str__(self) -> str:
        return f"{self.result}: {self.progress}% on {self.on}"


class ResultLink(models.Model):
    """Where a result came from: one proposal or one comment of the same process (one of the
    nullable links is set: a database check). Other sources (budget projects, commitments)
    join with a nullable foreign key of their own and widen ``result_link_one_source``."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="links")
    #: The result's process, stored so a process's links are found without a join.
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="result_links"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="result_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["result", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False, comment__isnull=True)
                | models.Q(proposal__isnull=True, comment__isnull=False),
                name="result_link_one_source",
            ),
            models.UniqueConstraint(
                fields=["result", "proposal"], condition=models.Q(proposal__isnull=False),
                name="result_link_unique_proposal",
            ),
            models.UniqueConstraint(
                fields=["result", "comment"], condition=models.Q(comment__isnull=False),
                name="result_link_unique_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result} from {self.proposal_id or self.comment_id}"
