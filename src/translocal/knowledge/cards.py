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

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.template.defaultfilters import truncatewords
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from translocal.core.locales import country_name_in, in_language
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
    return case_cards_html([case], level=level, show_issues=show_issues)


def case_cards_html(cases: Iterable[Any], *, level: int = 2, show_issues: bool = False) -> SafeString:
    """The cards of ``cases``, one after the other, as a ``{% for %}`` of the include writes them.

    What is the same for every card of a list is found once: the active language (each
    ``get_language`` is a thread-local look-up, and a card asked for it a dozen times: its
    date, its country, each issue's label, two messages), the two messages in it, the script
    prefix and URLconf its links are reversed under."""
    language = get_language()
    base = (language or settings.LANGUAGE_CODE).split("-")[0]
    stub, issues_label = _card_messages(language)
    url_key = (get_script_prefix(), get_urlconf())
    heading = escaped(level or 2)
    return mark_safe(  # noqa: S308 - every value in a card is escaped (_card)
        "".join([_card(case, heading, show_issues, language, base, stub, issues_label, url_key) for case in cases])
    )


@lru_cache(maxsize=64)
def _card_messages(language: str | None) -> tuple[str, str]:
    """The card's two messages (its stub marker and its issues' label) in ``language``, the
    active one when called (catalogues do not change while a process runs)."""
    return f"<span>{gettext('Stub')}</span>", f'\n  <ul class="tag-list" aria-label="{gettext("General issues")}">'


def _summary_words(summary: str) -> str:
    """``{{ summary|truncatewords:40 }}`` of a plain text before escaping: its words joined by
    one space, the first 40 and " …" when there are more (Django's ``Truncator.words``)."""
    words = summary.split()
    if len(words) <= SUMMARY_WORDS:
        return " ".join(words)
    text = " ".join(words[:SUMMARY_WORDS])
    return text if text.endswith(" …") else f"{text} …"


#: Words of a summary a card shows (``truncatewords:40`` in the template).
SUMMARY_WORDS = 40


def _card(
    case: Any,
    heading: str,
    show_issues: bool,
    language: str | None,
    base: str,
    stub: str,
    issues_label: str,
    url_key: tuple[str, str | None],
) -> str:
    """One card (see ``case_cards_html``); the values ``{{ }}`` would escape are escaped."""
    esc = escaped
    written_in = esc(case.display_language)
    url = _case_url(case.slug, *url_key)
    parts = [
        f'<li class="card">\n  <h{heading} class="card__title"><a href="{esc(url)}" '
        f'lang="{written_in}">{esc(case.display_title)}</a></h{heading}>\n  ',
        esc(lead_thumbnail_html(case)),
        "\n  ",
    ]
    place = case.place
    location = case.location_name
    start = case.start_date
    is_stub = case.completeness == "stub"
    if place or location or start or is_stub:
        parts.append('\n  <p class="card__meta meta">')
        if place:
            parts.append(esc(place.name))
            country = country_name_in(place.country, base)
            if country != place.name:
                parts += [", ", esc(country)]
        elif location:
            parts.append(esc(location))
        if start:
            if place or location:
                parts.append(" · ")
            parts.append(esc(case.listed_date.html_in(language)))
        if is_stub:
            if place or location or start:
                parts.append(" · ")
            parts.append(stub)
        parts.append("</p>\n  ")
    parts.append("\n  ")
    summary = case.display_summary
    if summary:
        shown = _summary_words(summary) if type(summary) is str else truncatewords(summary, SUMMARY_WORDS)
        parts.append(f'<p class="card__summary" lang="{written_in}">{esc(shown)}</p>')
    parts.append("\n  ")
    if show_issues:
        issues = _issues(case)
        if issues:
            parts.append(issues_label)
            parts += [
                f'<li><span class="tag">{esc(in_language(term.labels, term.label, language))}</span></li>'
                for term in issues[:4]
            ]
            parts.append("</ul>\n  ")
    parts.append("\n</li>\n")
    return "".join(parts)


def _issues(case: Any) -> Sequence[Any]:
    """``case.general_issues.all()``: the prefetched list itself when the list's query filled
    it (building the related manager for it was a tenth of a card), else the query."""
    prefetched = case.__dict__.get("_prefetched_objects_cache", {}).get(_ISSUES)
    if prefetched is not None and prefetched._result_cache is not None:
        return prefetched._result_cache
    return list(case.general_issues.all())


_ISSUES = "general_issues"  # the related manager's prefetch_cache_name
