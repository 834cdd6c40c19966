"""The home page and health check."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from translocal.knowledge import selectors as knowledge
from translocal.places import selectors as places

HOME_SECTION_LIMIT = 6
HOME_PLACES_LIMIT = 12


def home_cache_seconds() -> int:
    return int(getattr(settings, "HOME_CACHE_SECONDS", 60))


def _home_body(counts: dict, network: dict) -> str:
    """The expensive, same-for-everyone part of the home page (no user data, no CSRF token)."""
    context = {
        "reflections": knowledge.latest_reflections(limit=HOME_SECTION_LIMIT),
        "series_list": knowledge.series_overview(limit=HOME_SECTION_LIMIT),
        "cases": knowledge.featured_cases(limit=HOME_SECTION_LIMIT),
        "places": places.places_with_hubs(limit=HOME_PLACES_LIMIT),
        "counts": counts,
        "network": network,
    }
    return render_to_string("core/_home_body.html", context)


def home(request: HttpRequest) -> HttpResponse:
    """Cached by a key made of the published counts and the hub totals: publishing, joining or
    leaving shows at once; edits to titles show within HOME_CACHE_SECONDS. A constant number
    of queries either way (five warm, about a dozen cold)."""
    counts = knowledge.published_counts()
    network = places.network_totals()
    fingerprint = repr(sorted(counts.items())) + repr(sorted(network.items()))
    key = "core:home:" + hashlib.blake2b(fingerprint.encode(), digest_size=12).hexdigest()
    body = cache.get(key)
    if body is None:
        body = _home_body(counts, network)
        cache.set(key, body, home_cache_seconds())
    # `body` is our own template's output (autoescaped), not user input.
    return render(request, "core/home.html", {"body": mark_safe(body), "counts": counts})  # noqa: S308


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to our SVG."""
    return HttpResponsePermanentRedirect(static("translocal/favicon.svg"))


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
