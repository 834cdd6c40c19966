"""The search queries' plans on SQLite: a full-text scan must never sit inside a subquery that
runs once per row. At the bench's scale (12,000 entries, a 3,600-hit query) the per-row scan in
``one_per_object`` made a cold search page take 13 to 16 seconds instead of about 0.2."""

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL

from tests.factories import CaseFactory
from translocal.search import selectors
from translocal.search.backends import MatchQuery, get_backend
from translocal.search.query import parse_terms
from translocal.search.services import index_instances

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")


def _plan(queryset) -> list[tuple[int, int, str]]:  # noqa: ANN001
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [(row[0], row[1], row[3]) for row in cursor.fetchall()]


def _full_scans_under_correlated_subqueries(plan: list[tuple[int, int, str]]) -> list[str]:
    """Full-text scans (``SCAN search_fts`` without a rowid seek) with a correlated subquery
    among their ancestors."""
    parent = {node: up for node, up, _detail in plan}
    detail = {node: text for node, _up, text in plan}
    found = []
    for node, _up, text in plan:
        if not text.startswith("SCAN search_fts") or "=M" in text.split("INDEX", 1)[-1].replace(" ", ""):
            continue
        ancestor = parent.get(node)
        while ancestor:
            if detail.get(ancestor, "").startswith("CORRELATED"):
                found.append(text)
                break
            ancestor = parent.get(ancestor)
    return found


@pytest.mark.django_db
def test_one_result_per_object_tests_each_row_by_a_seek_not_a_scan():
    index_instances([CaseFactory(title="Participatory budgeting in Porto Alegre"), CaseFactory(title="Harbour walk")])
    backend = get_backend()
    match = MatchQuery(parse_terms("participatory budgeting"), "and")
    kept = selectors.one_per_object(backend, match, selectors.visible_entries(None))
    sql, params = backend.match_ids_sql(match)
    plan = _plan(kept.filter(id__in=RawSQL(sql, params)))  # noqa: S611 - backend SQL

    assert any(text.startswith("CORRELATED") for _n, _u, text in plan)  # the per-row test is there
    assert _full_scans_under_correlated_subqueries(plan) == []
    assert kept.filter(id__in=RawSQL(sql, params)).count() == 1  # noqa: S611


@pytest.mark.django_db
def test_a_filtered_search_tests_each_rows_facets_by_a_seek_not_a_list():
    # A facet filter inside ``one_per_object``'s correlated subquery, as a list of every entry
    # with the value, was read once for each match: "the of" among the bench's cases took 5 s.
    index_instances([CaseFactory(title="Participatory budgeting in Porto Alegre"), CaseFactory(title="Harbour walk")])
    backend = get_backend()
    match = MatchQuery(parse_terms("participatory budgeting"), "and")
    filtered = selectors._apply_filters(selectors.visible_entries(None), {"type": ["case"], "language": ["en"]})
    kept = selectors.one_per_object(backend, match, filtered)
    sql, params = backend.match_ids_sql(match)
    plan = _plan(kept.filter(id__in=RawSQL(sql, params)))  # noqa: S611 - backend SQL

    parent = {node: up for node, up, _detail in plan}
    detail = {node: text for node, _up, text in plan}
    for node, _up, text in plan:
        if text.startswith("LIST SUBQUERY") and any(
            "search_facet" in d or "searchfacet" in d for n, d in detail.items() if parent.get(n) == node
        ):
            raise AssertionError(f"a list of facet rows: {plan}")
    assert kept.filter(id__in=RawSQL(sql, params)).count() == 1  # noqa: S611
