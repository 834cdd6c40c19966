"""A prepared query (core.prepared) returns what its queryset returns, instance for instance,
in one query and without building the queryset again; it refuses the shapes it cannot run."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from django.db import connection
from django.db.models import Count, F, Prefetch, QuerySet
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import CaseFactory, HubFactory, PlaceFactory, TermFactory
from translocal.core.prepared import PreparedQuery
from translocal.knowledge.models import Case, CaseTranslation
from translocal.knowledge.selectors.translations import with_translated_titles
from translocal.places.models import Hub, Place

FIELDS = ("pk", "title", "slug", "status", "published_at", "start_date", "featured", "place_id", "updated_at")


def _cases(place_id: int, *, limit: int) -> QuerySet[Case]:
    """A shape with a join (select_related), an annotation, the reader's language (translated
    titles) and the argument used twice."""
    return (
        with_translated_titles(Case.objects.filter(place_id=place_id, status="published"))
        .select_related("place")
        .annotate(issues=Count("general_issues"), same_place=F("place_id") - place_id)
        .order_by("-published_at", "-id")[:limit]
    )


def _snapshot(cases: list[Case]) -> list[tuple]:
    return [
        (
            *(getattr(c, name) for name in FIELDS),
            c.translated_title, c.display_title, c.display_language, c.issues, c.same_place,
            c.place.name, c.place.country_name, type(c.published_at), type(c.featured),
        )
        for c in cases
    ]


@pytest.fixture
def world(db):  # noqa: ANN201
    here, there = PlaceFactory(name="Kisumu", country="KE"), PlaceFactory(name="Sheffield", country="GB")
    issues = [TermFactory() for _ in range(3)]
    made = []
    for n in range(9):
        case = CaseFactory(
            place=here if n % 3 else there,
            published_at=dt.datetime(2025, 1, 1 + n, 12, 30, tzinfo=dt.UTC),
            start_date=dt.date(2020, 1, 1 + n) if n % 2 else None,
            featured=n == 4,
            status="draft" if n == 7 else "published",
        )
        case.general_issues.set(issues[: n % 4])
        made.append(case)
    CaseTranslation.objects.create(
        entry=made[1], language="es", title="Caso uno", summary="Resumen", source_version=made[1].version
    )
    return here, there


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_same_instances_as_the_queryset(world, language):
    here, there = world
    prepared = PreparedQuery(Case, _cases)
    with translation.override(language):
        for place in (here, there, here):
            expected = _snapshot(list(_cases(place.pk, limit=4)))
            assert _snapshot(prepared(place.pk, limit=4)) == expected
            assert expected  # the comparison is over cases
        if language == "es":
            assert "Caso uno" in [c.display_title for c in prepared(here.pk, limit=10)]


def test_built_once_per_language_and_static_value_then_one_query_a_call(world):
    here, there = world
    built = []

    def build(place_id: int, *, limit: int) -> QuerySet[Case]:
        built.append((place_id, limit, translation.get_language()))
        return _cases(place_id, limit=limit)

    prepared = PreparedQuery(Case, build)
    with translation.override("en"):
        prepared(here.pk, limit=4)
        with CaptureQueriesContext(connection) as queries:
            rows = prepared(there.pk, limit=4)
        assert len(queries) == 1
        assert [c.place_id for c in rows] == [there.pk] * len(rows) and rows
        prepared(here.pk, limit=2)
    with translation.override("es"):
        prepared(here.pk, limit=4)
    assert [(limit, language) for _, limit, language in built] == [(4, "en"), (2, "en"), (4, "es")]
    assert all(place_id < 0 for place_id, _, _ in built)  # built with stand-ins, never a real value


def test_a_string_argument(world):
    here, _ = world
    prepared = PreparedQuery(Case, lambda slug: Case.objects.filter(place__slug=slug).order_by("id"))
    expected = list(Case.objects.filter(place=here).order_by("id").values_list("pk", flat=True))
    assert [c.pk for c in prepared(here.slug)] == expected
    assert prepared("nowhere") == []


@pytest.mark.parametrize(
    ("build", "argument"),
    [
        (lambda title: Case.objects.filter(title__icontains=title), "case"),  # wrapped in %...%
        (lambda n: Case.objects.all()[:n], 3),  # a LIMIT is text in the statement, not a parameter
        (lambda n: Case.objects.filter(pk=n).values("title"), 1),  # not instances
        (lambda day: Case.objects.filter(start_date=day), dt.date(2020, 1, 2)),  # neither int nor str
        (lambda n: CaseTranslation.objects.filter(entry_id=n), 1),  # another model than declared
        (lambda n: Case.objects.filter(pk=n, id__in=[]), 1),  # empty by its shape (EmptyResultSet)
    ],
)
def test_shapes_it_cannot_run_are_refused(world, build, argument):
    with pytest.raises(ValueError):
        PreparedQuery(Case, build)(argument)


def test_a_prefetch_runs_after_the_statement(world):
    here, _ = world

    def build(place_id: int) -> QuerySet[Case]:
        return Case.objects.filter(place_id=place_id).prefetch_related("general_issues").order_by("id")

    prepared = PreparedQuery(Case, build)
    prepared(here.pk)
    with CaptureQueriesContext(connection) as queries:
        cases = prepared(here.pk)
    assert len(queries) == 2
    with CaptureQueriesContext(connection) as none:
        issues = [[t.pk for t in c.general_issues.all()] for c in cases]
    assert len(none) == 0
    assert issues == [[t.pk for t in c.general_issues.order_by("id")] for c in build(here.pk)]
    assert any(issues)


@pytest.mark.parametrize("to_attr", [None, "hub_list"])
def test_a_reverse_foreign_key_prefetch_is_prepared_too(db, to_attr):
    """``place.hubs`` (a reverse foreign key, with a queryset of its own, a ``to_attr`` or not)
    is one statement a number of places, prepared once: the same hubs in the same order as
    Django's prefetch, each with its place cached, and none for a place without hubs."""
    places = [PlaceFactory(name=f"Place {n}") for n in range(4)]
    for n, (place, members) in enumerate([(0, 3), (0, 3), (0, 9), (2, 1), (3, 0)]):
        HubFactory(place=places[place], member_count=members, name=f"Hub {5 - n}")
    ordered = Hub.objects.only("id", "place", "name").order_by("-member_count", "name")
    hubs = Prefetch("hubs", queryset=ordered, to_attr=to_attr)

    def build(*, limit: int) -> QuerySet[Place]:
        return Place.objects.filter(name__startswith="Place").prefetch_related(hubs).order_by("name")[:limit]

    def hub_lists(found: list[Place]) -> list[list[tuple]]:
        lists = [getattr(p, to_attr) if to_attr else list(p.hubs.all()) for p in found]
        return [[(h.pk, h.name, h.place is p) for h in hubs] for p, hubs in zip(found, lists, strict=True)]

    prepared = PreparedQuery(Place, build)
    assert hub_lists(prepared(limit=4)) == hub_lists(list(build(limit=4)))
    for limit in (4, 3):
        prepared(limit=limit)
        with CaptureQueriesContext(connection) as queries:
            found = prepared(limit=limit)
        with CaptureQueriesContext(connection) as none:
            lists = hub_lists(found)
        assert len(queries) == 2 and len(none) == 0
        assert lists == hub_lists(list(build(limit=limit)))
    assert lists[1] == [] and [name for _, name, _ in lists[0]] == ["Hub 3", "Hub 4", "Hub 5"]
    statements = [s.prepared_prefetch[0].query for s in prepared._statements.values()]
    assert [len(query._statements) for query in statements] == [1, 1]  # per limit, one for its number of places


