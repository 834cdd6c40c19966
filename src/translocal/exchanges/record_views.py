"""Pages for an exchange's media links and documents and its partners and funders. Thin, as views.py."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest

from . import permissions, record_selectors, services
from .record_forms import MediaItemForm, PartnerForm
from .services.partners import DOWN, UP
from .views import run_form


@login_required
def media_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organisers' list of the exchange's links and documents, and the form to add one."""
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    form = MediaItemForm(request.POST or None, request.FILES or None, exchange=exchange)
    added = run_form(
        request, form, lambda data: services.add_media_item(acting_user=request.user, exchange=exchange, data=data)
    )
    if added is not None:
        messages.success(request, _("“%(title)s” was added.") % {"title": added.title})
        return redirect("exchanges:media-edit", slug=exchange.slug)
    context = {"exchange": exchange, "form": form, "media": record_selectors.media_of(exchange=exchange)}
    return render(request, "exchanges/media_edit.html", context)


@require_POST
@login_required
def media_delete(request: AuthenticatedHttpRequest, slug: str, item_id: int) -> HttpResponse:
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    item = record_selectors.media_item_of(exchange=exchange, item_id=item_id)
    if item is None:
        raise Http404("No link or document found at this address.")
    services.delete_media_item(acting_user=request.user, item=item)
    messages.success(request, _("“%(title)s” was removed.") % {"title": item.title})
    return redirect("exchanges:media-edit", slug=exchange.slug)


def media_document(request: HttpRequest, slug: str, item_id: int) -> FileResponse:
    """A document of the exchange, for everyone who may see the exchange (never a public file
    URL, so a private exchange's documents stay private)."""
    exchange = permissions.get_exchange_for_view(user=request.user, slug=slug)
    item = record_selectors.media_item_of(exchange=exchange, item_id=item_id)
    if item is None or not item.document:
        raise Http404("No document found at this address.")
    name = item.document.name.rsplit("/", 1)[-1]
    return FileResponse(item.document.open("rb"), as_attachment=True, filename=name)


@login_required
def partners_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organisers' list of the exchange's partners and funders, and the form to add one
    (with a logo, through the one image upload path)."""
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    form = PartnerForm(request.POST or None, request.FILES or None)
    added = run_form(
        request,
        form,
        lambda data: services.add_partner(
            acting_user=request.user, exchange=exchange, data=data, logo=data.get("logo")
        ),
    )
    if added is not None:
        messages.success(request, _("“%(name)s” was added.") % {"name": added.name})
        return redirect("exchanges:partners-edit", slug=exchange.slug)
    context = {"exchange": exchange, "form": form, "partners": record_selectors.partners_of(exchange=exchange)}
    return render(request, "exchanges/partners_edit.html", context)


@require_POST
@login_required
def partner_delete(request: AuthenticatedHttpRequest, slug: str, partner_id: int) -> HttpResponse:
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    partner = _partner_or_404(exchange, partner_id)
    services.delete_partner(acting_user=request.user, partner=partner)
    messages.success(request, _("“%(name)s” was removed.") % {"name": partner.name})
    return redirect("exchanges:partners-edit", slug=exchange.slug)


def _partner_or_404(exchange: Any, partner_id: int) -> Any:
    partner = record_selectors.partner_of(exchange=exchange, partner_id=partner_id)
    if partner is None:
        raise Http404("No partner or funder found at this address.")
    return partner


@login_required
def partner_edit(request: AuthenticatedHttpRequest, slug: str, partner_id: int) -> HttpResponse:
    """Change a partner or funder: name, role, website, alternative text, a new logo."""
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    partner = _partner_or_404(exchange, partner_id)
    form = PartnerForm.for_partner(partner, request.POST or None, request.FILES or None)
    saved = run_form(
        request,
        form,
        lambda data: services.update_partner(
            acting_user=request.user, partner=partner, data=data, logo=data.get("logo")
        ),
    )
    if saved is not None:
        messages.success(request, _("“%(name)s” was saved.") % {"name": saved.name})
        return redirect("exchanges:partners-edit", slug=exchange.slug)
    return render(request, "exchanges/partner_edit.html", {"exchange": exchange, "partner": partner, "form": form})


@require_POST
@login_required
def partner_move(request: AuthenticatedHttpRequest, slug: str, partner_id: int) -> HttpResponse:
    """Move a partner or funder one place up or down (a plain form: no JavaScript needed)."""
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    partner = _partner_or_404(exchange, partner_id)
    direction = request.POST.get("direction", "")
    if direction not in (UP, DOWN):
        raise Http404("Move a partner up or down.")
    if services.move_partner(acting_user=request.user, partner=partner, direction=direction):
        message = (_("“%(name)s” moved up.") if direction == UP
                   else _("“%(name)s” moved down."))
        messages.success(request, message % {"name": partner.name})
    return redirect(f"{reverse('exchanges:partners-edit', kwargs={'slug': exchange.slug})}#partner-{partner.pk}")
