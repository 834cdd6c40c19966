"""Whole-page caching for anonymous visitors on the hot read pages.

Most traffic to a knowledge commons is anonymous reading. For a visitor with no session and
no pending messages, a page is the same for everyone who asks for the same URL, so the whole
response is cached under the content version (see core.caching), the interface language and
the full path. Signed-in
people, htmx partial requests, and any response that sets a cookie or carries a CSRF token are
never cached or served from here; everything else still gets the fragment caches. A view
opts in with the ``@cache_for_anonymous`` decorator (its app decides, core names no view).

A view marked ``signed_in=True`` is also served whole to signed-in people, from an entry of
their own: keyed on the same versions plus the private version (``core.caching.PRIVATE``: any
draft, any private item), the viewer's own version (``user_version_name``: moved by every write
that changes what only they see, ``private_state_changed``), a digest of their user row (name,
staff flag, language, edit version) and of their CSRF cookie (the page's forms carry a token
masked from it: a new cookie, as after signing in again, is a new entry). Such an entry is never
served to anyone else, and never stored when the response sets a cookie, asked for a new CSRF
cookie or carries a message (a message is shown once).
"""

import hashlib
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar, overload

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty
from django.utils.translation import get_language

from .caching import (
    FRAGMENT_TIMEOUT,
    PRIVATE,
    content_versions,
    fragment_served_from_cache,
    page_version,
    read_with_user,
    set_request_area,
    set_request_scope,
    user_version_name,
)

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
_SIGNED_IN = "cache_for_anonymous_signed_in"
_UNKEYED = "cache_for_anonymous_unkeyed_areas"
_SCOPE = "cache_for_anonymous_scope"
_LIVE_VERSIONS = "cache_for_anonymous_live_versions"


#: ``(request, html) -> html``: brings the figures of a cached page that move too often to key
#: it on (a proposal's support count) up to date as the page is served from the cache.
LiveParts = Callable[[HttpRequest, str], str]
_LIVE = "cache_for_anonymous_live"
_REGISTERED_LIVE_PARTS: list[LiveParts] = []

#: ``html -> [(start, end, mark), ...]``: where a page's live figures are (str offsets, in
#: order, not overlapping) and what each shows (a hashable the filler understands).
Locate = Callable[[str], Sequence[tuple[int, int, Hashable]]]
#: ``(request, marks) -> texts``: each mark's text as it is now (None: keep the text it has).
MarkTexts = Callable[[HttpRequest | None, list[Any]], list[str | None]]


class MarkedFigures:
    """A live filler (``LiveParts``) in two steps, so that the page cache finds a page's marks
    once, when it stores the page, rather than scanning it each time it serves it: ``locate``
    finds the marks, ``texts`` writes each one's current text. Called as a filler, it does both
    (the same output: a page rendered with cached fragments, ``fill_cached_fragments``)."""

    def __init__(self, locate: Locate, texts: MarkTexts) -> None:
        self.locate = locate
        self.texts = texts

    def __call__(self, request: HttpRequest | None, html: str) -> str:
        spans = self.locate(html)
        if not spans:
            return html
        texts = self.texts(request, [mark for _start, _end, mark in spans])
        pieces: list[str] = []
        done = 0
        for (start, end, _mark), text in zip(spans, texts, strict=True):
            if text is not None:
                pieces.append(html[done:start])
                pieces.append(text)
                done = end
        pieces.append(html[done:])
        return "".join(pieces)


#: A stored page's live figures: the bytes between the marks (one more than the marks), each
#: mark's bytes as rendered, and per mark the index of its filler and the mark itself.
_Layout = tuple[tuple[bytes, ...], tuple[bytes, ...], tuple[tuple[int, Hashable], ...]]


def _fillers(live: LiveParts) -> list[LiveParts]:
    """The fillers ``live`` applies: the registered ones for ``live=True``, else itself."""
    return list(_REGISTERED_LIVE_PARTS) if live is fill_registered_live_parts else [live]


