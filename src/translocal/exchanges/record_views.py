"""Pages for an exchange's media links and documents and its partners and funders. Thin, as views.py."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.core.versioning import run_form

from . import permissions, record_selectors, services
from .models import Exchange
from .record_forms import MediaItemForm, PartnerForm
from .services.partners import DOWN, UP


def _record_list(
    request: AuthenticatedHttpRequest,
    slug: str,
    *,
    template: str,
    section: str,
    form: Callable[[Exchange], forms.BaseForm],
    add: Callable[[Exchange, dict[str, Any]], Any],
    added: Callable[[Any], str],
    items: Callable[[Exchange], list[Any]],
) -> HttpResponse:
    """An organisers' page of a list the exchange records (media, partners): the items on the
    exchange page now and the form to add one (``add`` calls the service; ``added`` words the
    message). The page's template extends ``exchanges/record_edit.html``."""
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    bound = form(exchange)
    item = run_form(request, bound, lambda data: add(exchange, data))
    if item is not None:
        messages.success(request, added(item))
        return redirect(request.path)
    context = {"exchange": exchange, "form": bound, "items": items(exchange), "section": section}
    return render(request, template, context)


def _remove(
    request: AuthenticatedHttpRequest,
    slug: str,
    *,
    find: Callable[[Exchange], Any],
    delete: Callable[[Any], None],
    removed: Callable[[Any], str],
    back: str,
) -> HttpResponse:
    """Remove one item of such a list (a POST; ``find`` raises Http404), back to its page."""
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    item = find(exchange)
    delete(item)
    messages.success(request, removed(item))
    return redirect(back, slug=exchange.slug)


@login_required
def media_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organisers' list of the exchange's links and documents, and the form to add one."""
    return _record_list(
        request, slug, template="exchanges/media_edit.html", section=_("Media and documents"),
        form=lambda exchange: MediaItemForm(request.POST or None, request.FILES or None, exchange=exchange),
        add=lambda exchange, data: services.add_media_item(acting_user=request.user, exchange=exchange, data=data),
        added=lambda item: _("“%(title)s” was added.") % {"title": item.title},
        items=lambda exchange: record_selectors.media_of(exchange=exchange),
    )


@require_POST
@login_required
def media_delete(request: AuthenticatedHttpRequest, slug: str, item_id: int) -> HttpResponse:
    def find(exchange: Exchange) -> Any:
        item = record_selectors.media_item_of(exchange=exchange, item_id=item_id)
        if item is None:
            raise Http404("No link or document found at this address.")
        return item

    return _remove(
        request, slug, find=find,
        delete=lambda item: services.delete_media_item(acting_user=request.user, item=item),
        removed=lambda item: _("“%(title)s” was removed.") % {"title": item.title}, back="exchanges:media-edit",
    )


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
    return _record_list(
        request, slug, template="exchanges/partners_edit.html", section=_("Partners and funders"),
        form=lambda exchange: PartnerForm(request.POST or None, request.FILES or None),
        add=lambda exchange, data: services.add_partner(
            acting_user=request.user, exchange=exchange, data=data, logo=data.get("logo")
        ),
        added=lambda partner: _("“%(name)s” was added.") % {"name": partner.name},
        items=lambda exchange: record_selectors.partners_of(exchange=exchange),
    )


@require_POST
@login_required
def partner_delete(request: AuthenticatedHttpRequest, slug: str, partner_id: int) -> HttpResponse:
    return _remove(
        request, slug, find=lambda exchange: _partner_or_404(exchange, partner_id),
        delete=lambda partner: services.delete_partner(acting_user=request.user, partner=partner),
        removed=lambda partner: _("“%(name)s” was removed.") % {"name": partner.name}, back="exchanges:partners-edit",
    )

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
