"""Request types for views, so the type checker knows what the middleware added."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through ``django_htmx``'s middleware: ``request.htmx`` is set
    (falsy when the request did not come from htmx). For annotations only."""

    htmx: HtmxDetails


def safe_next_url(request: HttpRequest, next_url: str) -> str:
    """`next_url` when it points back to this site (same host; https when the request is), so
    it can be redirected to after a form; "" otherwise (an open redirect refused)."""
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return next_url
    return ""


def from_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (its ``HX-Request: true`` header): django-htmx's
    ``bool(request.htmx)``, read from the request's environ, without building
    ``request.headers`` (a dict of every header) on the hottest write, a support."""
    return request.META.get("HTTP_HX_REQUEST") == "true"