def _layout(live: LiveParts, content: bytes) -> _Layout | None:
    """Where the live figures of ``content`` (a page as rendered) are, when every filler of
    ``live`` can say (``MarkedFigures``); None otherwise (the page is then filled by scanning
    it each time it is served)."""
    fillers = _fillers(live)
    if not all(isinstance(fill, MarkedFigures) for fill in fillers):
        return None
    html = content.decode()
    spans = sorted(
        (start, end, index, mark)
        for index, fill in enumerate(fillers)
        for start, end, mark in fill.locate(html)  # type: ignore[attr-defined]
    )
    chunks: list[bytes] = []
    rendered: list[bytes] = []
    done = 0
    for start, end, _index, _mark in spans:
        chunks.append(html[done:start].encode())
        rendered.append(html[start:end].encode())
        done = end
    chunks.append(html[done:].encode())
    return tuple(chunks), tuple(rendered), tuple((index, mark) for _s, _e, index, mark in spans)


def _fill_layout(request: HttpRequest, live: LiveParts, layout: _Layout) -> bytes:
    """The stored page of ``layout`` with every mark's current text (no scan of the page)."""
    chunks, rendered, marks = layout
    if not marks:
        return chunks[0]
    fillers = _fillers(live)
    texts: list[bytes] = list(rendered)
    for index, fill in enumerate(fillers):
        positions = [at for at, (owner, _mark) in enumerate(marks) if owner == index]
        if positions:
            found = fill.texts(request, [marks[at][1] for at in positions])  # type: ignore[attr-defined]
            for at, text in zip(positions, found, strict=True):
                if text is not None:
                    texts[at] = text.encode()
    pieces = [chunks[0]]
    for text, chunk in zip(texts, chunks[1:], strict=True):
        pieces.append(text)
        pieces.append(chunk)
    return b"".join(pieces)


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


#: Page name -> what apps registered for it with ``register_page_scope``.
_PAGE_SCOPES: dict[str, list[tuple[tuple[str, ...], ScopedVersions | None]]] = {}


def register_page_scope(
    page: str, *, unkeyed_areas: Iterable[str] = (), versions: ScopedVersions | None = None
) -> None:
    """For a page whose view core owns and whose sections apps contribute (the home page, marked
    ``cache_for_anonymous(scope="home")``): the app that shows ``unkeyed_areas``' writes there
    only live or under ``versions`` says so, as ``cache_for_anonymous(unkeyed_areas=...,
    versions=...)`` would. An area is left out of the page's key only when it is the registering
    app's own: every section of the page must follow that area's writes live or by ``versions``."""
    entries = _PAGE_SCOPES.setdefault(page, [])
    entry = (tuple(unkeyed_areas), versions)
    if entry not in entries:
        entries.append(entry)


def _scope_of(view_func: Callable[..., Any]) -> tuple[set[str], list[ScopedVersions]]:
    """The areas a view leaves out of its key and the callables naming its finer versions."""
    unkeyed = set(getattr(view_func, _UNKEYED, ()))
    versions: list[ScopedVersions] = []
    if unkeyed:
        scoped = getattr(view_func, _MARK, None)
        if callable(scoped):
            versions.append(scoped)
    page = getattr(view_func, _SCOPE, None)
    for areas, names in _PAGE_SCOPES.get(page, []) if page is not None else []:
        unkeyed.update(areas)
        if names is not None:
            versions.append(names)
    return unkeyed, versions


@overload
def cache_for_anonymous(view: V) -> V: ...
@overload
def cache_for_anonymous(
    *,
    versions: ScopedVersions | None = None,
    vary: KeyPart | None = None,
    area: str | None = None,
    live: LiveParts | bool = False,
    signed_in: bool = False,
    unkeyed_areas: Iterable[str] = (),
    scope: str | None = None,
    live_versions: ScopedVersions | None = None,
) -> Callable[[V], V]: ...


