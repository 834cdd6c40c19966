"""Reading the search index: one call returns a page of ranked, highlighted hits, the total
and the facet counts over the whole filtered result set, in a bounded number of queries
(count, optional OR fallback count, page, one facet query plus one per facet in use)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from translocal.core.locales import localized_country_name, localized_language_name

from .backends import MatchQuery, get_backend
from .models import SearchEntry, SearchFacet
from .query import marked_to_html, parse_terms
from .registry import COUNTRY_FACET, LANGUAGE_FACET, TYPE_FACET, registration_for_kind
from .registry import facets as registered_facets

DEFAULT_SIZE = 20
MAX_PAGE = 500
FACET_OPTIONS_SHOWN = 12
MAX_VALUES_PER_FACET = 30


@dataclass
class SearchHit:
    kind: str
    kind_label: str
    title_html: SafeString
    snippet_html: SafeString
    url: str
    summary: str
    place_name: str
    country: str
    country_name: str
    language: str
    published_at: dt.datetime | None
    score: float


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption]

    @property
    def selected(self) -> list[FacetOption]:
        return [option for option in self.options if option.selected]


@dataclass
class SearchResults:
    query: str
    terms: tuple[str, ...]
    filters: dict[str, list[str]]
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    size: int = DEFAULT_SIZE
    mode: str = "and"
    facets: list[FacetGroup] = field(default_factory=list)

    @property
    def is_empty_query(self) -> bool:
        return not self.terms

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.size + 1 if self.total else 0

    @property
    def end_index(self) -> int:
        return min(self.page * self.size, self.total)


def visible_entries(user) -> QuerySet[SearchEntry]:  # noqa: ANN001
    """The entries ``user`` may find: public ones, plus (for private item types) their own.
    Every search query starts here, so no path can skip the check."""
    condition = Q(is_public=True)
    if user is not None and getattr(user, "is_authenticated", False):
        condition |= Q(owner_id=user.pk)
    return SearchEntry.objects.filter(condition)


def clean_filters(filters: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """Only registered facets, distinct non-empty values, bounded in number."""
    known = {facet.name for facet in registered_facets()}
    cleaned: dict[str, list[str]] = {}
    for name, values in (filters or {}).items():
        if name not in known:
            continue
        kept = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))[:MAX_VALUES_PER_FACET]
        if kept:
            cleaned[name] = kept
    return cleaned


def _apply_filters(entries: QuerySet, filters: dict[str, list[str]], *, skip: str = "") -> QuerySet:
    """AND across facets, OR within one facet."""
    for name, values in filters.items():
        if name != skip:
            entries = entries.filter(
                id__in=SearchFacet.objects.filter(name=name, value__in=values).values("entry_id")
            )
    return entries


def search(
    *,
    query: str,
    user,  # noqa: ANN001
    filters: dict[str, list[str]] | None = None,
    page: int = 1,
    size: int = DEFAULT_SIZE,
) -> SearchResults:
    """Search everything ``user`` may see. All terms must match; if none does, any term may.
    Ranking: title matches weigh most (bm25 column weights / ts_rank_cd weights), scaled by
    each entry's boost (its richness), which breaks near-ties between similar entries."""
    filters = clean_filters(filters)
    terms = parse_terms(query)
    results = SearchResults(query=(query or "").strip(), terms=terms, filters=filters, size=size)
    if not terms:
        return results
    backend = get_backend()
    visible = visible_entries(user)
    filtered = _apply_filters(visible, filters)

    match = MatchQuery(terms, "and")
    total = _count(backend, match, filtered)
    if total == 0 and len(terms) > 1:
        match = MatchQuery(terms, "or")
        total = _count(backend, match, filtered)
    results.mode = match.mode
    results.total = total
    results.page = min(max(1, page), max(1, math.ceil(total / size)), MAX_PAGE)
    if total:
        rows = backend.page(match, filtered, offset=(results.page - 1) * size, limit=size)
        results.hits = [_hit(row) for row in rows]
    if total or filters:
        # With filters in use, their facets stay visible (with counts) so they can be removed.
        results.facets = _facet_counts(backend, match, visible, filters)
    return results


def _count(backend, match: MatchQuery, entries: QuerySet) -> int:  # noqa: ANN001
    sql, params = backend.match_ids_sql(match)
    return entries.filter(id__in=RawSQL(sql, params)).count()  # noqa: S611 - backend SQL, bound params


def _option_label(facet: str, value: str, stored: str) -> str:
    """The label of a facet option: a type is named by its registration in the reader's language
    (the index stores the label of the language it was built in); others as stored."""
    if facet == TYPE_FACET.name and (registration := registration_for_kind(value)) is not None:
        return str(registration.plural)
    if facet == COUNTRY_FACET.name:
        return localized_country_name(value)
    if facet == LANGUAGE_FACET.name:
        return localized_language_name(value)
    return stored


def _hit(row) -> SearchHit:  # noqa: ANN001
    registration = registration_for_kind(row.kind)
    return SearchHit(
        kind=row.kind,
        kind_label=str(registration.label) if registration else row.kind,
        title_html=marked_to_html(row.title_marked),
        snippet_html=marked_to_html(row.snippet_marked or row.summary),
        url=row.url,
        summary=row.summary,
        place_name=row.place_name,
        country=row.country,
        country_name=localized_country_name(row.country) if row.country else "",
        language=row.language,
        published_at=row.published_at,
        score=row.score,
    )


def _facet_counts(
    backend, match: MatchQuery, visible: QuerySet, filters: dict[str, list[str]]  # noqa: ANN001
) -> list[FacetGroup]:
    """Counts over the whole result set. A facet in use is counted with the other facets'
    filters only, so its other values show how many results choosing them would add."""
    sql, params = backend.match_ids_sql(match)
    matched = RawSQL(sql, params)  # noqa: S611 - backend SQL, bound params
    all_facets = registered_facets()
    plain = [f.name for f in all_facets if f.name not in filters]
    counts: dict[str, dict[str, list]] = defaultdict(dict)

    def count(names: list[str], entries: QuerySet) -> None:
        rows = (
            SearchFacet.objects.filter(name__in=names, entry_id__in=matched, entry__in=entries)
            .values_list("name", "value", "label")
            .annotate(n=Count("entry_id"))
            .order_by()
        )
        for name, value, label, n in rows:
            current = counts[name].get(value)
            counts[name][value] = [label, n + (current[1] if current else 0)]

    if plain:
        count(plain, _apply_filters(visible, filters))
    for name in filters:
        count([name], _apply_filters(visible, filters, skip=name))

    groups = []
    for facet in all_facets:
        selected = set(filters.get(facet.name, []))
        options = [
            FacetOption(value=value, label=_option_label(facet.name, value, label), count=n, selected=value in selected)
            for value, (label, n) in counts[facet.name].items()
        ]
        options.sort(key=lambda o: (-o.count, o.label.lower()))
        shown = options[:FACET_OPTIONS_SHOWN]
        shown += [o for o in options[FACET_OPTIONS_SHOWN:] if o.selected]
        seen = {o.value for o in options}
        shown += [FacetOption(value=v, label=v, count=0, selected=True) for v in selected - seen]
        if shown:
            groups.append(FacetGroup(name=facet.name, label=str(facet.label), options=shown))
    return groups
