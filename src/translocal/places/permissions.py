"""Who may do what with places, hubs and organisations. Views, templates and services ask
these same predicates, so a check cannot be forgotten in one place and kept in another."""

from translocal.accounts.types import AnyUser

from .models import Hub, Organisation
from .selectors import coordinated_hubs_listing, is_hub_coordinator


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


def can_remove_member(user: AnyUser, hub: Hub) -> bool:
    """Whoever decides who coordinates also decides who stays (leaving is join/leave_hub)."""
    return can_change_member_roles(user, hub)


def can_propose_place(user: AnyUser) -> bool:
    """Any active member may propose a place for what they write (it waits for staff's check)."""
    return user.is_authenticated and user.is_active


def can_edit_place(user: AnyUser) -> bool:
    return can_create_place(user)


def can_delete_place(user: AnyUser) -> bool:
    return can_create_place(user)


def can_edit_hub(user: AnyUser, hub: Hub) -> bool:
    """Staff edit a hub's name, description and organisations (coordinators run its content)."""
    return can_create_hub(user)


def can_delete_hub(user: AnyUser, hub: Hub) -> bool:
    return can_create_hub(user)


def can_create_organisation(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active


def can_edit_organisation(user: AnyUser, organisation: Organisation) -> bool:
    return user.is_authenticated and (
        user.is_staff or (organisation.created_by_id is not None and organisation.created_by_id == user.pk)
    )


def can_translate_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """Whoever may edit the organisation (its creator, staff) may translate its name and description."""
    return user.is_authenticated and user.is_active and can_edit_organisation(user, organisation)


def can_moderate_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """Publishing and unpublishing: staff, and the coordinators of a hub that lists the
    organisation (hub coordinators moderate what is linked to their hub). Not its creator: an
    organisation staff took down must not come back at its creator's word."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or bool(coordinated_hubs_listing(user, organisation))


def can_view_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """Everyone sees a published organisation; an unpublished one is seen by whoever may edit or
    moderate it, and is a 404 (not a 403) for everyone else."""
    return organisation.is_published or can_edit_organisation(user, organisation) or (
        can_moderate_organisation(user, organisation)
    )


def can_delete_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """Staff only: others unpublish (a coordinator) or edit (its creator)."""
    return user.is_authenticated and user.is_active and user.is_staff
