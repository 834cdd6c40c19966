"""PostgreSQL full-text search (scale mode). ``search_vector`` is a weighted tsvector column
(title A, summary B, body C, keywords D) with a GIN index. It is recomputed here, explicitly,
right after entries are written.

Stemming follows each entry's language: its vector is built in the text search configuration
of that language (``translocal_search_es`` is PostgreSQL's ``spanish`` plus unaccent, and so
on; see LANGUAGE_CONFIGS and migrations 0002 and 0004). An entry without a language (exchanges,
processes) is English (``translocal_search``), one in a language PostgreSQL has no stemmer for
is indexed unstemmed (``simple``). Catalan has a stemmer from PostgreSQL 15 on; on an older
server ``translocal_search_ca`` is ``simple``, so a Catalan word is found as written (accents
folded) but not by another inflection.

A query is read in every configuration at once: each term matches when any language's stem of
it is in the vector (``plainto_tsquery`` per configuration, OR-ed), so "presupuestos" finds the
Spanish "presupuesto participativo" and "budgets" the English "budget", whatever the reader's
interface language, and terms still combine with AND (then OR) as before."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, FloatField, IntegerField, QuerySet, Value, Window
from django.db.models.expressions import RawSQL

from translocal.search.models import SearchEntry

from .base import MARK_END, MARK_START, BaseBackend, HitRow, MatchQuery

CONFIG = "translocal_search"
#: Entry language (base code) -> PostgreSQL's built-in configuration its own copies.
LANGUAGE_CONFIGS: dict[str, str] = {
    "en": "english", "es": "spanish", "ca": "catalan", "sv": "swedish", "fr": "french", "de": "german",
    "it": "italian", "pt": "portuguese", "nl": "dutch",
}
#: For an entry in a language without a stemmer: words as written, accents folded.
SIMPLE_CONFIG = f"{CONFIG}_simple"


def config_for(language: str) -> str:
    """Our configuration for a language code ("es", "pt-BR"): English for no language."""
    base = (language or "en").split("-")[0].split("_")[0].lower()
    if base == "en":
        return CONFIG
    return f"{CONFIG}_{base}" if base in LANGUAGE_CONFIGS else SIMPLE_CONFIG


#: Every configuration a query is read in (each once).
QUERY_CONFIGS: tuple[str, ...] = tuple(dict.fromkeys([*(config_for(c) for c in LANGUAGE_CONFIGS), SIMPLE_CONFIG]))


#: QUERY_CONFIGS as an SQL array constant (a literal the planner reads while planning).
QUERY_CONFIGS_SQL = "ARRAY[" + ", ".join(f"'{config}'" for config in QUERY_CONFIGS) + "]::regconfig[]"


def _row_config(column: str) -> str:
    """SQL choosing a row's configuration from its language column (constants only)."""
    whens = " ".join(
        f"WHEN '{code}' THEN '{config_for(code)}'::regconfig" for code in LANGUAGE_CONFIGS if code != "en"
    )
    return (
        f"(CASE lower(split_part(split_part({column}, '-', 1), '_', 1)) WHEN '' THEN '{CONFIG}'::regconfig "
        f"WHEN 'en' THEN '{CONFIG}'::regconfig {whens} ELSE '{SIMPLE_CONFIG}'::regconfig END)"
    )


ROW_CONFIG = _row_config("language")
# ts_rank weights for {D, C, B, A}: a title match counts ten times a body match.
RANK_WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"
# No length normalisation: ts_rank saturates towards 1 as matches accumulate, so it says "how
# well does this entry match" on a bounded scale; the richness prior (boost) then orders entries
# that match about equally well, as bm25 does on SQLite.
RANK_NORMALIZATION = 0
VECTOR_SQL = (
    f"setweight(to_tsvector({ROW_CONFIG}, title), 'A') || "
    f"setweight(to_tsvector({ROW_CONFIG}, summary), 'B') || "
    f"setweight(to_tsvector({ROW_CONFIG}, body), 'C') || "
    f"setweight(to_tsvector({ROW_CONFIG}, keywords), 'D')"
)
#: An entry's title alone, in its language's configuration: the ranking's first key (how many
#: query terms the title holds) reads this small vector instead of parsing every match's title
#: again (``to_tsvector`` cost about 18 µs a match and a term) or unpacking ``search_vector``.
TITLE_VECTOR_SQL = f"to_tsvector({ROW_CONFIG}, title)"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=20, "
    "MaxFragments=2, FragmentDelimiter=\" … \""
)
TITLE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
# Headlines are built from the start of long bodies: ts_headline re-parses its whole input.
HEADLINE_CHARS = 5000


