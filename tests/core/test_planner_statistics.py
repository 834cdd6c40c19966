"""After a migrate, SQLite's planner statistics are refreshed (``PRAGMA optimize``)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate
from django.test.utils import CaptureQueriesContext

from tests.factories import CaseFactory, PlaceFactory, UserFactory
from translocal.core.planner_statistics import optimize_sqlite
from translocal.knowledge.models import Case
from translocal.knowledge.models.base import Status

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's PRAGMA optimize")


@sqlite_only
def test_migrate_runs_pragma_optimize_once(db):
    with CaptureQueriesContext(connection) as queries:
        for config in apps.get_app_configs():  # what migrate sends at its end
            post_migrate.send(sender=config, app_config=config, verbosity=0, interactive=False, using="default")
    optimize = [q["sql"] for q in queries.captured_queries if "optimize" in q["sql"].lower()]
    assert optimize == ["PRAGMA optimize=0x10002"]


@sqlite_only
def test_optimize_analyses_a_table_the_planner_used(db):
    """The statistics it writes are the table's own (here: cases, after a query on them)."""
    CaseFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    list(Case.objects.filter(slug="case-1"))  # a query whose plan an index statistic informs
    assert optimize_sqlite(using="default") is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl FROM sqlite_stat1")
        assert Case._meta.db_table in {row[0] for row in cursor.fetchall()}


def test_other_databases_are_left_to_their_own_statistics(db):
    assert optimize_sqlite(using="default") is (connection.vendor == "sqlite")


@sqlite_only
def test_statistics_are_exact_so_the_featured_cases_read_their_index(db):
    """Indexes are read whole. Sampled (``analysis_limit`` 400), SQLite took the first 400 entries
    of the status index for the whole table and judged a status to select 401 rows; on the bench
    data (10,016 cases) the home page's featured cases were then read by status and every
    published case sorted (43 ms) instead of the first six entries of ``case_featured_idx``
    being read (0.1 ms)."""
    place, author = PlaceFactory(), UserFactory()
    Case.objects.bulk_create(
        CaseFactory.build(place=place, created_by=author, status=status, slug=f"c-{i}")
        for i, status in enumerate([Status.DRAFT] * 150 + [Status.PUBLISHED] * 1350)
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
        cursor.execute("PRAGMA analysis_limit=400")  # what a connection may hold from elsewhere
    list(Case.objects.filter(status=Status.PUBLISHED)[:1])
    assert optimize_sqlite(using="default") is True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx = 'case_status_pub_idx'", [Case._meta.db_table]
        )
        rows, per_status, *_ = (int(n) for n in cursor.fetchone()[0].split())
    assert (rows, per_status) == (1500, 750)  # two statuses: 1,500 / 2
