"""The home page's upcoming exchanges and series overview on SQLite read what they show through
their indexes. On the bench data (2,000 exchanges, 2,000 reflections in 120 series) the upcoming
exchanges were sorted out of every public one (1.4 ms; 0.07 ms through ``exchange_upcoming_idx``)
and each series' posts were read row by row from the table (1.7 ms; 0.6 ms from
``reflection_series_posts_idx`` alone)."""

import pytest
from django.db import connection
from django.db.models import F

from tests.exchanges.factories import ExchangeFactory
from tests.factories import ReflectionFactory, SeriesFactory
from translocal.exchanges.selectors import _section_list, public_exchanges, today
from translocal.knowledge.selectors.reflections import _series_with_counts

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner"),
]


def _plan(queryset) -> str:  # noqa: ANN001
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(row[3] for row in cursor.fetchall())


def test_upcoming_exchanges_are_found_by_their_end_date():
    ExchangeFactory()
    upcoming = _section_list(public_exchanges().filter(ends_on__gte=today()), ("starts_on", "id"), 6)
    assert "USING INDEX exchange_upcoming_idx" in _plan(upcoming)


def test_a_series_posts_are_counted_from_the_index_alone():
    ReflectionFactory(series=SeriesFactory(), series_position=1)
    overview = (
        _series_with_counts()
        .filter(published_count__gt=0)
        .order_by(F("latest_published_at").desc(nulls_last=True), "-id")[:6]
    )
    assert "USING COVERING INDEX reflection_series_posts_idx" in _plan(overview)
