"""Reads for case pages: the faceted list, the detail page and the panels other pages show."""

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, connections, router
from django.db.models import Case as SqlCase
from django.db.models import Count, Field, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from translocal.core import raw_rows
from translocal.core.listing import Facet, SortOption, facet, relevance_sort, search_filter, with_relevance
from translocal.core.locales import in_language, localized_country_name, localized_language_name
from translocal.core.meta import column
from translocal.core.models import Image
from translocal.core.pagination import Page, keyset_page, page_of, parse_cursor, seek_sql
from translocal.core.prepared import PreparedQuery
from translocal.core.translations import reader_language, translation_model_of
from translocal.places.models import Place
from translocal.places.selectors import listed_organisations_prefetch
from translocal.taxonomy.models import Term
from translocal.taxonomy.selectors import term_labels

from .. import facet_counts
from ..models import CASE_VOCABULARY_FIELDS, Case, CaseFacetCount, Completeness, Method, Reflection, Status
from .common import ENTRY_LIST_FIELDS, PUBLISHED
from .translations import with_translated_titles

CASE_ORDERING: tuple[str, ...] = ("-published_at", "-id")
#: Options of one facet rendered at most (the commonest; chosen ones are always added). Country
#: has about 70 on the imported data; beyond 60 the options are single cases nobody browses for.
MAX_FACET_OPTIONS = 60

#: The vocabulary fields of a case, in the order of the detail page.
CASE_TERM_FIELDS: tuple[str, ...] = (*CASE_VOCABULARY_FIELDS, "themes", "sdgs")


@dataclass
class CaseList:
    page: Page
    facets: list[Facet]
    filters: dict[str, list[str]]
    #: How many published cases match (all pages).
    total: int = 0
    search: str = ""

    @property
    def is_filtered(self) -> bool:
        return bool(self.search) or any(self.filters.values())