class PostgreSQLBackend(BaseBackend):
    vendor = "postgresql"
    matches_by_row = True
    facet_counts_in_two_groupings = True

    def after_change(self, entry_ids: list[int]) -> None:
        if not entry_ids:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE search_searchentry SET search_vector = {VECTOR_SQL}, "  # noqa: S608
                f"title_vector = {TITLE_VECTOR_SQL} WHERE id = ANY(%s)",
                [list(entry_ids)],
            )

    def rebuild(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE search_searchentry SET search_vector = {VECTOR_SQL}, title_vector = {TITLE_VECTOR_SQL}"  # noqa: S608
            )

    @staticmethod
    def term_sql(term: str) -> tuple[str, list[Any]]:
        """One term read in every configuration: it matches when any language's stem does."""
        sql = " || ".join(f"plainto_tsquery('{config}', %s)" for config in QUERY_CONFIGS)
        return f"({sql})", [term] * len(QUERY_CONFIGS)

    @classmethod
    def tsquery_sql(cls, match: MatchQuery) -> tuple[str, list[Any]]:
        # Each term goes through plainto_tsquery as a bound parameter: nothing a user types
        # is parsed as tsquery syntax.
        joiner = " || " if match.mode == "or" else " && "
        parts = [cls.term_sql(term) for term in match.terms]
        return f"({joiner.join(sql for sql, _params in parts)})", [p for _sql, params in parts for p in params]

    @classmethod
    def match_tsquery_sql(cls, match: MatchQuery) -> tuple[str, list[Any]]:
        """The tsquery the matches are found with: ``tsquery_sql``'s, each term's distinct readings
        once (``translocal_search_term``, migration 0007), so the same rows. The planner evaluates
        it while planning and estimates its rows from the GIN statistics; ``tsquery_sql``'s OR of
        ten mostly equal lexemes a term it estimates as if they were independent (bench, the
        'participatory budgeting' count: 8,526 rows estimated, 2,753 real), so it read every
        entry's vector in a sequential scan (100-150 ms each time the match is used) instead of
        the GIN index (about 10 ms). Ranking and headlines keep ``tsquery_sql`` (ts_rank counts
        the query's items)."""
        joiner = " || " if match.mode == "or" else " && "
        term = f"translocal_search_term({QUERY_CONFIGS_SQL}, %s)"
        return f"({joiner.join([term] * len(match.terms))})", list(match.terms)

    def match_ids_sql(self, match: MatchQuery) -> tuple[str, list[Any]]:
        tsquery, params = self.match_tsquery_sql(match)
        return f"SELECT id FROM search_searchentry WHERE search_vector @@ {tsquery}", params  # noqa: S608

    def row_matches_sql(self, match: MatchQuery, id_column: str) -> tuple[str, list[Any]]:
        # The row's own vector, beside the id column the query compiled ("search_searchentry"."id",
        # U0."id"): the GIN index finds the rows when this is the query's condition.
        table, _dot, column = id_column.rpartition(".")
        if column != self.connection.ops.quote_name("id") or not table:
            raise ValueError(f"Not an entry's id column: {id_column}")
        tsquery, params = self.match_tsquery_sql(match)
        return f"{table}.search_vector @@ {tsquery}", params

    def _page(
        self, match: MatchQuery, entries: QuerySet, *, offset: int, limit: int, count_all: bool
    ) -> tuple[list[HitRow], int]:
        tsquery, query_params = self.tsquery_sql(match)
        # How many distinct query terms the title holds: the first ordering key (see selectors).
        term_sql, _params = self.term_sql("")
        table = self.connection.ops.quote_name(SearchEntry._meta.db_table)
        coverage = " + ".join([f"({table}.title_vector @@ {term_sql})::int"] * len(match.terms))
        coverage_params = [p for term in match.terms for p in self.term_sql(term)[1]]
        score = (
            f"ts_rank('{RANK_WEIGHTS}', {table}.search_vector, {tsquery}, {RANK_NORMALIZATION}) "
            f"* (1.0 + {table}.boost)"
        )
        # Ranked in the query of ``entries`` itself (matches already, selectors._matching): each
        # match's row is read once and its vector unpacked once, by ts_rank. Wrapping that query
        # in ``id IN (...)`` joined the entries to themselves and let the planner scan every
        # entry in search of the first rows of the order.
        ranked = (
            entries.annotate(
                coverage=RawSQL(f"({coverage})", coverage_params, output_field=IntegerField()),  # noqa: S611
                score=RawSQL(score, query_params, output_field=FloatField()),  # noqa: S611
                total=Window(Count("id")) if count_all else Value(0, output_field=IntegerField()),
            )
            .order_by("-coverage", "-score", "id")
            .values_list("id", "coverage", "score", "total")[offset : offset + limit]
        )
        ranked_sql, ranked_params = ranked.query.sql_with_params()
        sql = f"""
            WITH q AS (SELECT {tsquery} AS query),
            ranked AS ({ranked_sql})
            SELECT e.id, e.kind, e.object_id, e.title,
                   ts_headline({_row_config('e.language')}, e.title, q.query, %s),
                   ts_headline({_row_config('e.language')}, left(e.body, {HEADLINE_CHARS}), q.query, %s),
                   e.summary, e.url, e.language, e.country, e.place_name, e.published_at,
                   ranked.score, e.date, e.date_meaning, ranked.total
            FROM ranked JOIN search_searchentry e ON e.id = ranked.id, q
            ORDER BY ranked.coverage DESC, ranked.score DESC, e.id
        """  # noqa: S608 - only constants and a compiled ORM subquery are interpolated
        params = [*query_params, *ranked_params, TITLE_OPTIONS, HEADLINE_OPTIONS]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return self._hit_rows(rows), rows[0][15] if rows else 0

    # --- search_page's parts ------------------------------------------------------------------
    score_order = " DESC"

    def facet_rows_sql(self, facet: str) -> str:
        # Each match's facet rows by its entry_id index (LATERAL, kept from being flattened by
        # OFFSET 0): the planner, expecting fewer matches and facet rows than there are, merge-
        # joined the whole facet table instead (bench, "participatory budgeting": 105,331 facet
        # rows read for 19,689; the statement 248 -> 158 ms under EXPLAIN ANALYZE, load 7).
        return (
            f"m CROSS JOIN LATERAL (SELECT id, name, value FROM {facet} WHERE entry_id = m.id OFFSET 0) f "  # noqa: S608
            "WHERE TRUE"
        )

    def match_from_sql(self, match: MatchQuery, table: str) -> tuple[str, str, list[Any]]:
        tsquery, params = self.match_tsquery_sql(match)
        return table, f"{table}.search_vector @@ {tsquery}", params

    def coverage_sql(self, match: MatchQuery, table: str) -> tuple[str, list[Any]]:
        term_sql, _params = self.term_sql("")
        sql = " + ".join([f"({table}.title_vector @@ {term_sql})::int"] * len(match.terms))
        return sql, [p for term in match.terms for p in self.term_sql(term)[1]]

    def score_sql(self, match: MatchQuery, table: str) -> tuple[str, list[Any]]:
        tsquery, params = self.tsquery_sql(match)
        rank = f"ts_rank('{RANK_WEIGHTS}', {table}.search_vector, {tsquery}, {RANK_NORMALIZATION})"
        return f"{rank} * (1.0 + {table}.boost)", params

    def highlight_sql(self, match: MatchQuery) -> tuple[str, str, list[Any]]:
        tsquery, params = self.tsquery_sql(match)
        config = _row_config("e.language")
        columns = (
            f"ts_headline({config}, e.title, {tsquery}, %s), "
            f"ts_headline({config}, left(e.body, {HEADLINE_CHARS}), {tsquery}, %s)"
        )
        return "", columns, [*params, TITLE_OPTIONS, *params, HEADLINE_OPTIONS]

    def _hit_rows(self, rows: list[Any]) -> list[HitRow]:
        return [
            HitRow(
                id=r[0], kind=r[1], object_id=r[2], title=r[3], title_marked=r[4] or r[3],
                snippet_marked=r[5] or "", summary=r[6], url=r[7], language=r[8], country=r[9],
                place_name=r[10], published_at=r[11], score=float(r[12]),
                date=r[13], date_meaning=r[14],
            )
            for r in rows
        ]
