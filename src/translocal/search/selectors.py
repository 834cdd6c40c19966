"""Reading the search index: one call returns a page of ranked, highlighted hits, the total
and the facet counts over the whole filtered result set, in a bounded number of queries: without
results found by meaning, one statement reads all three (``BaseBackend.search_page``), one more
for the any-word fallback and one more for a page past the last; the hybrid path reads the
count, the page and one facet query plus one per facet in use.

Hybrid ranking: when an app has set a semantic ranker (search.semantic), the query's nearest
public objects by meaning join the full-text results (``fuse``): the full-text matches keep
their full-text order, and an entry that shares no word with the query is inserted among them
where reciprocal rank fusion would put it, so it can still be found; the facets count both.
The ranker costs its own queries (one or two) plus one for its candidates."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from translocal.core.dates import LabelledDate
from translocal.core.locales import in_language, localized_country_name, localized_language_name
from translocal.core.meta import column

from . import semantic
from .backends import MatchQuery, get_backend
from .backends.base import HitRow, SearchPage
from .models import SearchEntry, SearchFacet
from .query import marked_to_html, parse_terms
from .registry import COUNTRY_FACET, LANGUAGE_FACET, TYPE_FACET, registration_for_kind
from .registry import facets as registered_facets

DEFAULT_SIZE = 20
MAX_PAGE = 500
FACET_OPTIONS_SHOWN = 12
MAX_VALUES_PER_FACET = 30
#: Hybrid ranking: how many full-text hits and semantic neighbours are fused, and the k of
#: reciprocal rank fusion (60, as in Cormack, Clarke and Büttcher 2009).
FUSION_WINDOW = 100
SEMANTIC_CANDIDATES = 20
RRF_K = 60


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
    #: The one labelled date the result shows (core.dates), or None.
    date: LabelledDate | None = None
    #: Found by meaning (the semantic ranker) only: it shares no query word.
    by_meaning: bool = False


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
    #: How many of ``total`` only the semantic ranker found.
    by_meaning: int = 0

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
    """AND across facets, OR within one facet. Each a test of the entry's own facet rows (a seek
    in their (entry, name, value) index), not membership in the list of every entry with the
    value: inside ``one_per_object``'s correlated subquery SQLite looked up every entry of that
    list for each match (bench, "the of" among cases: 5 s a statement instead of 0.1)."""
    for name, values in filters.items():
        if name != skip:
            entries = entries.filter(_filter_condition(name, values))
    return entries


def _filter_condition(name: str, values: list[str]) -> Exists:
    """The entry has one of ``values`` for the facet ``name`` (a seek in its own facet rows)."""
    return Exists(SearchFacet.objects.filter(entry_id=OuterRef("id"), name=name, value__in=values))


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

    ranker = semantic.ranker()
    meaning = ranker(results.query, SEMANTIC_CANDIDATES) if ranker is not None else []
    if meaning:
        match = MatchQuery(terms, "and")
        total = _count(backend, match, one_per_object(backend, match, filtered))
        if total == 0 and len(terms) > 1:
            match = MatchQuery(terms, "or")
            total = _count(backend, match, one_per_object(backend, match, filtered))
        filtered = one_per_object(backend, match, filtered)
        results.mode = match.mode
        candidates = _semantic_candidates(backend, match, filtered, meaning)
        if candidates:
            return _hybrid(results, backend, match, visible, filtered, total, candidates, page)
        results.total = total
        results.page = min(max(1, page), max(1, math.ceil(total / size)), MAX_PAGE)
        matching = _matching(backend, match, filtered)
        rows = backend.page(match, matching, offset=(results.page - 1) * size, limit=size) if total else []
    else:
        # Nothing found by meaning (no ranker, no vectors yet, or no neighbour): the page is the
        # full-text order's, and one statement reads it, the total and the facet counts.
        found = _full_text_page(results, backend, visible, page)
        results.hits = [_hit(row) for row in found.hits]
        if results.total or filters:
            results.facets = _facet_groups(_counts_of(found.facets), filters)
        return results
    results.hits = [_hit(row) for row in rows]
    if results.total or filters:
        # With filters in use, their facets stay visible (with counts) so they can be removed.
        results.facets = _facet_counts(backend, match, visible, filters)
    return results


def _full_text_page(results: SearchResults, backend, visible: QuerySet, page: int) -> SearchPage:  # noqa: ANN001
    """The page of full-text hits, the total and the facet counts (``backend.search_page``: one
    statement), every term required first, then any term (when nothing has them all); sets
    ``results.total``, ``.page`` and ``.mode``. A page past the last one is read again as the
    last page (its statement knew the total)."""
    size = results.size
    conditions = {name: _filter_condition(name, values) for name, values in results.filters.items()}
    names = [facet.name for facet in registered_facets()]
    language = (get_language() or settings.LANGUAGE_CODE).lower()

    def read(match: MatchQuery, number: int) -> SearchPage:
        return backend.search_page(
            match, visible=visible, conditions=conditions, facet_names=names, language=language,
            offset=(number - 1) * size, limit=size,
        )

    for mode in ("and", "or"):
        match = MatchQuery(results.terms, mode)
        number = min(max(1, page), MAX_PAGE)
        found = read(match, number)
        if not found.hits and number > 1:
            number = min(number, max(1, math.ceil(found.total / size)))
            if found.total:
                found = read(match, number)
        if found.total or len(results.terms) == 1:
            break
    results.total, results.page, results.mode = found.total, number, match.mode
    return found


def rrf(rankings: list[list[int]], k: int = RRF_K) -> list[int]:
    """Reciprocal rank fusion: each id scores the sum of 1 / (k + rank) over the rankings it
    appears in (rank from 1); best first, ties in the order of first appearance."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    order = {item: i for i, item in enumerate(dict.fromkeys(i for ranking in rankings for i in ranking))}
    return sorted(scores, key=lambda item: (-scores[item], order[item]))


