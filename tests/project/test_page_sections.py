"""The sections pillars add to other apps' pages show only what the viewer may see, also when
someone who may see more asked for the page first (nothing private is cached or shared)."""

import pytest
from django.urls import reverse

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    OrganisationFactory,
    PlaceFactory,
    ReflectionFactory,
    UserFactory,
)
from translocal.knowledge.models import Status
from translocal.knowledge.services import unpublish_case

pytestmark = pytest.mark.django_db


def test_the_owner_sees_their_drafts_on_their_profile_and_the_next_viewer_does_not(client):
    person = UserFactory()
    draft = ReflectionFactory(title="Half-written notes", status=Status.DRAFT, published_at=None, created_by=person)
    AuthorshipFactory(reflection=draft, user=person)
    CaseFactory(title="Unfinished case", status=Status.DRAFT, published_at=None, created_by=person)
    url = reverse("accounts:profile", args=[person.username])

    client.force_login(person)
    own = client.get(url).content.decode()
    assert "Half-written notes" in own and "Unfinished case" in own

    client.force_login(UserFactory())
    other = client.get(url).content.decode()
    assert "Half-written notes" not in other and "Unfinished case" not in other


def test_staff_do_not_see_someone_elses_drafts_on_a_profile(client):
    person = UserFactory()
    CaseFactory(title="Unfinished case", status=Status.DRAFT, published_at=None, created_by=person)
    client.force_login(UserFactory(is_staff=True))
    assert "Unfinished case" not in client.get(reverse("accounts:profile", args=[person.username])).content.decode()


def test_an_author_signed_in_sees_only_published_cases_on_a_place_page(client):
    """Place sections are shared (cached for everyone): they never show a viewer's own draft."""
    author = UserFactory()
    place = PlaceFactory()
    CaseFactory(title="Draft about here", place=place, status=Status.DRAFT, published_at=None, created_by=author)
    CaseFactory(title="Published about here", place=place)
    client.force_login(author)
    body = client.get(place.get_absolute_url()).content.decode()
    assert "Published about here" in body and "Draft about here" not in body


def test_a_case_unpublished_by_a_moderator_leaves_the_organisation_page(client):
    organisation = OrganisationFactory(name="Lakeside Trust")
    case = CaseFactory(title="Lakeside budget")
    case.organisations.add(organisation)
    assert "Lakeside budget" in client.get(organisation.get_absolute_url()).content.decode()
    unpublish_case(acting_user=UserFactory(is_staff=True), case=case, reason="Off topic.")
    assert "Lakeside budget" not in client.get(organisation.get_absolute_url()).content.decode()


def test_the_home_page_figures_come_from_each_app_in_order(client):
    CaseFactory.create_batch(3)
    body = client.get(reverse("core:home")).content.decode()
    figures = body[body.index('class="stats__list"'):body.index("</ul>", body.index('class="stats__list"'))]
    assert figures.index("3</span> cases") < figures.index("hubs in") < figures.index("hub memberships")
