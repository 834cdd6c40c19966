"""Lists of entries (cases, reflections, methods) built without the template engine.

``core/_entry_list.html`` describes such a list: each entry's title linked to its page, its
listed date (or its status, on one's own profile) and its summary, in the reader's language. A
place page shows two of them (ten cases, ten reflections), a hub page two, a profile three;
including the template cost about a tenth of a millisecond per entry in variable look-ups and
context pushes. ``entry_list_html`` gives the same bytes (tests/core/test_entry_lists.py renders
both for entries in every shape, in English, Spanish and Swedish) with the same message id, so
the catalogues translate both. Values are escaped as ``{{ }}`` escapes them; the translation of
the literal is not, as ``{% translate %}`` of a literal does not escape it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.template.defaultfilters import truncatewords
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .template_values import escaped


def _entry_html(entry: Any, heading: str, show_status: bool) -> str:
    url = escaped(entry.get_absolute_url())
    language = entry.display_language
    lang = f' lang="{escaped(language)}"' if language else ""
    title = escaped(entry.display_title or entry.title)
    parts = [
        f'\n  <li class="card">\n    <{heading} class="card__title"><a href="{url}"{lang}>{title}</a></{heading}>\n    '
    ]
    if show_status and entry.status != "published":
        status = escaped(entry.get_status_display())
        parts.append(f'<p class="card__meta meta"><strong class="badge badge--draft">{status}</strong></p>')
    elif date := entry.listed_date:
        parts.append(f'<p class="card__meta meta">{escaped(date.html)}</p>')
    parts.append("\n    ")
    if summary := (entry.display_summary or entry.summary):
        parts.append(f'<p class="card__summary"{lang}>{escaped(truncatewords(summary, 40))}</p>')
    parts.append("\n  </li>\n  ")
    return "".join(parts)


def entry_list_html(
    entries: Iterable[Any], *, heading_level: int | str = 2, empty: str = "", show_status: bool = False
) -> SafeString:
    """``{% include "core/_entry_list.html" with entries=... heading_level=... empty=...
    show_status=... %}`` for ``entries`` (objects with ``get_absolute_url``, ``title``,
    ``summary``, ``status``, ``display_title``, ``display_summary``, ``display_language`` and
    ``listed_date``, as knowledge's entries have), in the active language: the cards in a list,
    each title an ``<h3>`` when ``heading_level`` is 3 and an ``<h2>`` otherwise; a draft's
    status instead of its date when ``show_status``; ``empty`` (else "Nothing here yet.") when
    there are none. Reads only what the template reads, so it costs the same queries."""
    entries = list(entries)
    if not entries:
        message = escaped(empty) if empty else gettext("Nothing here yet.")
        return mark_safe(f'\n<p class="empty">{message}</p>\n\n')  # noqa: S308 - escaped above
    heading = "h3" if heading_level == 3 else "h2"
    cards = "".join(_entry_html(entry, heading, bool(show_status)) for entry in entries)
    return mark_safe(f'\n<ul class="card-list">\n  {cards}\n</ul>\n\n')  # noqa: S308 - every value is escaped