def fuse(text: list[int], meaning: list[int], k: int = RRF_K) -> list[int]:
    """The hybrid order of full-text and semantic results: ``text`` (the full-text ranking, best
    first) keeps its order, and the ids of ``meaning`` (the semantic ranking, best first) that
    are not in ``text`` are inserted at the positions reciprocal rank fusion of the two gives
    them (``rrf``). Returns every id of both, once each.

    Why not plain RRF: it sees ranks only, so a lower full-text hit that the semantic ranker
    also likes jumps above better keyword matches, and the full-text ranking's own evidence
    (title matches weighing most, bm25 / ts_rank_cd scores, the richness boost) is lost. On the
    imported Participedia cases, with vectors, "citizens assembly electoral reform" put the
    Ontario assembly above British Columbia's, whose title holds every word
    (tests/search/test_ranking.py). Meaning is there to find what the words miss (a paraphrase,
    another language), not to reorder what they found: a full-text match never moves relative
    to another, and the semantic ranker only decides where the results found by meaning alone
    come in (the RRF slots the full-text matches do not take are theirs)."""
    in_text = set(text)
    words = iter(text)
    # rrf returns each id of both once: as many slots go to full-text matches as ``text`` has
    # ids, and they are refilled in full-text order.
    return [next(words) if item in in_text else item for item in rrf([text, meaning], k)]


def hybrid_order(text: list[int], meaning: list[int], *, every_word: bool, k: int = RRF_K) -> list[int]:
    """The order of a hybrid search's results: ``fuse`` when the full-text ranking matched every
    word of the query (its order is strong evidence, kept); plain ``rrf`` when the search fell
    back to matching any word (mode "or"), where a hit sharing one common word is weak evidence
    and the semantic ranker is let reorder it. Both return every id of both lists once."""
    return fuse(text, meaning, k) if every_word else rrf([text, meaning], k)


