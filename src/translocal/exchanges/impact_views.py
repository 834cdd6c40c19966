"""Impact views: per exchange and per hub, the chain session → lesson → commitment →
follow-ups → outcome and the Kirkpatrick summary (impact.py), as a page, CSV, and a short report
for a funder (HTML, and PDF with the optional pdf extra). Anyone who may see the exchange (or
hub) sees them, with the journey items they may see: never a private one."""

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from translocal.accounts.models import User
from translocal.core.page_cache import cache_for_anonymous
from translocal.places.models import Hub, Place

from . import certificates, impact, permissions


def _today(request: HttpRequest, *args: object, **kwargs: object) -> str:
    """Part of the anonymous page-cache key: overdue commitments are marked against today."""
    return timezone.localdate().isoformat()


def _exchange_impact(request: HttpRequest, slug: str) -> tuple[object, impact.Impact]:
    exchange = permissions.get_exchange_for_view(user=request.user, slug=slug)
    data = impact.exchange_impact(exchange=exchange, viewer=request.user, show=request.GET.get("show", ""))
    return exchange, data


@cache_for_anonymous(vary=_today)
def exchange_impact(request: HttpRequest, slug: str) -> HttpResponse:
    exchange, data = _exchange_impact(request, slug)
    context = {
        "exchange": exchange,
        "subject": exchange,
        "scope_url": reverse("exchanges:impact", args=[slug]),
        "impact": data,
        "today": timezone.localdate(),
    }
    return render(request, "exchanges/impact.html", context)


def exchange_impact_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    exchange, data = _exchange_impact(request, slug)
    response = StreamingHttpResponse(impact.impact_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exchange.slug}-impact.csv"'  # type: ignore[attr-defined]
    return response


def _report_html(request: HttpRequest, subject: object, data: impact.Impact, *, for_pdf: bool) -> str:
    context = {"subject": subject, "impact": data, "today": timezone.localdate(), "for_pdf": for_pdf}
    return render_to_string("exchanges/impact_report.html", context, request=request)


def exchange_impact_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The short report for a funder, as a printable page."""
    exchange, data = _exchange_impact(request, slug)
    return HttpResponse(_report_html(request, exchange, data, for_pdf=False))


def exchange_impact_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The same report as a PDF (the printable page without WeasyPrint)."""
    exchange, data = _exchange_impact(request, slug)
    pdf = certificates.html_to_pdf(
        _report_html(request, exchange, data, for_pdf=True), stylesheet=certificates.IMPACT_REPORT_CSS
    )
    if pdf is None:
        return redirect("exchanges:impact-report", slug=slug)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{exchange.slug}-impact.pdf"'  # type: ignore[attr-defined]
    return response


@cache_for_anonymous(vary=_today)
def hub_impact(request: HttpRequest, slug: str) -> HttpResponse:
    """The impact of every exchange a hub hosted, as far as the viewer may see it."""
    hub = get_object_or_404(Hub.objects.select_related("place"), slug=slug)
    data = impact.hub_impact(hub_id=hub.pk, viewer=request.user, show=request.GET.get("show", ""))
    context = {
        "exchange": None,
        "subject": hub,
        "scope_url": reverse("exchanges:hub-impact", args=[slug]),
        "impact": data,
        "today": timezone.localdate(),
    }
    return render(request, "exchanges/impact.html", context)


@cache_for_anonymous(vary=_today)
def place_impact(request: HttpRequest, slug: str) -> HttpResponse:
    """The impact of every exchange hosted in a place, as far as the viewer may see it."""
    place = get_object_or_404(Place, slug=slug)
    data = impact.place_impact(place_id=place.pk, viewer=request.user, show=request.GET.get("show", ""))
    context = {"exchange": None, "subject": place, "scope_url": reverse("exchanges:place-impact", args=[slug])}
    return render(request, "exchanges/impact.html", {**context, "impact": data, "today": timezone.localdate()})


@cache_for_anonymous(vary=_today)
def person_impact(request: HttpRequest, username: str) -> HttpResponse:
    """What one person learned and did across exchanges: only what they chose to share."""
    person = get_object_or_404(User, username=username, is_active=True)
    data = impact.person_impact(user_id=person.pk, viewer=request.user, show=request.GET.get("show", ""))
    context = {
        "exchange": None,
        "subject": person.name,
        "scope_url": reverse("exchanges:person-impact", args=[username]),
    }
    return render(request, "exchanges/impact.html", {**context, "impact": data, "today": timezone.localdate()})
