"""Case cards built without the template engine.

``knowledge/_case_card.html`` describes a case's card; a case list shows 50 of them, and
including that template 50 times was about a third of a cold case list's CPU (5-6 ms: an
include, a context push and some 30 variable look-ups per card). ``case_card_html`` gives the
same bytes (tests/knowledge/test_case_cards.py renders both for cards in every shape, in
English, Spanish and Swedish) with the same message ids, so the catalogues translate both.
Values are escaped as ``{{ }}`` escapes them; the two messages are not, as ``{% translate %}``
of a literal does not escape its translation.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.template.defaultfilters import truncatewords
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from translocal.core.template_values import escaped


@lru_cache(maxsize=4096)
def _case_url(slug: str, prefix: str, urlconf: str | None) -> str:
    """``Case.get_absolute_url``, kept per slug (``reverse`` is about a fifth of a card); the
    script prefix and URLconf of the request are part of the key."""
    return reverse("knowledge:case-detail", kwargs={"slug": slug}, urlconf=urlconf)


def lead_thumbnail_html(entry: Any) -> str:
    """A card's lead image (its thumbnail, lazy, with its alt text and size), only when the
    list's query joined it (``select_related("lead_image")``): a card never costs a query."""
    field = getattr(type(entry), "lead_image", None)
    if field is None or not hasattr(field, "is_cached") or not field.is_cached(entry):
        return ""
    image = entry.lead_image
    if image is None:
        return ""
    return format_html(
        '<img class="card__image" src="{}" alt="{}" width="{}" height="{}" loading="lazy" decoding="async">',
        image.thumb_url, image.alt_text, image.thumb_width, image.thumb_height,
    )


def case_card_html(case: Any, *, level: int = 2, show_issues: bool = False) -> SafeString:
    """``knowledge/_case_card.html`` for ``case`` with the same ``level`` and ``show_issues``,
    in the active language. Reads what the template reads, in the same order (the place and
    the general issues only when it does), so it costs the same queries: none when the
    queryset joined the place and the lead image and prefetched the issues."""
    esc = escaped
    language = esc(case.display_language)
    heading = esc(level or 2)
    url = _case_url(case.slug, get_script_prefix(), get_urlconf())
    parts = [
        f'<li class="card">\n  <h{heading} class="card__title"><a href="{esc(url)}" '
        f'lang="{language}">{esc(case.display_title)}</a></h{heading}>\n  ',
        esc(lead_thumbnail_html(case)),
        "\n  ",
    ]
    place = case.place
    location = case.location_name
    start = case.start_date
    stub = case.completeness == "stub"
    if place or location or start or stub:
        parts.append('\n  <p class="card__meta meta">')
        if place:
            parts.append(esc(place.name))
            country = place.country_name
            if country != place.name:
                parts += [", ", esc(country)]
        elif location:
            parts.append(esc(location))
        if start:
            if place or location:
                parts.append(" · ")
            parts.append(esc(case.listed_date.html))
        if stub:
            if place or location or start:
                parts.append(" · ")
            parts += ["<span>", gettext("Stub"), "</span>"]
        parts.append("</p>\n  ")
    parts.append("\n  ")
    summary = case.display_summary
    if summary:
        parts.append(f'<p class="card__summary" lang="{language}">{esc(truncatewords(summary, 40))}</p>')
    parts.append("\n  ")
    if show_issues:
        issues = case.general_issues.all()
        if issues:
            parts.append(f'\n  <ul class="tag-list" aria-label="{gettext("General issues")}">')
            parts += [f'<li><span class="tag">{esc(term.display_label)}</span></li>' for term in issues[:4]]
            parts.append("</ul>\n  ")
    parts.append("\n</li>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def case_cards_html(cases: Iterable[Any], *, level: int = 2, show_issues: bool = False) -> SafeString:
    """The cards of ``cases``, one after the other, as a ``{% for %}`` of the include writes them."""
    return mark_safe("".join(case_card_html(c, level=level, show_issues=show_issues) for c in cases))  # noqa: S308
