"""A member who cannot find the place of a case proposes it in the case form (issue 15: "Add
a new place" only copied the name into "Location (as described)"): the case is put in a new
place at once, marked not yet checked, which staff later check or merge into the place it
duplicates; a place that exists already (by any of its names) is used instead."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tests.factories import CaseFactory, PlaceFactory, UserFactory
from translocal.audit.models import AuditEntry
from translocal.knowledge.models import Case
from translocal.places import services
from translocal.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory(username="resident")
    client.force_login(user)
    return user


def _post(client, **extra):  # noqa: ANN001
    data = {"title": "Street assembly", "original_language": "en", "action": "draft", **extra}
    return client.post(reverse("knowledge:case-create"), data)


def test_a_member_proposes_a_new_place_and_the_case_is_in_it_at_once(client, member):
    response = _post(client, new_place_name="  Nyeri ", new_place_country="KE")

    assert response.status_code == 302
    case = Case.objects.get(title="Street assembly")
    place = case.place
    assert (place.name, place.country, place.verified, place.proposed_by) == ("Nyeri", "KE", False, member)
    assert AuditEntry.objects.filter(action="create", target_label="Nyeri", reason="proposed by a member").exists()
    html = client.get(place.get_absolute_url()).content.decode()
    assert "staff have not checked it yet" in html


def test_a_place_that_exists_is_used_by_any_of_its_names(client, member):
    goteborg = PlaceFactory(name="Göteborg", country="SE", alternative_names="Gothenburg")

    _post(client, new_place_name="gothenburg", new_place_country="SE")

    assert Case.objects.get(title="Street assembly").place == goteborg
    assert Place.objects.count() == 1


def test_the_form_asks_for_the_country_and_refuses_a_place_and_a_proposal_together(client, member):
    no_country = _post(client, new_place_name="Nyeri").content.decode()
    assert '<a href="#id_new_place_country">Choose the country of the new place</a>' in no_country

    both = _post(client, place=PlaceFactory().pk, new_place_name="Nyeri", new_place_country="KE").content.decode()
    assert "Choose a place from the list or propose a new one, not both." in both
    assert not Case.objects.exists() and not Place.objects.filter(name="Nyeri").exists()


def test_visitors_cannot_propose_a_place():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.propose_place(acting_user=AnonymousUser(), name="Nyeri", country="KE")


def test_staff_check_a_proposed_place_or_merge_it_into_the_known_one(member):
    staff = UserFactory(is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(staff)
    proposed = services.propose_place(acting_user=member, name="Nyery", country="KE")
    case = CaseFactory(place=proposed)
    nyeri = PlaceFactory(name="Nyeri", country="KE")
    other = services.propose_place(acting_user=member, name="Karatina", country="KE")
    changelist = reverse("admin:places_place_changelist")

    admin.post(changelist, {"action": "merge_into_checked", "_selected_action": [proposed.pk, nyeri.pk]})
    admin.post(changelist, {"action": "mark_checked", "_selected_action": [other.pk]})

    assert Case.objects.get(pk=case.pk).place == nyeri
    assert not Place.objects.filter(pk=proposed.pk).exists()
    assert Place.objects.get(pk=other.pk).verified is True
    with pytest.raises(PermissionDenied):
        services.verify_place(acting_user=member, place=other)
