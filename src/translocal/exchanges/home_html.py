"""The home page's upcoming exchanges written in Python: the same bytes as
``exchanges/sections/home_exchanges.html`` in the active language, with the same message ids
(tests/core/test_home_page_reads.py renders both ways in English, Spanish and Swedish, with
data and empty). Values are escaped as ``{{ }}`` escapes them; translations of literals are
not, as ``{% translate %}`` of a literal does not escape its translation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from translocal.core.template_values import escaped, short_date
from translocal.core.templatetags.translocal import link

from .place_html import entry_link


def _row(exchange: Any) -> str:
    where = f" · {escaped(exchange.place.name)}" if exchange.place else ""
    when = short_date(exchange.starts_on)
    return f'<li>{entry_link(exchange, exchange.title)} <span class="meta">{when}{where}</span></li>'


def upcoming_exchanges_html(context: Mapping[str, Any]) -> SafeString:
    """``exchanges/sections/home_exchanges.html`` for ``context["exchanges"]`` (as
    ``selectors.upcoming_public_exchanges`` gives them: with their place)."""
    exchanges = context["exchanges"]
    if exchanges:
        body = f'<ul class="plain-list">{"".join(_row(e) for e in exchanges)}</ul>'
    else:
        body = f'<p class="empty">{gettext("No upcoming exchanges yet.")}</p>'
    return mark_safe(  # noqa: S308 - every value is escaped
        '<section aria-labelledby="home-exchanges-title">\n'
        f'  <h2 class="aside-title" id="home-exchanges-title">{gettext("Upcoming exchanges")}</h2>\n'
        f"  {body}\n"
        f'  <p><a href="{escaped(link("exchanges:exchange-list"))}">{gettext("All exchanges")}</a></p>\n'
        "</section>\n"
    )
