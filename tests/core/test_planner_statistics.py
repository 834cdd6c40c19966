"""After a migrate, SQLite's planner statistics are refreshed (``PRAGMA optimize``)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate
from django.test.utils import CaptureQueriesContext

from tests.factories import CaseFactory
from translocal.core.planner_statistics import optimize_sqlite
from translocal.knowledge.models import Case

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