def _through_counts(
    through: Any, target: str, cases: QuerySet, *, label: str, labels: str = "", published_only: bool = False
) -> list[tuple[str, str, int]]:
    """(slug, label, count) of the `target` rows (terms or methods) tagging `cases`, commonest
    first, then by label; ``labels`` names a {language: label} JSON column whose entry for the
    reader's language replaces the label (terms).

    The through rows are counted per integer id in a derived table and only the 20-60 groups
    are joined to their slug and label: grouping the ~18,000 joined rows by two text columns
    (what the ORM's ``values(slug, label).annotate(Count)`` does) took about twice as long on
    the bench data. The final ordering stays in SQL so labels sort by the database's collation,
    exactly as before. Raw SQL because the ORM cannot join a derived table; every name comes
    from the models' metadata and every value is a parameter (the cases' own subquery included).
    """
    qn = connection.ops.quote_name
    fk = through._meta.get_field(target)
    model = fk.related_model._meta
    case_col = qn(through._meta.get_field("case").column)
    cases_sql, params = cases.order_by().values("pk").query.sql_with_params()
    where = ""
    extra: tuple[str, ...] = ()
    if published_only:
        where, extra = f"WHERE o.{qn(model.get_field('status').column)} = %s ", (Status.PUBLISHED.value,)
    label_col = f"o.{qn(model.get_field(label).column)}"
    labels_col = f"o.{qn(model.get_field(labels).column)}" if labels else "NULL"
    sql = (
        f"SELECT o.{qn(model.get_field('slug').column)}, {label_col}, c.n, {labels_col} "  # noqa: S608 - model names
        f"FROM (SELECT {qn(fk.column)} AS id, COUNT(*) AS n FROM {qn(through._meta.db_table)} "
        f"WHERE {case_col} IN ({cases_sql}) GROUP BY {qn(fk.column)}) c "
        f"INNER JOIN {qn(model.db_table)} o ON o.{qn(model.pk.column)} = c.id "
        f"{where}ORDER BY c.n DESC, {label_col} ASC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *extra))
        rows = cursor.fetchall()
    return _localized(rows) if labels else [(slug, text, n) for slug, text, n, _labels in rows]


def _localized(rows: Sequence[tuple[str, str, int, Any]]) -> list[tuple[str, str, int]]:
    """(slug, label, count) from (slug, English label, count, {language: label} or None) rows
    ordered by count then English label: labels in the reader's language (Term.labels, JSON: a
    text on SQLite), re-sorted by them within each count; English keeps the database's order."""
    if not any(row[3] for row in rows):
        return [(slug, text, n) for slug, text, n, _labels in rows]
    localized = [
        (slug, in_language(json.loads(raw) if isinstance(raw, str) else raw, text), n) for slug, text, n, raw in rows
    ]
    return sorted(localized, key=lambda row: (-row[2], row[1].casefold()))


def stored_case_facet_counts(names: Sequence[str] | None = None) -> dict[str, list[tuple[str, str, int]]]:
    """Every facet's (see ``stored_case_facets_and_total``), or with ``names`` those facets' only
    (a list filtered by one facet needs that one's)."""
    return _stored_case_facets(names, total=False)[0]


def stored_case_facets_and_total() -> tuple[dict[str, list[tuple[str, str, int]]], int]:
    """Every facet's counts (``stored_case_facet_counts``) and how many cases are published (the
    count table's ``facet_counts.TOTAL`` row), in one statement: the unfiltered case list's."""
    return _stored_case_facets(None, total=True)


def _stored_case_facets(
    names: Sequence[str] | None, *, total: bool
) -> tuple[dict[str, list[tuple[str, str, int]]], int]:
    """Every facet's (slug or code, label, count) over all published cases, read from the counts
    the database triggers keep (knowledge.facet_counts), in one statement over a few hundred
    rows: the same rows, in the same order and the same labels, as grouping the cases
    (``kind.counts`` over every published case), which takes ~90 ms on
    10,000 cases. Terms and methods are joined for their slug and label (a method only while it
    is published, as the grouped count does); a term or method gone leaves its row unread.
    With ``names``, those facets' only; with ``total``, the number of published cases too (else
    0)."""
    qn = connection.ops.quote_name
    kinds = [f for f in CASE_FACETS if names is None or f.name in names]
    if not kinds:
        return {}, 0
    only, only_params = "", []
    if names is not None:
        only, only_params = f"AND f.facet IN ({', '.join(['%s'] * len(kinds))}) ", [f.name for f in kinds]
    term, method = Term._meta, Method._meta
    t = {name: f"t.{qn(column(Term, name))}" for name in ("id", "slug", "label", "labels")}
    m = {name: f"m.{qn(column(Method, name))}" for name in ("id", "slug", "title", "status")}
    terms = ", ".join(f"'{f.name}'" for f in CASE_FACETS if isinstance(f, _TermFacet))
    read_whole = [f.name for f in CASE_FACETS if isinstance(f, _ColumnFacet)] + ([facet_counts.TOTAL] if total else [])
    columns = ", ".join(f"'{name}'" for name in read_whole)
    sql = (
        f"SELECT f.facet, COALESCE({t['slug']}, {m['slug']}, f.value), "  # noqa: S608 - model names
        f"COALESCE({t['label']}, {m['title']}, f.value) AS label, f.n, {t['labels']} "
        f"FROM {qn(CaseFacetCount._meta.db_table)} f "
        f"LEFT JOIN {qn(term.db_table)} t ON f.facet IN ({terms}) AND {t['id']} = f.ref "
        f"LEFT JOIN {qn(method.db_table)} m ON f.facet = %s AND {m['id']} = f.ref AND {m['status']} = %s "
        f"WHERE f.n > 0 AND ({t['id']} IS NOT NULL OR {m['id']} IS NOT NULL OR f.facet IN ({columns})) {only}"
        "ORDER BY f.facet, f.n DESC, label"
    )
    grouped: dict[str, list[tuple[str, str, int, Any]]] = {f.name: [] for f in kinds}
    published = 0
    with raw_rows.prepared_cursor(connection.alias) as cursor:  # planned once per connection on PostgreSQL
        cursor.execute(sql, (_MethodFacet.name, Status.PUBLISHED.value, *only_params))
        for name, slug, text, n, raw in cursor.fetchall():
            if name == facet_counts.TOTAL:
                published = int(n)
            else:
                grouped[name].append((slug, text, int(n), raw))
    counts: dict[str, list[tuple[str, str, int]]] = {}
    for kind in kinds:
        rows = grouped[kind.name]
        if isinstance(kind, _ColumnFacet):
            counts[kind.name] = [(value, kind.labeller(value), n) for value, _text, n, _raw in rows]
        else:
            counts[kind.name] = _localized(rows) if isinstance(kind, _TermFacet) else [r[:3] for r in rows]
    return counts, published


class _TermFacet:
    """Cases tagged with any of the chosen terms of one vocabulary field."""

    def __init__(self, name: str, label: str | Promise, field_name: str) -> None:
        self.name, self.label = name, label
        field = getattr(Case, field_name)
        self.through = field.through
        self.vocabulary = field.field.remote_field.limit_choices_to["vocabulary"]

    def labels(self, values: list[str]) -> dict[str, str]:
        return term_labels(self.vocabulary, values)

    def q(self, values: Sequence[str]) -> Q:
        return Q(pk__in=self.through.objects.filter(term__slug__in=values).values("case_id"))

    def counts(self, cases: QuerySet) -> list[tuple[str, str, int]]:
        return _through_counts(self.through, "term", cases, label="label", labels="labels")


class _MethodFacet:
    name, label = "method", _("Method")
    through = Case.methods.through

    def q(self, values: Sequence[str]) -> Q:
        return Q(pk__in=self.through.objects.filter(method__slug__in=values).values("case_id"))

    def counts(self, cases: QuerySet) -> list[tuple[str, str, int]]:
        return _through_counts(self.through, "method", cases, label="title", published_only=True)

    def labels(self, values: list[str]) -> dict[str, str]:
        return dict(Method.objects.filter(slug__in=values).values_list("slug", "title"))


class _ColumnFacet:
    """Cases whose column (e.g. the place's country) has one of the chosen values."""

    def __init__(self, name: str, label: str | Promise, column: str, labeller) -> None:  # noqa: ANN001
        self.name, self.label, self.column, self.labeller = name, label, column, labeller

    def q(self, values: Sequence[str]) -> Q:
        return Q(**{f"{self.column}__in": list(values)})

    def labels(self, values: list[str]) -> dict[str, str]:
        return {value: self.labeller(value) for value in values}

    def counts(self, cases: QuerySet) -> list[tuple[str, str, int]]:
        rows = (
            cases.exclude(**{f"{self.column}__isnull": True})
            .exclude(**{self.column: ""})
            .values(self.column)
            .annotate(n=Count("id"))
            .order_by("-n", self.column)
        )
        return [(r[self.column], self.labeller(r[self.column]), r["n"]) for r in rows]


CASE_FACETS = (
    _TermFacet("issue", _("General issue"), "general_issues"),
    _ColumnFacet("country", _("Country"), "place__country", localized_country_name),
    _MethodFacet(),
    _TermFacet("scope", _("Scope of influence"), "scope_of_influence"),
    _TermFacet("decision", _("Decision method"), "decision_methods"),
    _ColumnFacet("language", _("Original language"), "original_language", localized_language_name),
)
CASE_FACET_NAMES: tuple[str, ...] = tuple(f.name for f in CASE_FACETS)


def grouped_case_facet_counts(
    base: QuerySet,
    conditions: Mapping[str, Q],
    *,
    stored: Callable[[Sequence[str]], dict[str, list[tuple[str, str, int]]]] | None = None,
) -> dict[str, list[tuple[str, str, int]]]:
    """Every facet's (slug or code, label, count) over the cases of ``base`` matching the chosen
    facets' ``conditions`` ({facet name: Q}) other than its own, by grouping them
    (``case_facet_counts_and_total``: one statement for all of them). With ``stored`` (when
    ``base`` is every published case: no search text), a facet no *other* facet narrows (the
    one chosen facet of a list filtered by one) takes its counts from it instead (the stored
    counts, one query for all), rather than grouping every published case again."""
    return case_facet_counts_and_total(base, conditions, stored=stored, total=False)[0]


def case_facet_counts_and_total(
    base: QuerySet,
    conditions: Mapping[str, Q],
    *,
    stored: Callable[[Sequence[str]], dict[str, list[tuple[str, str, int]]]] | None = None,
    total: bool = True,
) -> tuple[dict[str, list[tuple[str, str, int]]], int | None]:
    """``grouped_case_facet_counts`` and (with ``total``) how many cases of ``base`` match
    every condition, in ONE statement: the same rows, in the same order, as each facet's own
    grouped query (``kind.counts``) over the cases matching the other chosen facets.

    The facets counted over the same cases (the same other conditions; with one facet chosen,
    all but that one) share a CTE of those cases' ids and column-facet values, compiled once by
    the ORM and read once by the database (a search's LIKE scan of every case ran once a facet
    before); each facet is a branch of a UNION ALL grouping its through rows or its column over
    that CTE, ordered as the facet alone was (count, then label by the database's collation),
    and the total counts the CTE of the cases matching everything. The per-facet queries cost
    about 1 ms of Python each to build and compile for a few tenths of SQL. Raw SQL because the
    ORM cannot union or select from a CTE; every name comes from the models' metadata and every
    value is a parameter (the ORM's own subqueries included)."""
    groups: dict[tuple[str, ...], list[Any]] = {}
    unnarrowed = [kind.name for kind in CASE_FACETS if not any(name != kind.name for name in conditions)]
    counts = stored(unnarrowed) if stored is not None and unnarrowed else {}
    for kind in CASE_FACETS:
        if kind.name not in counts:
            groups.setdefault(tuple(name for name in conditions if name != kind.name), []).append(kind)
    everything = tuple(conditions)
    if total:
        groups.setdefault(everything, [])
    if not groups:
        return counts, None
    db = connections[base.db]
    qn = db.ops.quote_name
    ctes: list[str] = []
    branches: list[str] = []
    params: list[Any] = []
    branch_params: list[Any] = []
    facet_at: list[Any] = []  # the facet of each branch's number
    columns = [f for f in CASE_FACETS if isinstance(f, _ColumnFacet)]
    # A branch without the terms' labels gives a NULL of their type: PostgreSQL types a union's
    # column from its branches in order, and an untyped NULL first would be text, not jsonb.
    no_labels = f"CAST(NULL AS {Term._meta.get_field('labels').db_type(db)})"
    for g, (others, kinds) in enumerate(groups.items()):
        cases = base.filter(*(conditions[name] for name in others)).order_by()
        cte_columns = [f for f in columns if f in kinds]
        sql, cte_params = cases.values("pk", *(f.column for f in cte_columns)).query.sql_with_params()
        names = ", ".join(["id", *(f"v{i}" for i in range(len(cte_columns)))])
        ctes.append(f"s{g} ({names}) AS ({sql})")
        params += cte_params
        for kind in kinds:
            number = len(facet_at)
            facet_at.append(kind)
            if isinstance(kind, _ColumnFacet):
                value = f"v{cte_columns.index(kind)}"
                branches.append(
                    f"SELECT {number}, {value}, {value}, COUNT(*), {no_labels} FROM s{g} "  # noqa: S608 - names of ours
                    f"WHERE {value} IS NOT NULL AND {value} <> '' GROUP BY {value}"
                )
                continue
            target = "term" if isinstance(kind, _TermFacet) else "method"
            fk = kind.through._meta.get_field(target)
            model = fk.related_model._meta
            label = "label" if isinstance(kind, _TermFacet) else "title"
            labels = f"o.{qn(model.get_field('labels').column)}" if isinstance(kind, _TermFacet) else no_labels
            where = ""
            if isinstance(kind, _MethodFacet):
                where = f"WHERE o.{qn(model.get_field('status').column)} = %s "
                branch_params.append(Status.PUBLISHED.value)
            case_col = qn(kind.through._meta.get_field("case").column)
            branches.append(
                f"SELECT {number}, o.{qn(model.get_field('slug').column)}, "  # noqa: S608 - model names
                f"o.{qn(model.get_field(label).column)}, c.n, {labels} "
                f"FROM (SELECT {qn(fk.column)} AS id, COUNT(*) AS n FROM {qn(kind.through._meta.db_table)} "
                f"WHERE {case_col} IN (SELECT id FROM s{g}) GROUP BY {qn(fk.column)}) c "
                f"INNER JOIN {qn(model.db_table)} o ON o.{qn(model.pk.column)} = c.id {where}"
            )
        if total and others == everything:
            branches.append(f"SELECT -1, NULL, NULL, COUNT(*), {no_labels} FROM s{g}")  # noqa: S608 - names of ours
    full = f"WITH {', '.join(ctes)} {' UNION ALL '.join(branches)} ORDER BY 1, 4 DESC, 3, 2"  # noqa: S608
    rows: dict[Any, list[tuple[str, str, int, Any]]] = {kind: [] for kind in facet_at}
    matching: int | None = None
    with db.cursor() as cursor:
        cursor.execute(full, (*params, *branch_params))
        for number, value, text, n, raw in cursor.fetchall():
            if number < 0:
                matching = int(n)
            else:
                rows[facet_at[number]].append((value, text, int(n), raw))
    for kind, found in rows.items():
        if isinstance(kind, _ColumnFacet):
            counts[kind.name] = [(value, kind.labeller(value), n) for value, _text, n, _raw in found]
        elif isinstance(kind, _TermFacet):
            counts[kind.name] = _localized(found)
        else:
            counts[kind.name] = [(value, text, n) for value, text, n, _raw in found]
    return counts, matching


def parse_case_filters(params: Mapping[str, Any]) -> dict[str, list[str]]:
    """The facet values chosen in a query string (a QueryDict or a dict of lists)."""
    filters: dict[str, list[str]] = {}
    for name in CASE_FACET_NAMES:
        raw = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
        values = [v.strip() for v in raw if v and v.strip()][:20]
        if values:
            filters[name] = list(dict.fromkeys(values))
    return filters


#: What a card reads of a case's lead image (knowledge.cards.lead_thumbnail_html).
CARD_IMAGE_FIELDS: tuple[str, ...] = ("id", "thumb_name", "alt_text", "thumb_width", "thumb_height")
#: What a card reads of a term (a general issue).
CARD_TERM_FIELDS: tuple[str, ...] = ("id", "slug", "label", "labels", "position")


def _case_cards(qs: QuerySet) -> QuerySet:
    """Case cards through the ORM: place, lead image (joined: no query more), general issues;
    only the columns a card reads. The case list reads the same with ``case_cards_by_id``."""
    return (
        with_translated_titles(qs)
        .select_related("place", "lead_image")
        .only(
            *CASE_CARD_FIELDS, "lead_image",
            *(f"place__{name}" for name in CARD_PLACE_FIELDS),
            *(f"lead_image__{name}" for name in CARD_IMAGE_FIELDS),
        )
        .prefetch_related(Prefetch("general_issues", queryset=Term.objects.only(*CARD_TERM_FIELDS)))
    )


def case_cards_by_id(ids: Sequence[int], *, using: str) -> list[Case]:
    """The cases of ``ids``, in that order, as ``_case_cards`` loads them (the card's columns,
    its place and lead image, ``translated_title``, ``translated_summary`` and
    ``reader_language`` in the reader's language, the general issues prefetched in the terms'
    order), from ONE plain statement: the cards joined to their issues, a row per issue.

    The case list's page took about 5 ms of Python through the ORM (compiling a query with two
    correlated subqueries and three joins, building 75 instances, a prefetch query compiled
    and matched), for a few tenths of a millisecond of SQL. Names come from the models'
    metadata, values are parameters; the instances get the ORM's converters (core.raw_rows)."""
    if not ids:
        return []
    qn = connections[using].ops.quote_name
    language = reader_language()
    select, joins = _card_sql(using)
    sql = (
        f"SELECT {select} FROM {qn(Case._meta.db_table)} c {joins} "  # noqa: S608 - model names
        f"WHERE c.{qn('id')} IN ({', '.join(['%s'] * len(ids))}) ORDER BY {_term_order(using)}"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [language, *ids])
        cards = {card.pk: card for card in _cards_from_rows(cursor.fetchall(), using=using, language=language)}
    return [cards[pk] for pk in ids if pk in cards]


@cache
def _card_sql(using: str) -> tuple[str, str]:
    """The select list and the joins of a case card's statement (the cases aliased ``c``; one
    parameter, the reader's language, in the joins), built once per process."""
    qn = connections[using].ops.quote_name
    translation = translation_model_of(Case)
    through = Case.general_issues.through
    case_col, term_col = (qn(column(through, name)) for name in ("case", "term"))
    pk, place_id, image_id = (qn(column(Case, name)) for name in ("id", "place", "lead_image"))
    entry_col, language_col = qn(column(translation, translation.original_field)), qn(column(translation, "language"))
    select = (
        f"{raw_rows.columns(Case, 'c', using, _CARD_COLUMNS)}, "
        f"{raw_rows.columns(Place, 'p', using, CARD_PLACE_FIELDS)}, "
        f"{raw_rows.columns(Image, 'i', using, CARD_IMAGE_FIELDS)}, tr.{qn('title')}, tr.{qn('summary')}, "
        f"{raw_rows.columns(Term, 't', using, CARD_TERM_FIELDS)}"
    )
    joins = (
        f"LEFT OUTER JOIN {qn(Place._meta.db_table)} p ON p.{qn('id')} = c.{place_id} "
        f"LEFT OUTER JOIN {qn(Image._meta.db_table)} i ON i.{qn('id')} = c.{image_id} "
        f"LEFT OUTER JOIN {qn(translation._meta.db_table)} tr ON tr.{entry_col} = c.{pk} AND tr.{language_col} = %s "
        f"LEFT OUTER JOIN {qn(through._meta.db_table)} g ON g.{case_col} = c.{pk} "
        f"LEFT OUTER JOIN {qn(Term._meta.db_table)} t ON t.{qn('id')} = g.{term_col}"
    )
    return select, joins


@cache
def _term_order(using: str) -> str:
    """The issues' order within a card (Term.Meta, then id), in SQL over the terms aliased ``t``."""
    qn = connections[using].ops.quote_name
    order = ", ".join(f"t.{qn(column(Term, name))}" for name in Term._meta.ordering)  # type: ignore[union-attr]
    return f"{order}, t.{qn('id')}"


def _cards_from_rows(rows: Sequence[Sequence[Any]], *, using: str, language: str) -> list[Case]:
    """The cards of the rows of a card statement (``_card_sql``: a row per card and issue, a
    card's rows one after the other, its issues in order), in the order they come."""
    place_at = raw_rows.width(Case, _CARD_COLUMNS)
    image_at = place_at + raw_rows.width(Place, CARD_PLACE_FIELDS)
    text_at = image_at + raw_rows.width(Image, CARD_IMAGE_FIELDS)
    term_at = text_at + 2
    cards: dict[int, Case] = {}
    issues: dict[int, list[Term]] = {}
    # A place or a term shared by several cards is one instance (read-only here), as a
    # prefetch would not make it: half the rows name a term another card has.
    places: dict[int, Place] = {}
    terms: dict[int, Term] = {}
    for row in rows:
        card = cards.get(row[0])
        if card is None:
            card = cards[row[0]] = raw_rows.instance(Case, row, 0, using, _CARD_COLUMNS)
            place = None
            if card.place_id:
                place = places.get(card.place_id) or raw_rows.instance(Place, row, place_at, using, CARD_PLACE_FIELDS)
                places[card.place_id] = place
            card.place = place
            card.lead_image = (
                raw_rows.instance(Image, row, image_at, using, CARD_IMAGE_FIELDS) if card.lead_image_id else None
            )
            card.translated_title, card.translated_summary = row[text_at:term_at]  # type: ignore[attr-defined]
            card.reader_language = language  # type: ignore[attr-defined]
            issues[card.pk] = []
        term_id = row[term_at]
        if term_id is not None:
            term = terms.get(term_id) or raw_rows.instance(Term, row, term_at, using, CARD_TERM_FIELDS)
            issues[card.pk].append(terms.setdefault(term_id, term))
    cache_name = Case.general_issues.field.name  # the related manager's prefetch_cache_name
    for card in cards.values():
        # What prefetch_related leaves: a queryset of the terms, already evaluated, which
        # ``card.general_issues.all()`` returns as it is (no related manager built here).
        queryset: QuerySet[Term] = QuerySet(model=Term, using=using)
        queryset._result_cache = issues[card.pk]
        queryset._prefetch_done = True  # type: ignore[attr-defined]
        card.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = queryset
    return list(cards.values())


def _published_cases_page(
    *,
    sort: SortOption,
    direction: str,
    after: list[Any],
    size: int,
    using: str,
    within: tuple[str, Sequence[Any]] | None = None,
) -> Page:
    """A page of every published case in ``sort`` (not relevance) as cards, in ONE statement:
    the page's keys (a seek from the cursor's ``after`` values in ``direction``, as
    ``keyset_page`` reads them) as a derived table joined to the cards' columns, places,
    images, translations and issues. The same page and cursors as the ORM's two statements
    (``keyset_page`` over the published cases, ``case_cards_by_id``), which cost about 5 ms of
    Python (compiling the key query with its annotations, building its instances) for half a
    millisecond of SQL. How many cases there are comes from the facet counts' statement.

    ``within`` (the SQL of a subquery of case ids and its parameters: a filtered list's
    matching cases) narrows the page to those cases."""
    db = connections[using]
    qn = db.ops.quote_name
    forward = direction == "after"
    names = [term.lstrip("-") for term in sort.ordering]
    terms = [(_ORDER_SQL[name](qn), term.startswith("-")) for name, term in zip(names, sort.ordering, strict=True)]
    status = f"c.{qn(column(Case, 'status'))}"
    where = f"{status} = %s"
    where_params: list[Any] = [Status.PUBLISHED.value]
    if within is not None:
        where, where_params = f"{where} AND c.{qn('id')} IN ({within[0]})", [*where_params, *within[1]]
    if after:
        values = [_db_value(name, value, db) for name, value in zip(names, after, strict=True)]
        seek, seek_params = seek_sql(terms, values, forward)
        where, where_params = f"{where} AND {seek}", [*where_params, *seek_params]
    order = ", ".join(f"{expression} {'DESC' if descending == forward else 'ASC'}" for expression, descending in terms)
    select, joins = _card_sql(using)
    table = qn(Case._meta.db_table)
    pk = qn("id")
    sql = (
        f"SELECT {select} "  # noqa: S608 - model names
        f"FROM (SELECT c.{pk} AS id FROM {table} c WHERE {where} ORDER BY {order} LIMIT {int(size) + 1}) k "
        f"INNER JOIN {table} c ON c.{pk} = k.id {joins} "
        f"ORDER BY {order}, {_term_order(using)}"
    )
    language = reader_language()
    params: list[Any] = [*where_params, language]
    # Unfiltered, the text is one of a few (a sort, a direction, a seek or not), so PostgreSQL
    # plans it once per connection: planning took 1.3 ms, longer than the 1.1 ms it runs
    # (EXPLAIN ANALYZE on the bench data). The page size is written in: with it a parameter the
    # prepared statement took 3.9-4.5 ms a run, no faster than unprepared (3.5-4.6), against
    # 1.3-2.4 ms (a loaded machine, alternating). A filtered list's text changes with its filters.
    with raw_rows.prepared_cursor(using) if within is None else db.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    cards = _cards_from_rows(rows, using=using, language=language)
    for card in cards:
        card.completeness_rank = _COMPLETENESS_RANKS.get(card.completeness, 0)  # type: ignore[attr-defined]
    return page_of(cards, names=names, forward=forward, after=after, size=size)


#: The SQL of each term of the case list's orders but relevance, over the cases aliased ``c``.
_ORDER_SQL: dict[str, Callable[[Callable[[str], str]], str]] = {
    "published_at": lambda qn: f"c.{qn(column(Case, 'published_at'))}",
    "id": lambda qn: f"c.{qn('id')}",
    "title": lambda qn: f"c.{qn(column(Case, 'title'))}",
    "completeness_rank": lambda qn: (
        f"CASE WHEN c.{qn(column(Case, 'completeness'))} = '{Completeness.COMPLETE.value}' THEN 2 "
        f"WHEN c.{qn(column(Case, 'completeness'))} = '{Completeness.PARTIAL.value}' THEN 1 ELSE 0 END"
    ),
}
#: ``completeness_rank`` of each completeness (``_COMPLETENESS_RANK``; any other value: 0).
_COMPLETENESS_RANKS = {Completeness.COMPLETE.value: 2, Completeness.PARTIAL.value: 1}


def _db_value(name: str, value: Any, db: Any) -> Any:
    """A cursor's value of the ordering term ``name`` as the ORM would send it in a lookup on
    that field (a datetime adapted for SQLite); an annotation's as it is."""
    if name == "completeness_rank":
        return value
    field = Case._meta.get_field(name)
    assert isinstance(field, Field)  # noqa: S101 - the orders name concrete fields
    return field.get_db_prep_value(value, db)


#: The orders of the case list (core.listing): relevance while searching, newest by default.
CASE_SORTS: tuple[SortOption, ...] = (
    relevance_sort(*CASE_ORDERING),
    SortOption("newest", _("Newest"), CASE_ORDERING),
    SortOption("title", _("Title"), ("title", "id")),
    SortOption("complete", _("Most complete"), ("-completeness_rank", *CASE_ORDERING)),
)
#: What the case list's search box looks in.
CASE_SEARCH_FIELDS: tuple[str, ...] = ("title", "summary")


def case_list(
    *,
    filters: Mapping[str, Sequence[str]],
    cursor: str | None,
    size: int | None = None,
    search: str = "",
    sort: SortOption = CASE_SORTS[1],
) -> CaseList:
    """One page of published cases matching the search text and the facets, in ``sort``
    (one of CASE_SORTS), with facet counts and the number of matching cases.

    Within a facet the chosen values are alternatives (OR), across facets they combine (AND);
    the search text (every word in the title or summary, core.listing.search_filter) narrows
    all of them. Each facet's counts are taken over the cases matching the *other* facets, so a
    person sees how many cases each further choice would add. Queries: with no facet chosen and
    no search text, one for all the facets' counts (kept by triggers, stored_case_facet_counts),
    which give the total too, and one for the page and its cards; otherwise one for every facet's counts and the
    total (case_facet_counts_and_total), one more for the stored counts when a facet no other
    chosen facet narrows reads them (no search text), and one for the page with its cards
    (``_published_cases_page`` within the matching cases; while searching, relevance orders it:
    one for the page, one for its cards): constant however many cases there are. Raises
    InvalidCursor (a 400) before any of them.
    """
    direction, after = parse_cursor(cursor, model=Case, ordering=sort.ordering) if cursor else ("after", [])
    size = size or settings.PAGE_SIZE
    if not search.split() and not any(filters.get(f.name) for f in CASE_FACETS):
        counts, published = stored_case_facets_and_total()
        facets = [
            facet(f.name, f.label, counts[f.name], [], labels=f.labels, limit=MAX_FACET_OPTIONS) for f in CASE_FACETS
        ]
        page = _published_cases_page(
            sort=sort, direction=direction, after=after, size=size, using=router.db_for_read(Case)
        )
        return CaseList(
            page=page, facets=facets, filters={k: list(v) for k, v in filters.items()}, total=published, search=search
        )
    base = search_filter(Case.objects.filter(PUBLISHED), search, fields=CASE_SEARCH_FIELDS)
    conditions = {f.name: f.q(filters[f.name]) for f in CASE_FACETS if filters.get(f.name)}
    matching = base.filter(*conditions.values())
    searching = bool(search.split())
    counts, total = case_facet_counts_and_total(
        base, conditions, stored=None if searching else stored_case_facet_counts
    )
    facets = [
        facet(f.name, f.label, counts[f.name], filters.get(f.name, []), labels=f.labels, limit=MAX_FACET_OPTIONS)
        for f in CASE_FACETS
    ]
    if not searching:  # the page, its cards, within the matching cases: one statement
        within = matching.order_by().values("pk").query.sql_with_params()
        page = _published_cases_page(
            sort=sort, direction=direction, after=after, size=size, using=matching.db, within=within
        )
        return CaseList(
            page=page, facets=facets, filters={k: list(v) for k, v in filters.items()}, total=total or 0, search=search
        )
    # Searching: the page's ids (and what its cursors read, relevance) through the ORM, then its
    # cards in plain SQL.
    keys = (
        with_relevance(matching, search, title="title")
        .annotate(completeness_rank=_COMPLETENESS_RANK)
        .only(*{term.lstrip("-") for term in sort.ordering} - {"relevance", "completeness_rank"})
    )
    page = keyset_page(keys, ordering=sort.ordering, cursor=cursor, size=size)
    page.items = case_cards_by_id([row.pk for row in page.items], using=keys.db)
    return CaseList(
        page=page, facets=facets, filters={k: list(v) for k, v in filters.items()}, total=total or 0, search=search
    )


def case_header_queryset() -> QuerySet:
    """What a case page needs before its (cached) body: the header fields, what permission
    checks read, and the place."""
    return Case.objects.select_related("place").only(
        "id", "slug", "title", "summary", "status", "published_at", "start_date", "completeness", "original_language",
        "created_by_id", "hub_id", "moderation_hub_id", "place__id", "place__slug", "place__name", "place__country",
    )


def prefetch_case_terms(cases: Sequence[Case], *, using: str = "default") -> None:
    """Fill the prefetch caches of every vocabulary field of ``cases`` (CASE_TERM_FIELDS: 22 of
    them) as ``prefetch_related`` would, in two queries instead of one a field: the (field,
    case, term) rows of all the through tables at once (UNION ALL over the through tables'
    indexes on the case), then the terms, in their default ordering. Afterwards
    ``case.general_issues.all()`` and the like cost no query. Raw SQL because the ORM cannot
    union twenty-two models; names come from the models' metadata, values are parameters."""
    if not cases:
        return
    db = connections[using]
    qn = db.ops.quote_name
    ids = [case.pk for case in cases]
    placeholders = ", ".join(["%s"] * len(ids))
    branches: list[str] = []
    for i, name in enumerate(CASE_TERM_FIELDS):
        through = getattr(Case, name).through._meta
        case_col, term_col = (qn(through.get_field(f).column) for f in ("case", "term"))
        branches.append(
            f"SELECT {i}, {case_col}, {term_col} FROM {qn(through.db_table)} "  # noqa: S608 - model names
            f"WHERE {case_col} IN ({placeholders})"
        )
    with db.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), ids * len(branches))
        rows = cursor.fetchall()
    # The terms in their default ordering (Term.Meta), which each field's list then keeps: the
    # rows Term.objects.filter(pk__in=...) would read, in plain SQL (compiling that query and
    # building the instances through from_db was about a millisecond of a case page).
    terms = _terms_by_id({term for _i, _case, term in rows}, using=using) if rows else []
    rank = {term.pk: position for position, term in enumerate(terms)}
    by_pk = {term.pk: term for term in terms}
    wanted: dict[tuple[int, int], list[int]] = {}
    for i, case_id, term_id in rows:
        wanted.setdefault((i, case_id), []).append(term_id)
    for case in cases:
        cache = case.__dict__.setdefault("_prefetched_objects_cache", {})
        for i, name in enumerate(CASE_TERM_FIELDS):
            manager = getattr(case, name)
            queryset = manager.get_queryset()
            queryset._result_cache = [by_pk[pk] for pk in sorted(wanted.get((i, case.pk), []), key=rank.__getitem__)]
            queryset._prefetch_done = True
            cache[manager.prefetch_cache_name] = queryset


