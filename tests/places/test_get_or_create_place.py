"""get_or_create_place: the places service importers create places through."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PlaceFactory, UserFactory
from translocal.core.caching import content_version
from translocal.places.models import Place
from translocal.places.services import get_or_create_place
from translocal.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_a_new_place_is_created_indexed_and_the_version_moves_once():
    before = content_version()
    place, created = get_or_create_place(acting_user=None, name=" Mombasa ", country="ke", latitude=-4.05,
                                         longitude=39.67)
    assert created and (place.name, place.country, place.slug) == ("Mombasa", "KE", "mombasa")
    assert SearchEntry.objects.filter(kind="place", object_id=place.pk, title="Mombasa").exists()
    assert content_version() == before + 1


def test_an_existing_place_is_found_whatever_the_case_and_nothing_moves():
    existing = PlaceFactory(name="Kisumu", country="KE")
    before = content_version()
    place, created = get_or_create_place(acting_user=None, name="KISUMU", country="KE", latitude=1.0, longitude=2.0)
    assert (place, created) == (existing, False)
    assert (place.latitude, place.longitude) == (existing.latitude, existing.longitude)  # kept
    assert content_version() == before


def test_members_may_not_create_places_and_bad_values_are_refused():
    with pytest.raises(PermissionDenied):
        get_or_create_place(acting_user=UserFactory(), name="Nowhere", country="GB")
    with pytest.raises(ValidationError) as error:
        get_or_create_place(acting_user=None, name="Atlantis", country="XX")
    assert "country" in error.value.error_dict
    assert not Place.objects.filter(name__in=["Nowhere", "Atlantis"]).exists()
