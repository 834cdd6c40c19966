"""Reads of the audit log, filtered to what the reader may see."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from translocal.accounts.models import User
from translocal.core.pagination import Page, keyset_page

from .models import AuditEntry
from .permissions import audited_hub_ids, can_view_all_audit_entries

PAGE_SIZE: int = getattr(settings, "AUDIT_PAGE_SIZE", 50)
ORDERING = ("-created_at", "-id")


def visible_audit_entries(*, user: User) -> QuerySet[AuditEntry]:
    """Every row for staff; a coordinator's hubs' rows; nothing for anyone else. The hub
    comes with each row (one query for the page)."""
    qs = AuditEntry.objects.select_related("hub")
    if can_view_all_audit_entries(user):
        return qs
    hub_ids = audited_hub_ids(user)
    if not hub_ids:
        return qs.none()
    return qs.filter(hub_id__in=sorted(hub_ids))


def audit_page(
    *,
    user: User,
    cursor: str | None,
    size: int = PAGE_SIZE,
    hub_id: int | None = None,
    action: str = "",
) -> Page:
    """One page of the rows ``user`` may see, newest first, keyset-paginated on
    (created_at, id). ``hub_id`` and ``action`` narrow it further. Raises
    ``core.pagination.InvalidCursor`` for a cursor this list did not make."""
    qs = visible_audit_entries(user=user)
    if hub_id is not None:
        qs = qs.filter(hub_id=hub_id)
    if action:
        qs = qs.filter(action=action)
    return keyset_page(qs, ordering=ORDERING, cursor=cursor, size=size)


def audit_entries_about(*, target: models.Model, user: User, limit: int = 20) -> list[AuditEntry]:
    """The latest rows about one object that ``user`` may see (e.g. "who took this down, why")."""
    target_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
    qs = visible_audit_entries(user=user).filter(target_type=target_type, target_id=str(target.pk))
    return list(qs.order_by(*ORDERING)[:limit])
