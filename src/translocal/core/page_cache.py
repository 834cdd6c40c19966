"""Whole-page caching for anonymous visitors on the hot read pages.

Most traffic to a knowledge commons is anonymous reading. For a visitor with no session and
no pending messages, a page is the same for everyone who asks for the same URL, so the whole
response is cached under the content version (see core.caching), the interface language and
the full path. Signed-in
people, htmx partial requests, and any response that sets a cookie or carries a CSRF token are
never cached or served from here; everything else still gets the fragment caches. A view
opts in with the ``@cache_for_anonymous`` decorator (its app decides, core names no view).
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from .caching import FRAGMENT_TIMEOUT, content_versions, page_version, set_request_area

V = TypeVar("V", bound=Callable[..., Any])

_MARK = "cache_for_anonymous"


#: ``(request, *view_args, **view_kwargs) -> names``: the scoped content versions a page also
#: depends on (core.caching.content_version names), besides the site's.
ScopedVersions = Callable[..., Iterable[str]]


#: ``(request, *view_args, **view_kwargs) -> str``: what else the page depends on that no write
#: moves (the phase of a process that is running now changes with the clock).
KeyPart = Callable[..., str]
_VARY = "cache_for_anonymous_vary"


_AREA = "cache_for_anonymous_area"


#: ``(request, html) -> html``: brings the figures of a cached page that move too often to key
#: it on (a proposal's support count) up to date as the page is served from the cache.
LiveParts = Callable[[HttpRequest, str], str]
_LIVE = "cache_for_anonymous_live"
_REGISTERED_LIVE_PARTS: list[LiveParts] = []


def register_live_parts(fill: LiveParts) -> None:
    """Add ``fill`` to what ``cache_for_anonymous(live=True)`` pages apply: a pillar whose
    sections show live figures on shared pages (support counts on a profile) registers its
    filler here, as it registers the sections, so core and accounts name no pillar. A filler
    must cost no query on a page that shows none of its figures."""
    if fill not in _REGISTERED_LIVE_PARTS:
        _REGISTERED_LIVE_PARTS.append(fill)


def fill_registered_live_parts(request: HttpRequest, html: str) -> str:
    """``html`` after every registered filler."""
    for fill in _REGISTERED_LIVE_PARTS:
        html = fill(request, html)
    return html


@overload
def cache_for_anonymous(view: V) -> V: ...
@overload
def cache_for_anonymous(
    *,
    versions: ScopedVersions | None = None,
    vary: KeyPart | None = None,
    area: str | None = None,
    live: LiveParts | bool = False,
) -> Callable[[V], V]: ...


def cache_for_anonymous(
    view: V | None = None,
    *,
    versions: ScopedVersions | None = None,
    vary: KeyPart | None = None,
    area: str | None = None,
    live: LiveParts | bool = False,
) -> Any:
    """Let the anonymous page cache serve ``view`` whole (Django's ``cache_page`` style, but
    keyed on the content version and only for visitors without a session).

    Mark only views whose anonymous GET response is the same for everyone who asks for the
    same URL. The mark survives other decorators that use ``functools.wraps``.

    ``@cache_for_anonymous(versions=lambda request, slug: [name])``: the page also shows
    figures that move often (supports) and are filed under a scoped version that writes bump
    instead of the site's (``content_changed_after_commit(name)``): the page is keyed on both,
    so such a write retires it and leaves every other cached page valid (one more query).
    ``vary`` adds a part to the key that no write moves, such as the running phase of a process,
    which changes with the clock.

    ``area="coproduction"``: the page shows only its pillar's content besides the shared kind
    (places, hubs, people): it and its fragments (for signed-in people too) are keyed on the site
    version and that area's (core.caching), so another pillar's writes leave it cached.

    ``live``: the page shows figures that move too often even for a scoped version (a support
    count on a list of twenty proposals): the cached HTML marks them, and ``live(request, html)``
    rewrites the marked figures from the database (one small query) each time the page is served
    from the cache, so the page outlives the writes and still shows every figure as it is now.
    A freshly rendered page is served as rendered. ``live=True``: every filler registered with
    ``register_live_parts`` (for shared pages whose sections come from other apps)."""

    def mark(target: V) -> V:
        setattr(target, _MARK, versions if versions is not None else True)
        if vary is not None:
            setattr(target, _VARY, vary)
        if area is not None:
            setattr(target, _AREA, area)
        if live is True:
            setattr(target, _LIVE, fill_registered_live_parts)
        elif callable(live):
            setattr(target, _LIVE, live)
        return target

    return mark(view) if view is not None else mark


def is_cacheable_view(view: Callable[..., Any]) -> bool:
    return bool(getattr(view, _MARK, False))


_CANDIDATE = "_translocal_page_cache_key"


def _anonymous_and_plain(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_HX_REQUEST" not in request.META
    )


# The response headers a cached page is served with again: its type, and whether it is a
# download (a report's ?format=html is an attachment, opened from disk) and under which name.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, _CANDIDATE, None)
        if (
            key is not None
            and response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.streaming
        ):
            kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, kept), FRAGMENT_TIMEOUT)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):  # noqa: ANN001
        area = getattr(view_func, _AREA, None)
        if area is not None:
            set_request_area(request, area)
        if not settings.FRAGMENT_CACHE or not _anonymous_and_plain(request):
            return None
        if not is_cacheable_view(view_func):
            return None
        path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
        scoped = getattr(view_func, _MARK)
        names = list(scoped(request, *view_args, **view_kwargs)) if callable(scoped) else []
        # One query reads the shared versions and the page's scoped ones together.
        scoped_versions = content_versions(request, names)
        version = str(page_version(request)) + "".join(f".{v}" for v in scoped_versions)
        vary = getattr(view_func, _VARY, None)
        if vary is not None:
            version += f"~{vary(request, *view_args, **view_kwargs)}"
        # LocaleMiddleware has activated the visitor's language (cookie, else Accept-Language).
        key = f"page:{version}:{get_language() or settings.LANGUAGE_CODE}:{path}"
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            if isinstance(headers, str):  # an entry stored before headers were kept
                headers = {"Content-Type": headers}
            live = getattr(view_func, _LIVE, None)
            if live is not None:
                content = live(request, content.decode()).encode()
            return HttpResponse(content, headers=headers)
        setattr(request, _CANDIDATE, key)
        return None
