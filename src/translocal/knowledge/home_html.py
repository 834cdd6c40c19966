"""The home page's sections of the commons written in Python: the same bytes as their templates.

``knowledge/sections/home_reflections.html`` (with ``knowledge/_byline.html`` for each card),
``home_cases.html``, ``home_series.html`` and ``home_figures.html`` are what these functions must give, in the active
language, with the same message ids, so the catalogues translate both
(tests/core/test_home_page_reads.py renders both ways for entries in every shape in English,
Spanish and Swedish). Rendering the two templates was about a quarter of a cold home page's
CPU: an include, a context push and some twenty variable look-ups per card. Values are escaped
as ``{{ }}`` escapes them; translations of literals are not, as ``{% translate %}`` of a
literal does not escape its translation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import truncatewords
from django.utils.html import strip_spaces_between_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from translocal.core.contributions import section_frame_html
from translocal.core.template_values import escaped, integer_text
from translocal.core.templatetags.translocal import link

_BYLINE = "byline: By Ana, Ben and Cleo"


def byline_html(authors: Iterable[Any]) -> str:
    """``{% include "knowledge/_byline.html" with authors=authors %}`` (names not linked):
    "By Ana, Ben and Cleo" in a ``<span class="byline">``, each guest with their affiliation,
    then the template's final newline (alone without authors)."""
    authors = list(authors)
    if not authors:
        return "\n"
    parts = [f'<span class="byline">{pgettext(_BYLINE, "By")} ']
    last = len(authors) - 1
    for i, author in enumerate(authors):
        if i:
            parts.append(f" {pgettext(_BYLINE, 'and')} " if i == last else ", ")
        if author.user_id:
            parts.append(escaped(author.user.name))
        else:
            parts.append(escaped(author.name))
            if author.guest_affiliation:
                parts.append(f" ({escaped(author.guest_affiliation)})")
    parts.append("</span>")
    return strip_spaces_between_tags("".join(parts)) + "\n"  # {% spaceless %}, then the file's newline


def _reflection_card(r: Any) -> str:
    url = escaped(r.get_absolute_url())
    lang = escaped(r.display_language)
    meta = [byline_html(r.byline)]
    if date := r.listed_date:
        meta.append(f" · {escaped(date.html)}")
    if r.series_id and r.published_rank:
        post = gettext("post %(position)s of") % {"position": integer_text(r.published_rank)}
        series_url = escaped(r.series.get_absolute_url())
        meta.append(f' · {post} <a href="{series_url}">{escaped(r.series.title)}</a>')
    summary = r.display_summary
    summary_html = ""
    if summary:
        summary_html = f'<p class="card__summary" lang="{lang}">{escaped(truncatewords(summary, 40))}</p>'
    return (
        f'\n    <li class="card">\n      <h3 class="card__title"><a href="{url}" lang="{lang}">'
        f"{escaped(r.display_title)}</a></h3>\n"
        f'      <p class="card__meta meta">{"".join(meta)}</p>\n      {summary_html}\n    </li>\n    '
    )


def latest_reflections_html(context: Mapping[str, Any]) -> SafeString:
    """``knowledge/sections/home_reflections.html`` for ``context["reflections"]`` (as
    ``selectors.latest_reflections`` gives them: series joined, authors prefetched)."""
    reflections = context["reflections"]
    if reflections:
        cards = "".join(_reflection_card(r) for r in reflections)
        body = f'\n  <ul class="card-list">\n    {cards}\n  </ul>\n  '
    else:
        body = f'<p class="empty">{gettext("No reflections have been published yet.")}</p>'
    all_link = (
        f'<a href="{escaped(link("knowledge:reflection-list"))}">{gettext("All reflections")}'
        f'<span class="visually-hidden"> {gettext("(list)")}</span></a>'
    )
    return section_frame_html("reflections-title", gettext("Latest reflections"), all_link, body)


def _case_card(c: Any) -> str:
    url = escaped(c.get_absolute_url())
    lang = escaped(c.display_language)
    place = ""
    if c.place_id:
        place = f'<p class="card__meta meta">{escaped(c.place.name)}, {escaped(c.place.country_name)}</p>'
    summary = c.display_summary
    summary_html = ""
    if summary:
        summary_html = f'<p class="card__summary" lang="{lang}">{escaped(truncatewords(summary, 30))}</p>'
    return (
        f'\n    <li class="card">\n      <h3 class="card__title"><a href="{url}" lang="{lang}">'
        f"{escaped(c.display_title)}</a></h3>\n      {place}\n      {summary_html}\n    </li>\n    "
    )


def featured_cases_html(context: Mapping[str, Any]) -> SafeString:
    """``knowledge/sections/home_cases.html`` for ``context["cases"]`` (as
    ``selectors.featured_cases`` gives them: places joined)."""
    cases = context["cases"]
    if cases:
        cards = "".join(_case_card(c) for c in cases)
        body = f'\n  <ul class="card-list card-list--grid">\n    {cards}\n  </ul>\n  '
    else:
        body = f'<p class="empty">{gettext("No cases have been published yet.")}</p>'
    all_link = f'<a href="{escaped(link("knowledge:case-list"))}">{gettext("All cases")}</a>'
    return section_frame_html("cases-title", gettext("Featured cases"), all_link, body)


def _series_card(s: Any) -> str:
    url = escaped(s.get_absolute_url())
    count = s.published_count
    posts = ngettext("%(n)s post", "%(n)s posts", count) % {"n": integer_text(count)}
    description = (
        f'<p class="card__summary">{escaped(truncatewords(s.description, 24))}</p>' if s.description else ""
    )
    return (
        f'\n    <li class="card">\n      <h3 class="card__title"><a href="{url}">{escaped(s.title)}</a></h3>\n'
        f'      <p class="card__meta meta">{posts}</p>\n      {description}\n    </li>\n    '
    )


def series_html(context: Mapping[str, Any]) -> SafeString:
    """``knowledge/sections/home_series.html`` for ``context["series_list"]`` (as
    ``selectors.series_overview`` gives them: with ``published_count``)."""
    series_list = context["series_list"]
    if series_list:
        cards = "".join(_series_card(s) for s in series_list)
        body = f'\n  <ul class="card-list card-list--compact">\n    {cards}\n  </ul>\n  '
    else:
        body = f'<p class="empty">{gettext("No series yet.")}</p>'
    all_link = f'<a href="{escaped(link("knowledge:series-list"))}">{gettext("All series")}</a>'
    return section_frame_html("series-title", gettext("Series"), all_link, body)


def _figure(url_name: str, count: int, singular: str, plural: str) -> str:
    return (
        f'<li><a href="{escaped(link(url_name))}"><span class="stats__number">{escaped(intcomma(count))}</span> '
        f"{ngettext(singular, plural, count)}</a></li>\n"
    )


def figures_html(context: Mapping[str, Any]) -> SafeString:
    """``knowledge/sections/home_figures.html`` for ``context["counts"]`` (as
    ``selectors.published_counts`` gives them): the published cases, methods and reflections,
    each number as ``intcomma`` writes it in the active language."""
    counts = context["counts"]
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n"
        + _figure("knowledge:case-list", counts["cases"], "case", "cases")
        + _figure("knowledge:method-list", counts["methods"], "method", "methods")
        + _figure("knowledge:reflection-list", counts["reflections"], "reflection", "reflections")
    )
