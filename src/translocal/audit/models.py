"""One row per moderation or administration action: who did what to which object, in which
hub, when and why. Rows are written by ``services.record`` inside the acting service's
transaction, so an action and its audit row commit (or roll back) together."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actions import MAX_ACTION_LENGTH, action_label


class AuditEntry(models.Model):
    """The target is kept as content type + id + a label stored at the time, not as a foreign
    key: the log must outlive what it describes (a deleted account, a removed place). The
    actor's name is stored for the same reason. ``hub`` scopes visibility: a hub's
    coordinators see the rows of their hub (DESIGN.md: generic relations also store a
    concrete, indexed foreign key to their hub)."""

    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("acting user"),
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=MAX_ACTION_LENGTH)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    hub = models.ForeignKey(
        "places.Hub", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("hub")
    )
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="audit_recent"),
            models.Index(fields=["hub", "-created_at", "-id"], name="audit_hub_recent"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["acting_user", "-created_at"], name="audit_actor_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name or '—'} {self.action_label} {self.target_label}".strip()

    @property
    def action_label(self) -> str:
        return action_label(self.action)
