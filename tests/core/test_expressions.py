"""core.expressions.InSubquery: the rows ``__in`` finds, with a subquery PostgreSQL runs once."""

import pytest
from django.db import connection

from tests.factories import OrganisationFactory, PlaceFactory, UserFactory
from translocal.accounts.models import User
from translocal.core.expressions import InSubquery

pytestmark = pytest.mark.django_db


def _people_of(place):
    by_organisation = User.objects.filter(place__isnull=True, organisation__place=place)
    local = User.objects.filter(place=place).order_by().values("pk")
    return local.union(by_organisation.order_by().values("pk"), all=True)


def test_the_same_rows_as_in_with_a_union_and_with_a_plain_queryset():
    here, elsewhere = PlaceFactory(), PlaceFactory()
    local = UserFactory.create_batch(3, place=here)
    via_organisation = UserFactory(place=None, organisation=OrganisationFactory(place=here))
    UserFactory(place=elsewhere, organisation=OrganisationFactory(place=here))  # their own place wins
    UserFactory.create_batch(2, place=elsewhere)
    expected = {u.pk for u in [*local, via_organisation]}

    assert set(User.objects.filter(pk__in=_people_of(here)).values_list("pk", flat=True)) == expected
    assert set(User.objects.filter(InSubquery("pk", _people_of(here))).values_list("pk", flat=True)) == expected
    plain = User.objects.filter(place=elsewhere).values("pk")
    assert User.objects.filter(InSubquery("id", plain)).count() == 3
    assert not User.objects.filter(InSubquery("id", User.objects.filter(pk=-1).values("pk"))).exists()


def test_on_postgresql_the_subquery_is_an_initplan_run_once():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    place = PlaceFactory()
    sql, params = User.objects.filter(InSubquery("pk", _people_of(place))).query.sql_with_params()
    assert "= ANY(ARRAY(" in sql
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "InitPlan" in plan, plan
