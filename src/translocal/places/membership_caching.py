"""What a join or a leave changes on cached pages, and nothing more.

A busy hub takes joins and leaves several times a second across the network. The pages that
show memberships would be re-rendered after each one if they were keyed on the memberships
area (places.apps.MEMBERSHIPS_AREA). Instead they leave that area out of their key
(``core.page_cache.cache_for_anonymous(unkeyed_areas=...)``) and follow what each shows:

- **member counts** ("12 members" on the home page and a place's hubs, a hub's "Members" figure,
  the network's "1,234 hub memberships") are rendered marked (``member_count_html``,
  ``memberships_total_html``, the ``{% hub_members %}`` tags) and ``fill_member_counts`` rewrites
  them each time a cached page is served: the text is the same function's output as a fresh
  render, in the active language, and the counts come from one query, kept in the cache until
  the memberships area's or the site's version moves (every path that changes a
  ``Hub.member_count`` moves one of them: a join, a leave, a removal, an account deleted); a
  hub's own page keeps its one count under that hub's version (``hub_members_version_name``)
  and the site's instead, so joins elsewhere leave it as read;
- **a hub's member list** is keyed on that hub's own version (``hub_version_name``), which a
  join or a leave moves only when the list changes (its "And N more members." is live);
- **a person's hubs** on their profile are keyed on that person's own version
  (``member_version_name``);
- **the order of the home page's places and hubs** (busiest first) on ``RANKING_VERSION``, which
  a join or leave moves only when it changes that order (``services``).

A count marker typed by a user never gets here: Markdown is sanitised (no ``<span>``, no data
attributes) and plain text is escaped."""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connections, router
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from translocal.core.caching import FRAGMENT_TIMEOUT, SITE, area_version_name, content_versions
from translocal.core.page_cache import MarkedFigures

from .apps import MEMBERSHIPS_AREA
from .models import Hub

_HUB = Hub._meta.db_table

#: What every join, leave and removal moves (services): the key of the counts kept in the cache.
MEMBERSHIPS_VERSION = area_version_name(MEMBERSHIPS_AREA)

#: The order of the home page's places and their hubs (places.selectors.home_ranking).
RANKING_VERSION = "memberships:ranking"

#: Every mark a page may hold, in one pattern (one scan of the page): a hub's "N members" (group
#: 1: the hub's id), its bare number (2), "And N more members." (3: the hub, 4: the people
#: listed) and the home page's total (no group).
_MARKS = re.compile(
    r'<span data-hub-(?:members="(\d+)">[^<]*</span>'
    r'|member-number="(\d+)">[^<]*</span>'
    r'|more="(\d+)" data-listed="(\d+)">[^<]*</span>'
    r'|memberships="total"><span class="stats__number">[^<]*</span>[^<]*</span>)'
)
#: The marks a page can hold (the home page shows a few dozen hubs, a place page its hubs).
_MAX_MARKED = 500


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def hub_version_name(slug: str) -> str:
    """The version of what a join, a leave or a role change in the hub ``slug`` changes on its
    page (its member list): ``hub:<digest of the slug>`` (version names are short)."""
    return f"hub:{_digest(slug)}"


def hub_members_version_name(slug: str) -> str:
    """The version of the hub ``slug``'s member count: every join, leave and removal there
    moves it (``services``), and its page keeps its live count under it (with the site's),
    so a join in another hub leaves that count as read: ``hub-members:<digest of the slug>``."""
    return f"hub-members:{_digest(slug)}"


#: Where a hub's page leaves the name of its member count's version for ``fill_member_counts``.
_ONE_HUB_ATTR = "_translocal_hub_members_version"


def hub_page_live_versions(request: HttpRequest, slug: str) -> list[str]:
    """The versions a hub page's live figures are kept under (``cache_for_anonymous(
    live_versions=...)``): its member count's, read with the page's versions. Every mark of
    that page is of that hub: the page of a slug shows the hub the slug names at the site's
    version it is keyed on (a hub's slug never changes; a hub deleted moves the site's)."""
    name = hub_members_version_name(slug)
    setattr(request, _ONE_HUB_ATTR, name)
    return [name]


def member_version_name(username: str) -> str:
    """The version of the hubs and roles person ``username``'s profile shows:
    ``member:<digest of the username>``."""
    return f"member:{_digest(username)}"


