import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, PlaceFactory, UserFactory
from translocal.places.models import Organisation

pytestmark = pytest.mark.django_db


def test_create_requires_login(client):
    response = client.get(reverse("places:organisation-create"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_member_creates_an_organisation(client):
    user, place = UserFactory(), PlaceFactory()
    client.force_login(user)
    response = client.post(
        reverse("places:organisation-create"),
        {
            "name": "Kisumu Youth Assembly",
            "kind": "civil_society",
            "place": place.pk,
            "website": "",
            "description": "",
            "original_language": "sw",
        },
    )
    org = Organisation.objects.get(name="Kisumu Youth Assembly")
    assert response.status_code == 302 and response["Location"] == org.get_absolute_url()
    assert org.created_by == user and org.slug == "kisumu-youth-assembly"
    assert org.original_language == "sw"


def test_same_name_gets_a_distinct_slug(client):
    OrganisationFactory(name="Hub Trust", slug="hub-trust")
    client.force_login(UserFactory())
    client.post(
        reverse("places:organisation-create"), {"name": "Hub Trust", "kind": "other", "original_language": "en"}
    )
    assert Organisation.objects.filter(slug="hub-trust-2").exists()


def test_create_shows_field_errors(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("places:organisation-create"), {"name": "", "kind": "other", "website": "nope"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_name"' in body and 'href="#id_website"' in body


def test_creator_can_edit(client):
    creator = UserFactory()
    org = OrganisationFactory(created_by=creator)
    client.force_login(creator)
    response = client.post(
        reverse("places:organisation-edit", args=[org.slug]),
        {"name": "Renamed", "kind": "academic", "original_language": "ca"},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Renamed" and org.kind == "academic" and org.original_language == "ca"


def test_someone_else_cannot_edit(client):
    org = OrganisationFactory(created_by=UserFactory(), name="Original")
    client.force_login(UserFactory())
    assert client.get(reverse("places:organisation-edit", args=[org.slug])).status_code == 403
    response = client.post(
        reverse("places:organisation-edit", args=[org.slug]), {"name": "Hijack", "kind": "other"}
    )
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.name == "Original"


def test_staff_can_edit(client):
    org = OrganisationFactory(created_by=UserFactory())
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("places:organisation-edit", args=[org.slug])).status_code == 200


def test_edit_button_only_for_those_who_may_edit(client):
    creator = UserFactory()
    org = OrganisationFactory(created_by=creator)
    edit_url = reverse("places:organisation-edit", args=[org.slug])
    assert edit_url not in client.get(org.get_absolute_url()).content.decode()
    client.force_login(creator)
    assert edit_url in client.get(org.get_absolute_url()).content.decode()


def test_unpublished_organisation_is_hidden(client):
    org = OrganisationFactory(is_published=False)
    assert client.get(org.get_absolute_url()).status_code == 404
    assert org.name not in client.get(reverse("places:organisation-list")).content.decode()
