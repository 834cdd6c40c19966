"""What the knowledge commons puts in search: cases, methods and reflections. Only published
entries are public; drafts and unpublished entries are removed from the index."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from translocal.core.locales import country_name
from translocal.core.markup import html_to_text, truncate_words
from translocal.search.registry import FacetValue, SearchDocument, register, register_facet
from translocal.search.semantic import register_embedding

from .models import (
    Case,
    CaseTranslation,
    Completeness,
    Method,
    MethodTranslation,
    Reflection,
    ReflectionTranslation,
    Status,
)
from .models.base import Entry

GENERAL_ISSUE = register_facet("general_issue", _("General issue"), 10)
METHOD = register_facet("method", _("Method"), 40)

_COMPLETENESS: dict[str, float] = {Completeness.STUB: 0.0, Completeness.PARTIAL: 0.5, Completeness.COMPLETE: 1.0}


def richness(body: str, completeness: str = "") -> float:
    """A static prior (0..0.6) for fuller entries: the length of the text on a log scale (a
    100-word case is a stub, a 10,000-word one a full study) plus how complete its structured
    description is. bm25 and ts_rank normalise by length so long texts don't win by volume;
    in a knowledge commons the long account is usually the canonical one, and this prior
    gives that back. It only reorders entries whose relevance is within tens of percent."""
    words = len(body.split())
    length = min(1.0, max(0.0, math.log10(1 + words) - 2) / 2)  # 100 words -> 0, 10,000 -> 1
    return round(0.5 * length + 0.1 * _COMPLETENESS.get(completeness, 0.0), 4)


def _url(obj) -> str:  # noqa: ANN001
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def _published_methods(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}methods",
        queryset=Method.objects.filter(status=Status.PUBLISHED).only("id", "slug", "title"),
        to_attr="published_methods",
    )


def _text(entry) -> str:  # noqa: ANN001
    return html_to_text(entry.body_html) if entry.body_html else entry.body


def _term_labels(term) -> list[str]:  # noqa: ANN001
    """A term's label in every language it has: a query in Spanish finds what it classifies."""
    return list(dict.fromkeys([term.label, *(term.labels or {}).values()]))


def case_document(case: Case) -> SearchDocument:
    body = _text(case)
    issues = list(case.general_issues.all())
    methods = getattr(case, "published_methods", None)
    if methods is None:
        methods = list(case.methods.filter(status=Status.PUBLISHED).only("id", "slug", "title"))
    place = case.place
    country = place.country if place else ""
    keywords = [
        *(place.all_names if place else []), case.location_name, country_name(country) if country else "",
        *(label for t in issues for label in _term_labels(t)), *(m.title for m in methods),
    ]
    return SearchDocument(
        title=case.title,
        url=_url(case),
        is_public=case.status == Status.PUBLISHED,
        body=body,
        summary=case.summary or truncate_words(body, 50),
        keywords=" ".join(k for k in keywords if k),
        language=case.original_language,
        country=country,
        place_id=place.pk if place else None,
        place_name=place.name if place else case.location_name,
        published_at=case.published_at,
        date=case.listed_date,
        boost=richness(body, case.completeness),
        facets={
            GENERAL_ISSUE.name: [FacetValue(t.slug, t.label, t.labels or {}) for t in issues],
            METHOD.name: [FacetValue(m.slug, m.title) for m in methods],
        },
    )


def method_document(method: Method) -> SearchDocument:
    body = _text(method)
    types = [label for t in method.method_types.all() for label in _term_labels(t)]
    return SearchDocument(
        title=method.title,
        url=_url(method),
        is_public=method.status == Status.PUBLISHED,
        body=body,
        summary=method.summary or truncate_words(body, 50),
        keywords=" ".join(types),
        language=method.original_language,
        published_at=method.published_at,
        date=method.listed_date,
        boost=richness(body),
        facets={METHOD.name: [FacetValue(method.slug, method.title)]},
    )


