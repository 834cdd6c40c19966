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
    the URL names of its page and downloads with their arguments, a file name, and how to read
    its impact."""

    subject: Any
    exchange: Any
    names: tuple[str, str, str, str]  # page, CSV, report, PDF
    key: str
    filename: str
    read: Callable[..., impact.Impact]

    def url(self, which: int) -> str:
        return reverse(self.names[which], args=[self.key])

    def downloads(self) -> dict[str, str]:
        return {"csv": self.url(1), "report": self.url(2), "pdf": self.url(3)}


def _exchange_scope(request: HttpRequest, slug: str) -> Scope:
    exchange = permissions.get_exchange_for_view(user=request.user, slug=slug)
    return Scope(
        subject=exchange,
        exchange=exchange,
        names=("exchanges:impact", "exchanges:impact-csv", "exchanges:impact-report", "exchanges:impact-pdf"),
        key=slug,
        filename=exchange.slug,
        read=lambda **kw: impact.exchange_impact(exchange=exchange, **kw),
    )


def _hub_scope(request: HttpRequest, slug: str) -> Scope:
    hub = get_object_or_404(Hub.objects.select_related("place"), slug=slug)
    return Scope(
        subject=hub,
        exchange=None,
        names=(
            "exchanges:hub-impact",
            "exchanges:hub-impact-csv",
            "exchanges:hub-impact-report",
            "exchanges:hub-impact-pdf",
        ),
        key=slug,
        filename=f"hub-{hub.slug}",
        read=lambda **kw: impact.hub_impact(hub_id=hub.pk, **kw),
    )


def _place_scope(request: HttpRequest, slug: str) -> Scope:
    place = get_object_or_404(Place, slug=slug)
    return Scope(
        subject=place,
        exchange=None,
        names=(
            "exchanges:place-impact",
            "exchanges:place-impact-csv",
            "exchanges:place-impact-report",
            "exchanges:place-impact-pdf",
        ),
        key=slug,
        filename=f"place-{place.slug}",
        read=lambda **kw: impact.place_impact(place_id=place.pk, **kw),
    )


def _person_scope(request: HttpRequest, username: str) -> Scope:
    person = get_object_or_404(User, username=username, is_active=True)
    return Scope(
        subject=person.name,
        exchange=None,
        names=(
            "exchanges:person-impact",
            "exchanges:person-impact-csv",
            "exchanges:person-impact-report",
            "exchanges:person-impact-pdf",
        ),
        key=username,
        filename=f"person-{person.pk}",
        read=lambda **kw: impact.person_impact(user_id=person.pk, **kw),
    )


def _today(request: HttpRequest, *args: object, **kwargs: object) -> str:
    """Part of the anonymous page-cache key: overdue commitments are marked against today."""
    return timezone.localdate().isoformat()


def _page(request: HttpRequest, scope: Scope) -> HttpResponse:
    data = scope.read(viewer=request.user, show=request.GET.get("show", ""))
    context = {
        "exchange": scope.exchange,
        "subject": scope.subject,
        "scope_url": scope.url(0),
        "downloads": scope.downloads(),
        "impact": data,
        "today": timezone.localdate(),
    }
    return render(request, "exchanges/impact.html", context)


def _csv(request: HttpRequest, scope: Scope) -> StreamingHttpResponse:
    """What the page shows, as CSV (the viewer's own view: it is for their own analysis)."""
    data = scope.read(viewer=request.user)
    response = StreamingHttpResponse(impact.impact_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{scope.filename}-impact.csv"'
    return response


def _report_html(request: HttpRequest, scope: Scope, *, for_pdf: bool) -> str:
    data = scope.read(viewer=request.user, funder_copy=True)
    context = {"subject": scope.subject, "impact": data, "today": timezone.localdate(), "for_pdf": for_pdf}
    return render_to_string("exchanges/impact_report.html", context, request=request)


def _report(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The short report for a funder, as a printable page."""
    return HttpResponse(_report_html(request, scope, for_pdf=False))


def _pdf(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The same report as a PDF (the printable page without WeasyPrint)."""
    pdf = certificates.html_to_pdf(
        _report_html(request, scope, for_pdf=True), stylesheet=certificates.IMPACT_REPORT_CSS
    )
    if pdf is None:
        return redirect(scope.url(2))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{scope.filename}-impact.pdf"'
    return response


@cache_for_anonymous(vary=_today)
def exchange_impact(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _exchange_scope(request, slug))


def exchange_impact_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    return _csv(request, _exchange_scope(request, slug))


def exchange_impact_report(request: HttpRequest, slug: str) -> HttpResponse:
    return _report(request, _exchange_scope(request, slug))


def exchange_impact_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _pdf(request, _exchange_scope(request, slug))


@cache_for_anonymous(vary=_today)
def hub_impact(request: HttpRequest, slug: str) -> HttpResponse:
    """The impact of every exchange a hub hosted, as far as the viewer may see it."""
    return _page(request, _hub_scope(request, slug))


def hub_impact_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    return _csv(request, _hub_scope(request, slug))


def hub_impact_report(request: HttpRequest, slug: str) -> HttpResponse:
    return _report(request, _hub_scope(request, slug))


def hub_impact_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _pdf(request, _hub_scope(request, slug))


@cache_for_anonymous(vary=_today)
def place_impact(request: HttpRequest, slug: str) -> HttpResponse:
    """The impact of every exchange hosted in a place, as far as the viewer may see it."""
    return _page(request, _place_scope(request, slug))


def place_impact_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    return _csv(request, _place_scope(request, slug))


def place_impact_report(request: HttpRequest, slug: str) -> HttpResponse:
    return _report(request, _place_scope(request, slug))


def place_impact_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _pdf(request, _place_scope(request, slug))


@cache_for_anonymous(vary=_today)
def person_impact(request: HttpRequest, username: str) -> HttpResponse:
    """What one person learned and did across exchanges: only what they chose to share."""
    return _page(request, _person_scope(request, username))


def person_impact_csv(request: HttpRequest, username: str) -> StreamingHttpResponse:
    return _csv(request, _person_scope(request, username))


def person_impact_report(request: HttpRequest, username: str) -> HttpResponse:
    return _report(request, _person_scope(request, username))


def person_impact_pdf(request: HttpRequest, username: str) -> HttpResponse:
    return _pdf(request, _person_scope(request, username))