def test_a_query_chained_from_prepared_related_rows_keeps_to_the_instance(db):
    """``place.hubs.filter(...)`` after a prepared prefetch reads the place's hubs only, as from
    Django's prefetch, and so after a pickle round trip; the rows themselves cost no query."""
    here, there = PlaceFactory(name="Here"), PlaceFactory(name="There")
    HubFactory(place=here, name="Mine", member_count=2)
    HubFactory(place=there, name="Theirs", member_count=2)

    def build(*, limit: int) -> QuerySet[Place]:
        return Place.objects.prefetch_related("hubs").order_by("name")[:limit]

    found = {p.name: p for p in PreparedQuery(Place, build)(limit=2)}
    with CaptureQueriesContext(connection) as none:
        assert [h.name for h in found["Here"].hubs.all()] == ["Mine"]
    assert len(none) == 0
    assert [h.name for h in found["Here"].hubs.filter(member_count=2)] == ["Mine"]
    assert list(found["There"].hubs.values_list("name", flat=True)) == ["Theirs"]
    again = pickle.loads(pickle.dumps(found["Here"]))  # noqa: S301 - our own bytes
    assert [h.name for h in again.hubs.all()] == ["Mine"]
    assert [h.name for h in again.hubs.filter(member_count=2)] == ["Mine"]


