"""Contribution points: how an app adds to pages and menus it does not own.

The pages that gather several apps (home, place, hub, profile, organisation) and the main
navigation ask this registry what to show; they never import the apps that fill them. An app
declares its contributions in a ``contributions.py`` module, which ``CoreConfig.ready()``
imports for every installed app (as Django's admin discovers ``admin.py`` and Wagtail its
``wagtail_hooks.py``). A new pillar plugs in by adding that module; nothing below it changes.

A **section** is a key, an order, a slot of the page, a template (or ``html``, a function
writing the template's bytes in Python for the hottest sections), and a ``context`` callable
``(subject, viewer) -> dict | None`` built on the app's own selectors (None leaves the
section out). The subject is the page's object: None for home, a Place, a Hub, a User, an
Organisation. Sections are *shared* by default: rendered for an anonymous viewer (so only
what everyone may see can reach them) and cacheable with the page's fragment cache. A section
that depends on who is looking (drafts on your own profile) says ``per_viewer=True``: it gets
the real viewer and the request, and is always rendered live.

Selectors behind a section must run a fixed number of queries whatever the data size, and the
templates none: the page query-count tests assert it exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

from .caching import cached_value, scope_versions

#: The pages that take sections, and the slots each one lays out ("head": <link> elements in the
#: page's <head>, such as a pillar's feed autodiscovery).
PAGE_SLOTS: dict[str, tuple[str, ...]] = {
    "home": ("figures", "main", "aside", "wide"),
    "place": ("main", "aside"),
    "hub": ("main", "aside", "head"),
    "profile": ("main", "aside"),
    "organisation": ("main", "aside"),
    # The pages of one entry of the commons: other apps add to their sidebar (related entries).
    "case": ("aside",),
    "method": ("aside",),
    "reflection": ("aside",),
    # Co-production processes and results, and commitments from exchanges (SDG tags and
    # suggestions, "Who else tried this?").
    "process": ("aside",),
    "result": ("aside",),
    "commitment": ("aside",),
}

SectionContext = Callable[[Any, Any], Mapping[str, Any] | None]
#: ``(context) -> HTML``: the section's template rendered in Python (the context the template
#: would get: the section's own, with ``subject`` and ``viewer``), the same bytes.
SectionHtml = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class Section:
    page: str
    key: str
    template: str
    context: SectionContext
    order: int = 100
    slot: str = "main"
    per_viewer: bool = False
    scoped: bool = False
    html: SectionHtml | None = None


@dataclass(frozen=True)
class NavEntry:
    """A link of the main navigation. It is "current" on the views of its URL namespace whose
    URL name starts with one of ``prefixes``."""

    label: str | Promise
    url_name: str
    order: int = 100
    prefixes: tuple[str, ...] = ()

    @property
    def namespace(self) -> str:
        return self.url_name.rpartition(":")[0]


_sections: dict[tuple[str, str], Section] = {}
_nav: dict[str, NavEntry] = {}


def register_section(
    page: str,
    *,
    key: str,
    template: str,
    context: SectionContext,
    order: int = 100,
    slot: str = "main",
    per_viewer: bool = False,
    scoped: bool = False,
    html: SectionHtml | None = None,
) -> Section:
    """Add a section to ``page``. Registering the same (page, key) again replaces it, so a
    module reload in development is harmless.

    ``scoped=True``: the section shows what the page's finer versions follow (the versions an
    app registered for the page with ``core.page_cache.register_page_scope``, such as the home
    page's order of places): its shared HTML is cached apart, keyed on those versions too, so a
    move of one of them re-renders it alone, not the page's other sections.

    ``html``: the template written in Python, used instead of it (the template stays what it
    must give, byte for byte, in each language: a test of the app renders both).

    Raises ValueError for a page or slot that does not exist."""
    if page not in PAGE_SLOTS:
        raise ValueError(f"No page {page!r} takes sections; pages are {', '.join(PAGE_SLOTS)}.")
    if slot not in PAGE_SLOTS[page]:
        raise ValueError(f"The {page} page has no slot {slot!r}; slots are {', '.join(PAGE_SLOTS[page])}.")
    section = Section(
        page=page,
        key=key,
        template=template,
        context=context,
        order=order,
        slot=slot,
        per_viewer=per_viewer,
        scoped=scoped,
        html=html,
    )
    _sections[(page, key)] = section
    return section


def unregister_section(page: str, key: str) -> None:
    _sections.pop((page, key), None)


def sections(page: str) -> list[Section]:
    """The sections of ``page`` in display order (order, then key)."""
    return sorted((s for s in _sections.values() if s.page == page), key=lambda s: (s.order, s.key))


#: Moved by every change to the navigation's links: what is made from them (core.frame's header)
#: is kept under it.
_nav_version = [0]


def register_nav(label: str | Promise, url_name: str, *, order: int = 100, prefixes: tuple[str, ...] = ()) -> NavEntry:
    """Add a link to the main navigation (replacing one with the same URL name)."""
    entry = NavEntry(label=label, url_name=url_name, order=order, prefixes=tuple(prefixes))
    _nav[url_name] = entry
    _nav_version[0] += 1
    return entry


def unregister_nav(url_name: str) -> None:
    if _nav.pop(url_name, None) is not None:
        _nav_version[0] += 1


def nav_entries() -> list[NavEntry]:
    return sorted(_nav.values(), key=lambda e: (e.order, e.url_name))


def nav_version() -> int:
    """A number that changes whenever a navigation link is registered or removed."""
    return _nav_version[0]


def _render(section: Section, subject: Any, viewer: Any, request: HttpRequest | None) -> str:
    context = section.context(subject, viewer)
    if context is None:
        return ""
    if section.html is not None:
        return section.html({**context, "subject": subject, "viewer": viewer})
    return render_to_string(
        section.template, {**context, "subject": subject, "viewer": viewer}, request=request
    )


class PageSections(dict):
    """Slot name -> the HTML of its sections, joined in order; a missing slot is empty."""

    def __missing__(self, slot: str) -> SafeString:
        return SafeString("")


def render_sections(
    page: str,
    *,
    subject: Any,
    request: HttpRequest,
    cache_parts: tuple[Any, ...] | None = None,
    defer_per_viewer: bool = False,
) -> PageSections:
    """Render every section of ``page`` about ``subject`` for ``request.user``.

    With ``cache_parts`` (what identifies the subject, e.g. ``(place.pk,)``), the shared
    sections come from one fragment-cache entry under the content version (core.caching):
    a warm page costs no query for them. The ``scoped`` ones come from a second entry, keyed on
    the request's finer versions as well (``core.caching.scope_versions``). Per-viewer sections
    are always rendered live.

    ``defer_per_viewer=True`` is for sections placed inside a fragment cached for every reader
    (an entry's body): each per-viewer section is left as a marker, which
    ``fill_viewer_sections`` replaces with the section rendered for the reader of each request."""
    page_sections = sections(page)
    shared = [s for s in page_sections if not s.per_viewer]

    def render_shared(chosen: list[Section]) -> Callable[[], dict[str, str]]:
        def render() -> dict[str, str]:
            anonymous = AnonymousUser()
            return {s.key: _render(s, subject, anonymous, None) for s in chosen}

        return render

    if cache_parts is not None and shared:
        plain = [s for s in shared if not s.scoped]
        scoped = [s for s in shared if s.scoped]
        shared_html = cached_value(request, f"sections:{page}", cache_parts, render_shared(plain)) if plain else {}
        if scoped:
            parts = (*cache_parts, *scope_versions(request))
            shared_html = {
                **shared_html,
                **cached_value(request, f"sections:{page}:scoped", parts, render_shared(scoped)),
            }
    else:
        shared_html = render_shared(shared)()

    slots: dict[str, list[str]] = {}
    for section in page_sections:
        if section.per_viewer and defer_per_viewer:
            html = _viewer_mark(page, section.key)
        elif section.per_viewer:
            html = _render(section, subject, request.user, request)
        else:
            html = shared_html.get(section.key, "")
        if html.strip():
            slots.setdefault(section.slot, []).append(html)
    # Our own autoescaping templates produced every piece: joining them is safe.
    return PageSections({slot: mark_safe("".join(parts)) for slot, parts in slots.items()})  # noqa: S308


def _viewer_mark(page: str, key: str) -> str:
    return f"<!--per-viewer-section:{page}:{key}-->"


def section_frame_html(heading_id: str, heading: str, link_html: str, body: str) -> SafeString:
    """A home section's frame as its templates write it, for an ``html`` function: ``<section>``
    labelled by its ``<h2 id=heading_id>``, the "All ..." link (``link_html``: an ``<a>``,
    already escaped) beside it, then ``body`` (already escaped). ``heading`` is a translated
    literal, written as ``{% translate %}`` writes it (not escaped)."""
    return mark_safe(  # noqa: S308 - the caller's values are escaped
        f'\n<section aria-labelledby="{heading_id}">\n  <div class="section-header">\n'
        f'    <h2 id="{heading_id}">{heading}</h2>\n    {link_html}\n  </div>\n  {body}\n</section>\n'
    )


def fill_viewer_sections(html: str, page: str, *, subject: Any, request: HttpRequest) -> SafeString:
    """``html`` (a fragment rendered with ``render_sections(..., defer_per_viewer=True)``, from
    the cache or not) with each per-viewer section of ``page`` rendered for ``request.user``
    where its marker is (nothing when the section has nothing for them)."""
    for section in sections(page):
        mark = _viewer_mark(page, section.key)
        if section.per_viewer and mark in html:
            html = html.replace(mark, _render(section, subject, request.user, request))
    return mark_safe(html)  # noqa: S308 - our own template output, see render_sections
