"""SQLite's planner statistics, kept fresh where the project migrates a database.

Without statistics (``sqlite_stat1``) SQLite's planner guesses every table's size and every
index's selectivity, and nothing used to gather them on an install: only bench/generate.py
ran ANALYZE. ``PRAGMA optimize`` is what SQLite recommends running now and then: it analyses
only the tables whose statistics are missing or stale and that queries on the connection would
plan better with (SQLite 3.46+ also checks every table's size, mask 0x10000), each bounded by
``analysis_limit`` (rows sampled per index), so it costs milliseconds on a large database and
does nothing on an empty one. It runs after every ``migrate`` (a post_migrate receiver of the
core app, once per run); PostgreSQL keeps its own statistics (autovacuum's ANALYZE).
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

#: Rows sampled per index when ``optimize`` analyses a table (SQLite suggests 100-1000).
ANALYSIS_LIMIT = 400


def optimize_sqlite(*, using: str = DEFAULT_DB_ALIAS, **_: Any) -> bool:
    """``PRAGMA optimize`` (analyse what would benefit, check every table's size) on the
    SQLite database ``using``; False for another database (nothing run)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT:d}")
        cursor.execute("PRAGMA optimize=0x10002")
    return True