def _terms_by_id(ids: set[int], *, using: str) -> list[Term]:
    """The terms of ``ids`` (every field), in their default ordering (Term.Meta, then id)."""
    qn = connections[using].ops.quote_name
    order = ", ".join(f"t.{qn(column(Term, name))}" for name in Term._meta.ordering)  # type: ignore[union-attr]
    sql = (
        f"SELECT {raw_rows.columns(Term, 't', using)} FROM {qn(Term._meta.db_table)} t "  # noqa: S608 - model names
        f"WHERE t.{qn('id')} IN ({', '.join(['%s'] * len(ids))}) ORDER BY {order}, t.{qn('id')}"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, sorted(ids))
        return [raw_rows.instance(Term, row, 0, using) for row in cursor.fetchall()]


class CaseDetailQuerySet(QuerySet):
    """Cases whose vocabulary fields are loaded together (``prefetch_case_terms``) with the
    other prefetches."""

    def _prefetch_related_objects(self) -> None:
        super()._prefetch_related_objects()  # type: ignore[misc] # Django's own step, then ours
        cases = self._result_cache or []
        prefetch_case_terms(cases, using=self.db)
        for case in cases:  # one: this queryset loads a case page
            case.published_reflections = list(
                with_translated_titles(Reflection.objects.using(self.db).filter(PUBLISHED, cases=case))
                .defer("body", "body_html")
                .order_by("-published_at", "-id")[:PAGE_REFLECTIONS]
            )


