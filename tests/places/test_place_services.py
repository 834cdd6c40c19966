"""Places and hubs are created by staff through services (the demo loader uses them too)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import HubFactory, OrganisationFactory, PlaceFactory, UserFactory
from translocal.core.caching import content_version
from translocal.places import services
from translocal.places.models import Hub, Place
from translocal.search.models import SearchEntry

pytestmark = pytest.mark.django_db

KISUMU = {
    "name": "Kisumu",
    "kind": "city",
    "country": "KE",
    "region": "Kisumu County",
    "latitude": -0.0917,
    "longitude": 34.768,
    "population": 610_082,
}


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


def test_staff_creates_a_place_with_a_slug_from_its_name(staff):
    place = services.create_place(acting_user=staff, data=KISUMU)
    assert Place.objects.get(pk=place.pk).slug == "kisumu"
    assert (place.country, place.population) == ("KE", 610_082)


def test_a_member_cannot_create_a_place():
    with pytest.raises(PermissionDenied):
        services.create_place(acting_user=UserFactory(), data=KISUMU)
    assert not Place.objects.exists()


def test_a_taken_slug_gets_a_suffix(staff):
    PlaceFactory(slug="kisumu", name="Kisumu (old)")
    place = services.create_place(acting_user=staff, data={**KISUMU, "slug": "kisumu"})
    assert place.slug == "kisumu-2"


def test_an_invalid_place_is_refused_with_the_field_named(staff):
    with pytest.raises(ValidationError) as error:
        services.create_place(acting_user=staff, data={**KISUMU, "latitude": 123.0})
    assert "latitude" in error.value.message_dict
    assert not Place.objects.exists()


def test_a_new_place_is_searchable_and_invalidates_cached_pages(staff):
    before = content_version()
    place = services.create_place(acting_user=staff, data=KISUMU)
    assert SearchEntry.objects.filter(object_id=place.pk, title="Kisumu").exists()
    assert content_version() > before


def test_staff_opens_a_hub_with_its_organisations_and_no_members(staff):
    place = PlaceFactory()
    organisations = OrganisationFactory.create_batch(2)
    hub = services.create_hub(
        acting_user=staff,
        place=place,
        data={"name": "Lakeside Co-production Hub", "tagline": "Kisumu, together"},
        organisations=organisations,
    )
    hub = Hub.objects.get(pk=hub.pk)
    assert hub.slug == "lakeside-co-production-hub" and hub.place == place
    assert set(hub.organisations.all()) == set(organisations)
    assert hub.member_count == 0 and not hub.memberships.exists()


def test_a_member_cannot_open_a_hub():
    with pytest.raises(PermissionDenied):
        services.create_hub(acting_user=UserFactory(), place=PlaceFactory(), data={"name": "Hub"})
    assert not Hub.objects.exists()


def test_a_hub_keeps_a_chosen_slug_when_it_is_free_and_is_searchable(staff):
    HubFactory(slug="taken")
    before = content_version()
    hub = services.create_hub(acting_user=staff, place=PlaceFactory(), data={"name": "Civic Lab", "slug": "gm-lab"})
    assert hub.slug == "gm-lab"
    assert SearchEntry.objects.filter(object_id=hub.pk, title="Civic Lab").exists()
    assert content_version() > before


def test_a_hub_needs_a_name(staff):
    with pytest.raises(ValidationError) as error:
        services.create_hub(acting_user=staff, place=PlaceFactory(), data={"name": "  "})
    assert "name" in error.value.message_dict


def test_an_unknown_country_code_is_refused(staff):
    with pytest.raises(ValidationError) as error:
        services.create_place(acting_user=staff, data={**KISUMU, "country": "XX"})
    assert "ISO code" in error.value.message_dict["country"][0]
