"""One slug helper for every kind of entry: readable, unique, and never a word a route uses
where a slug goes (issue 9: a case titled "New" got the slug "new", shadowed by /cases/new/)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import OrganisationFactory, PlaceFactory, UserFactory
from translocal.core import slugs
from translocal.knowledge import services as knowledge
from translocal.knowledge.models import Case, Method, Reflection, Series
from translocal.places import services as places
from translocal.places.models import Hub, Organisation, Place

pytestmark = pytest.mark.django_db


def _slug_sibling_literals() -> set[str]:
    """Walked here independently of core.slugs: for every route ``prefix/<slug>/...``, the
    literal segments of the other routes ``prefix/<literal>/...``."""
    routes: list[list[str]] = []

    def walk(patterns: list, prefix: list[str]) -> None:
        for entry in patterns:
            route = str(entry.pattern).strip("^$")
            segments = prefix + [s for s in route.split("/") if s]
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, segments)
            elif isinstance(entry, URLPattern):
                routes.append(segments)

    walk(get_resolver().url_patterns, [])
    found = set()
    for route in routes:
        for i, segment in enumerate(route):
            if segment.endswith(":slug>") or segment == "<slug>":
                prefix = route[:i]
                found |= {
                    other[i] for other in routes
                    if len(other) > i and other[:i] == prefix and "<" not in other[i]
                }
    return found


def test_reserved_words_are_read_from_the_urlconf():
    expected = _slug_sibling_literals()
    assert "new" in expected  # /cases/new/, /methods/new/, /series/new/, /organisations/new/ ...
    assert slugs.reserved_slugs() == expected


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


def _make(kind: str, title: str, staff) -> models.Model:  # noqa: ANN001
    data: dict[str, Any] = {"title": title, "publish": True}
    makers: dict[str, Callable[[], models.Model]] = {
        "case": lambda: knowledge.create_case(acting_user=staff, data=data),
        "method": lambda: knowledge.create_method(acting_user=staff, data=data),
        "reflection": lambda: knowledge.create_reflection(acting_user=staff, data=data),
        "series": lambda: knowledge.create_series(acting_user=staff, data={"title": title}),
        "place": lambda: places.create_place(acting_user=staff, data={"name": title, "country": "GB"}),
        "hub": lambda: places.create_hub(acting_user=staff, place=PlaceFactory(), data={"name": title}),
        "organisation": lambda: places.create_organisation(
            acting_user=staff, data={"name": title, "place": PlaceFactory()}
        ),
    }
    return makers[kind]()


KINDS = {
    "case": "knowledge:case-detail",
    "method": "knowledge:method-detail",
    "reflection": "knowledge:reflection-detail",
    "series": "knowledge:series-detail",
    "place": "places:place-detail",
    "hub": "places:hub-detail",
    "organisation": "places:organisation-detail",
}


@pytest.mark.parametrize("kind", KINDS)
def test_an_entry_titled_new_gets_a_slug_its_page_answers_to(client, staff, kind):
    entry = _make(kind, "New", staff)
    assert entry.slug == "new-2"
    url = entry.get_absolute_url()
    assert resolve(url).view_name == KINDS[kind]
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_every_reserved_word_is_avoided_for_every_kind(staff, kind):
    for word in _slug_sibling_literals():
        entry = _make(kind, word.title(), staff)
        assert entry.slug not in slugs.reserved_slugs()
        assert resolve(entry.get_absolute_url()).view_name == KINDS[kind]


def test_a_place_or_hub_given_a_reserved_slug_explicitly_gets_another(staff):
    place = places.create_place(acting_user=staff, data={"name": "Newtown", "country": "GB", "slug": "new"})
    assert place.slug == "new-2"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Débat citoyen à Montréal", "débat-citoyen-à-montréal"),
        ("Кисуму: народный бюджет", "кисуму-народный-бюджет"),
        ("市民議会", "市民議会"),
        ("🙂🙂", "method"),
    ],
)
def test_unicode_titles_keep_readable_slugs(staff, title, slug):
    assert _make("method", title, staff).slug == slug


def test_titles_taken_twice_get_numbered(staff):
    first, second, third = (_make("case", "Solar coop", staff) for _ in range(3))
    assert [first.slug, second.slug, third.slug] == ["solar-coop", "solar-coop-2", "solar-coop-3"]


@pytest.mark.parametrize("model", [Case, Method, Reflection, Series, Place, Hub, Organisation])
@settings(max_examples=50, deadline=None, database=None)
@given(text=st.text(max_size=400))
def test_no_text_yields_a_reserved_or_unroutable_slug(model, text):
    base = slugs.slug_base(text, max_length=model._meta.get_field("slug").max_length, fallback="x")
    slug = slugs.first_free(base, taken=set())
    assert slug and slug not in slugs.reserved_slugs()
    assert "/" not in slug and len(slug) <= model._meta.get_field("slug").max_length


def test_a_lost_race_for_a_slug_takes_the_next_one(monkeypatch, staff):
    """A writer that read the taken slugs before another committed the same one meets the
    unique constraint; save_with_slug then reads again and takes the next slug."""
    rival = OrganisationFactory(name="Tenants Union", slug="tenants-union")
    stale = iter(["tenants-union"])
    real = slugs.unique_slug
    monkeypatch.setattr(slugs, "unique_slug", lambda *a, **k: next(stale, None) or real(*a, **k))
    organisation = places.create_organisation(acting_user=staff, data={"name": "Tenants Union", "place": rival.place})
    assert organisation.slug == "tenants-union-2"
    assert Organisation.objects.filter(name="Tenants Union").count() == 2
