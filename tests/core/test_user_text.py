"""Every field people type prose into either renders the same Markdown as entry bodies or
says it is plain text, and every one is bounded in length: a clear form error past the
limit (the text kept in the form) and the same check in the service behind it."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import HubFactory, OrganisationFactory, PlaceFactory, UserFactory
from translocal.accounts import services as account_services
from translocal.core.text_limits import MAX_BIO_LENGTH, MAX_BODY_LENGTH, MAX_DESCRIPTION_LENGTH
from translocal.knowledge import services as knowledge_services
from translocal.knowledge.models import Reflection
from translocal.places import services as place_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_profile_bio_renders_markdown(client):
    person = UserFactory(bio="Working on **warm homes** in Salford.\n- retrofit\n- energy advice")
    content = client.get(person.get_absolute_url()).content.decode()
    assert "<strong>warm homes</strong>" in content
    assert "**warm homes**" not in content
    assert "<li>retrofit</li>" in content


def test_descriptions_of_organisations_hubs_and_places_render_markdown(client):
    organisation = OrganisationFactory(description="We run **citizens juries**.")
    hub = HubFactory(description="See https://example.org/hub")
    place = PlaceFactory(description="A *lakeside* city.")
    assert "<strong>citizens juries</strong>" in client.get(organisation.get_absolute_url()).content.decode()
    assert 'href="https://example.org/hub"' in client.get(hub.get_absolute_url()).content.decode()
    assert "<em>lakeside</em>" in client.get(place.get_absolute_url()).content.decode()


def test_organisation_card_shows_the_description_as_plain_text(client):
    OrganisationFactory(description="We run **citizens juries**.")
    content = client.get(reverse("places:organisation-list")).content.decode()
    assert "We run citizens juries." in content


def test_markdown_in_a_bio_is_sanitised(client):
    person = UserFactory(bio="<script>alert(1)</script>\n\n[x](javascript:alert(1)) ![me](https://example.org/me.jpg)")
    content = client.get(person.get_absolute_url()).content.decode()
    assert "alert(1)" not in content.split("<main", 1)[1]
    assert ">me</a>" in content and "<img" not in content.split("<main", 1)[1]


def _reflection_post(body: str) -> dict[str, str]:
    return {
        "title": "Too long", "original_language": "en", "body": body,
        "authors-TOTAL_FORMS": "1", "authors-INITIAL_FORMS": "0", "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "20", "authors-0-username": "writer", "action": "draft",
    }


def test_too_long_body_gets_a_form_error_and_the_text_stays_in_the_form(client):
    client.force_login(UserFactory(username="writer"))
    body = "Our lessons. " + "x" * MAX_BODY_LENGTH
    response = client.post(reverse("knowledge:reflection-create"), _reflection_post(body))
    content = response.content.decode()
    assert response.status_code == 200 and not Reflection.objects.exists()
    assert f"This text is too long: {len(body):,} characters. Shorten it to 100,000 characters or fewer." in content
    assert 'href="#id_body"' in content  # the error summary points at the field
    assert body in content  # nothing typed is lost
    assert 'maxlength="' not in content.split('id="id_body"', 1)[1].split(">", 1)[0]


def test_body_at_the_limit_is_accepted(client):
    client.force_login(UserFactory(username="writer"))
    response = client.post(reverse("knowledge:reflection-create"), _reflection_post("x" * MAX_BODY_LENGTH))
    assert response.status_code == 302
    assert len(Reflection.objects.get().body) == MAX_BODY_LENGTH


def test_too_long_bio_gets_a_form_error_not_a_silently_cut_paste(client):
    person = UserFactory()
    client.force_login(person)
    bio = "b" * (MAX_BIO_LENGTH + 1)
    response = client.post(reverse("accounts:profile-edit"), {"display_name": "Name", "bio": bio})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Shorten it to 1,500 characters or fewer" in content
    assert bio in content
    assert 'maxlength="' not in content.split('id="id_bio"', 1)[1].split(">", 1)[0]


def test_too_long_organisation_description_gets_a_form_error(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("places:organisation-create"),
        {"name": "Long Org", "kind": "community", "description": "d" * (MAX_DESCRIPTION_LENGTH + 1)},
    )
    assert response.status_code == 200
    assert "Shorten it to 10,000 characters or fewer" in response.content.decode()


@pytest.mark.parametrize(
    ("write", "field"),
    [
        (lambda u: knowledge_services.create_case(
            acting_user=u, data={"title": "C", "summary": "s" * 2_001}), "summary"),
        (lambda u: knowledge_services.create_case(
            acting_user=u, data={"title": "C", "impact_description": "i" * (MAX_DESCRIPTION_LENGTH + 1)}),
         "impact_description"),
        (lambda u: knowledge_services.create_method(acting_user=u, data={"title": "M" * 301}), "title"),
        (lambda u: knowledge_services.create_series(
            acting_user=u, data={"title": "S", "description": "d" * (MAX_DESCRIPTION_LENGTH + 1)}), "description"),
        (lambda u: place_services.create_organisation(
            acting_user=u, data={"name": "O", "kind": "community", "description": "d" * (MAX_DESCRIPTION_LENGTH + 1)}),
         "description"),
        (lambda u: account_services.update_profile(acting_user=u, user=u, data={"bio": "b" * (MAX_BIO_LENGTH + 1)}),
         "bio"),
    ],
    ids=["case summary", "case impact", "method title", "series description", "organisation description", "bio"],
)
def test_services_refuse_too_long_text_whoever_calls_them(write, field):
    with pytest.raises(ValidationError) as error:
        write(UserFactory(is_staff=True))
    assert field in error.value.message_dict
    assert "too long" in error.value.message_dict[field][0]
