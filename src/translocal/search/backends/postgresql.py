"""PostgreSQL full-text search (scale mode). ``search_vector`` is a weighted tsvector column
(title A, summary B, body C, keywords D) with a GIN index, in the ``translocal_search`` text
search configuration (English stemming, plus unaccent when the extension is available). It is
recomputed here, explicitly, right after entries are written."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .base import MARK_END, MARK_START, BaseBackend, HitRow, MatchQuery

CONFIG = "translocal_search"
# ts_rank weights for {D, C, B, A}: a title match counts ten times a body match.
RANK_WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"
# No length normalisation: ts_rank saturates towards 1 as matches accumulate, so it says "how
# well does this entry match" on a bounded scale; the richness prior (boost) then orders entries
# that match about equally well, as bm25 does on SQLite.
RANK_NORMALIZATION = 0
VECTOR_SQL = (
    f"setweight(to_tsvector('{CONFIG}', title), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', summary), 'B') || "
    f"setweight(to_tsvector('{CONFIG}', body), 'C') || "
    f"setweight(to_tsvector('{CONFIG}', keywords), 'D')"
)
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=20, "
    "MaxFragments=2, FragmentDelimiter=\" … \""
)
TITLE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
# Headlines are built from the start of long bodies: ts_headline re-parses its whole input.
HEADLINE_CHARS = 5000


class PostgreSQLBackend(BaseBackend):
    vendor = "postgresql"

    def after_change(self, entry_ids: list[int]) -> None:
        if not entry_ids:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE search_searchentry SET search_vector = {VECTOR_SQL} WHERE id = ANY(%s)",  # noqa: S608
                [list(entry_ids)],
            )

    def rebuild(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"UPDATE search_searchentry SET search_vector = {VECTOR_SQL}")  # noqa: S608

    @staticmethod
    def tsquery_sql(match: MatchQuery) -> tuple[str, list[Any]]:
        # Each term goes through plainto_tsquery as a bound parameter: nothing a user types
        # is parsed as tsquery syntax.
        joiner = " || " if match.mode == "or" else " && "
        sql = joiner.join([f"plainto_tsquery('{CONFIG}', %s)"] * len(match.terms))
        return f"({sql})", list(match.terms)

    def match_ids_sql(self, match: MatchQuery) -> tuple[str, list[Any]]:
        tsquery, params = self.tsquery_sql(match)
        return f"SELECT id FROM search_searchentry WHERE search_vector @@ {tsquery}", params  # noqa: S608

    def page(self, match: MatchQuery, entries: QuerySet, *, offset: int, limit: int) -> list[HitRow]:
        tsquery, query_params = self.tsquery_sql(match)
        filter_sql, filter_params = self._filter_sql(entries)
        # How many distinct query terms the title holds: the first ordering key (see selectors).
        coverage = " + ".join(
            [f"(to_tsvector('{CONFIG}', e.title) @@ plainto_tsquery('{CONFIG}', %s))::int"] * len(match.terms)
        )
        sql = f"""
            WITH q AS (SELECT {tsquery} AS query),
            ranked AS (
                SELECT e.id, ({coverage}) AS coverage,
                       ts_rank('{RANK_WEIGHTS}', e.search_vector, q.query, {RANK_NORMALIZATION})
                           * (1.0 + e.boost) AS score
                FROM search_searchentry e, q
                WHERE e.search_vector @@ q.query AND e.id IN ({filter_sql})
                ORDER BY coverage DESC, score DESC, e.id
                LIMIT %s OFFSET %s
            )
            SELECT e.id, e.kind, e.object_id, e.title,
                   ts_headline('{CONFIG}', e.title, q.query, %s),
                   ts_headline('{CONFIG}', left(e.body, {HEADLINE_CHARS}), q.query, %s),
                   e.summary, e.url, e.language, e.country, e.place_name, e.published_at,
                   ranked.score
            FROM ranked JOIN search_searchentry e ON e.id = ranked.id, q
            ORDER BY ranked.coverage DESC, ranked.score DESC, e.id
        """  # noqa: S608 - only constants and a compiled ORM subquery are interpolated
        params = [*query_params, *match.terms, *filter_params, limit, offset, TITLE_OPTIONS, HEADLINE_OPTIONS]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [
            HitRow(
                id=r[0], kind=r[1], object_id=r[2], title=r[3], title_marked=r[4] or r[3],
                snippet_marked=r[5] or "", summary=r[6], url=r[7], language=r[8], country=r[9],
                place_name=r[10], published_at=r[11], score=float(r[12]),
            )
            for r in rows
        ]
