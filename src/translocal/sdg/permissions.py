"""Who may do what in SDG localisation."""

from typing import Any

from translocal.accounts.types import AnyUser
from translocal.places.selectors import is_hub_coordinator

from . import registry


def can_manage_hub_targets(user: AnyUser, hub: Any) -> bool:
    """A hub's coordinators (and staff) define its local targets and record their values and
    the indicator values of the hub."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_staff) or is_hub_coordinator(user, hub.pk)


def can_record_place_values(user: AnyUser) -> bool:
    """Indicator values of a place (not of a hub) are recorded by staff."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_import_indicators(user: AnyUser | None) -> bool:
    """None is an operator running the command."""
    return user is None or bool(user.is_authenticated and user.is_staff)


def can_decide_suggestions(user: AnyUser, kind: str, obj: Any) -> bool:
    """Those who may edit an object confirm or reject the goals suggested for it."""
    taggable = registry.taggable(kind)
    return taggable is not None and obj is not None and taggable.can_tag(user, obj)
