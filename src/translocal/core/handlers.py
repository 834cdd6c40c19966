"""The WSGI handler that serves Translocal (``translocal.wsgi``): Django's, with each path's URL
resolution kept per process.

Django resolves every request's path against the URLconf by trying its patterns in order: 25 to
130 microseconds on this project's ~600 patterns (a case page after the core, co-production,
accounts and places patterns; a profile or a search after most of them), a tenth of a page served
whole from the page cache. The result depends only on the path and the URLconf (the converters
are Django's own, whose ``to_python`` is pure), so the handler keeps the match of each path it
resolved (at most ``MAX_KEPT_MATCHES`` paths, then it starts again) and gives each request its
own copy of it (``request.resolver_match`` and the view's arguments are the request's to change).

What is not kept: a path that matches nothing (Django's ``Resolver404``, with the patterns it
tried, is raised as before), a request that brings its own URLconf (``request.urlconf``, set by a
middleware), and anything after the URLconf changed (a new root resolver, as
``clear_url_caches`` makes, starts an empty cache). ``django.urls.resolve`` elsewhere (and
``CommonMiddleware``'s check for a missing slash) is Django's, unchanged.
"""

from __future__ import annotations

from typing import Any

from django.core.handlers.wsgi import WSGIHandler as DjangoWSGIHandler
from django.http import HttpRequest
from django.urls import ResolverMatch, get_resolver
from django.urls.resolvers import URLResolver

#: Past this many paths the kept matches start again: an address space too wide to keep (every
#: case's page) then costs one Django resolution a path, as without the cache.
MAX_KEPT_MATCHES = 4096

_kept: dict[str, ResolverMatch] = {}
_kept_for: list[URLResolver | None] = [None]


def _own_copy(match: ResolverMatch) -> ResolverMatch:
    """A ResolverMatch equal to ``match`` in every attribute, with its own dicts and lists."""
    copy: Any = object.__new__(ResolverMatch)
    copy.__dict__.update(match.__dict__)
    copy.kwargs = dict(match.kwargs)
    for name in ("captured_kwargs", "extra_kwargs"):  # Django 4.1+
        value = getattr(match, name, None)
        if value is not None:
            setattr(copy, name, dict(value))
    copy.app_names = list(match.app_names)
    copy.namespaces = list(match.namespaces)
    return copy


def resolve_kept(path: str) -> ResolverMatch:
    """``get_resolver().resolve(path)``, kept per process (module docstring). Raises
    ``Resolver404`` as Django does when nothing matches."""
    resolver = get_resolver()
    if _kept_for[0] is not resolver:
        _kept.clear()
        _kept_for[0] = resolver
    match = _kept.get(path)
    if match is None:
        match = resolver.resolve(path)
        if len(_kept) >= MAX_KEPT_MATCHES:
            _kept.clear()
        _kept[path] = match
    return _own_copy(match)


class WSGIHandler(DjangoWSGIHandler):
    """Django's WSGI handler, resolving through ``resolve_kept``."""

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        if hasattr(request, "urlconf"):
            return super().resolve_request(request)
        match = resolve_kept(request.path_info)
        request.resolver_match = match
        return match
