"""Who may do what with places, hubs and organisations. Views, templates and services ask
these same predicates, so a check cannot be forgotten in one place and kept in another."""

from translocal.accounts.types import AnyUser

from .models import Hub, Organisation
from .selectors import is_hub_coordinator


def can_create_place(user: AnyUser) -> bool:
    """Places are shared reference data (every hub, case and profile points at one): staff add them."""
    return user.is_authenticated and user.is_active and user.is_staff


def can_create_hub(user: AnyUser) -> bool:
    """Opening a hub is a decision of the network, not of one member: staff do it."""
    return user.is_authenticated and user.is_active and user.is_staff


def can_join_hub(user: AnyUser, hub: Hub) -> bool:
    return user.is_authenticated and user.is_active


def can_change_member_roles(user: AnyUser, hub: Hub) -> bool:
    """Coordinators of the hub and staff decide who coordinates."""
    return user.is_authenticated and (user.is_staff or is_hub_coordinator(user, hub.pk))


def can_create_organisation(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active


def can_edit_organisation(user: AnyUser, organisation: Organisation) -> bool:
    return user.is_authenticated and (
        user.is_staff or (organisation.created_by_id is not None and organisation.created_by_id == user.pk)
    )
