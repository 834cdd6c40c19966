"""The search page's facet checkboxes and result cards written in Python: the same bytes as
their templates.

``search/_facets.html`` and ``search/_hits.html`` are what these functions must give, in the
active language, with the same message id, so the catalogues translate both
(tests/search/test_body_html.py renders both ways for results in every shape, in English,
Spanish, Catalan and Swedish). A cold search rendered some 580 variables and 180 loop turns
for them: about a sixth of its CPU (bench/README.md, "Cold search page: facets and cards in
Python"). Values are escaped as ``{{ }}`` escapes them; the translation of the literal is not,
as ``{% translate %}`` of a literal does not escape its translation.

The templates stay the description of the markup: change a template and its function together.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from translocal.core.template_values import escaped, integer_text

from .selectors import FacetGroup, SearchHit


def facets_html(facets: Sequence[FacetGroup]) -> SafeString:
    """``search/_facets.html`` for ``results.facets``: a fieldset of checkboxes a facet."""
    parts = []
    for facet in facets:
        name = escaped(facet.name)
        parts.append(f'\n      <fieldset class="facet">\n        <legend>{escaped(facet.label)}</legend>\n        ')
        for counter, option in enumerate(facet.options, 1):
            checked = " checked" if option.selected else ""
            box = f"facet-{name}-{counter}"
            parts.append(
                f'\n        <div class="checkbox">\n          <input id="{box}" type="checkbox" name="{name}" '
                f'value="{escaped(option.value)}"{checked}>\n          <label for="{box}">{escaped(option.label)} '
                f'<span class="count">({integer_text(option.count)})</span></label>\n        </div>\n        '
            )
        parts.append("\n      </fieldset>\n      ")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


def hits_html(hits: Sequence[SearchHit]) -> SafeString:
    """``search/_hits.html`` for ``results.hits``: a card a result."""
    language = get_language()
    by_meaning = ""
    parts = []
    for hit in hits:
        title = escaped(hit.title_html)
        heading = f'<a href="{escaped(hit.url)}">{title}</a>' if hit.url else title
        meta = [f'<strong class="badge">{escaped(hit.kind_label)}</strong>']
        if hit.place_name:
            meta.append(f" · {escaped(hit.place_name)}")
        if hit.country_name and hit.country_name != hit.place_name:
            meta.append(f", {escaped(hit.country_name)}")
        if hit.date:
            meta.append(f" · {hit.date.html_in(language)}")
        if hit.by_meaning:
            by_meaning = by_meaning or gettext("similar in meaning, no shared words")
            meta.append(f" · {by_meaning}")
        snippet = f'<p class="card__summary">{escaped(hit.snippet_html)}</p>' if hit.snippet_html else ""
        parts.append(
            f'\n        <li class="card">\n          <h2 class="card__title">{heading}</h2>\n'
            f'          <p class="card__meta meta">{"".join(meta)}</p>\n          {snippet}\n        </li>\n        '
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
