"""What an exchange keeps besides its programme: who attended each session, and its media
(links to videos, slides, reports and photo albums, and uploaded documents).

Invariants kept by the database: one attendance per delegate and session; a media item is a
link or a document (exactly one of the two). That an attendance belongs to an accepted delegate
of the session's own exchange is checked by ``services.mark_session_attendance`` under a row
lock of the registration. Imported at the end of ``models`` so Django registers these models
with the exchanges app."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SessionAttendance(models.Model):
    """A delegate was present at one session of the agenda (marked by a host)."""

    session = models.ForeignKey("exchanges.Session", on_delete=models.CASCADE, related_name="attendances")
    registration = models.ForeignKey(
        "exchanges.Registration", on_delete=models.CASCADE, related_name="session_attendances"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["session", "marked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "registration"], name="session_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} at session {self.session_id}"


class MediaItem(models.Model):
    """A link (video, slides, report, photo album, other) or an uploaded document of an
    exchange, shown on its page to everyone who may see the exchange."""

    class Kind(models.TextChoices):
        VIDEO = "video", _("Video")
        SLIDES = "slides", _("Slides")
        REPORT = "report", _("Report")
        PHOTOS = "photos", _("Photo album")
        OTHER = "other", _("Other")

    exchange = models.ForeignKey("exchanges.Exchange", on_delete=models.CASCADE, related_name="media_items")
    session = models.ForeignKey(
        "exchanges.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_items",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    document = models.FileField(_("document"), upload_to="exchanges/documents/%Y/%m/", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["exchange", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(~models.Q(url="") & models.Q(document="")) | (models.Q(url="") & ~models.Q(document="")),
                name="media_item_link_or_document",
                violation_error_message="A media item is a link or a document.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Partner(models.Model):
    """A partner or a funder of an exchange, shown on its page with its logo (an image of the
    one upload path, core.images, owned by the exchange: whoever may see the exchange may see
    it) and the partner's name as the logo's alternative text."""

    class Role(models.TextChoices):
        PARTNER = "partner", _("Partner")
        FUNDER = "funder", _("Funder")

    exchange = models.ForeignKey("exchanges.Exchange", on_delete=models.CASCADE, related_name="partners")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"), max_length=500, blank=True)
    logo = models.ForeignKey(
        "core.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("logo")
    )
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["exchange", "role", "position", "id"]
        constraints = [models.CheckConstraint(condition=~models.Q(name=""), name="partner_has_name")]

    def __str__(self) -> str:
        return self.name
