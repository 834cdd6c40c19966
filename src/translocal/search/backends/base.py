"""What both full-text backends share: writing entries and facets in bulk, and the shape of a
query. A backend adds only the vendor's full-text structure (keeping it in step, explicitly,
in the same transaction) and the ranked, highlighted page query."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from translocal.core.dates import LabelledDate
from translocal.core.locales import country_name, language_name
from translocal.search.models import SearchEntry, SearchFacet
from translocal.search.registry import SearchDocument

# Snippet markers: control characters that are stripped from all indexed text, so they can
# never collide with content; the view escapes the snippet, then turns them into <mark>.
MARK_START = "\x02"
MARK_END = "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

ENTRY_FIELDS = (
    "title", "summary", "body", "keywords", "url", "language", "country", "place_id", "place_name",
    "published_at", "date", "date_meaning", "updated_at", "boost", "is_public", "owner_id", "group_key",
)
WRITE_BATCH = 500


def clean_text(text: str, limit: int | None = None) -> str:
    text = _CONTROL.sub(" ", text or "")
    return text[:limit] if limit else text


@dataclass(frozen=True)
class MatchQuery:
    """Sanitised query terms and how to combine them ("and" first, then "or")."""

    terms: tuple[str, ...]
    mode: str = "and"


@dataclass
class HitRow:
    id: int
    kind: str
    object_id: int
    title: str
    title_marked: str
    snippet_marked: str
    summary: str
    url: str
    language: str
    country: str
    place_name: str
    published_at: Any
    score: float
    date: Any = None
    date_meaning: str = ""


@dataclass
class SearchPage:
    """What ``BaseBackend.search_page`` returns: the page's hits, how many results there are
    (one per object) and the facet rows ``(name, value, label, labels, count)``."""

    hits: list[HitRow]
    total: int
    facets: list[tuple[str, str, str, dict[str, str], int]]


class BaseBackend:
    vendor = ""
    #: Whether a search finds its matches by testing each entry row (``row_matches_sql`` on the
    #: row's own columns, an index answering it), rather than through ``match_ids_sql``'s list.
    matches_by_row = False
    #: Whether facet counts group by (value, object), then by value, instead of counting the
    #: distinct objects of each value in one grouping (search.selectors._facet_counts): the
    #: distinct count makes PostgreSQL sort every facet row of the matches by its text, where
    #: two hash aggregates need no sort; SQLite sorts for both, and the one grouping is cheaper
    #: (bench, 3,579 matches: 31 against 50 ms of CPU).
    facet_counts_in_two_groupings = False

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias

    @property
    def connection(self):  # noqa: ANN201
        return connections[self.alias]

    # --- writing ----------------------------------------------------------------------------
    def index(self, kind: str, documents: dict[int, SearchDocument | None]) -> int:
        """Bring the entries of ``kind`` for these object ids in line with ``documents``: an
        indexable document is upserted, ``None`` or a non-public document without an owner is
        removed. Returns how many public entries were written."""
        keep = {
            oid: doc for oid, doc in documents.items() if doc is not None and (doc.is_public or doc.owner_id)
        }
        drop = [oid for oid in documents if oid not in keep]
        if drop:
            self.remove(kind, drop)
        if not keep:
            return 0
        object_ids = list(keep)
        existing = dict(
            SearchEntry.objects.using(self.alias)
            .filter(kind=kind, object_id__in=object_ids)
            .values_list("object_id", "id")
        )
        if existing:
            self.before_change(list(existing.values()))
        now = timezone.now()
        rows = [self._entry(kind, oid, doc, now) for oid, doc in keep.items()]
        SearchEntry.objects.using(self.alias).bulk_create(
            rows,
            batch_size=WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=list(ENTRY_FIELDS),
        )
        ids = dict(
            SearchEntry.objects.using(self.alias)
            .filter(kind=kind, object_id__in=object_ids)
            .values_list("object_id", "id")
        )
        entry_ids = list(ids.values())
        self.after_change(entry_ids)
        SearchFacet.objects.using(self.alias).filter(entry_id__in=entry_ids).delete()
        facets = [
            SearchFacet(
                entry_id=ids[oid], name=name, value=str(v.value)[:200], label=str(v.label)[:300],
                labels={str(k): str(text)[:300] for k, text in (v.labels or {}).items()},
            )
            for oid, doc in keep.items()
            for name, values in self._facets(kind, doc).items()
            for v in values
        ]
        SearchFacet.objects.using(self.alias).bulk_create(
            facets, batch_size=WRITE_BATCH, ignore_conflicts=True
        )
        return sum(1 for doc in keep.values() if doc.is_public)

    def remove(self, kind: str, object_ids: Sequence[int]) -> int:
        entry_ids = list(
            SearchEntry.objects.using(self.alias)
            .filter(kind=kind, object_id__in=list(object_ids))
            .values_list("id", flat=True)
        )
        return self._delete(entry_ids)

    def clear(self, kind: str | None = None) -> int:
        qs = SearchEntry.objects.using(self.alias)
        if kind is not None:
            qs = qs.filter(kind=kind)
        return self._delete(list(qs.values_list("id", flat=True)))

    def _delete(self, entry_ids: list[int]) -> int:
        if not entry_ids:
            return 0
        self.before_change(entry_ids)
        SearchFacet.objects.using(self.alias).filter(entry_id__in=entry_ids).delete()
        SearchEntry.objects.using(self.alias).filter(id__in=entry_ids)._raw_delete(self.alias)
        return len(entry_ids)

    @staticmethod
    def _entry(kind: str, object_id: int, doc: SearchDocument, now) -> SearchEntry:  # noqa: ANN001
        return SearchEntry(
            kind=kind,
            object_id=object_id,
            title=clean_text(doc.title, 400),
            summary=clean_text(doc.summary),
            body=clean_text(doc.body),
            keywords=clean_text(doc.keywords),
            url=doc.url[:500],
            language=(doc.language or "")[:12],
            country=(doc.country or "")[:2].upper(),
            place_id=doc.place_id,
            place_name=clean_text(doc.place_name, 200),
            published_at=doc.published_at,
            date=doc.date.date if isinstance(doc.date, LabelledDate) else None,
            date_meaning=doc.date.meaning if isinstance(doc.date, LabelledDate) else "",
            updated_at=now,
            boost=float(doc.boost or 0.0),
            is_public=bool(doc.is_public),
            owner_id=doc.owner_id,
            group_key=(doc.group or f"{kind}:{object_id}")[:80],
        )

    @staticmethod
    def _facets(kind: str, doc: SearchDocument) -> dict:
        from translocal.search.registry import FacetValue, registration_for_kind

        registration = registration_for_kind(kind)
        facets = dict(doc.facets)
        facets.setdefault("type", [FacetValue(kind, str(registration.plural) if registration else kind)])
        if doc.country and "country" not in facets:
            facets["country"] = [FacetValue(doc.country.upper(), country_name(doc.country.upper()))]
        if doc.language and "language" not in facets:
            facets["language"] = [FacetValue(doc.language, language_name(doc.language))]
        return facets

    # --- hooks for the vendor's full-text structure -----------------------------------------
    def before_change(self, entry_ids: list[int]) -> None:
        """Called while the entries still hold their old text (before update or delete)."""

    def after_change(self, entry_ids: list[int]) -> None:
        """Called once the entries hold their new text."""

    def rebuild(self) -> None:
        """Rebuild the full-text structure from the entries table (repair)."""

    def optimize(self) -> None:
        """Tidy the full-text structure after a bulk load."""

    # --- querying -----------------------------------------------------------------------------
    def match_ids_sql(self, match: MatchQuery) -> tuple[str, list[Any]]:
        """SQL selecting the ids of entries matching ``match`` (for ORM ``id__in=RawSQL``)."""
        raise NotImplementedError

    def row_matches_sql(self, match: MatchQuery, id_column: str) -> tuple[str, list[Any]]:
        """SQL true when the entry whose id is the column ``id_column`` (compiled SQL, no
        parameters) matches ``match``: the test a correlated subquery makes per row. By default
        membership in ``match_ids_sql``; a backend overrides it where a per-row test is cheaper
        than a list its engine may build again for every outer row."""
        sql, params = self.match_ids_sql(match)
        return f"{id_column} IN ({sql})", params

    def page(self, match: MatchQuery, entries: QuerySet, *, offset: int, limit: int) -> list[HitRow]:
        """The ranked, highlighted hits among ``entries`` (a filtered SearchEntry queryset of
        matches, search.selectors._matching)."""
        return self._page(match, entries, offset=offset, limit=limit, count_all=False)[0]

    def page_and_total(
        self, match: MatchQuery, entries: QuerySet, *, offset: int, limit: int
    ) -> tuple[list[HitRow], int]:
        """``page``'s hits and how many ``entries`` there are, counted by the same statement
        (``COUNT(*) OVER ()`` before the LIMIT). The total is 0 when the page is empty: past the
        last page, it is unknown (count ``entries``)."""
        return self._page(match, entries, offset=offset, limit=limit, count_all=True)

    def _page(
        self, match: MatchQuery, entries: QuerySet, *, offset: int, limit: int, count_all: bool
    ) -> tuple[list[HitRow], int]:
        raise NotImplementedError

    def search_page(
        self,
        match: MatchQuery,
        *,
        visible: QuerySet,
        conditions: dict[str, Any],
        facet_names: Sequence[str],
        language: str,
        offset: int,
        limit: int,
    ) -> SearchPage:
        """A search's page of ranked, highlighted hits, its total and its facet counts, in ONE
        statement: the full-text matches ``visible`` may see are found and scored once (the CTE
        ``m``) and every part reads them. The same as the page, total and counts of
        ``search.selectors`` read separately (``one_per_object`` + ``page_and_total``, then
        ``_facet_counts``), which found the matches three times, and on SQLite tested each match
        again in the full-text table inside ``one_per_object``'s per-row subquery.

        ``visible``: the visible entries (``selectors.visible_entries``; its WHERE is compiled
        into the statement, so the check stays where it is). ``conditions``: each facet filter
        in use, {name: a boolean expression on the entry} (``selectors._filter_condition``),
        kept as a flag column of ``m``: the hits and the total need every flag; a facet not
        in use is counted over the matches with every flag, a facet in use over those with the
        others' flags, so its other values show what choosing them would add. Facet counts are
        per object (distinct ``group_key``), over every visible filtered match; the hits and the
        total keep one entry per object (``group_key``, the reader's ``language`` first, then
        the original, then the lower id: ``one_per_object``'s order, by ROW_NUMBER). The total
        is known past the last page too (the hits are then empty)."""
        qn = self.connection.ops.quote_name
        table = qn(SearchEntry._meta.db_table)
        compiler = visible.query.get_compiler(using=self.alias)
        if sum(1 for alias in visible.query.alias_map if visible.query.alias_refcount.get(alias)) != 1:
            raise ValueError("visible entries must be a condition on the entries table alone")
        visible_sql, visible_params = compiler.compile(visible.query.where)
        flags: list[str] = []
        flag_params: list[Any] = []
        for condition in conditions.values():
            where = SearchEntry.objects.filter(condition).query
            sql, params = where.get_compiler(using=self.alias).compile(where.where)
            flags.append(f"({sql}) AS f{len(flags)}")
            flag_params += params
        every = " AND ".join(f"m.f{i}" for i in range(len(flags))) or "1 = 1"
        match_from, match_where, match_params = self.match_from_sql(match, table)
        coverage, coverage_params = self.coverage_sql(match, table)
        score, score_params = self.score_sql(match, table)
        order = f"coverage DESC, score{self.score_order}, id"
        # Which matches each facet is counted over: a facet not in use, those with every flag
        # (base 0); the i-th facet in use, those with the others' flags (base i + 1). Each base
        # is a conditional aggregate of the one grouping, and each facet reads its base's count
        # and first row: a condition on the facet rows' name in the grouping's WHERE made SQLite
        # read every facet row from the table instead of the covering (entry, name, value) index
        # (bench: 25 -> 45 ms).
        bases = [every] + [
            " AND ".join(f"m.f{j}" for j in range(len(flags)) if j != i) or "1 = 1" for i in range(len(flags))
        ]
        name_column, value_column, facet = qn("name"), qn("value"), qn(SearchFacet._meta.db_table)
        facet_rows = self.facet_rows_sql(facet)
        if self.facet_counts_in_two_groupings:
            # (value, object), then value: two hash aggregates, no sort of every facet row.
            per_object = ", ".join(
                f"MAX(CASE WHEN {base} THEN 1 ELSE 0 END) AS in{k}, MIN(CASE WHEN {base} THEN f.id END) AS first{k}"
                for k, base in enumerate(bases)
            )
            totals = ", ".join(f"SUM(o.in{k}) AS n{k}, MIN(o.first{k}) AS first{k}" for k in range(len(bases)))
            grouping = (
                f"SELECT o.name AS name, {totals} FROM (SELECT f.{name_column} AS name, "  # noqa: S608 - names of ours
                f"f.{value_column} AS value, {per_object} FROM {facet_rows} "
                f"GROUP BY f.{name_column}, f.{value_column}, m.group_key) o GROUP BY o.name, o.value"
            )
        else:
            aggregates = ", ".join(
                f"COUNT(DISTINCT CASE WHEN {base} THEN m.group_key END) AS n{k}, "
                f"MIN(CASE WHEN {base} THEN f.id END) AS first{k}"
                for k, base in enumerate(bases)
            ) if flags else "COUNT(DISTINCT m.group_key) AS n0, MIN(f.id) AS first0"
            grouping = (
                f"SELECT f.{name_column} AS name, {aggregates} FROM {facet_rows} "  # noqa: S608 - names of ours
                f"GROUP BY f.{name_column}, f.{value_column}"
            )
        plain = [name for name in facet_names if name not in conditions]
        choose: list[str] = []
        choose_params: list[Any] = []
        if plain:
            choose.append(f"WHEN g.name IN ({', '.join(['%s'] * len(plain))}) THEN {{0}}")
            choose_params += plain
        for i, name in enumerate(conditions):
            choose.append(f"WHEN g.name = %s THEN {{{i + 1}}}")
            choose_params.append(name)
        pick = "CASE " + " ".join(choose) + " END" if choose else "NULL"
        n_sql = pick.format(*(f"g.n{k}" for k in range(len(bases))))
        first_sql = pick.format(*(f"g.first{k}" for k in range(len(bases))))
        page_from, highlights, page_params = self.highlight_sql(match)
        sql = f"""
            WITH m AS MATERIALIZED (
                SELECT {table}.id AS id, {table}.group_key AS group_key,
                       CASE WHEN {table}.language = %s THEN 2 WHEN NOT ({table}.kind LIKE %s) THEN 1 ELSE 0 END
                           AS pref,
                       ({coverage}) AS coverage, {score} AS score{"".join(", " + flag for flag in flags)}
                FROM {match_from}
                WHERE {match_where} AND ({visible_sql})
            ),
            one AS (
                SELECT m.id, m.coverage, m.score,
                       ROW_NUMBER() OVER (PARTITION BY m.group_key ORDER BY m.pref DESC, m.id) AS r,
                       m.group_key
                FROM m WHERE {every}
            ),
            kept AS MATERIALIZED (SELECT id, coverage, score FROM one WHERE r = 1 OR group_key = ''),
            ranked AS (SELECT id, coverage, score FROM kept ORDER BY {order} LIMIT %s OFFSET %s),
            g AS ({grouping}),
            h AS (SELECT {n_sql} AS n, {first_sql} AS first FROM g)
            SELECT 0 AS part, e.id, e.kind, e.object_id, e.title, {highlights},
                   e.summary, e.url, e.language, e.country, e.place_name, e.published_at,
                   ranked.score, e.date, e.date_meaning, ranked.coverage
            FROM ranked JOIN {table} e ON e.id = ranked.id{page_from}
            UNION ALL
            SELECT -1, NULL, NULL, COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL
            FROM kept
            UNION ALL
            SELECT 1, h.first, fl.{qn('name')}, h.n, fl.{qn('value')}, fl.{qn('label')},
                   CAST(fl.{qn('labels')} AS TEXT), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
            FROM h JOIN {facet} fl ON fl.id = h.first
            WHERE h.n > 0
        """  # noqa: S608 - only constants, model names and the ORM's compiled conditions are interpolated
        params = [
            language, "%-translation", *coverage_params, *score_params, *flag_params,
            *match_params, *visible_params,
            limit, offset, *choose_params, *choose_params, *page_params,
        ]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        # The page's rows in the ranking's order (``ranked``'s, which chose them): a UNION ALL
        # branch keeps no order of its own.
        descending = -1 if self.score_order else 1
        page = sorted((r for r in rows if r[0] == 0), key=lambda r: (-r[16], descending * r[13], r[1]))
        hits = self._hit_rows([r[1:] for r in page])
        total = next(r[3] for r in rows if r[0] == -1)
        facets = [
            (r[2], r[4], r[5], json.loads(r[6]) if isinstance(r[6], str) else r[6], r[3]) for r in rows if r[0] == 1
        ]
        return SearchPage(hits=hits, total=total, facets=facets)

    # The backend's parts of ``search_page``.
    score_order = ""

    def facet_rows_sql(self, facet: str) -> str:
        """FROM (and WHERE) of the matches ``m`` joined to their facet rows ``f`` (``facet``:
        the facet table): a seek in the facets' (entry, name, value) index a match."""
        return f"m CROSS JOIN {facet} f WHERE f.entry_id = m.id"

    def match_from_sql(self, match: MatchQuery, table: str) -> tuple[str, str, list[Any]]:
        """FROM and WHERE finding the matches of ``match`` among the entries (``table``, not
        aliased), and the WHERE's parameters."""
        raise NotImplementedError

    def coverage_sql(self, match: MatchQuery, table: str) -> tuple[str, list[Any]]:
        """How many of the query's terms a match's title holds (the ranking's first key)."""
        raise NotImplementedError

    def score_sql(self, match: MatchQuery, table: str) -> tuple[str, list[Any]]:
        """A match's score (its order is ``score_order``: "" ascending, " DESC")."""
        raise NotImplementedError

    def highlight_sql(self, match: MatchQuery) -> tuple[str, str, list[Any]]:
        """For the page's rows (``e`` joined to ``ranked``): what else to join (and a WHERE),
        the marked title and snippet columns, and their parameters (columns' first)."""
        raise NotImplementedError

    def _hit_rows(self, rows: list[Any]) -> list[HitRow]:
        """HitRows of the page's rows: id, kind, object_id, title, title marked, snippet marked,
        summary, url, language, country, place_name, published_at, score, date, date_meaning."""
        raise NotImplementedError

    @staticmethod
    def _filter_sql(entries: QuerySet) -> tuple[str, list[Any]]:
        sql, params = entries.values("id").query.sql_with_params()
        return sql, list(params)

