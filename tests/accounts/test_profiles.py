import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories import (
    AuthorshipFactory,
    HubMembershipFactory,
    PlaceFactory,
    ReflectionFactory,
    TermFactory,
    UserFactory,
)
from translocal.accounts import services
from translocal.knowledge.models import Status
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db


def test_profile_shows_person_hubs_and_published_reflections(client):
    person = UserFactory(display_name="Lena Svensson", bio="Planner in Gothenburg.")
    HubMembershipFactory(user=person, hub__name="Gothenburg Hub")
    published = ReflectionFactory(title="Notes from Kisumu")
    AuthorshipFactory(reflection=published, user=person)
    draft = ReflectionFactory(title="Half-written", status=Status.DRAFT, published_at=None, created_by=person)
    AuthorshipFactory(reflection=draft, user=person)

    body = client.get(reverse("accounts:profile", args=[person.username])).content.decode()

    assert "Lena Svensson" in body and "Planner in Gothenburg." in body
    assert "Gothenburg Hub" in body
    assert "Notes from Kisumu" in body
    assert "Half-written" not in body


def test_author_sees_own_drafts_on_profile(client):
    person = UserFactory()
    ReflectionFactory(title="Half-written", status=Status.DRAFT, published_at=None, created_by=person)
    client.force_login(person)
    body = client.get(reverse("accounts:profile", args=[person.username])).content.decode()
    assert "Half-written" in body
    assert "badge--draft" in body


def test_edit_link_only_on_own_profile(client):
    person, other = UserFactory(), UserFactory()
    client.force_login(other)
    body = client.get(reverse("accounts:profile", args=[person.username])).content.decode()
    assert reverse("accounts:profile-edit") not in body


def test_profile_edit_requires_login(client):
    response = client.get(reverse("accounts:profile-edit"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_profile_edit_saves_profile_fields(client):
    person = UserFactory()
    role = TermFactory(vocabulary=Vocabulary.ROLE, label="Researcher", slug="researcher")
    language = TermFactory(vocabulary=Vocabulary.LANGUAGE, label="Swahili", slug="sw")
    theme = TermFactory(vocabulary=Vocabulary.THEME, label="Housing", slug="housing")
    place = PlaceFactory()
    client.force_login(person)
    response = client.post(
        reverse("accounts:profile-edit"),
        {
            "display_name": "New Name",
            "roles": [role.pk],
            "expertise": [theme.pk],
            "languages": [language.pk],
            "place": place.pk,
            "organisation": "",
            "bio": "Hello.",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.display_name == "New Name"
    assert person.place == place
    assert list(person.roles.all()) == [role]
    assert list(person.languages.all()) == [language]
    assert list(person.expertise.all()) == [theme]


def test_profile_edit_shows_field_error_for_missing_name(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(reverse("accounts:profile-edit"), {"display_name": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_display_name"' in body


def test_update_profile_refuses_someone_else():
    person, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        services.update_profile(acting_user=other, user=person, data={"display_name": "Hijacked"})
    person.refresh_from_db()
    assert person.display_name != "Hijacked"


def test_unknown_profile_is_404(client):
    assert client.get(reverse("accounts:profile", args=["nobody"])).status_code == 404


def test_register_user_turns_a_duplicate_email_race_into_a_validation_error():
    from django.core.exceptions import ValidationError

    UserFactory(email="same@example.org")
    with pytest.raises(ValidationError):
        services.register_user(
            username="x", email="SAME@example.org", display_name="X", password="pw-unused-x"
        )
