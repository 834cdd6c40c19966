"""The home page and health check."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static

from translocal.core.caching import cached_fragment
from translocal.knowledge import selectors as knowledge
from translocal.places import selectors as places

HOME_SECTION_LIMIT = 6
HOME_PLACES_LIMIT = 12


def _home_body() -> str:
    """The expensive, same-for-everyone part of the home page (no user data, no CSRF token)."""
    context = {
        "reflections": knowledge.latest_reflections(limit=HOME_SECTION_LIMIT),
        "series_list": knowledge.series_overview(limit=HOME_SECTION_LIMIT),
        "cases": knowledge.featured_cases(limit=HOME_SECTION_LIMIT),
        "places": places.places_with_hubs(limit=HOME_PLACES_LIMIT),
        "counts": knowledge.published_counts(),
        "network": places.network_totals(),
    }
    return render_to_string("core/_home_body.html", context)


def home(request: HttpRequest) -> HttpResponse:
    """The body is a fragment cached on the content version: any write shows at once, and a
    warm page costs the version read plus what the signed-in header needs."""
    body = cached_fragment(request, "home", (), _home_body)
    return render(request, "core/home.html", {"body": body})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to our SVG."""
    return HttpResponsePermanentRedirect(static("translocal/favicon.svg"))


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