#: The escaped phrases already made: ``(kind, language, number) -> text``. A phrase depends on
#: nothing else (the catalogs and formats of a language are fixed in a running process; a test
#: that overrides a setting empties it), so a page served from the cache with a dozen counts
#: formats none of them again (``ngettext`` and ``localize`` cost about 20 µs a count).
_PHRASES: dict[tuple[str, str | None, int], str] = {}
#: Enough for every count a site shows in a few languages; emptied beyond (a plain bound).
_MAX_PHRASES = 20_000


def _phrase(kind: str, n: int, language: str | None) -> str:
    """The escaped text of a mark of ``kind`` showing ``n`` in ``language``, the active one."""
    key = (kind, language, n)
    text = _PHRASES.get(key)
    if text is None:
        if kind == "members":
            text = escape(ngettext("%(n)s member", "%(n)s members", n) % {"n": localize(n)})
        elif kind == "number":
            text = escape(localize(n))
        elif kind == "more":
            text = escape(ngettext("And %(n)s more member.", "And %(n)s more members.", n) % {"n": localize(n)})
        else:  # "total": the number (intcomma), then the words, as the home page's figures show them
            label = ngettext("hub membership", "hub memberships", n)
            text = f'<span class="stats__number">{escape(intcomma(n))}</span> {escape(label)}'
        if len(_PHRASES) >= _MAX_PHRASES:
            _PHRASES.clear()
        _PHRASES[key] = text
    return text


@receiver(setting_changed)
def _forget_phrases(**kwargs: object) -> None:
    """A test that overrides a setting (the thousand separator, the languages) gets new phrases."""
    _PHRASES.clear()


def member_count_html(hub_id: int, count: int) -> SafeString:
    """``<span data-hub-members="ID">N members</span>`` in the active language (the plural forms
    of the "{{ n }} member" message the templates used)."""
    return mark_safe(f'<span data-hub-members="{int(hub_id)}">{_phrase("members", count, get_language())}</span>')  # noqa: S308 - escaped


def member_number_html(hub_id: int, count: int) -> SafeString:
    """``<span data-hub-member-number="ID">N</span>``: the bare figure, localised as ``{{ n }}``."""
    return mark_safe(f'<span data-hub-member-number="{int(hub_id)}">{_phrase("number", count, get_language())}</span>')  # noqa: S308


def more_members_html(hub_id: int, listed: int, count: int) -> SafeString:
    """"And N more members." under a hub's member list, where N is ``count`` (the hub's members)
    less ``listed`` (the people the list shows), marked so that a join or a leave of someone the
    list does not show leaves the list cached (services move the hub's version only when the
    list changes or N would reach 0, which removes the sentence)."""
    text = _phrase("more", count - listed, get_language())
    return mark_safe(f'<span data-hub-more="{int(hub_id)}" data-listed="{int(listed)}">{text}</span>')  # noqa: S308


def memberships_total_html(total: int) -> SafeString:
    """The home page's figure: the number (``intcomma``) and "hub membership(s)", marked."""
    return mark_safe(f'<span data-hub-memberships="total">{_phrase("total", total, get_language())}</span>')  # noqa: S308 - escaped


def member_counts(hub_ids: set[int], *, total: bool) -> tuple[dict[int, int], int | None]:
    """The stored member counts of ``hub_ids`` and, with ``total``, their sum over every hub: one
    query (plain SQL: it runs on every cached page that shows counts). Hubs not found are left
    out; the total is None unless asked for."""
    ids = sorted(hub_ids)[:_MAX_MARKED]
    parts, params = [], []
    if ids:
        parts.append(f"SELECT id, member_count FROM {_HUB} WHERE id IN ({', '.join(['%s'] * len(ids))})")  # noqa: S608
        params.extend(ids)
    if total:
        parts.append(f"SELECT 0, COALESCE(SUM(member_count), 0) FROM {_HUB}")  # noqa: S608 - ids start at 1
    if not parts:
        return {}, None
    with connections[router.db_for_read(Hub)].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = dict(cursor.fetchall())
    found_total = rows.pop(0, None) if total else None
    return rows, (int(found_total) if found_total is not None else None)