def reflection_document(reflection: Reflection) -> SearchDocument:
    body = _text(reflection)
    places = list(reflection.places.all())
    methods = getattr(reflection, "published_methods", None)
    if methods is None:
        methods = list(reflection.methods.filter(status=Status.PUBLISHED).only("id", "slug", "title"))
    authors = [a.name for a in reflection.byline]  # accepted authors only
    place = places[0] if places else None
    keywords = [
        reflection.series.title if reflection.series is not None else "", *authors,
        *(name for p in places for name in p.all_names),
        *(m.title for m in methods),
    ]
    return SearchDocument(
        title=reflection.title,
        url=_url(reflection),
        is_public=reflection.status == Status.PUBLISHED,
        body=body,
        summary=reflection.summary or truncate_words(body, 50),
        keywords=" ".join(k for k in keywords if k),
        language=reflection.original_language,
        country=place.country if place else "",
        place_id=place.pk if place else None,
        place_name=place.name if place else "",
        published_at=reflection.published_at,
        date=reflection.listed_date,
        boost=richness(body),
        facets={
            METHOD.name: [FacetValue(m.slug, m.title) for m in methods],
            "country": [FacetValue(c, country_name(c)) for c in dict.fromkeys(p.country for p in places)],
        },
    )


def never_published(entry: Entry) -> bool:
    """A draft that was never published: only its authors (and staff) have ever seen it."""
    return entry.status == Status.DRAFT and entry.published_at is None


register(
    Case,
    kind="case",
    label=_("Case"),
    plural=_("Cases"),
    document=case_document,
    never_public=never_published,
    select_related=("place",),
    prefetch_related=("general_issues", _published_methods),
)
register(
    Method,
    kind="method",
    label=_("Method"),
    plural=_("Methods"),
    document=method_document,
    never_public=never_published,
    prefetch_related=("method_types",),
)
register(
    Reflection,
    kind="reflection",
    label=_("Reflection"),
    plural=_("Reflections"),
    document=reflection_document,
    never_public=never_published,
    select_related=("series",),
    prefetch_related=("places", "authorships__user", _published_methods),
)

# Translations: each is a document of its own, in its language (stemmed as such), found by a
# query in that language and linked to the entry read in it (?lang=). Its facets are its
# entry's, with the entry's type, so "Cases" holds the cases found through a translation too.


def translation_document(entry_document: Callable[[Any], SearchDocument], kind: str, plural: Any):  # noqa: ANN201
    """The document builder of a translation model, from its entry type's builder."""

    def document(translation: Any) -> SearchDocument:
        original = entry_document(translation.entry)
        body = html_to_text(translation.body_html) if translation.body_html else translation.body
        return dataclasses.replace(
            original,
            title=translation.title,
            body=body,
            summary=translation.summary or truncate_words(body, 50),
            language=translation.language,
            url=f"{original.url}?lang={translation.language}" if original.url else "",
            boost=richness(body),
            facets={**original.facets, "type": [FacetValue(kind, str(plural))]},
            group=f"{kind}:{translation.entry_id}",
        )

    return document


def _translation_never_public(translation: Any) -> bool:
    return never_published(translation.entry)


register(
    CaseTranslation,
    kind="case-translation",
    label=_("Case"),
    plural=_("Cases"),
    document=translation_document(case_document, "case", _("Cases")),
    never_public=_translation_never_public,
    follows="entry",
    select_related=("entry", "entry__place"),
    prefetch_related=("entry__general_issues", lambda: _published_methods("entry__")),
)
register(
    MethodTranslation,
    kind="method-translation",
    label=_("Method"),
    plural=_("Methods"),
    document=translation_document(method_document, "method", _("Methods")),
    never_public=_translation_never_public,
    follows="entry",
    select_related=("entry",),
    prefetch_related=("entry__method_types",),
)
register(
    ReflectionTranslation,
    kind="reflection-translation",
    label=_("Reflection"),
    plural=_("Reflections"),
    document=translation_document(reflection_document, "reflection", _("Reflections")),
    never_public=_translation_never_public,
    follows="entry",
    select_related=("entry", "entry__series"),
    prefetch_related=("entry__places", "entry__authorships__user", lambda: _published_methods("entry__")),
)

# Published cases, methods and reflections have a vector too ("related across the network",
# hybrid search), computed by whichever app owns embeddings.
for _kind in ("case", "method", "reflection"):
    register_embedding(_kind)