def _semantic_candidates(
    backend, match: MatchQuery, filtered: QuerySet, hits: list[semantic.SemanticHit]  # noqa: ANN001
) -> list[tuple[HitRow, bool]]:
    """The entries of the ranker's hits that this search may show (visible, filters applied),
    in the ranker's order, each with whether the full-text query matches it too. One query."""
    if not hits:
        return []
    sql, params = backend.match_ids_sql(match)
    rows = (
        filtered.filter(kind__in={h.kind for h in hits}, object_id__in={h.object_id for h in hits})
        .annotate(in_text=ExpressionWrapper(Q(id__in=RawSQL(sql, params)), output_field=BooleanField()))  # noqa: S611
        .values_list(
            "id", "kind", "object_id", "title", "summary", "url", "language", "country", "place_name",
            "published_at", "in_text", "date", "date_meaning",
        )
    )
    by_key = {(r[1], r[2]): r for r in rows}
    found = []
    for hit in hits:
        r = by_key.get((hit.kind, hit.object_id))
        if r is None:
            continue
        row = HitRow(
            id=r[0], kind=r[1], object_id=r[2], title=r[3], title_marked=r[3], snippet_marked="",
            summary=r[4], url=r[5], language=r[6], country=r[7], place_name=r[8], published_at=r[9],
            score=hit.score, date=r[11], date_meaning=r[12],
        )
        found.append((row, bool(r[10])))
    return found


def _hybrid(
    results: SearchResults,
    backend,  # noqa: ANN001
    match: MatchQuery,
    visible: QuerySet,
    filtered: QuerySet,
    text_total: int,
    candidates: list[tuple[HitRow, bool]],
    page: int,
) -> SearchResults:
    """Fuse the first FUSION_WINDOW full-text hits with the semantic ``candidates`` (``hybrid_order``:
    when every word matched, the full-text order is kept and candidates only the ranker found are
    inserted; on the any-word fallback, reciprocal rank fusion); pages past the
    fused window continue in full-text order. The total counts every full-text match plus the
    candidates only the ranker found; the facets count the same set."""
    size = results.size
    only_meaning = [row for row, in_text in candidates if not in_text]
    results.total = total = text_total + len(only_meaning)
    results.by_meaning = len(only_meaning)
    results.page = min(max(1, page), max(1, math.ceil(total / size)), MAX_PAGE)
    if total:
        matching = _matching(backend, match, filtered)
        window = backend.page(match, matching, offset=0, limit=FUSION_WINDOW) if text_total else []
        rows = {row.id: row for row in window}
        meaning_ids = {row.id for row in only_meaning}
        for row, _in_text in candidates:
            rows.setdefault(row.id, row)
        # A candidate the full-text query matches beyond the window keeps its full-text rank
        # (it comes later, in full-text order): fusing it here would show it twice.
        window_ids = {row.id for row in window}
        by_meaning = [row.id for row, _ in candidates if row.id in window_ids or row.id in meaning_ids]
        fused = hybrid_order([row.id for row in window], by_meaning, every_word=match.mode == "and")
        start, end = (results.page - 1) * size, results.page * size
        page_rows = [rows[i] for i in fused[start:end]]
        if end > len(fused) and text_total > FUSION_WINDOW:
            offset = FUSION_WINDOW + max(0, start - len(fused))
            page_rows += backend.page(match, matching, offset=offset, limit=end - max(start, len(fused)))
        results.hits = [_hit(row, by_meaning=row.id in meaning_ids) for row in page_rows]
    if total or results.filters:
        extra = [row.id for row in only_meaning]
        results.facets = _facet_counts(backend, match, visible, results.filters, extra_ids=extra)
    return results


def in_reader_language(entries: QuerySet[SearchEntry]) -> QuerySet[SearchEntry]:
    """``entries`` with the title and link of their object's translation into the reader's
    language, when it has one (``reader_title``, ``reader_url``, ``reader_language``, read by
    ``SearchEntry.display_title`` and friends). Correlated subqueries: no query more."""
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    translated = SearchEntry.objects.filter(
        is_public=True, group_key=OuterRef("group_key"), language=language, kind__endswith="-translation"
    ).exclude(group_key="").exclude(id=OuterRef("id"))
    return entries.annotate(
        reader_title=Subquery(translated.values("title")[:1]),
        reader_url=Subquery(translated.values("url")[:1]),
        reader_language=Value(language, output_field=CharField()),
    )