#: The newest published reflections about a case that its page lists.
PAGE_REFLECTIONS = 20


def case_detail_queryset() -> QuerySet:
    """A case with everything its page shows, in a constant number of queries: the case with
    its single relations, its vocabulary fields (two, prefetch_case_terms), methods,
    organisations, components and its newest published reflections (one each; the
    reflections as ``published_reflections``, by a plain LIMIT query for the one case rather
    than a sliced Prefetch, whose window function cost about 5 ms to build and run)."""
    queryset = CaseDetailQuerySet(model=Case).select_related(
        "place", "hub", "created_by", "public_spectrum", "recruitment_method", "is_component_of", "lead_image"
    )
    return queryset.prefetch_related(
        Prefetch(
            "methods", queryset=Method.objects.filter(PUBLISHED).order_by("title").only("id", "slug", "title")
        ),
        listed_organisations_prefetch("organisations"),  # an unpublished organiser is not named
        Prefetch(
            "components",
            queryset=Case.objects.filter(PUBLISHED)
            .order_by("title")
            .only("id", "slug", "title", "is_component_of"),
            to_attr="published_components",
        ),
    )


#: What a case's card (knowledge/_case_card.html, the home page's cards) reads: not the bodies.
CASE_CARD_FIELDS: tuple[str, ...] = (
    "id", "slug", "title", "summary", "original_language", "status", "published_at", "start_date", "completeness",
    "location_name", "place",
)
#: What a card reads of the case's place.
CARD_PLACE_FIELDS: tuple[str, ...] = ("id", "slug", "name", "country")
#: The case's columns a card's statement reads (``_card_sql``).
_CARD_COLUMNS: tuple[str, ...] = (*CASE_CARD_FIELDS, "lead_image")
#: The index (Case.Meta) the related-cases ranking reads each candidate's status and date from.
RELATED_RANK_INDEX = "case_id_status_pub_idx"


