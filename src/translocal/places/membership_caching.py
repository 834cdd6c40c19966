"""What a join or a leave changes on cached pages, and nothing more.

A busy hub takes joins and leaves several times a second across the network. The pages that
show memberships would be re-rendered after each one if they were keyed on the memberships
area (places.apps.MEMBERSHIPS_AREA). Instead they leave that area out of their key
(``core.page_cache.cache_for_anonymous(unkeyed_areas=...)``) and follow what each shows:

- **member counts** ("12 members" on the home page and a place's hubs, a hub's "Members" figure,
  the network's "1,234 hub memberships") are rendered marked (``member_count_html``,
  ``memberships_total_html``, the ``{% hub_members %}`` tags) and ``fill_member_counts`` rewrites
  them from one query each time a cached page is served: the text is the same function's output
  as a fresh render, in the active language;
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

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import connections, router
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from .models import Hub

_HUB = Hub._meta.db_table

#: The order of the home page's places and their hubs (places.selectors.home_ranking).
RANKING_VERSION = "memberships:ranking"

_TEXT = re.compile(r'<span data-hub-members="(\d+)">[^<]*</span>')
_NUMBER = re.compile(r'<span data-hub-member-number="(\d+)">[^<]*</span>')
_MORE = re.compile(r'<span data-hub-more="(\d+)" data-listed="(\d+)">[^<]*</span>')
_TOTAL = re.compile(r'<span data-hub-memberships="total"><span class="stats__number">[^<]*</span>[^<]*</span>')
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


def member_count_html(hub_id: int, count: int) -> SafeString:
    """``<span data-hub-members="ID">N members</span>`` in the active language (the plural forms
    of the "{{ n }} member" message the templates used)."""
    text = ngettext("%(n)s member", "%(n)s members", count) % {"n": localize(count)}
    return mark_safe(f'<span data-hub-members="{int(hub_id)}">{escape(text)}</span>')  # noqa: S308 - escaped


def member_number_html(hub_id: int, count: int) -> SafeString:
    """``<span data-hub-member-number="ID">N</span>``: the bare figure, localised as ``{{ n }}``."""
    return mark_safe(f'<span data-hub-member-number="{int(hub_id)}">{escape(localize(count))}</span>')  # noqa: S308


def more_members_html(hub_id: int, listed: int, count: int) -> SafeString:
    """"And N more members." under a hub's member list, where N is ``count`` (the hub's members)
    less ``listed`` (the people the list shows), marked so that a join or a leave of someone the
    list does not show leaves the list cached (services move the hub's version only when the
    list changes or N would reach 0, which removes the sentence)."""
    n = count - listed
    text = ngettext("And %(n)s more member.", "And %(n)s more members.", n) % {"n": localize(n)}
    return mark_safe(  # noqa: S308 - escaped
        f'<span data-hub-more="{int(hub_id)}" data-listed="{int(listed)}">{escape(text)}</span>'
    )


def memberships_total_html(total: int) -> SafeString:
    """The home page's figure: the number (``intcomma``) and "hub membership(s)", marked."""
    label = ngettext("hub membership", "hub memberships", total)
    return mark_safe(  # noqa: S308 - escaped
        f'<span data-hub-memberships="total"><span class="stats__number">{escape(intcomma(total))}</span>'
        f" {escape(label)}</span>"
    )


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


def fill_member_counts(request: HttpRequest, html: str) -> str:
    """``html`` with every marked member count as the database holds it now (no query when the
    page marks none). A hub no longer found keeps the count it was rendered with (deleting a
    hub moves the site's version anyway)."""
    text_ids = {int(pk) for pk in _TEXT.findall(html)}
    number_ids = {int(pk) for pk in _NUMBER.findall(html)}
    more_ids = {int(pk) for pk, _listed in _MORE.findall(html)}
    wants_total = _TOTAL.search(html) is not None
    if not text_ids and not number_ids and not more_ids and not wants_total:
        return html
    counts, total = member_counts(text_ids | number_ids | more_ids, total=wants_total)

    def text(match: re.Match[str]) -> str:
        pk = int(match.group(1))
        return member_count_html(pk, counts[pk]) if pk in counts else match.group(0)

    def number(match: re.Match[str]) -> str:
        pk = int(match.group(1))
        return member_number_html(pk, counts[pk]) if pk in counts else match.group(0)

    def more(match: re.Match[str]) -> str:
        pk, listed = int(match.group(1)), int(match.group(2))
        return more_members_html(pk, listed, counts[pk]) if counts.get(pk, 0) > listed else match.group(0)

    html = _TEXT.sub(text, html) if text_ids else html
    html = _NUMBER.sub(number, html) if number_ids else html
    html = _MORE.sub(more, html) if more_ids else html
    if total is not None:
        filled = memberships_total_html(total)
        html = _TOTAL.sub(lambda _match: filled, html)
    return html