def _preference() -> SqlCase:
    """How much a reader wants a document of an object: in their language 2, the original 1,
    a translation into another language 0."""
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    return SqlCase(
        When(language=language, then=Value(2)),
        When(~Q(kind__endswith="-translation"), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


class RowMatches(Expression):
    """A boolean expression: this query's entry matches ``match`` (``backend.row_matches_sql``
    on the query's own ``id`` column, whatever alias the query gives it, e.g. inside a
    correlated subquery)."""

    conditional = True

    def __init__(self, backend, match: MatchQuery, column: Any = None) -> None:  # noqa: ANN001
        super().__init__(output_field=BooleanField())
        self.backend = backend
        self.match = match
        self.column = column if column is not None else F("id")

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(self, compiler, connection) -> tuple[str, list[Any]]:  # noqa: ANN001
        column_sql, column_params = compiler.compile(self.column)
        if column_params:
            raise ValueError("RowMatches needs a plain column")
        sql, params = self.backend.row_matches_sql(self.match, column_sql)
        return sql, list(params)


def one_per_object(backend, match: MatchQuery, entries: QuerySet) -> QuerySet:  # noqa: ANN001
    """``entries`` without the documents another matching document of the same object is
    preferred to (``_preference``, then the lower id): an entry and its translation that both
    match are one result, in the reader's language when it has one. In the same query."""
    preference = _preference()
    better = (
        entries.filter(RowMatches(backend, match), group_key=OuterRef("group_key"))
        .exclude(group_key="")
        .annotate(preference=preference)
        .filter(
            Q(preference__gt=OuterRef("preference"))
            | Q(preference=OuterRef("preference"), id__lt=OuterRef("id"))
        )
    )
    return entries.annotate(preference=preference).exclude(Exists(better))


def _matches(backend, match: MatchQuery) -> Q:  # noqa: ANN001
    """The condition "this entry matches ``match``". Where the backend tests a row from the row
    itself (``matches_by_row``, PostgreSQL: the entry's own vector, which its GIN index finds),
    that test: a list of matching ids (``match_ids_sql``) would join the entries table to itself,
    reading every match's row twice and testing its vector again. Else membership in that list
    (SQLite: the FTS5 table finds the matches, then the entries are read by id)."""
    if backend.matches_by_row:
        return Q(RowMatches(backend, match))
    sql, params = backend.match_ids_sql(match)
    return Q(id__in=RawSQL(sql, params))  # noqa: S611 - backend SQL, bound params


def _matching(backend, match: MatchQuery, entries: QuerySet) -> QuerySet:  # noqa: ANN001
    """``entries`` that match: the full-text matches drive the query, so the per-row tests of
    ``entries`` (``one_per_object``) run for the matches only, not for every visible entry."""
    return entries.filter(_matches(backend, match))


def _count(backend, match: MatchQuery, entries: QuerySet) -> int:  # noqa: ANN001
    return _matching(backend, match, entries).count()


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


def _hit(row, *, by_meaning: bool = False) -> SearchHit:  # noqa: ANN001
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
        date=LabelledDate(row.date_meaning, row.date) if row.date and row.date_meaning else None,
        by_meaning=by_meaning,
    )


def _facet_counts(
    backend,  # noqa: ANN001
    match: MatchQuery,
    visible: QuerySet,
    filters: dict[str, list[str]],
    *,
    extra_ids: list[int] | None = None,
) -> list[FacetGroup]:
    """Counts over the whole result set (the full-text matches, plus ``extra_ids`` found by
    meaning), per object: an entry and its translation count once. A facet in use is counted
    with the other facets' filters only, so its other values show how many results choosing them
    would add."""
    matched = _matches(backend, match)
    if extra_ids:
        matched |= Q(id__in=extra_ids)
    all_facets = registered_facets()
    plain = [f.name for f in all_facets if f.name not in filters]
    counts: dict[str, dict[str, list]] = defaultdict(dict)

    def count(names: list[str], entries: QuerySet) -> None:
        # From the visible matching entries to their facet rows, grouped by (name, value) alone:
        # the visibility is a condition on the entries joined (not a list of every visible
        # entry), the grouping reads only the facets' (entry, name, value) index, and the label
        # columns (a JSON text each) are read for one row per value (MIN(id)), not for the
        # ~20,000 facet rows of a common query. SQLite, 3,579 matches: 59 -> 30 ms of CPU.
        # Raw SQL around the ORM's query because the ORM cannot join a derived table.
        # Either counted in one grouping, (name, value) with the number of distinct objects,
        # or in two, (name, value, object) then (name, value), as the backend prefers
        # (``facet_counts_in_two_groupings``): the same counts.
        matching = entries.filter(matched, facets__name__in=names)
        qn, meta = connection.ops.quote_name, SearchFacet._meta
        if backend.facet_counts_in_two_groupings:
            per_object = (
                matching.values("facets__name", "facets__value", "group_key")
                .annotate(first=Min("facets__id"))
                .order_by()
            )
            sql, params = per_object.query.sql_with_params()
            sql = (
                f"SELECT COUNT(*) AS {qn('n')}, MIN(o.{qn('first')}) AS {qn('first')} FROM ({sql}) o "  # noqa: S608
                f"GROUP BY o.{qn('facets__name')}, o.{qn('facets__value')}"
            )
        else:
            grouped = (
                matching.values("facets__name", "facets__value")
                .annotate(n=Count("group_key", distinct=True), first=Min("facets__id"))
                .order_by()
            )
            sql, params = grouped.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.{qn(column(SearchFacet, 'name'))}, f.{qn(column(SearchFacet, 'value'))}, "  # noqa: S608
                f"f.{qn(column(SearchFacet, 'label'))}, f.{qn(column(SearchFacet, 'labels'))}, g.{qn('n')} "
                f"FROM ({sql}) g INNER JOIN {qn(meta.db_table)} f ON f.{qn(meta.pk.column)} = g.{qn('first')}",
                params,
            )
            rows = [
                (name, value, label, json.loads(labels) if isinstance(labels, str) else labels, n)
                for name, value, label, labels, n in cursor.fetchall()
            ]
        for name, value, label, labels, n in rows:
            current = counts[name].get(value)
            counts[name][value] = [in_language(labels, label), n + (current[1] if current else 0)]

    if plain:
        count(plain, _apply_filters(visible, filters))
    for name in filters:
        count([name], _apply_filters(visible, filters, skip=name))
    return _facet_groups(counts, filters)