def _related_sql(*, case: Case, shared: Mapping[Any, Sequence[int]], limit: int, language: str, using: str) -> tuple[str, list[Any]]:  # noqa: E501
    """The statement of ``related_cases`` and its parameters: the `limit` published cases (other
    than `case`) sharing the most of the given terms/methods, newest first among equals, from ONE
    aggregate over the through tables' rows for these ids (UNION ALL, GROUP BY case, kept as the
    CTE ``r``) joined to the cases for status and recency; then, for those few, the card's
    columns, the place's and the title and summary of the translation into ``language``.

    Only the candidates sharing two or more are joined to the cases when at least `limit`
    published ones (other than `case`) share two or more: every one of them ranks above all that
    share one, so the answer is the same, and the ~1,800 candidates sharing one (bench data: of
    ~1,900) are not read by their status and date (SQLite: 1.25 -> 0.8 ms for the statement).
    Otherwise every candidate is. The check is a scalar subquery over ``r`` run once, each
    candidate's status an EXISTS probe (a join there made SQLite build a Bloom filter over the
    whole index of cases: 5 ms).

    Plain SQL because the ORM cannot GROUP BY over a union of two models, and because compiling
    the ORM's version of the rest cost more than the database took to answer (about 3 ms of
    Python a page). Every name comes from the models' metadata, every value is a parameter. It
    replaced a correlated COUNT per candidate (2,000+ candidates on the bench data, 40-60 ms on
    PostgreSQL)."""
    counts = tuple((through, len(ids)) for through, ids in shared.items() if ids)
    params: list[Any] = [pk for ids in shared.values() for pk in ids]
    published, pk = Status.PUBLISHED.value, case.pk
    return _related_statement(counts, using), [*params, published, pk, limit, pk, published, limit, limit, language]


