"""``core.raw_rows.instance`` builds what the ORM's ``from_db`` builds from the same row."""

from __future__ import annotations

from django.db import connection
from django.db.models.signals import post_init

from tests.factories import CaseFactory, PlaceFactory
from translocal.core import raw_rows
from translocal.knowledge.models import Case
from translocal.places.models import Place


def _row(model, pk, only=None):  # noqa: ANN001, ANN202
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {raw_rows.columns(model, 'x', 'default', only)} FROM {table} x WHERE x.id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def _same(built, loaded) -> None:  # noqa: ANN001
    assert type(built) is type(loaded)
    assert (built._state.adding, built._state.db) == (loaded._state.adding, loaded._state.db) == (False, "default")
    assert built.get_deferred_fields() == loaded.get_deferred_fields()
    assert {k: v for k, v in vars(built).items() if k != "_state"} == {
        k: v for k, v in vars(loaded).items() if k != "_state"
    }


def test_an_instance_is_what_the_orm_loads(db):
    case = CaseFactory(place=PlaceFactory(), location_name="Here")
    only = ("id", "title", "place", "start_date", "published_at", "status")
    _same(raw_rows.instance(Case, _row(Case, case.pk), 0, "default"), Case.objects.get(pk=case.pk))
    partial = raw_rows.instance(Case, _row(Case, case.pk, only), 0, "default", only)
    _same(partial, Case.objects.only(*only).get(pk=case.pk))
    assert partial.summary == case.summary  # a deferred field loads on access, as with only()
    place = raw_rows.instance(Place, _row(Place, case.place_id), 0, "default")
    _same(place, Place.objects.get(pk=case.place_id))
    place.name = "Renamed"
    place.save()
    assert Place.objects.get(pk=case.place_id).name == "Renamed"


def test_init_signals_are_still_sent_when_something_listens(db):
    case = CaseFactory()
    seen = []

    def listener(sender, instance, **kwargs):  # noqa: ANN001, ANN003, ANN202
        seen.append(instance)

    post_init.connect(listener, sender=Case)
    try:
        built = raw_rows.instance(Case, _row(Case, case.pk), 0, "default")
    finally:
        post_init.disconnect(listener, sender=Case)
    assert seen == [built]
