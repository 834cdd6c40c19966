"""The root urlconf tries co-production's patterns second (a support is the hot write of a supports
phase): no path any named pattern gives resolves to another pattern, so the order changes no URL."""

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

SAMPLES = {
    "int": "7", "slug": "sample-slug", "str": "sample", "path": "sample/path",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def _named_routes(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(sample path, full name) of every named route pattern under the given patterns."""
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # the admin's and Django's own regex patterns
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_routes(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
            yield "/" + path, namespace + entry.name


def test_every_named_route_resolves_to_itself():
    routes = list(_named_routes(get_resolver().url_patterns))
    assert len(routes) > 200
    assert ("/processes/sample/proposals/7/support/", "coproduction:proposal-support") in routes
    wrong = [(path, name, resolve(path).view_name) for path, name in routes if resolve(path).view_name != name]
    assert wrong == []


def test_a_support_resolves_in_the_second_include():
    """After the core's (home page, healthz) come co-production's patterns, the first under
    "processes/" a support."""
    first = get_resolver().url_patterns[1]
    assert isinstance(first, URLResolver) and first.namespace == "coproduction"
    processes = first.url_patterns[0]
    assert str(processes.pattern) == "processes/"
    assert [p.name for p in processes.url_patterns[:2]] == ["proposal-support", "proposal-unsupport"]
