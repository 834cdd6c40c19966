"""Request types for views, so the type checker knows what the middleware added."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through ``django_htmx``'s middleware: ``request.htmx`` is set
    (falsy when the request did not come from htmx). For annotations only."""

    htmx: HtmxDetails
