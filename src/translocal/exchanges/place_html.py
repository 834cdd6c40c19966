"""A place page's and a hub page's exchanges sections written in Python: the same bytes as
``exchanges/sections/place_exchanges.html`` and ``hub_exchanges.html`` in the active language,
with the same message ids (tests/exchanges/test_place_html.py renders both ways in English,
Spanish and Swedish, with data and empty). Thirty rows of links, dates and plural counts were
about a fifth of a cold place page's CPU in the template. Values are escaped as ``{{ }}``
escapes them; translations of literals are not, as ``{% translate %}`` of a literal does not
escape its translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from translocal.core.links import url_for
from translocal.core.template_values import escaped, integer_text, short_date
from translocal.core.templatetags.translocal import link


def entry_link(entry: Any, title: Any) -> str:
    """``<a href="{{ entry.get_absolute_url }}">{{ title }}</a>``."""
    return f'<a href="{escaped(entry.get_absolute_url())}">{escaped(title)}</a>'


def _list(list_id: str, heading: str, rows: str) -> str:
    """A part's heading (a translated literal) and its list, labelled by the heading."""
    return f'<h3 id="{list_id}">{heading}</h3>\n  <ul class="plain-list" aria-labelledby="{list_id}">{rows}</ul>'


def _hosted(exchanges: list[Any]) -> str:
    rows = "".join(
        f'<li>{entry_link(e, e.title)} <span class="meta">{short_date(e.starts_on)}</span></li>' for e in exchanges
    )
    impact = url_for("exchanges:place-impact", slug=exchanges[0].place.slug)
    return (
        _list("place-exchanges-hosted", gettext("Exchanges hosted here"), rows)
        + f'\n  <p><a href="{escaped(impact)}">{gettext("Impact of the exchanges hosted here")}</a></p>'
    )


def _attended_row(exchange: Any) -> str:
    where = f"{escaped(exchange.place.name)} · " if exchange.place else ""
    count = exchange.delegates_from_place
    delegates = ngettext("%(counter)s delegate from here", "%(counter)s delegates from here", count) % {
        "counter": integer_text(count)
    }
    return (
        f'<li>{entry_link(exchange, exchange.title)} <span class="meta">{where}{short_date(exchange.starts_on)} · '
        f"{delegates}</span></li>"
    )


def _lesson_row(lesson: Any) -> str:
    exchange = entry_link(lesson.exchange, lesson.exchange.title)
    return f'<li>{escaped(lesson.title)} <span class="meta">{exchange}</span></li>'


def place_exchanges_html(context: Mapping[str, Any]) -> SafeString:
    """``exchanges/sections/place_exchanges.html`` for ``context``'s ``exchanges`` (hosted at
    the place, with their place), ``attended`` (with ``place`` and ``delegates_from_place``)
    and ``lessons`` (with their ``exchange``), as ``contributions`` reads them."""
    exchanges, attended, lessons = context["exchanges"], context["attended"], context["lessons"]
    if not (exchanges or attended or lessons):
        return mark_safe("\n")  # noqa: S308 - a constant
    parts = [
        '<section aria-labelledby="place-exchanges-title">\n'
        f'  <h2 class="aside-title" id="place-exchanges-title">{gettext("Exchanges")}</h2>\n  '
    ]
    if exchanges:
        parts.append(_hosted(exchanges))
    parts.append("\n  ")
    if attended:
        rows = "".join(_attended_row(e) for e in attended)
        parts.append(_list("place-exchanges-attended", gettext("Exchanges people from here took part in"), rows))
    parts.append("\n  ")
    if lessons:
        rows = "".join(_lesson_row(lesson) for lesson in lessons)
        parts.append(_list("place-lessons", gettext("Lessons others took from here"), rows))
    parts.append(
        f'\n  <p><a href="{escaped(link("exchanges:network"))}">{gettext("The network: who visited whom")}</a></p>\n'
        "</section>\n"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


def hub_exchanges_html(context: Mapping[str, Any]) -> SafeString:
    """``exchanges/sections/hub_exchanges.html`` for ``context``'s ``hub`` (its slug in the
    impact and calendar links) and ``exchanges`` (hosted by it, with their dates), as
    ``contributions`` reads them."""
    exchanges = list(context["exchanges"])
    slug = context["hub"].slug
    if exchanges:
        rows = "".join(
            f'<li>{entry_link(e, e.title)} <span class="meta">{short_date(e.starts_on)}</span></li>' for e in exchanges
        )
        listed = f'<ul class="plain-list">{rows}</ul>'
        impact = url_for("exchanges:hub-impact", slug=slug)
        impact_text = gettext("Impact of this hub's exchanges")
        impact_link = f'<p><a href="{escaped(impact)}">{impact_text}</a></p>'
    else:
        listed = f'<p class="empty">{gettext("None yet.")}</p>'
        impact_link = ""
    calendar = escaped(url_for("exchanges:calendar-hub", slug=slug))
    calendar_text = gettext("Calendar of this hub's exchanges (iCalendar)")
    return mark_safe(  # noqa: S308 - every value is escaped
        '<section aria-labelledby="hub-exchanges-title">\n'
        f'  <h2 class="aside-title" id="hub-exchanges-title">{gettext("Exchanges hosted by this hub")}</h2>\n'
        f"  {listed}\n  {impact_link}\n"
        f'  <p><a href="{calendar}">{calendar_text}</a></p>\n'
        "</section>\n"
    )
