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
  ``Hub.member_count`` moves one of them: a join, a leave, a removal, an account deleted);
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
    versions = tuple(content_versions(request, [SITE, MEMBERSHIPS_VERSION]))
    # One entry per set of hubs (a page's), holding the versions it was read at: under writes it
    # is replaced, not joined by one more entry a version (a local-memory cache culls its
    # entries beyond a few hundred, and would cull the pages with them).
    key = f"member-counts:{int(total)}:{_digest(','.join(map(str, sorted(hub_ids))))}"
    found = cache.get(key)
    if found is not None and found[0] == versions:
        return found[1], found[2]
    counts, sum_of_all = member_counts(hub_ids, total=total)
    cache.set(key, (versions, counts, sum_of_all), FRAGMENT_TIMEOUT)
    return counts, sum_of_all


def fill_member_counts(request: HttpRequest | None, html: str) -> str:
    """``html`` with every marked member count as the database holds it now (no query when the
    page marks none). A hub no longer found keeps the count it was rendered with (deleting a
    hub moves the site's version anyway). One scan of the page finds every mark."""
    marks = list(_MARKS.finditer(html))
    if not marks:
        return html
    ids: set[int] = set()
    wants_total = False
    for mark in marks:
        pk = mark.group(1) or mark.group(2) or mark.group(3)
        if pk is None:
            wants_total = True
        else:
            ids.add(int(pk))
    counts, total = _counts_at_this_version(request, ids, total=wants_total)
    language = get_language()
    pieces: list[str] = []
    done = 0
    for mark in marks:
        text, number, more, listed = (int(pk) if pk is not None else None for pk in mark.group(1, 2, 3, 4))
        # As member_count_html, member_number_html, more_members_html and memberships_total_html
        # write them (the same phrases), without their checks: this runs on every cached page.
        if text is not None:
            count = counts.get(text)
            if count is None:
                continue
            filled = f'<span data-hub-members="{text}">{_phrase("members", count, language)}</span>'
        elif number is not None:
            count = counts.get(number)
            if count is None:
                continue
            filled = f'<span data-hub-member-number="{number}">{_phrase("number", count, language)}</span>'
        elif more is not None:
            count = counts.get(more, 0) - (listed or 0)
            if count <= 0:
                continue
            filled = (
                f'<span data-hub-more="{more}" data-listed="{listed}">{_phrase("more", count, language)}</span>'
            )
        elif total is not None:
            filled = f'<span data-hub-memberships="total">{_phrase("total", total, language)}</span>'
        else:
            continue
        pieces.append(html[done : mark.start()])
        pieces.append(filled)
        done = mark.end()
    pieces.append(html[done:])
    return "".join(pieces)