@cache
def _related_statement(counts: tuple[tuple[Any, int], ...], using: str) -> str:
    """``_related_sql``'s text for these (through model, number of ids) and database alias:
    built from the models' metadata once per process and shape."""
    db = connections[using]
    qn = db.ops.quote_name
    branches = []
    for through, n in counts:
        case_col = column(through, "case")
        other = next(f for f in through._meta.local_fields if f.is_relation and f.name != "case")
        placeholders = ", ".join(["%s"] * n)
        branches.append(
            f"SELECT {qn(case_col)} AS case_id FROM {qn(through._meta.db_table)} "  # noqa: S608 - model names
            f"WHERE {qn(other.column)} IN ({placeholders})"
        )
    pk, status, published_at, place_id = (qn(column(Case, n)) for n in ("id", "status", "published_at", "place"))
    cases = qn(Case._meta.db_table)
    translation = translation_model_of(Case)
    entry_col, language_col = qn(column(translation, translation.original_field)), qn(column(translation, "language"))
    rows = " UNION ALL ".join(branches)
    # SQLite's planner, without statistics on it, would read each candidate's wide row by its
    # rowid instead of the narrow index on (id, status, published_at): 2 ms against 10.
    hint = f" INDEXED BY {qn(RELATED_RANK_INDEX)}" if db.vendor == "sqlite" else ""
    # 2 when at least `limit` published candidates share two or more, else 1.
    floor = (
        f"(SELECT CASE WHEN COUNT(*) >= %s THEN 2 ELSE 1 END FROM (SELECT 1 AS one FROM r r2 "  # noqa: S608
        f"WHERE r2.shared >= 2 AND r2.case_id <> %s AND EXISTS (SELECT 1 FROM {cases} c2{hint} "
        f"WHERE c2.{pk} = r2.case_id AND c2.{status} = %s) LIMIT %s) few)"
    )
    return (
        f"WITH r AS MATERIALIZED (SELECT u.case_id, COUNT(*) AS shared FROM ({rows}) u GROUP BY u.case_id) "  # noqa: S608
        f"SELECT {raw_rows.columns(Case, 'c', using, CASE_CARD_FIELDS)}, "
        f"{raw_rows.columns(Place, 'p', using, CARD_PLACE_FIELDS)}, t.{qn('title')}, t.{qn('summary')}, top.shared "
        f"FROM (SELECT c.{pk} AS id, r.shared, c.{published_at} AS published_at "
        f"FROM r INNER JOIN {cases} c{hint} ON c.{pk} = r.case_id "
        f"WHERE c.{status} = %s AND c.{pk} <> %s AND r.shared >= {floor} "
        f"ORDER BY r.shared DESC, c.{published_at} DESC, c.{pk} DESC LIMIT %s) top "
        f"INNER JOIN {cases} c ON c.{pk} = top.id "
        f"LEFT OUTER JOIN {qn(Place._meta.db_table)} p ON p.{qn('id')} = c.{place_id} "
        f"LEFT OUTER JOIN {qn(translation._meta.db_table)} t ON t.{entry_col} = c.{pk} AND t.{language_col} = %s "
        f"ORDER BY top.shared DESC, top.published_at DESC, top.id DESC"
    )


