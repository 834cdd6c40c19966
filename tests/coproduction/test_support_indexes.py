"""The tables a support writes carry no index another one already covers: every foreign key
is still the first column of an index (lookups and cascades stay indexed), and no index is a
leading part of another (each one costs every support an insertion; coproduction 0014)."""

import pytest
from django.db import connection

from translocal.coproduction.models import Participation, Proposal, Support

pytestmark = pytest.mark.django_db


def _indexes(model) -> list[tuple[str, ...]]:  # noqa: ANN001
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [
        tuple(item["columns"]) for item in constraints.values()
        if (item["index"] or item["unique"]) and item["columns"] and not item["primary_key"]
    ]


@pytest.mark.parametrize("model", [Proposal, Support, Participation])
def test_every_foreign_key_leads_an_index(model):
    indexes = _indexes(model)
    for field in model._meta.concrete_fields:
        if field.is_relation:
            assert any(columns[0] == field.column for columns in indexes), (model.__name__, field.column, indexes)


@pytest.mark.parametrize("model", [Proposal, Support, Participation])
def test_no_index_is_the_leading_part_of_another(model):
    indexes = _indexes(model)
    redundant = [
        (short, long) for short in indexes for long in indexes
        if short != long and len(short) < len(long) and long[: len(short)] == short
    ]
    assert redundant == []


def test_the_support_tables_hold_the_indexes_they_need():
    assert sorted(_indexes(Support)) == [("process_id", "user_id"), ("proposal_id", "user_id"), ("user_id",)]
    assert sorted(_indexes(Participation)) == [("process_id", "user_id"), ("user_id",)]
    assert ("process_id", "support_count", "id") in _indexes(Proposal)
