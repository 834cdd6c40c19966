"""The home page and health check."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views import defaults

from .contributions import render_sections
from .page_cache import cache_for_anonymous, fill_cached_fragments, fill_registered_live_parts
from .pagination import InvalidCursor


@cache_for_anonymous(signed_in=True, live=True, scope="home")
def home(request: HttpRequest) -> HttpResponse:
    """The sections apps contribute to the home page (core.contributions). The shared ones are
    one fragment cached on the content version: any write shows at once, and a warm page costs
    the version read plus what the signed-in header needs. Apps that fill figures live or key
    them on versions of their own say so (core.page_cache ``register_page_scope``,
    ``register_live_parts``)."""
    # The sections that show what the versions apps registered for the page follow (the order of
    # places and hubs) are keyed on them too ("scoped"), apart from the others.
    sections = render_sections("home", subject=None, request=request, cache_parts=())
    response = render(request, "core/home.html", {"sections": sections})
    return fill_cached_fragments(request, response, fill_registered_live_parts)  # its figures from a cached fragment


#: The site's own pages linked from the footer: (URL name, template).
SITE_PAGES = {
    "about": "core/pages/about.html",
    "privacy": "core/pages/privacy.html",
    "accessibility": "core/pages/accessibility.html",
    "licence": "core/pages/licence.html",
}


@cache_for_anonymous
def site_page(request: HttpRequest, page: str) -> HttpResponse:
    """About, privacy notice, accessibility statement, content licence: text written for the
    site, translated like the rest of the interface (no query beyond the signed-in header)."""
    return render(request, SITE_PAGES[page], {"page": page})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to our SVG."""
    return HttpResponsePermanentRedirect(static("translocal/favicon.svg"))


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page (``handler400``): Django calls it for a ``BadRequest`` or a suspicious
    operation. A bad page cursor is explained, with a link to the list's first page (the same
    address without ``cursor``); other causes get a general message, never the exception text,
    which may echo what an attacker sent."""
    context: dict[str, str] = {}
    if isinstance(exception, InvalidCursor):
        query = request.GET.copy()
        query.pop("cursor", None)
        context = {
            "message": exception.message,
            "reason": exception.reason,
            "first_page": request.path + (f"?{query.urlencode()}" if query else ""),
        }
    return HttpResponseBadRequest(render_to_string("400.html", context, request=request))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 page (``handler404``), after the signed-in person's row is read: an address
    that matches no view runs no ``process_view``, and the row brings the person's language
    (accounts.middleware), which the whole page must be rendered in."""
    user = getattr(request, "user", None)
    if user is not None:
        user.is_authenticated  # noqa: B018 - reads the row
    return defaults.page_not_found(request, exception)
