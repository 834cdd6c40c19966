"""Blocking a person in a hub: its coordinators (or staff) stop someone taking part in any of
the hub's processes (proposing, commenting, supporting, voting, registering, signing); they can
still read. One row per person and hub; unblocking deletes it; the audit log keeps both. The
predicates of ``coproduction.permissions`` read it (``can_take_part``). Imported by
``coproduction.models``."""

from django.conf import settings
from django.db import models


class HubBlock(models.Model):
    hub = models.ForeignKey("places.Hub", on_delete=models.CASCADE, related_name="coproduction_blocks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_blocks")
    reason = models.CharField(max_length=500)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hub", "-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["hub", "user"], name="hub_block_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user} blocked in {self.hub}"
