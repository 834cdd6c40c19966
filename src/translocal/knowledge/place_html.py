"""The cases and reflections section of a place's and a hub's page written in Python: the same
bytes as ``knowledge/sections/place_entries.html`` in the active language, with the same message
ids (tests/knowledge/test_place_html.py renders both ways in English, Spanish, Catalan and
Swedish, with entries and without). The template's two ``{% entry_list %}`` calls were already
Python (core.entry_lists); the template around them, its two ``blocktranslate`` and its
variable look-ups were about half a millisecond of a cold page. Values are escaped as ``{{ }}``
escapes them; translations of literals are not, as ``{% translate %}`` of a literal does not
escape its translation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from translocal.core.entry_lists import entry_list_html
from translocal.core.template_values import escaped


def place_entries_html(context: Mapping[str, Any]) -> SafeString:
    """``knowledge/sections/place_entries.html`` for ``context``'s ``place`` (its name in the
    headings), ``cases`` and ``reflections`` (entries as ``core.entry_lists`` takes them, each
    list read once), as ``contributions._place_entries`` gives them."""
    name = escaped(context["place"].name)
    cases = entry_list_html(
        context["cases"], heading_level=3, empty=mark_safe(gettext("No published cases from here yet."))  # noqa: S308 - a literal's translation, as {% translate %} gives it
    )
    reflections = entry_list_html(
        context["reflections"],
        heading_level=3,
        empty=mark_safe(gettext("No reflections about this place yet.")),  # noqa: S308 - as above
    )
    return mark_safe(  # noqa: S308 - every value is escaped
        '\n<section aria-labelledby="cases-title">\n'
        f'  <h2 id="cases-title">{gettext("Cases in %(name)s") % {"name": name}}</h2>\n  \n  {cases}\n</section>\n\n'
        '<section aria-labelledby="reflections-title">\n'
        f'  <h2 id="reflections-title">{gettext("Reflections about %(name)s") % {"name": name}}</h2>\n'
        f"  \n  {reflections}\n</section>\n"
    )
