"""SQLite's planner statistics, kept fresh where the project migrates a database.

Without statistics (``sqlite_stat1``) SQLite's planner guesses every table's size and every
index's selectivity, and nothing used to gather them on an install: only bench/generate.py
ran ANALYZE. ``PRAGMA optimize`` is what SQLite recommends running now and then: it analyses
only the tables whose statistics are missing or stale and that queries on the connection would
plan better with (SQLite 3.46+ also checks every table's size, mask 0x10000). It runs after every
``migrate`` (a post_migrate receiver of the core app, once per run); PostgreSQL keeps its own
statistics (autovacuum's ANALYZE).

Every index is read whole (``analysis_limit`` 0), not sampled. With a limit SQLite reads the
first rows of each index only, so a column with few values is misjudged: at 400 rows the
bench data's ``status`` of 10,016 cases (two values) was estimated at 401 rows a value, and the
home page's featured cases were read by status and sorted (43 ms) instead of taking the first
six entries of ``case_featured_idx`` (0.1 ms). A full analysis of the whole 240 MB bench database
takes 1.3 s, once, after a migrate; a later ``ANALYZE`` on the same connection is whole too.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

#: Rows read per index when ``optimize`` analyses a table: 0, every row (see above).
ANALYSIS_LIMIT = 0


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
