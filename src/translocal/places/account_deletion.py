"""What places does when an account is deleted (an ``accounts.lifecycle`` deletion handler,
registered in ``apps.py``): the person leaves every hub, and the hubs' member counts follow.

A hub must keep someone to moderate it, so an account that is the only coordinator of a hub is
not deleted: the refusal names the hub, and nothing changes until another member of it is made
a coordinator (as ``services.leave_hub`` refuses the last coordinator's leaving)."""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from translocal.accounts.lifecycle import AccountDeletion
from translocal.search.services import sync_after_commit

from .models import Hub, HubMembership

#: Runs before the handlers that rewrite content, so a refusal comes before any work.
ORDER = 10


def leave_hubs_of_deleted_account(deletion: AccountDeletion) -> None:
    """Remove ``deletion.user``'s hub memberships, decrementing each hub's ``member_count`` with
    F() in the deletion's transaction. Raises ValidationError naming the hubs of which they are
    the only coordinator. Counts ``hub_memberships``.

    Locks, in this order: the person's hubs (by primary key), then those hubs' coordinator rows.
    Two coordinators of one hub deleting their accounts at once are thus taken one after the
    other, and the second is refused; a coordinator demoted or leaving meanwhile (whose row
    lock we wait for) is not counted."""
    user = deletion.user
    hub_ids = list(HubMembership.objects.filter(user=user).values_list("hub_id", flat=True))
    if not hub_ids:
        return
    list(Hub.objects.select_for_update().filter(pk__in=hub_ids).order_by("pk").values_list("pk", flat=True))
    memberships = list(HubMembership.objects.filter(user=user).select_related("hub").order_by("hub_id"))
    coordinated = [m.hub_id for m in memberships if m.role == HubMembership.Role.COORDINATOR]
    if coordinated:
        others = _other_coordinators(coordinated, user.pk)
        alone = sorted(m.hub.name for m in memberships if m.hub_id in coordinated and not others.get(m.hub_id))
        if alone:
            hubs = get_text_list([f"“{name}”" for name in alone], _("and"))
            if deletion.by_themself:
                message = ngettext(
                    "You are the only coordinator of the hub %(hubs)s. Make another member a coordinator "
                    "of it first, then delete your account.",
                    "You are the only coordinator of the hubs %(hubs)s. Make another member a coordinator "
                    "of each first, then delete your account.",
                    len(alone),
                )
            else:
                message = ngettext(
                    "%(name)s is the only coordinator of the hub %(hubs)s. Make another member a coordinator "
                    "of it first, then delete the account.",
                    "%(name)s is the only coordinator of the hubs %(hubs)s. Make another member a coordinator "
                    "of each first, then delete the account.",
                    len(alone),
                )
            raise ValidationError(message % {"name": user.name, "hubs": hubs}, code="last_coordinator")
    HubMembership.objects.filter(pk__in=[m.pk for m in memberships]).delete()
    for membership in memberships:
        Hub.objects.filter(pk=membership.hub_id).update(member_count=F("member_count") - 1)
        sync_after_commit(membership.hub)
    deletion.add("hub_memberships", len(memberships))


def _other_coordinators(hub_ids: list[int], user_id: int) -> dict[int, int]:
    """Hub id -> how many coordinators other than ``user_id`` it has (rows locked until commit)."""
    rows = list(
        HubMembership.objects.select_for_update()
        .filter(hub_id__in=hub_ids, role=HubMembership.Role.COORDINATOR)
        .exclude(user_id=user_id)
        .order_by("pk")
        .values_list("hub_id", flat=True)
    )
    counts: dict[int, int] = {}
    for hub_id in rows:
        counts[hub_id] = counts.get(hub_id, 0) + 1
    return counts
