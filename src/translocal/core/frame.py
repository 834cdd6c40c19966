"""The site's header and footer, rendered from their templates once per process and state, then
filled per request.

Every page renders ``core/_header.html`` (account links, language switcher, main navigation,
search form) and ``core/_footer.html``: about 2 ms of CPU a page in the template engine, most of
it the same for every request in one language (two dozen ``{% translate %}``, a dozen URLs, the
navigation and language loops). Only a few values differ from one request to the next: the
person's name and profile URL, their CSRF token, the path and query the page was asked with.

So each template is rendered once per *state* (the interface language, the script prefix, the
URLconf, the site's name, the switcher's languages, signed in or not, staff or not, whether the
page is the home page, the navigation's links and the view, which makes one of them current) with
a marker in place of each such value, and split at the markers: a *skeleton*. A request then
joins the skeleton's pieces with its own values, each escaped as the template escapes it (``render_value_in_context``,
``urlencode``, the CSRF input's value, ``reverse``), so the HTML is byte for byte what the
template renders (``tests/core/test_frame.py`` compares them in every state). The templates stay
the source: edit them as before (the skeletons are made again in a new process). With ``DEBUG``
on (templates reloaded from disk), or with a context the skeleton cannot stand for (no request or
user, a CSRF token that is not a plain string, an engine that shows invalid variables), the
template is rendered as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import urlencode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from translocal.core.contributions import nav_version

HEADER_TEMPLATE = "core/_header.html"
FOOTER_TEMPLATE = "core/_footer.html"
ASSETS_TEMPLATE = "core/_head_assets.html"

#: The marker of a value in a skeleton: letters and digits only, so that escaping, ``urlencode``
#: and URL reversing leave it as it is.
_MARK = "zqxframehole{}zqx"
_MARK_PATTERN = re.compile(r"zqxframehole(\d+)zqx")
NAME, PROFILE_USERNAME, CSRF, LOGIN_NEXT, QUERY, FULL_PATH = range(6)

#: What the CSRF context processor gives without a request (django.template.context_processors).
_NO_TOKEN = "NOTPROVIDED"  # noqa: S105 - not a password

#: Past this many skeletons (states) the kept ones start again: there are at most languages x
#: navigation links x a few flags of them, a few hundred.
MAX_SKELETONS = 512


@dataclass(frozen=True)
class Skeleton:
    """A template's output split at its markers: ``pieces[0] + value(holes[0]) + pieces[1] ...``."""

    pieces: tuple[str, ...]
    holes: tuple[int, ...]

    @classmethod
    def of(cls, html: str) -> Skeleton:
        parts = _MARK_PATTERN.split(html)
        return cls(tuple(parts[0::2]), tuple(int(index) for index in parts[1::2]))

    def fill(self, values: dict[int, str]) -> str:
        out = [self.pieces[0]]
        for hole, piece in zip(self.holes, self.pieces[1:], strict=True):
            out.append(values[hole])
            out.append(piece)
        return "".join(out)


class _MarkedRequest:
    """What the header's templates read of the request, with markers for what varies."""

    def __init__(self, home: bool, resolver_match: Any) -> None:
        self.path = "/" if home else _MARK.format(LOGIN_NEXT)
        self.GET = {"q": _MARK.format(QUERY)}
        self.resolver_match = resolver_match

    def get_full_path(self) -> str:
        return _MARK.format(FULL_PATH)


class _MarkedUser:
    """What the header's templates read of the user, with markers for what varies."""

    def __init__(self, signed_in: bool, staff: bool) -> None:
        self.is_authenticated = signed_in
        self.is_staff = staff
        self.username = _MARK.format(PROFILE_USERNAME)
        self.name = _MARK.format(NAME)


_skeletons: dict[tuple[Any, ...], Skeleton] = {}


def _kept(key: tuple[Any, ...], make: Any) -> Skeleton:
    skeleton = _skeletons.get(key)
    if skeleton is None:
        skeleton = make()
        if len(_skeletons) >= MAX_SKELETONS:
            _skeletons.clear()
        _skeletons[key] = skeleton
    return skeleton


def _included(context: Context, name: str) -> SafeString:
    """``{% include name %}``, as the templates did before."""
    template = context.template.engine.get_template(name)  # type: ignore[union-attr]
    with context.push():
        return template.render(context)


