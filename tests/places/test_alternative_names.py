"""Places have other names (issue 15: "Göteborg" and "Gothenburg", "Barcelona"/"Barcelone"):
staff keep them through the place service and the admin, and search finds the place, its hubs
and its cases by any of them."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tests.factories import CaseFactory, HubFactory, PlaceFactory, UserFactory
from tests.project.test_admin_versions import _admin_form_data
from translocal.demo.content.network import PLACES
from translocal.knowledge.models import Case
from translocal.places import services
from translocal.places.models import Hub, Place
from translocal.search.services import index_instances

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def _titles(client: Client, query: str) -> str:
    response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200
    return re.sub(r"</?mark>", "", response.content.decode())


def _goteborg(staff) -> Place:
    return services.create_place(
        acting_user=staff,
        data={"name": "Göteborg", "country": "SE", "alternative_names": "Gothenburg\nGotemburgo"},
    )


def test_search_finds_the_place_its_hubs_and_its_cases_by_another_name(client, staff):
    place = _goteborg(staff)
    HubFactory(name="West Coast Learning Platform", place=place)
    CaseFactory(title="Youth budget in the north-east", place=place, body_html="<p>Young people decided.</p>")
    CaseFactory(title="A case elsewhere", place=PlaceFactory(name="Kisumu", country="KE"))
    index_instances(Place.objects.all())
    index_instances(Hub.objects.all())
    index_instances(Case.objects.all())

    for query in ("Gothenburg", "Gotemburgo", "Göteborg"):
        html = _titles(client, query)
        assert ">Göteborg</a>" in html, query
        assert "West Coast Learning Platform" in html, query
        assert "Youth budget in the north-east" in html, query
        assert "A case elsewhere" not in html, query


def test_new_names_reach_what_is_already_indexed_once_the_change_commits(
    client, staff, django_capture_on_commit_callbacks
):
    barcelona = PlaceFactory(name="Barcelona", slug="barcelona", country="ES")
    CaseFactory(title="Decidim in the districts", place=barcelona)
    index_instances(Case.objects.all())
    assert "Decidim in the districts" not in _titles(client, "Barcelone")

    with django_capture_on_commit_callbacks(execute=True):
        services.update_place(acting_user=staff, place=barcelona, data={"alternative_names": "Barcelone"})

    assert "Decidim in the districts" in _titles(client, "Barcelone")


def test_the_service_keeps_each_other_name_once_without_the_places_own(staff):
    place = services.create_place(
        acting_user=staff,
        data={"name": "Gdańsk", "country": "PL", "alternative_names": "  Danzig \n\ngdańsk\nDanzig; Gdansk"},
    )
    assert place.alternative_names == "Danzig\nGdansk"
    assert place.all_names == ["Gdańsk", "Danzig", "Gdansk"]


def test_only_staff_change_the_other_names():
    place = PlaceFactory(name="Dublin", country="IE")
    with pytest.raises(PermissionDenied):
        services.update_place(acting_user=UserFactory(), place=place, data={"alternative_names": "Baile Átha Cliath"})
    assert Place.objects.get(pk=place.pk).alternative_names == ""


def test_staff_edit_the_other_names_in_the_admin_through_the_service(staff, client):
    place = PlaceFactory(name="Cape Town", slug="cape-town", country="ZA")
    client.force_login(staff)
    url = reverse("admin:places_place_change", args=[place.pk])
    data = _admin_form_data(client.get(url))

    response = client.post(url, {**data, "alternative_names": "Kaapstad\r\niKapa\r\nCape Town"})

    assert response.status_code == 302
    assert Place.objects.get(pk=place.pk).other_names == ["Kaapstad", "iKapa"]
    changelist = client.get(reverse("admin:places_place_changelist"), {"q": "Kaapstad"}).content.decode()
    assert "Cape Town" in changelist


def test_the_place_page_says_its_other_names(client, staff):
    place = _goteborg(staff)
    html = client.get(place.get_absolute_url()).content.decode()
    assert "<dt>Also known as</dt><dd><span lang=\"\">Gothenburg</span>, <span lang=\"\">Gotemburgo</span></dd>" in html


def test_the_place_picker_of_the_case_form_finds_a_place_by_another_name(client, staff):
    _goteborg(staff)
    client.force_login(UserFactory())
    url = reverse("knowledge:pick", args=["places"])
    response = client.get(url, {"field": "place", "place-q": "gothen", "list": "id_place-listbox"})
    assert "Göteborg" in response.content.decode()


def test_demo_places_have_their_other_names():
    names = {place["slug"]: place.get("alternative_names", "") for place in PLACES}
    assert "Göteborg" in names["gothenburg"].splitlines()
    assert "Barcelone" in names["barcelona"].splitlines()
