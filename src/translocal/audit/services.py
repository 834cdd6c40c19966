"""Writing the audit log. Called by other services, inside their transaction, after their
permission check and write: the action and its row commit or roll back together."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from translocal.accounts.models import User

from .actions import is_registered
from .models import AuditEntry

_LABEL_LENGTH = AuditEntry._meta.get_field("target_label").max_length or 300
_ACTOR_LENGTH = AuditEntry._meta.get_field("actor_name").max_length or 150


def record(
    *,
    acting_user: User | None,
    action: str,
    target: models.Model | None,
    hub: models.Model | None = None,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit row and return it.

    - ``acting_user``: who acted; None (or an anonymous user) for the system, e.g. a command
      run without ``--user``. Their display name is stored, so the row still says who after the
      account is deleted.
    - ``action``: a name registered with ``translocal.audit.actions.register_action``;
      ``ValueError`` otherwise.
    - ``target``: the object acted on (its content type, primary key and ``str()`` are
      stored, so the row outlives it), or None for an action on no single object.
    - ``hub``: the hub whose coordinators may read the row. When omitted, the target's own
      ``hub_id`` is used if it has one (entries, memberships).
    - ``details``: JSON-serialisable extra facts (dates and decimals allowed), such as
      ``{"from": "member", "to": "coordinator"}``.

    Does not open a transaction of its own: it joins the caller's. One INSERT (plus one
    content-type lookup the first time a model is seen by the process).
    """
    if not is_registered(action):
        raise ValueError(f"Unknown audit action {action!r}: register it with register_action().")
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    hub_id = hub.pk if hub is not None else getattr(target, "hub_id", None)
    entry = AuditEntry(
        acting_user=actor,
        actor_name=(actor.name if actor is not None else "")[:_ACTOR_LENGTH],
        action=action,
        hub_id=hub_id,
        reason=(reason or "").strip(),
        details=details or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
        entry.target_id = str(target.pk) if target.pk is not None else ""
        entry.target_label = str(target)[:_LABEL_LENGTH]
    entry.save()
    return entry
