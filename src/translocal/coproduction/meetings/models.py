"""Meetings and workshops of a process: a time, a place or an online link, a capacity with
registration and a waiting list, minutes and attendance once it has taken place.

Capacity is the database's to keep, as for exchange registrations: the services lock the
meeting's row before a place is given or freed, count the registered rows under that lock, and
move ``registered_count`` with ``F()``; the check ``meeting_within_capacity`` refuses more. One
registration per person and meeting (a unique constraint); a cancelled one is reused when the
person registers again. Imported by ``coproduction.models``; services, selectors and views are
in ``coproduction.meetings``."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Process


class Meeting(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    #: Where it happens (an address, a room); empty for a meeting held only online.
    location = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(max_length=500, blank=True)
    #: Places (None: no limit).
    capacity = models.PositiveIntegerField(null=True, blank=True)
    registered_count = models.PositiveIntegerField(default=0, editable=False)
    #: Written after the event.
    minutes = models.TextField(blank=True)
    #: How many people came (after the event; None: not recorded). May exceed those registered:
    #: people also come without registering.
    attendee_count = models.PositiveIntegerField(null=True, blank=True)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["process", "starts_at", "id"], name="meeting_process_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(registered_count__lte=models.F("capacity")),
                name="meeting_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coproduction:meeting-detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    def comments_url(self) -> str:
        return reverse("coproduction:meeting-comment-list", kwargs={"slug": self.process.slug, "pk": self.pk})

    def comment_create_url(self) -> str:
        return reverse("coproduction:meeting-comment-create", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.registered_count)


class MeetingRegistration(models.Model):
    """One person's registration for one meeting: registered (holds a place), waitlisted, or
    cancelled. ``attended`` is recorded after the event (None: not recorded)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_registrations")
    status = models.CharField(max_length=10, choices=Status.choices)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "id"]
        indexes = [
            models.Index(fields=["meeting", "status", "waitlisted_at", "id"], name="meeting_registration_queue"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meeting_registration_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting} ({self.status})"
