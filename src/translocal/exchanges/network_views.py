"""The network view: places and the visits between them, as a map drawn in SVG and as tables."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from translocal.core.page_cache import cache_for_anonymous

from . import network_selectors


@cache_for_anonymous
def network_view(request: HttpRequest) -> HttpResponse:
    """Who visited whom, filtered by year and theme (strand); only exchanges the viewer may see."""
    filters = network_selectors.parse_network_filters(request.GET)
    graph = network_selectors.cached_network(request, filters)
    return render(request, "exchanges/network.html", {"network": graph, "filters": filters})
