"""The hub's blocking page: who is blocked, block someone, unblock."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translocal.accounts.models import User
from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.core.versioning import add_save_error

from .. import permissions
from . import selectors, services
from .forms import BlockForm


@login_required
def hub_blocks(request: AuthenticatedHttpRequest, hub_slug: str) -> HttpResponse:
    hub = selectors.hub_by_slug(slug=hub_slug)
    permissions.check(
        permissions.can_block_in_hub(request.user, hub), _("Only the hub's coordinators can block people.")
    )
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = selectors.person_by_username(username=form.cleaned_data["username"])
        try:
            if person is None:
                raise ValidationError({"username": _("There is no one with this username.")})
            services.block_person(acting_user=request.user, hub=hub, user=person, reason=form.cleaned_data["reason"],
                                  hide_content=form.cleaned_data["hide_content"])
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            messages.success(request, _("%(name)s is blocked in this hub.") % {"name": person.name})
            return redirect("coproduction:hub-blocks", hub_slug=hub.slug)
    return render(request, "coproduction/hub_blocks.html", {"hub": hub, "form": form,
                                                            "blocks": selectors.blocks_in_hub(hub=hub)})


@require_POST
@login_required
def hub_unblock(request: AuthenticatedHttpRequest, hub_slug: str, user_id: int) -> HttpResponse:
    hub = selectors.hub_by_slug(slug=hub_slug)
    permissions.check(
        permissions.can_block_in_hub(request.user, hub), _("Only the hub's coordinators can block people.")
    )
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise Http404("No such person")
    services.unblock_person(acting_user=request.user, hub=hub, user=person, reason=request.POST.get("reason", ""))
    messages.success(request, _("%(name)s can take part again.") % {"name": person.name})
    return redirect("coproduction:hub-blocks", hub_slug=hub.slug)
