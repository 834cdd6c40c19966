"""Impact views: per exchange, hub, place and person, the chain session → lesson → commitment →
follow-ups → outcome and the Kirkpatrick summary (impact.py), as a page, CSV, and a short report
for a funder (HTML, and PDF with the optional pdf extra). Anyone who may see the exchange (or
hub, place, person) sees them, with the journey items they may see: never a private one.

The page and the CSV hold what the viewer may see. The report for a funder is a copy meant to
leave the network: public items only, plus the participants' items of the exchanges the viewer
organises, and figures counted over exactly those (``permissions.funder_copy_items_q``)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from translocal.accounts.models import User
from translocal.core.page_cache import cache_for_anonymous
from translocal.places.models import Hub, Place

from . import certificates, impact, permissions


@dataclass(frozen=True)
class Scope:
    """What one impact view covers: its subject (an exchange, hub, place, or a person's name),
    the URL name of its page (its downloads are named after it), the URL's argument, a file
    name, and how to read its impact."""

    subject: Any
    exchange: Any
    name: str
    key: str
    filename: str
    read: Callable[..., impact.Impact]

    def url(self, suffix: str = "") -> str:
        return reverse(f"{self.name}{suffix}", args=[self.key])

    def downloads(self) -> dict[str, str]:
        return {"csv": self.url("-csv"), "report": self.url("-report"), "pdf": self.url("-pdf")}


def _exchange_scope(request: HttpRequest, slug: str) -> Scope:
    exchange = permissions.get_exchange_for_view(user=request.user, slug=slug)
    return Scope(
        subject=exchange, exchange=exchange, name="exchanges:impact", key=slug, filename=exchange.slug,
        read=lambda **kw: impact.exchange_impact(exchange=exchange, **kw),
    )


def _hub_scope(request: HttpRequest, slug: str) -> Scope:
    hub = get_object_or_404(Hub.objects.select_related("place"), slug=slug)
    return Scope(
        subject=hub, exchange=None, name="exchanges:hub-impact", key=slug, filename=f"hub-{hub.slug}",
        read=lambda **kw: impact.hub_impact(hub_id=hub.pk, **kw),
    )


def _place_scope(request: HttpRequest, slug: str) -> Scope:
    place = get_object_or_404(Place, slug=slug)
    return Scope(
        subject=place, exchange=None, name="exchanges:place-impact", key=slug, filename=f"place-{place.slug}",
        read=lambda **kw: impact.place_impact(place_id=place.pk, **kw),
    )


def _person_scope(request: HttpRequest, username: str) -> Scope:
    person = get_object_or_404(User, username=username, is_active=True)
    return Scope(
        subject=person.name, exchange=None, name="exchanges:person-impact", key=username,
        filename=f"person-{person.pk}",
        read=lambda **kw: impact.person_impact(user_id=person.pk, **kw),
    )


#: The ``scope`` a URL pattern passes (its extra keyword argument) -> how to read that scope from
#: the URL's own argument (``slug``, or ``username`` for a person).
SCOPES: dict[str, Callable[..., Scope]] = {
    "exchange": _exchange_scope,
    "hub": _hub_scope,
    "place": _place_scope,
    "person": _person_scope,
}


def _scope(request: HttpRequest, scope: str, key: dict[str, str]) -> Scope:
    return SCOPES[scope](request, **key)


def _today(request: HttpRequest, *args: object, **kwargs: object) -> str:
    """Part of the anonymous page-cache key: overdue commitments are marked against today."""
    return timezone.localdate().isoformat()


@cache_for_anonymous(vary=_today)
def impact_page(request: HttpRequest, scope: str, **key: str) -> HttpResponse:
    """The impact page of an exchange, of every exchange a hub or a place hosted, or of what one
    person learned and did across exchanges (only what they chose to share), as far as the
    viewer may see it. ``scope`` comes from the URL pattern, ``key`` from the address."""
    found = _scope(request, scope, key)
    data = found.read(viewer=request.user, show=request.GET.get("show", ""))
    context = {
        "exchange": found.exchange,
        "subject": found.subject,
        "scope_url": found.url(),
        "downloads": found.downloads(),
        "impact": data,
        "today": timezone.localdate(),
    }
    return render(request, "exchanges/impact.html", context)


def impact_csv(request: HttpRequest, scope: str, **key: str) -> StreamingHttpResponse:
    """What the page shows, as CSV (the viewer's own view: it is for their own analysis)."""
    found = _scope(request, scope, key)
    data = found.read(viewer=request.user)
    response = StreamingHttpResponse(impact.impact_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.filename}-impact.csv"'
    return response


def _report_html(request: HttpRequest, found: Scope, *, for_pdf: bool) -> str:
    data = found.read(viewer=request.user, funder_copy=True)
    context = {"subject": found.subject, "impact": data, "today": timezone.localdate(), "for_pdf": for_pdf}
    return render_to_string("exchanges/impact_report.html", context, request=request)


def impact_report(request: HttpRequest, scope: str, **key: str) -> HttpResponse:
    """The short report for a funder, as a printable page."""
    return HttpResponse(_report_html(request, _scope(request, scope, key), for_pdf=False))


def impact_pdf(request: HttpRequest, scope: str, **key: str) -> HttpResponse:
    """The same report as a PDF (the printable page without WeasyPrint)."""
    found = _scope(request, scope, key)
    pdf = certificates.html_to_pdf(
        _report_html(request, found, for_pdf=True), stylesheet=certificates.IMPACT_REPORT_CSS
    )
    if pdf is None:
        return redirect(found.url("-report"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.filename}-impact.pdf"'
    return response
