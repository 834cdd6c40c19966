"""SQLite FTS5 (embedded mode). ``search_fts`` is an external-content FTS5 table over
search_searchentry (rowid = entry id), so the text is stored once; it is kept in step here,
explicitly: the old text is deleted from the index before an entry changes or goes, and the
new text inserted after."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from .base import MARK_END, MARK_START, BaseBackend, HitRow, MatchQuery


def as_date(value: Any) -> dt.date | None:
    """A DateField read by raw SQL: SQLite returns its ISO text."""
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else value or None

# bm25 column weights: title, summary, body, keywords (place and facet labels).
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.5)
SNIPPET_TOKENS = 32
# The old text must be given back to an external-content FTS5 table to delete it.
FTS_DELETE = (
    "INSERT INTO search_fts(search_fts, rowid, title, summary, body, keywords) "
    "SELECT 'delete', id, title, summary, body, keywords FROM search_searchentry WHERE id IN ({ids})"
)
FTS_INSERT = (
    "INSERT INTO search_fts(rowid, title, summary, body, keywords) "
    "SELECT id, title, summary, body, keywords FROM search_searchentry WHERE id IN ({ids})"
)


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


class SQLiteBackend(BaseBackend):
    vendor = "sqlite"

    def before_change(self, entry_ids: list[int]) -> None:
        if not entry_ids:
            return
        with self.connection.cursor() as cursor:
            for start in range(0, len(entry_ids), 500):
                chunk = entry_ids[start : start + 500]
                cursor.execute(FTS_DELETE.format(ids=_placeholders(chunk)), chunk)

    def after_change(self, entry_ids: list[int]) -> None:
        if not entry_ids:
            return
        with self.connection.cursor() as cursor:
            for start in range(0, len(entry_ids), 500):
                chunk = entry_ids[start : start + 500]
                cursor.execute(FTS_INSERT.format(ids=_placeholders(chunk)), chunk)

    def rebuild(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    @staticmethod
    def match_expression(match: MatchQuery) -> str:
        # Terms are word characters only (see query.py) and each is quoted: FTS5 operators
        # and column filters typed by a user are plain words here.
        quoted = [f'"{term}"' for term in match.terms]
        return (" OR " if match.mode == "or" else " ").join(quoted)

    def match_ids_sql(self, match: MatchQuery) -> tuple[str, list[Any]]:
        return "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [self.match_expression(match)]

    def row_matches_sql(self, match: MatchQuery, id_column: str) -> tuple[str, list[Any]]:
        # Inside a correlated subquery SQLite evaluates ``IN (SELECT rowid ... MATCH)`` again
        # for every outer row (a whole full-text scan each time: 3.5 s for a page of a 3,000-hit
        # search over 12,000 entries). FTS5 answers MATCH with ``rowid =`` by seeking that one
        # row in each term's doclist instead.
        sql = f"EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH %s AND search_fts.rowid = {id_column})"  # noqa: S608
        return sql, [self.match_expression(match)]

    def _page(
        self, match: MatchQuery, entries: QuerySet, *, offset: int, limit: int, count_all: bool
    ) -> tuple[list[HitRow], int]:
        expression = self.match_expression(match)
        filter_sql, filter_params = self._filter_sql(entries)
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        # How many distinct query terms the title holds: the first ordering key (see selectors).
        coverage = " + ".join(
            ["(e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"] * len(match.terms)
        )
        # Rank first (cheap: bm25 over the matches), then highlight only the page's rows. With
        # ``count_all`` the scored matches are kept (MATERIALIZED) and counted once: FTS5's
        # bm25 cannot be called under a window function (COUNT(*) OVER ()).
        sql = f"""
            WITH scored AS {"MATERIALIZED" if count_all else "NOT MATERIALIZED"} (
                SELECT search_fts.rowid AS id,
                       ({coverage}) AS coverage,
                       bm25(search_fts, {weights}) * (1.0 + e.boost) AS score
                FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid
                WHERE search_fts MATCH %s AND e.id IN ({filter_sql})
            ),
            ranked AS (
                SELECT id, coverage, score, {"(SELECT count(*) FROM scored)" if count_all else "0"} AS total
                FROM scored
                ORDER BY coverage DESC, score, id
                LIMIT %s OFFSET %s
            )
            SELECT e.id, e.kind, e.object_id, e.title,
                   highlight(search_fts, 0, %s, %s),
                   snippet(search_fts, 2, %s, %s, '…', {SNIPPET_TOKENS}),
                   e.summary, e.url, e.language, e.country, e.place_name, e.published_at,
                   ranked.score, e.date, e.date_meaning, ranked.total
            FROM ranked
            JOIN search_fts ON search_fts.rowid = ranked.id
            JOIN search_searchentry e ON e.id = ranked.id
            WHERE search_fts MATCH %s
            ORDER BY ranked.coverage DESC, ranked.score, e.id
        """  # noqa: S608 - only constants and a compiled ORM subquery are interpolated
        params = [
            *(f'{{title}} : "{term}"' for term in match.terms), expression, *filter_params, limit, offset,
            MARK_START, MARK_END, MARK_START, MARK_END, expression,
        ]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return self._hit_rows(rows), rows[0][15] if rows else 0

    # --- search_page's parts ------------------------------------------------------------------
    def match_from_sql(self, match: MatchQuery, table: str) -> tuple[str, str, list[Any]]:
        return (
            f"search_fts JOIN {table} ON {table}.id = search_fts.rowid",
            "search_fts MATCH %s",
            [self.match_expression(match)],
        )

    def coverage_sql(self, match: MatchQuery, table: str) -> tuple[str, list[Any]]:
        sql = " + ".join(
            [f"({table}.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"] * len(match.terms)  # noqa: S608
        )
        return sql, [f'{{title}} : "{term}"' for term in match.terms]

    def score_sql(self, match: MatchQuery, table: str) -> tuple[str, list[Any]]:
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        return f"bm25(search_fts, {weights}) * (1.0 + {table}.boost)", []

    def highlight_sql(self, match: MatchQuery) -> tuple[str, str, list[Any]]:
        columns = f"highlight(search_fts, 0, %s, %s), snippet(search_fts, 2, %s, %s, '…', {SNIPPET_TOKENS})"
        join = " JOIN search_fts ON search_fts.rowid = ranked.id WHERE search_fts MATCH %s"
        return join, columns, [MARK_START, MARK_END, MARK_START, MARK_END, self.match_expression(match)]

    def _hit_rows(self, rows: list[Any]) -> list[HitRow]:
        published = self._converter()
        return [
            HitRow(
                id=r[0], kind=r[1], object_id=r[2], title=r[3], title_marked=r[4] or r[3],
                snippet_marked=r[5] or "", summary=r[6], url=r[7], language=r[8], country=r[9],
                place_name=r[10], published_at=published(r[11]), score=-float(r[12]),
                date=as_date(r[13]), date_meaning=r[14],
            )
            for r in rows
        ]

    def _converter(self):  # noqa: ANN202
        from translocal.search.models import SearchEntry

        field = SearchEntry._meta.get_field("published_at")
        converters = self.connection.ops.get_db_converters(field.get_col(SearchEntry._meta.db_table))
        connection = self.connection

        def convert(value: Any) -> Any:
            for converter in converters:
                value = converter(value, field, connection)
            return value

        return convert
