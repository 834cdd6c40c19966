"""Blocking and unblocking a person in a hub, by its coordinators or staff. Each writes an
audit row with the reason; blocking can also hide everything the person wrote in the hub's
processes (their proposals, comments and initiatives leave lists, search and feeds, each hidden
proposal and comment with an audit row of its own, as a moderator's hide)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.coproduction.apps import CONTENT_AREA
from translocal.core.caching import area_version_name, content_changed_after_commit
from translocal.places.models import Hub, HubMembership
from translocal.search.services import sync_after_commit

from .. import permissions
from .. import selectors as process_selectors
from .. import services as process_services
from ..initiatives.models import Initiative
from ..models import Comment, Proposal
from .models import HubBlock

#: The content area this module's public writes move (core.caching).
AREA_VERSION = area_version_name(CONTENT_AREA)

BLOCK = register_action("coproduction.block", gettext_lazy("blocked"))
UNBLOCK = register_action("coproduction.unblock", gettext_lazy("unblocked"))


@transaction.atomic
def block_person(*, acting_user: User, hub: Hub, user: User, reason: str, hide_content: bool = False) -> HubBlock:
    """Block ``user`` in ``hub``: they can no longer propose, comment, support, vote, register or
    sign in any of its processes. ``hide_content`` also hides what they wrote there. Refused
    (PermissionDenied) unless the acting user coordinates the hub or is staff; ValidationError
    without a reason, for a coordinator or staff member, or for someone blocked already."""
    permissions.check(
        permissions.can_block_in_hub(acting_user, hub), _("Only the hub's coordinators can block people.")
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you block this person: the audit log keeps the reason.")})
    coordinator = HubMembership.objects.filter(hub=hub, user=user, role=HubMembership.Role.COORDINATOR).exists()
    if user.is_staff or user.is_superuser or coordinator or user.pk == acting_user.pk:
        raise ValidationError(_("Coordinators and staff cannot be blocked."))
    try:
        with transaction.atomic():
            block = HubBlock.objects.create(hub=hub, user=user, reason=reason[:500], blocked_by=acting_user)
    except IntegrityError:
        raise ValidationError(_("This person is already blocked in the hub.")) from None
    hidden = _hide_content(acting_user, hub, user, reason) if hide_content else {}
    record(acting_user=acting_user, action=BLOCK, target=user, hub=hub, reason=reason,
           details={"hid": hidden} if hide_content else None)
    process_selectors.forget_roles(user)
    content_changed_after_commit(AREA_VERSION)
    return block


def _hide_content(acting_user: User, hub: Hub, user: User, reason: str) -> dict[str, int]:
    """Hide the person's visible proposals, comments and initiatives in the hub's processes."""
    proposals = list(Proposal.objects.filter(process__hub=hub, author=user, is_hidden=False).select_related("process"))
    comments = list(
        Comment.objects.filter(process__hub=hub, author=user, is_hidden=False, deleted_at__isnull=True)
        .select_related("process")
    )
    items: list[Proposal | Comment] = [*proposals, *comments]
    for item in items:
        process_services.hide(acting_user=acting_user, target=item, reason=reason)
    initiatives = list(Initiative.objects.filter(process__hub=hub, author=user, is_hidden=False).only("pk"))
    Initiative.objects.filter(pk__in=[initiative.pk for initiative in initiatives]).update(is_hidden=True)
    for initiative in initiatives:
        sync_after_commit(initiative)  # leaves search once committed
    return {"proposals": len(proposals), "comments": len(comments), "initiatives": len(initiatives)}


@transaction.atomic
def unblock_person(*, acting_user: User, hub: Hub, user: User, reason: str = "") -> None:
    """Let ``user`` take part in the hub's processes again (what was hidden stays hidden: the
    moderators show it again one by one)."""
    if not permissions.can_block_in_hub(acting_user, hub):
        raise PermissionDenied(_("Only the hub's coordinators can block people."))
    deleted, _rows = HubBlock.objects.filter(hub=hub, user=user).delete()
    if deleted:
        record(acting_user=acting_user, action=UNBLOCK, target=user, hub=hub, reason=reason.strip())
        process_selectors.forget_roles(user)
        content_changed_after_commit(AREA_VERSION)
