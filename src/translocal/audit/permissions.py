"""Who may read the audit log: staff read every row; a hub's coordinators read their hub's."""

from collections.abc import Callable, Iterable

from translocal.accounts.models import User

from .models import AuditEntry

_hub_scopes: list[Callable[[User], Iterable[int]]] = []


def register_hub_scope(provider: Callable[[User], Iterable[int]]) -> None:
    """Register a function giving the ids of the hubs whose audit rows ``user`` may read.

    The app that owns hubs registers it (places: the hubs a person coordinates), so this app
    needs to import no app above it. Registering the same function twice has no effect."""
    if provider not in _hub_scopes:
        _hub_scopes.append(provider)


def audited_hub_ids(user: User) -> set[int]:
    """Ids of the hubs whose rows ``user`` may read (empty for anonymous users and people
    who moderate no hub). Staff read everything and need no list."""
    if not user.is_authenticated or not user.is_active:
        return set()
    ids: set[int] = set()
    for provider in _hub_scopes:
        ids.update(provider(user))
    return ids


def can_view_all_audit_entries(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def can_view_audit_log(user: User) -> bool:
    """Staff, and coordinators of at least one hub."""
    return can_view_all_audit_entries(user) or bool(audited_hub_ids(user))


def can_view_audit_entry(user: User, entry: AuditEntry) -> bool:
    if can_view_all_audit_entries(user):
        return True
    return entry.hub_id is not None and entry.hub_id in audited_hub_ids(user)