def _counts_of(rows: list[tuple[str, str, str, dict[str, str], int]]) -> dict[str, dict[str, list]]:
    """{facet: {value: [label in the reader's language, count]}} of facet rows
    ``(name, value, label, labels, count)`` (``SearchPage.facets``)."""
    counts: dict[str, dict[str, list]] = defaultdict(dict)
    for name, value, label, labels, n in rows:
        current = counts[name].get(value)
        counts[name][value] = [in_language(labels, label), n + (current[1] if current else 0)]
    return counts


def _facet_groups(counts: dict[str, dict[str, list]], filters: dict[str, list[str]]) -> list[FacetGroup]:
    """The facet groups shown, from ``_counts_of``'s counts: each facet's options by count, then
    label; the first FACET_OPTIONS_SHOWN and any selected one (a selected value no result has
    shows with 0)."""
    groups = []
    for facet in registered_facets():
        selected = set(filters.get(facet.name, []))
        options = [
            FacetOption(value=value, label=_option_label(facet.name, value, label), count=n, selected=value in selected)
            for value, (label, n) in counts[facet.name].items()
        ]
        options.sort(key=lambda o: (-o.count, o.label.lower()))
        shown = options[:FACET_OPTIONS_SHOWN]
        shown += [o for o in options[FACET_OPTIONS_SHOWN:] if o.selected]
        seen = {o.value for o in options}
        shown += [
            FacetOption(value=v, label=v, count=0, selected=True) for v in filters.get(facet.name, []) if v not in seen
        ]
        if shown:
            groups.append(FacetGroup(name=facet.name, label=str(facet.label), options=shown))
    return groups