def related_cases(*, case: Case, limit: int = 6) -> list[Case]:
    """Published cases sharing general issues or methods with `case`, most shared first, then
    newest, for cards: each with its place, ``shared`` (how many of the issues and methods),
    and ``translated_title``, ``translated_summary`` and ``reader_language`` as
    ``with_translated_titles`` gives them. Uses the case's prefetched issues/methods (on the
    detail page: published methods). One query (``_related_sql``), through
    ``raw_rows.prepared_cursor``: on PostgreSQL its text (one per number of issues and methods)
    is planned once per connection (bench data, 24 pages alternated: 2.34 -> 1.69 ms a statement)."""
    issue_ids = [t.pk for t in case.general_issues.all()]
    method_ids = [m.pk for m in case.methods.all()]
    if not issue_ids and not method_ids:
        return []
    using = router.db_for_read(Case)
    language = reader_language()
    sql, params = _related_sql(
        case=case,
        shared={Case.general_issues.through: issue_ids, Case.methods.through: method_ids},
        limit=limit,
        language=language,
        using=using,
    )
    with raw_rows.prepared_cursor(using) as cursor:  # planned once per connection and shape on PostgreSQL
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    place_start = raw_rows.width(Case, CASE_CARD_FIELDS)
    extra_start = place_start + raw_rows.width(Place, CARD_PLACE_FIELDS)
    cards = []
    for row in rows:
        card = raw_rows.instance(Case, row, 0, using, CASE_CARD_FIELDS)
        card.place = raw_rows.instance(Place, row, place_start, using, CARD_PLACE_FIELDS) if card.place_id else None
        card.translated_title, card.translated_summary, card.shared = row[extra_start:]  # type: ignore[attr-defined]
        card.reader_language = language  # type: ignore[attr-defined]
        cards.append(card)
    return cards


