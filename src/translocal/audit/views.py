"""The audit log page: staff see every row, a hub's coordinators their hub's rows."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from translocal.accounts.types import AuthenticatedHttpRequest

from . import permissions, selectors
from .actions import is_registered, registered_actions


def _hub_id(value: str | None) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise ValueError(_("The hub filter must be a hub's number."))
    return int(value)


@login_required
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_view_audit_log(request.user):
        raise PermissionDenied(_("Only staff and hub coordinators can read the audit log."))
    action = request.GET.get("action", "")
    if action and not is_registered(action):
        return HttpResponseBadRequest(_("Choose an action from the list."))
    try:
        hub_id = _hub_id(request.GET.get("hub"))
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    # A bad cursor raises InvalidCursor, which Django answers with the 400 page.
    page = selectors.audit_page(
        user=request.user, cursor=request.GET.get("cursor") or None, hub_id=hub_id, action=action
    )
    return render(
        request,
        "audit/audit_log.html",
        {
            "page": page,
            "actions": registered_actions(),
            "selected_action": action,
            "hub_id": hub_id,
            "sees_all": permissions.can_view_all_audit_entries(request.user),
        },
    )