def _common_key(context: Context) -> tuple[Any, ...] | None:
    """The state every skeleton depends on, or None when the template must be rendered."""
    engine = context.template.engine if context.template is not None else None
    if engine is None or engine.debug or settings.DEBUG or engine.string_if_invalid or not context.autoescape:
        return None
    site_name = context.get("SITE_NAME")
    languages = context.get("INTERFACE_LANGUAGES")
    if not isinstance(site_name, str) or not isinstance(languages, list | tuple):
        return None
    return (get_language(), get_script_prefix(), get_urlconf(), site_name, tuple(map(tuple, languages)), id(engine))


@lru_cache(maxsize=4096)
def _profile_url(username: str, script_prefix: str, urlconf: Any) -> str:
    """``{% url 'accounts:profile' username %}`` (escaped as the tag escapes it)."""
    return conditional_escape(reverse("accounts:profile", args=[username]))


def site_header(context: Context) -> SafeString:
    """``core/_header.html`` for this context (module docstring)."""
    common = _common_key(context)
    request = context.get("request")
    user = context.get("user")
    if common is None or request is None or user is None:
        return _included(context, HEADER_TEMPLATE)
    signed_in = bool(user.is_authenticated)
    staff = signed_in and bool(user.is_staff)
    token = ""
    if signed_in:
        lazy_token = context.get("csrf_token")
        token = str(lazy_token) if lazy_token else ""
        if not token or token == _NO_TOKEN:  # {% csrf_token %} would write no input
            return _included(context, HEADER_TEMPLATE)
    home = request.path == "/"
    # Which navigation link is current follows from the view's namespace and URL name alone
    # (translocal.core.templatetags.translocal._is_current).
    resolver_match = getattr(request, "resolver_match", None)
    view = (resolver_match.namespace, resolver_match.url_name) if resolver_match is not None else None
    key = ("header", *common, signed_in, staff, home, nav_version(), view)

    def make() -> Skeleton:
        values = {
            "request": _MarkedRequest(home, resolver_match),
            "user": _MarkedUser(signed_in, staff),
            "csrf_token": _MARK.format(CSRF),
            "SITE_NAME": context.get("SITE_NAME"),
            "INTERFACE_LANGUAGES": context.get("INTERFACE_LANGUAGES"),
        }
        html = context.template.engine.get_template(HEADER_TEMPLATE).render(Context(values))  # type: ignore[union-attr]
        # The profile link is reversed whole for each person (the tag quotes the name in it).
        marked_profile = _profile_url(_MARK.format(PROFILE_USERNAME), get_script_prefix(), get_urlconf())
        return Skeleton.of(html.replace(marked_profile, _MARK.format(PROFILE_USERNAME)))

    skeleton = _kept(key, make)
    values: dict[int, str] = {
        QUERY: render_value_in_context(request.GET.get("q", ""), context),
        FULL_PATH: render_value_in_context(request.get_full_path(), context),
    }
    if signed_in:
        values[NAME] = render_value_in_context(user.name, context)
        values[PROFILE_USERNAME] = _profile_url(user.username, get_script_prefix(), get_urlconf())
        values[CSRF] = conditional_escape(token)
    elif not home:
        values[LOGIN_NEXT] = render_value_in_context(urlencode(request.path), context)
    return mark_safe(skeleton.fill(values))  # noqa: S308 - the template's output, its values escaped as it escapes them


def _constant(context: Context, name: str, *state: Any) -> SafeString:
    """``{% include name %}`` for a template whose output depends on nothing but the state every
    skeleton is kept under (the language, the site's name, the URLs) and ``state``."""
    common = _common_key(context)
    if common is None:
        return _included(context, name)

    def make() -> Skeleton:
        values = {"SITE_NAME": context.get("SITE_NAME"), "INTERFACE_LANGUAGES": context.get("INTERFACE_LANGUAGES")}
        return Skeleton.of(context.template.engine.get_template(name).render(Context(values)))  # type: ignore[union-attr]

    return mark_safe(_kept((name, *common, *state), make).fill({}))  # noqa: S308 - the template's output


def site_footer(context: Context) -> SafeString:
    """``core/_footer.html``: the same for every request in one language (module docstring)."""
    return _constant(context, FOOTER_TEMPLATE)


def site_assets(context: Context) -> SafeString:
    """``core/_head_assets.html``, the icon, stylesheet and scripts every page links: the same for
    every request to one static files storage (a new one, as a test that changes ``STATIC_URL``
    or ``STORAGES`` gets, is a new state)."""
    return _constant(context, ASSETS_TEMPLATE, id(storages["staticfiles"]), settings.STATIC_URL)