def test_the_statements_kept_are_bounded(world, monkeypatch):
    here, _ = world
    monkeypatch.setattr("translocal.core.prepared.MAX_STATEMENTS", 8)
    prepared = PreparedQuery(Case, _cases)
    for limit in range(1, 21):  # twenty fixed arguments, twenty keys
        assert len(prepared(here.pk, limit=limit)) == min(limit, 5)
        assert len(prepared._statements) <= 8
    assert len(prepared._statements) == 4  # dropped after the 8th and the 16th: keys 17 to 20 kept


def _state(instance) -> tuple:  # noqa: ANN001
    """What a loaded instance holds: its values (its __dict__ without the caches) and state."""
    values = {k: v for k, v in vars(instance).items() if k not in {"_state", "_prefetched_objects_cache"}}
    return type(instance), values, instance._state.db, instance._state.adding


def test_instances_and_their_joined_instances_are_what_the_orm_loads(db):
    """Made without Model.__init__ (core.raw_rows.load_instance), the statement's instances and
    those select_related joins, two levels deep and deferred fields included, hold what
    Django's own iteration loads, and save as they would."""
    place = PlaceFactory(name="Kisumu", country="KE")
    hub = HubFactory(place=place, name="Kisumu lab")
    CaseFactory(place=place, status="published")
    CaseFactory(place=None, status="published")

    def build(*, limit: int) -> QuerySet[Hub]:
        return Hub.objects.select_related("place").order_by("pk")[:limit]

    def build_cases(*, limit: int) -> QuerySet[Case]:
        return Case.objects.select_related("place").defer("summary").order_by("pk")[:limit]

    for model, shape in ((Hub, build), (Case, build_cases)):
        made, loaded = PreparedQuery(model, shape)(limit=5), list(shape(limit=5))
        assert [_state(m) for m in made] == [_state(o) for o in loaded]
        assert [m.get_deferred_fields() for m in made] == [o.get_deferred_fields() for o in loaded]
        joined = [_state(m.place) if m.place_id else m.place for m in made]
        assert joined == [_state(o.place) if o.place_id else o.place for o in loaded]
    assert None in joined  # the case without a place: its join is None, as the ORM's
    made_case = PreparedQuery(Case, build_cases)(limit=1)[0]
    assert made_case.summary == Case.objects.get(pk=made_case.pk).summary  # deferred: loads on access
    made_hub = PreparedQuery(Hub, build)(limit=1)[0]
    assert made_hub.place.name == "Kisumu" and made_hub.place._state.adding is False
    made_hub.name = "Renamed"
    made_hub.save()
    assert Hub.objects.get(pk=hub.pk).name == "Renamed" and Hub.objects.count() == 1


def test_init_signals_are_sent_for_every_instance_when_something_listens(db):
    HubFactory(place=PlaceFactory())
    seen = []

    def listener(sender, instance, **kwargs):  # noqa: ANN001, ANN003, ANN202
        seen.append(instance)

    prepared = PreparedQuery(Hub, lambda *, limit: Hub.objects.select_related("place")[:limit])
    prepared(limit=5)
    post_init.connect(listener)
    try:
        hub = prepared(limit=5)[0]
    finally:
        post_init.disconnect(listener)
    assert seen == [hub, hub.place]