def _counts_at_this_version(
    request: HttpRequest | None, hub_ids: set[int], *, total: bool
) -> tuple[dict[int, int], int | None]:
    """``member_counts``, kept in the cache under the versions every change of a count moves:
    the memberships area's (joins, leaves, removals: ``services``) and the site's (a hub
    created or deleted, an account deleted with its memberships). The request has read both
    already (the page cache's one query), so while nobody joins or leaves a cached page shows
    its counts with no query of its own; after a join, the first page asks the database again.
    A count read after a version is filed under it: the version moves only after the write's
    commit, so what is filed under it is never older than the write that set it."""
    if request is None or not settings.FRAGMENT_CACHE:
        return member_counts(hub_ids, total=total)
    # A hub's own page (its marks are all of that hub) keeps its count under that hub's own
    # version, read with the page's: a join elsewhere leaves it as read.
    one_hub = getattr(request, _ONE_HUB_ATTR, None) if len(hub_ids) == 1 and not total else None
    versions = tuple(content_versions(request, [SITE, one_hub or MEMBERSHIPS_VERSION]))
    # One entry per set of hubs (a page's), holding the versions it was read at: under writes it
    # is replaced, not joined by one more entry a version (a local-memory cache culls its
    # entries beyond a few hundred, and would cull the pages with them).
    kind = "hub" if one_hub else "all"
    key = f"member-counts:{kind}:{int(total)}:{_digest(','.join(map(str, sorted(hub_ids))))}"
    found = cache.get(key)
    if found is not None and found[0] == versions:
        return found[1], found[2]
    counts, sum_of_all = member_counts(hub_ids, total=total)
    cache.set(key, (versions, counts, sum_of_all), FRAGMENT_TIMEOUT)
    return counts, sum_of_all


def _locate_member_marks(html: str) -> list[tuple[int, int, tuple[str, int, int]]]:
    """Where ``html``'s member count marks are, each as ``(kind, hub id, people listed)``
    ("members", "number", "more" or "total"; 0 where a kind has no such value): one scan."""
    spans: list[tuple[int, int, tuple[str, int, int]]] = []
    for mark in _MARKS.finditer(html):
        text, number, more, listed = mark.group(1, 2, 3, 4)
        if text is not None:
            found = ("members", int(text), 0)
        elif number is not None:
            found = ("number", int(number), 0)
        elif more is not None:
            found = ("more", int(more), int(listed))
        else:
            found = ("total", 0, 0)
        spans.append((mark.start(), mark.end(), found))
    return spans


def _member_mark_texts(request: HttpRequest | None, marks: list[tuple[str, int, int]]) -> list[str | None]:
    """Each mark of ``_locate_member_marks`` as the database holds its count now, in the active
    language: the counts come from one query, or none while the versions they were read at
    hold. None (the mark kept as rendered) for a hub no longer found and for an "And N more"
    that would say 0 or fewer."""
    ids = {hub for kind, hub, _listed in marks if kind != "total"}
    wants_total = any(kind == "total" for kind, _hub, _listed in marks)
    counts, total = _counts_at_this_version(request, ids, total=wants_total)
    language = get_language()
    texts: list[str | None] = []
    for kind, hub, listed in marks:
        # As member_count_html, member_number_html, more_members_html and memberships_total_html
        # write them (the same phrases), without their checks: this runs on every cached page.
        filled: str | None = None
        if kind == "total":
            if total is not None:
                filled = f'<span data-hub-memberships="total">{_phrase("total", total, language)}</span>'
        elif kind == "more":
            more = counts.get(hub, 0) - listed
            if more > 0:
                filled = f'<span data-hub-more="{hub}" data-listed="{listed}">{_phrase("more", more, language)}</span>'
        elif (count := counts.get(hub)) is not None:
            if kind == "members":
                filled = f'<span data-hub-members="{hub}">{_phrase("members", count, language)}</span>'
            else:
                filled = f'<span data-hub-member-number="{hub}">{_phrase("number", count, language)}</span>'
        texts.append(filled)
    return texts


#: ``(request, html) -> html``: ``html`` with every marked member count as the database holds
#: it now (no query when the page marks none). A hub no longer found keeps the count it was
#: rendered with (deleting a hub moves the site's version anyway). One scan of the page finds
#: every mark; the page cache finds them once, when it stores a page (core.page_cache).
fill_member_counts = MarkedFigures(_locate_member_marks, _member_mark_texts)
