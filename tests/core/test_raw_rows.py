"""``core.raw_rows.instance`` builds what the ORM's ``from_db`` builds from the same row."""

from __future__ import annotations

import pickle

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


def test_a_query_chained_from_prefetched_rows_reads_only_the_instances_related_rows(db):
    """A filter on ``set_prefetched`` rows was once built on an empty query of the whole model:
    ``case.methods.filter(...)`` then read every method, not the case's."""
    from tests.factories import MethodFactory  # noqa: PLC0415
    from translocal.knowledge.models import Method  # noqa: PLC0415

    case, other = CaseFactory(), CaseFactory()
    mine, theirs = MethodFactory(title="Mine"), MethodFactory(title="Theirs")
    case.methods.add(mine)
    other.methods.add(theirs)
    raw_rows.set_prefetched(case, "methods", Method, [mine], "default")
    assert list(case.methods.all()) == [mine]
    assert list(case.methods.filter(title__startswith="")) == [mine]
    assert list(case.methods.values_list("title", flat=True)) == ["Mine"]
    assert case.methods.exclude(pk=mine.pk).exists() is False
    again = pickle.loads(pickle.dumps(case))  # noqa: S301  # chained after pickling: the instance goes with it
    assert list(again.methods.all()) == [mine]
    assert list(again.methods.filter(title__startswith="")) == [mine]


def test_a_query_chained_from_prefetched_reverse_rows_reads_only_the_instances_rows(db):
    from tests.factories import AuthorshipFactory, ReflectionFactory  # noqa: PLC0415
    from translocal.knowledge.models import Authorship  # noqa: PLC0415

    reflection, other = ReflectionFactory(), ReflectionFactory()
    mine = [AuthorshipFactory(reflection=reflection), AuthorshipFactory(reflection=reflection)]
    AuthorshipFactory(reflection=other)
    raw_rows.set_prefetched(reflection, "authorships", Authorship, mine, "default")
    assert list(reflection.authorships.filter(pk__gt=0)) == mine
    assert reflection.authorships.order_by("-pk").count() == len(mine)


def test_the_prepared_cursor_runs_each_placeholder_style_as_djangos_cursor(db, monkeypatch):
    """``prepared_cursor`` (on SQLite, a cursor that rewrites a text's placeholders once) gives
    what Django's own cursor gives, for ``%s``, ``%(name)s`` and a literal ``%%``, run again
    from its memory, and after the memory was full and dropped."""
    from django.db import connection

    from translocal.core import raw_rows

    PlaceFactory(name="Kisumu")
    PlaceFactory(name="Sheffield")
    statements = [
        ("SELECT name FROM places_place WHERE name = %s OR name LIKE 'S%%' ORDER BY name", ["Kisumu"]),
        ("SELECT name FROM places_place WHERE name = %(name)s ORDER BY name", {"name": "Kisumu"}),
        ("SELECT COUNT(*) FROM places_place WHERE name <> %s", ["nobody"]),
    ]
    expected = []
    for sql, params in statements:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            expected.append(cursor.fetchall())
    assert expected == [[("Kisumu",), ("Sheffield",)], [("Kisumu",)], [(2,)]]
    monkeypatch.setattr(raw_rows, "_MAX_TEXTS", 2)
    for _ in range(3):
        found = []
        for sql, params in statements:
            with raw_rows.prepared_cursor("default") as cursor:
                cursor.execute(sql, params)
                found.append(cursor.fetchall())
        assert found == expected
        assert len(raw_rows._converted) <= 2 or connection.vendor != "sqlite"
