"""Support counts that stay current in cached pages.

A busy supports phase moves a proposal's count several times a second. Pages that show many
proposals (the proposal list, a result's sources, a profile's "what happened to my proposals")
would be re-rendered after every support if they were keyed on the counts. Instead the count is
rendered in a marked ``<span>`` (``support_count_html``, used by the ``{% support_count %}`` tag),
the cached page is keyed on everything else it shows, and ``fill_support_counts`` rewrites the
marked counts from the database (one query for the proposals on the page) each time the page is
served from the anonymous page cache (``core.page_cache.cache_for_anonymous(live=...)``).

The rewritten text is the same function's output as a fresh render, in the active language, so
a page served from the cache after a support reads exactly as a page rendered at that moment."""

from __future__ import annotations

import re

from django.db import connections, router
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from translocal.core.page_cache import MarkedFigures

from .models import Proposal

_PROPOSAL = Proposal._meta.db_table
#: The marked count of proposal N as support_count_html writes it (its text has no "<").
_MARKED = re.compile(r'<span data-support-count="(\d+)">[^<]*</span>')
#: The marks a page can hold (the list shows 20 proposals a page; a profile or result a few).
_MAX_MARKED = 500


def support_count_html(proposal_id: int, count: int) -> SafeString:
    """``<span data-support-count="ID">N supports</span>`` in the active language (the plural
    forms of the "%(n)s support" message the templates used)."""
    text = ngettext("%(n)s support", "%(n)s supports", count) % {"n": localize(count)}
    return mark_safe(f'<span data-support-count="{int(proposal_id)}">{escape(text)}</span>')  # noqa: S308 - escaped


def support_counts(proposal_ids: set[int]) -> dict[int, int]:
    """The stored support counts of ``proposal_ids`` (one query; ids not found are left out).
    Plain SQL: it runs on every cached page that shows counts, where compiling the ORM query
    would cost more than the database does."""
    ids = sorted(proposal_ids)[:_MAX_MARKED]
    if not ids:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    with connections[router.db_for_read(Proposal)].cursor() as cursor:
        cursor.execute(f"SELECT id, support_count FROM {_PROPOSAL} WHERE id IN ({placeholders})", ids)  # noqa: S608
        return dict(cursor.fetchall())


def _locate_support_marks(html: str) -> list[tuple[int, int, int]]:
    """Where ``html``'s marked support counts are, each with its proposal's id: one scan."""
    return [(match.start(), match.end(), int(match.group(1))) for match in _MARKED.finditer(html)]


def _support_mark_texts(request: HttpRequest | None, marks: list[int]) -> list[str | None]:
    """Each marked count as the database holds it now (one query); None (kept as rendered)
    for a proposal no longer found (its deletion moves the page's versions anyway)."""
    counts = support_counts(set(marks))
    return [support_count_html(pk, counts[pk]) if pk in counts else None for pk in marks]


#: ``(request, html) -> html``: ``html`` with every marked support count as the database holds
#: it now (no query when the page marks none). The page cache finds the marks once, when it
#: stores a page (core.page_cache.MarkedFigures), and writes their texts each time it serves it.
fill_support_counts = MarkedFigures(_locate_support_marks, _support_mark_texts)
