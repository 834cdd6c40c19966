import pytest
from django.urls import reverse

from tests.factories import (
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    OrganisationFactory,
    PlaceFactory,
    ReflectionFactory,
    UserFactory,
)
from translocal.knowledge.models import Status

pytestmark = pytest.mark.django_db

# Signed in: session + user are 2 of these. Lists: one query for the page.
LIST_QUERY_BUDGET = 3
# Exact, signed in (issue 15's browsing, core.listing): session, user, the facets counted
# (places: country, type, has a hub; organisations: type, country), the total, the page.
PLACE_LIST_QUERIES = 7
ORGANISATION_LIST_QUERIES = 6
# Detail pages, exact counts, cold cache, signed in (see also tests/project/test_page_query_counts.py):
# hub, coordinators, members, viewer's membership and coordinated hubs, organisations, cases,
# reflections (a list of entries: no bylines), public processes, the hub's exchanges (the content
# versions keying the cached sections come with the user: the page is cached per person,
# accounts.backends)
HUB_DETAIL_QUERY_COUNT = 12
# place, hubs, organisations, cases, reflections, public processes, exchanges hosted there,
# exchanges attended from there, lessons taken from there (the versions: as above)
PLACE_DETAIL_QUERY_COUNT = 11
# organisation (with place and creator), hubs, people, content version, cases it organised (with places)
ORGANISATION_DETAIL_QUERY_COUNT = 7


@pytest.fixture
def client(client):
    """Budgets are measured for a signed-in person (the heavier case)."""
    client.force_login(UserFactory())
    return client


@pytest.mark.parametrize("rows", [10, 200])
def test_place_list_query_budget(client, django_assert_num_queries, rows):
    places = PlaceFactory.create_batch(rows)
    for place in places[:20]:
        HubFactory(place=place)
    with django_assert_num_queries(PLACE_LIST_QUERIES):
        response = client.get(reverse("places:place-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 200])
def test_hub_list_query_budget(client, django_assert_max_num_queries, rows):
    HubFactory.create_batch(rows)
    with django_assert_max_num_queries(LIST_QUERY_BUDGET):
        response = client.get(reverse("places:hub-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 200])
def test_organisation_list_query_budget(client, django_assert_num_queries, rows):
    OrganisationFactory.create_batch(rows)
    with django_assert_num_queries(ORGANISATION_LIST_QUERIES):
        response = client.get(reverse("places:organisation-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 200])
def test_hub_detail_query_count(client, django_assert_num_queries, rows):
    hub = HubFactory()
    HubMembershipFactory.create_batch(rows, hub=hub)
    HubMembershipFactory(hub=hub, role="coordinator")
    CaseFactory.create_batch(rows, place=hub.place)
    for reflection in ReflectionFactory.create_batch(rows):
        reflection.places.add(hub.place)
    with django_assert_num_queries(HUB_DETAIL_QUERY_COUNT):
        response = client.get(hub.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 200])
def test_place_detail_query_count(client, django_assert_num_queries, rows):
    place = PlaceFactory()
    HubFactory.create_batch(3, place=place)
    OrganisationFactory.create_batch(rows, place=place)
    CaseFactory.create_batch(rows, place=place)
    for reflection in ReflectionFactory.create_batch(rows):
        reflection.places.add(place)
    with django_assert_num_queries(PLACE_DETAIL_QUERY_COUNT):
        response = client.get(place.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 200])
def test_organisation_detail_query_count(client, django_assert_num_queries, rows):
    organisation = OrganisationFactory(place=PlaceFactory())
    for hub in HubFactory.create_batch(3):
        hub.organisations.add(organisation)
    UserFactory.create_batch(rows, organisation=organisation)
    places = PlaceFactory.create_batch(5)
    for i, case in enumerate(CaseFactory.create_batch(rows)):
        case.place = places[i % 5]
        case.save(update_fields=["place"])
        case.organisations.add(organisation)
    with django_assert_num_queries(ORGANISATION_DETAIL_QUERY_COUNT):
        response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 10


def test_organisation_detail_shows_the_published_cases_it_organised(client):
    organisation = OrganisationFactory(name="Kisumu Youth Assembly")
    CaseFactory(title="Lakeside youth budget").organisations.add(organisation)
    draft = CaseFactory(title="Unfinished assembly", status=Status.DRAFT, published_at=None)
    draft.organisations.add(organisation)
    CaseFactory(title="Someone else's case").organisations.add(OrganisationFactory())
    body = client.get(organisation.get_absolute_url()).content.decode()
    assert "Lakeside youth budget" in body
    assert "Unfinished assembly" not in body and "Someone else" not in body


def test_organisation_without_cases_says_so(client):
    organisation = OrganisationFactory(name="Quiet Trust")
    body = client.get(organisation.get_absolute_url()).content.decode()
    assert "No published case names Quiet Trust as a primary organiser yet." in body


def test_place_detail_shows_hubs_published_cases_and_reflections(client):
    place = PlaceFactory(name="Sheffield")
    HubFactory(name="Sheffield Civic Lab", place=place)
    CaseFactory(title="Sheffield youth budget", place=place)
    CaseFactory(title="Unfinished", place=place, status=Status.DRAFT, published_at=None)
    reflection = ReflectionFactory(title="Steel city lessons")
    reflection.places.add(place)
    body = client.get(place.get_absolute_url()).content.decode()
    assert "Sheffield Civic Lab" in body
    assert "Sheffield youth budget" in body
    assert "Steel city lessons" in body
    assert "Unfinished" not in body


def test_hub_detail_lists_coordinators_and_members(client):
    hub = HubFactory()
    coordinator = HubMembershipFactory(hub=hub, role="coordinator", user__display_name="Cora Ordinator")
    member = HubMembershipFactory(hub=hub, user__display_name="Mem Ber")
    body = client.get(hub.get_absolute_url()).content.decode()
    assert body.index("Coordinators") < body.index(coordinator.user.name) < body.index("Members<")
    assert member.user.name in body


def test_list_pages_paginate_with_cursor(client):
    HubFactory.create_batch(30)
    first = client.get(reverse("places:hub-list")).content.decode()
    cursor = first.split("cursor=")[1].split('"')[0]
    second = client.get(reverse("places:hub-list"), {"cursor": cursor}).content.decode()
    assert second.count('class="card"') == 6
