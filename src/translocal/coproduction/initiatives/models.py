"""Citizen initiatives: a resident starts one in a process; it collects signatures until its
deadline; reaching the number of signatures it needs sends it to the hub's coordinators for an
official answer. One signature per person (a unique constraint); ``signature_count`` moves with
``F()`` in the transaction that adds the row. The author edits it until its first signature
(what people signed stays what they read) and may withdraw it: it is kept, marked withdrawn, and
takes no more signatures. Imported by ``coproduction.models``; services,
selectors and views are in ``coproduction.initiatives``."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from ..models import AnswerState, Process


class Initiative(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="initiatives")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    #: Signatures it needs to go to the coordinators (fixed when it starts).
    signatures_needed = models.PositiveIntegerField()
    #: Signatures are collected until then (the end of the signing phase it started in).
    deadline = models.DateTimeField()
    signature_count = models.PositiveIntegerField(default=0, editable=False)
    threshold_reached_at = models.DateTimeField(null=True, blank=True, editable=False)
    answer_state = models.CharField(max_length=12, choices=AnswerState.choices, blank=True)
    answer_text = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    #: When its author last changed the title or text (only possible before the first signature).
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: When its author withdrew it: it stays, shown as withdrawn, and takes no more signatures.
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["process", "-created_at", "-id"], name="initiative_process_newest")]
        constraints = [
            models.CheckConstraint(condition=models.Q(signatures_needed__gte=1), name="initiative_needs_signatures"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coproduction:initiative-detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    def comments_url(self) -> str:
        return reverse("coproduction:initiative-comment-list", kwargs={"slug": self.process.slug, "pk": self.pk})

    def comment_create_url(self) -> str:
        return reverse("coproduction:initiative-comment-create", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def threshold_reached(self) -> bool:
        return self.threshold_reached_at is not None

    @property
    def percent_signed(self) -> int:
        return min(100, round(100 * self.signature_count / self.signatures_needed))


class Signature(models.Model):
    """One person's signature of one initiative: at most one (a database constraint)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="initiative_signatures")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["initiative", "user"], name="signature_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user} signed {self.initiative}"
