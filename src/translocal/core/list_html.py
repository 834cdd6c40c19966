"""The pieces around a list's results built without the template engine: the filter panel
(``core/_filter_panel.html``), the controls above the results (``core/_list_controls.html``)
and the page links (``core/_pagination.html``).

Each function gives the same bytes as its template included with the same context
(tests/core/test_list_html.py renders both for lists in every state, in English, Spanish and
Swedish), with the same message ids, so the catalogues translate both. The case list, the
commonest cold page, renders them on every request: the three includes and their 200-odd
nodes were about a sixth of its CPU (bench/README.md, "Cold case list at 1x"). Values are
escaped as ``{{ }}`` escapes them and numbers written as it writes them
(core.template_values); messages are not escaped, as ``{% translate %}`` of a literal and
``{% blocktranslate %}`` do not escape their translation.

The templates stay the description of the markup: change a template and its function together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from .listing import Facet, ListControls, query_with
from .pagination import Page
from .template_values import escaped, integer_text
from .templatetags.translocal import facet_options


def filter_panel_html(
    *,
    controls: ListControls,
    facets: Sequence[Facet],
    params: Mapping[str, Any],
    filter_title: str,
    search_label: str = "",
    search_hint: str = "",
) -> SafeString:
    """``{% include "core/_filter_panel.html" %}`` with these ``controls``, ``facets``,
    ``filter_title``, ``search_label`` and ``search_hint`` (texts as the template receives them:
    a translation is not escaped) and ``request.GET`` as ``params``."""
    esc = escaped
    title = esc(filter_title)
    chosen = ""
    if controls.chips:
        n = len(controls.chips)
        count = ngettext("(%(n)s chosen)", "(%(n)s chosen)", n) % {"n": integer_text(n)}
        chosen = f' <span class="filter-panel__chosen">{count}</span>'
    parts = [
        '\n<aside class="layout-aside filter-panel" aria-labelledby="filter-title">\n'
        f'  <a class="skip-to-results" href="#results">{gettext("Skip to results")}</a>\n'
        f'  <h2 id="filter-title" class="filter-panel__title">{title}</h2>\n'
        '  <details class="filter-panel__details" open data-filter-panel>\n'
        f'    <summary class="filter-panel__toggle">{title}{chosen}</summary>\n'
        f'    <form class="facets" method="get" action="{esc(controls.path)}" data-list-filters data-hx-boost="true">\n'
        "      "
    ]
    if search_label:
        hint = f'<p class="hint" id="list-q-hint">{esc(search_hint)}</p>' if search_hint else ""
        described = ' aria-describedby="list-q-hint"' if search_hint else ""
        parts.append(
            "\n"
            '      <div class="form-group facet-search">\n'
            f'        <label class="label" for="list-q">{esc(search_label)}</label>\n'
            f"        {hint}\n"
            f'        <input class="input" type="search" id="list-q" name="q" value="{esc(controls.search)}" '
            f'maxlength="200"{described}>\n'
            "      </div>\n"
            "      "
        )
    parts.append("\n      ")
    sort = _get(params, "sort")
    if controls.sort.value and sort:
        parts.append(f'<input type="hidden" name="sort" value="{esc(sort)}">')
    parts.append("\n      ")
    for facet in facets:
        if not facet.options:
            continue
        shown, more = facet.shown, facet.more
        label = esc(facet.label)
        parts.append(
            "\n"
            '      <fieldset class="facet">\n'
            f"        <legend>{label}</legend>\n"
            f"        \n        {facet_options(facet, shown)}\n        "
        )
        if more:
            number = gettext("Show %(number)s more") % {"number": integer_text(len(more))}
            parts.append(
                "\n"
                "        <details>\n"
                f'          <summary>{number} <span class="visually-hidden">{label}</span></summary>\n'
                f"          {facet_options(facet, more, len(shown))}\n"
                "        </details>\n"
                "        "
            )
        parts.append("\n      </fieldset>\n      ")
    parts.append(
        "\n"
        f'      <button class="button" type="submit" id="list-apply">{gettext("Apply filters")}</button>\n'
        "    </form>\n"
        "  </details>\n"
        "</aside>\n"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _get(params: Mapping[str, Any], key: str) -> Any:
    """``{{ request.GET.key }}``: the last value of ``key``, or "" (the template's invalid value)."""
    try:
        return params[key]
    except (KeyError, TypeError):
        return ""


def list_controls_html(controls: ListControls) -> SafeString:
    """``{% include "core/_list_controls.html" %}`` with these ``controls``."""
    esc = escaped
    parts = [
        "\n"
        '<div class="list-controls">\n'
        '  <h2 id="results" class="list-controls__count" tabindex="-1" data-list-count>'
        f"{esc(controls.count_text)}</h2>\n"
        "  "
    ]
    if len(controls.sorts) > 1:
        carried = "".join(
            f'<input type="hidden" name="{esc(key)}" value="{esc(value)}">' for key, value in controls.carried
        )
        chosen = controls.sort.value
        options = "".join(
            f'<option value="{esc(option.value)}"{" selected" if option.value == chosen else ""}>'
            f"{esc(option.label)}</option>"
            for option in controls.sorts
        )
        parts.append(
            "\n"
            f'  <form class="sort-form" method="get" action="{esc(controls.path)}" data-hx-boost="true">\n'
            f"    {carried}\n"
            f'    <label for="list-sort">{gettext("Sort by")}</label>\n'
            f'    <select class="select" id="list-sort" name="sort">{options}</select>\n'
            '    <button class="button button--secondary" type="submit" id="list-sort-apply">'
            f'{gettext("Sort")}</button>\n'
            "  </form>\n"
            "  "
        )
    parts.append("\n</div>\n")
    if controls.chips:
        remove = gettext("Remove this filter:")
        chips = "".join(
            f'<li><a class="chip" href="{esc(chip.remove_url)}"><span class="visually-hidden">{remove} </span>'
            f'{esc(chip.group)}: {esc(chip.label)}<span class="chip__remove" aria-hidden="true">×</span></a></li>\n'
            "    "
            for chip in controls.chips
        )
        parts.append(
            "\n"
            '<div class="selected-filters" data-hx-boost="true">\n'
            f'  <h3 class="selected-filters__title">{gettext("Selected filters")}</h3>\n'
            '  <ul class="chip-list">\n'
            f"    {chips}\n"
            "  </ul>\n"
            f'  <p class="selected-filters__clear"><a href="{esc(controls.clear_url)}">'
            f'{gettext("Clear all filters")}</a></p>\n'
            "</div>\n"
        )
    parts.append("\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def pagination_html(page: Page, params: QueryDict | None) -> SafeString:
    """``{% include "core/_pagination.html" %}`` with this ``page`` and ``request.GET`` as
    ``params``."""
    if not page.has_other_pages:
        return mark_safe("\n")  # noqa: S308 - the template's last line break
    parts = [f'\n<nav class="pagination" aria-label="{gettext("Pagination")}">\n  ']
    if page.previous_cursor:
        href = escaped(query_with(params, cursor=page.previous_cursor))
        parts.append(
            f'<a class="pagination__prev" rel="prev" href="?{href}"><span aria-hidden="true">&larr; '
            f'{gettext("Previous")}</span><span class="visually-hidden">{gettext("Previous page")}</span></a>'
        )
    parts.append("\n  ")
    if page.next_cursor:
        href = escaped(query_with(params, cursor=page.next_cursor))
        parts.append(
            f'<a class="pagination__next" rel="next" href="?{href}"><span aria-hidden="true">{gettext("Next")} '
            f'&rarr;</span><span class="visually-hidden">{gettext("Next page")}</span></a>'
        )
    parts.append("\n</nav>\n\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