_COMPLETENESS_RANK = SqlCase(
    When(completeness=Completeness.COMPLETE, then=Value(2)),
    When(completeness=Completeness.PARTIAL, then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)


#: A case's completeness from the most complete down, as the values sort: complete, partial, stub.
COMPLETENESS_DESCENDING = ("completeness",)


def featured_cases(*, limit: int = 6) -> list[Case]:
    """Published cases for the home page: featured first, then the most complete, newest.

    The values of completeness sort alphabetically from the most complete down
    (COMPLETENESS_DESCENDING), so the order is the index ``case_featured_idx``'s and the
    database reads six index entries instead of sorting every published case (42 ms on the
    bench data's 10,000 cases, SQLite). Only what the home page's cards show is loaded. One
    query, prepared once per process and language (core.prepared)."""
    return _featured_cases(limit=limit)


_featured_cases = PreparedQuery(
    Case,
    lambda *, limit: with_translated_titles(Case.objects.filter(PUBLISHED))
    .select_related("place")
    .only(*CASE_CARD_FIELDS, *(f"place__{name}" for name in CARD_PLACE_FIELDS))
    .order_by("-featured", *COMPLETENESS_DESCENDING, "-published_at", "-id")[:limit],
)


def published_case_counts_by_place() -> dict[int, int]:
    """{place id: number of published cases there}, for places with at least one (one query)."""
    rows = Case.objects.filter(PUBLISHED, place__isnull=False).order_by().values_list("place_id")
    return dict(rows.annotate(n=Count("id")))


def cases_for_place(*, place: Any, limit: int = 10) -> list[Case]:
    """The newest published cases at ``place`` with what a place or hub page's list of entries
    shows (ENTRY_LIST_FIELDS and the start date, titles in the reader's language), not their
    bodies: one query, prepared once per process and language (core.prepared)."""
    return _cases_at(place.pk, limit=limit)


def _published_cases_at(place_id: int, *, limit: int) -> QuerySet[Case]:
    published_here = Case.objects.filter(PUBLISHED, place_id=place_id).only(*ENTRY_LIST_FIELDS, "start_date")
    return with_translated_titles(published_here).order_by(*CASE_ORDERING)[:limit]


_cases_at = PreparedQuery(Case, _published_cases_at)


def cases_for_organisation(*, organisation: Any, limit: int = 10) -> QuerySet:
    """Published cases the organisation was a primary organiser of, newest first (one query,
    places joined for the cards)."""
    return (
        with_translated_titles(Case.objects.filter(PUBLISHED, organisations=organisation))
        .select_related("place")
        .order_by(*CASE_ORDERING)[:limit]
    )