def cache_for_anonymous(
    view: V | None = None,
    *,
    versions: ScopedVersions | None = None,
    vary: KeyPart | None = None,
    area: str | None = None,
    live: LiveParts | bool = False,
    signed_in: bool = False,
    unkeyed_areas: Iterable[str] = (),
    scope: str | None = None,
    live_versions: ScopedVersions | None = None,
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
    ``register_live_parts`` (for shared pages whose sections come from other apps).

    ``signed_in=True``: a signed-in person's GET is cached whole too, per person (see the
    module's docstring). Mark only views whose signed-in response depends on nothing but the
    content versions, the viewer's user row and state that moves ``PRIVATE`` or the viewer's
    own version (``core.caching.private_state_changed``) when it changes.

    ``unkeyed_areas=["memberships"]``: the page (a hub's) shows those areas' writes only as live
    figures (``live``: member counts) or under its ``versions`` (that hub's member list): its
    page, for everyone, is keyed on the site's and the other areas' versions plus ``versions``,
    and its fragments on the same without ``versions``, so a join elsewhere leaves it cached and
    a join here re-renders only what shows it. A fragment that shows what ``versions`` follow
    adds ``core.caching.scope_versions(request)`` to its cache parts; one that shows live
    figures has them filled when it comes from the cache (``fill_cached_fragments``).
    ``scope="home"``: the same, with the areas and versions apps registered for that page
    (``register_page_scope``), for a page core owns and apps fill.

    ``live_versions=lambda request, slug: [name]``: versions the page's live figures are kept
    under (one hub's member count), read in the same statement as the page's versions but not
    part of its key: a write that moves them leaves the page cached, and its filler reads them
    from the request (``core.caching.content_versions``) at no query."""

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
        if signed_in:
            setattr(target, _SIGNED_IN, True)
        if unkeyed_areas:
            setattr(target, _UNKEYED, tuple(unkeyed_areas))
        if scope is not None:
            setattr(target, _SCOPE, scope)
        if live_versions is not None:
            setattr(target, _LIVE_VERSIONS, live_versions)
        return target

    return mark(view) if view is not None else mark


def fill_cached_fragments(request: HttpRequest, response: HttpResponse, live: LiveParts) -> HttpResponse:
    """``response`` (freshly rendered) with its live figures filled by ``live`` when one of its
    fragments came from the cache (core.caching ``fragment_served_from_cache``): such a
    fragment is keyed without the figures' writes (``unkeyed_areas``), so its figures may be
    older than the page. One query then (the filler's); none when every fragment was rendered
    now. The page is thus the same from the page cache, from cached fragments, or cold."""
    if response.status_code == 200 and not response.streaming and fragment_served_from_cache(request):
        response.content = live(request, response.content.decode()).encode()
    return response


def is_cacheable_view(view: Callable[..., Any]) -> bool:
    return bool(getattr(view, _MARK, False))


_CANDIDATE = "_translocal_page_cache_key"
_LIVE_ATTR = "_translocal_page_cache_live"
_PERSONAL = "_translocal_page_cache_personal"


def _plain(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES.get("messages")  # an emptied cookie (after a message was shown) holds none
        and "HTTP_HX_REQUEST" not in request.META
    )


def _anonymous_and_plain(request: HttpRequest) -> bool:
    return not _has_session(request) and _plain(request)


#: The user fields a page may show or depend on are all in the row; the password is left out
#: (changing it ends the other sessions anyway) and so is the time of the last sign-in.
_UNKEYED_USER_FIELDS = {"password", "last_login"}


def _viewer_digest(request: HttpRequest) -> str:
    """Who is looking, as the page may show it: their user row and their CSRF cookie."""
    user = request.user
    # The user itself, not the lazy proxy around it: a lookup through the proxy per field cost
    # more than the rest of the digest. (Loaded by now: the caller asked whether they are signed in.)
    loaded = getattr(user, "_wrapped", user)
    if loaded is empty:  # not loaded yet: load it (SimpleLazyObject)
        user._setup()  # type: ignore[union-attr]
        loaded = user._wrapped  # type: ignore[union-attr]
    fields = loaded._meta.concrete_fields if isinstance(loaded, Model) else ()
    row = [(f.attname, getattr(loaded, f.attname)) for f in fields if f.attname not in _UNKEYED_USER_FIELDS]
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return hashlib.blake2b(repr((row, csrf)).encode(), digest_size=16).hexdigest()


def _has_session(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _signed_in_without_messages(request: HttpRequest) -> bool:
    """A signed-in person with no message waiting (the fallback storage keeps messages in a
    cookie, or in the session when they do not fit)."""
    if not request.user.is_authenticated:
        return False
    return "_messages" not in request.session


def _scoped_names(view_func: Callable[..., Any], request: HttpRequest, view_args: Any, view_kwargs: Any) -> list[str]:
    """The scoped version names of a view marked ``versions=`` (none for a plain mark)."""
    scoped = getattr(view_func, _MARK)
    return list(scoped(request, *view_args, **view_kwargs)) if callable(scoped) else []


def _keeps_the_csrf_cookie(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether ``response`` sets no cookie of its own and its forms' tokens come from the CSRF
    cookie the request came with. (CsrfViewMiddleware, outside this one, then only sends that
    same cookie again to renew its expiry; a page served from the cache does not renew it, any
    page rendered does.) A request without a valid CSRF cookie gets a new secret: not stored."""
    sent = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    return not response.cookies and bool(sent) and request.META.get("CSRF_COOKIE") == sent


def _messages_queued(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and getattr(storage, "_queued_messages", None))


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
            and (
                _keeps_the_csrf_cookie(request, response)
                if getattr(request, _PERSONAL, False)
                else not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            )
            and not response.streaming
            and not _messages_queued(request)
        ):
            kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            live = getattr(request, _LIVE_ATTR, None)
            layout = _layout(live, response.content) if live is not None else None
            cache.set(key, (response.content, kept, layout), FRAGMENT_TIMEOUT)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):  # noqa: ANN001
        area = getattr(view_func, _AREA, None)
        if area is not None:
            set_request_area(request, area)
        if not settings.FRAGMENT_CACHE or not is_cacheable_view(view_func):
            return None
        unkeyed, scope_versions = _scope_of(view_func)
        names: list[str] = []
        if unkeyed:
            names = [name for versions in scope_versions for name in versions(request, *view_args, **view_kwargs)]
            set_request_scope(request, unkeyed_areas=unkeyed, versions=names)
        live_versions = getattr(view_func, _LIVE_VERSIONS, None)
        live_names = list(live_versions(request, *view_args, **view_kwargs)) if live_versions is not None else []
        personal = [PRIVATE]
        if _anonymous_and_plain(request):
            prefix, personal = "page", []
            if not unkeyed:  # else names are the scope's, set above
                names = _scoped_names(view_func, request, view_args, view_kwargs)
        elif getattr(view_func, _SIGNED_IN, False) and _plain(request) and _has_session(request):
            if not unkeyed:
                names = _scoped_names(view_func, request, view_args, view_kwargs)
            # The person's row and every version the key needs come in one statement (when the
            # row is loaded here, as it is unless something asked for it before).
            with read_with_user(request, [*names, PRIVATE, *live_names]):
                if not _signed_in_without_messages(request):
                    return None
            prefix = "userpage"
            personal.append(user_version_name(request.user.pk or 0))
        else:
            return None
        path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
        # One query reads the shared versions, the page's scoped ones and the personal ones
        # (none when they came with the person's row), and its live figures' (which key nothing).
        scoped_versions = content_versions(request, [*names, *personal, *live_names])[: len(names) + len(personal)]
        version = str(page_version(request)) + "".join(f".{v}" for v in scoped_versions)
        vary = getattr(view_func, _VARY, None)
        if vary is not None:
            version += f"~{vary(request, *view_args, **view_kwargs)}"
        if personal:
            version += f"~{request.user.pk}~{_viewer_digest(request)}"
        # LocaleMiddleware has activated the visitor's language (cookie, else Accept-Language).
        key = f"{prefix}:{version}:{get_language() or settings.LANGUAGE_CODE}:{path}"
        cached = cache.get(key)
        live = getattr(view_func, _LIVE, None)
        if cached is not None:
            content, headers, layout = cached if len(cached) == 3 else (*cached, None)
            if isinstance(headers, str):  # an entry stored before headers were kept
                headers = {"Content-Type": headers}
            if layout is not None and live is not None:
                content = _fill_layout(request, live, layout)
            elif live is not None:
                content = live(request, content.decode()).encode()
            return HttpResponse(content, headers=headers)
        if live is not None:
            setattr(request, _LIVE_ATTR, live)
        setattr(request, _CANDIDATE, key)
        setattr(request, _PERSONAL, bool(personal))
        return None
