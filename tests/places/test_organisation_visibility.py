"""An unpublished organisation is listed nowhere (issue 9 §5): not on a hub or place page, not
as a case's organiser, not on a member's profile or card, and its own page is a 404 for whoever
may not see it. Forms keep a row's own unpublished organisation rather than drop it silently."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
)
from translocal.accounts.forms import ProfileForm
from translocal.knowledge.forms.cases import CaseForm
from translocal.places import permissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    """A published organisation and an unpublished one, side by side."""
    place = PlaceFactory(name="Kisumu")
    listed = OrganisationFactory(name="Listed Youth Forum", place=place)
    hidden = OrganisationFactory(name="Hidden Savings Group", place=place, is_published=False)
    return listed, hidden


def _body(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_hub_page_lists_only_published_organisations(client, orgs):
    listed, hidden = orgs
    hub = HubFactory()
    hub.organisations.add(listed, hidden)
    body = _body(client, hub.get_absolute_url())
    assert listed.name in body and hidden.name not in body


def test_place_page_lists_only_published_organisations(client, orgs):
    listed, hidden = orgs
    body = _body(client, listed.place.get_absolute_url())
    assert listed.name in body and hidden.name not in body


def test_case_page_names_only_published_organisers(client, orgs):
    listed, hidden = orgs
    case = CaseFactory()
    case.organisations.add(listed, hidden)
    body = _body(client, case.get_absolute_url())
    assert listed.name in body and hidden.name not in body


@pytest.mark.parametrize("published", [True, False])
def test_profile_and_people_list_name_an_organisation_only_when_published(client, orgs, published):
    listed, hidden = orgs
    person = UserFactory(display_name="Achieng Otieno", organisation=listed if published else hidden)
    for url in (reverse("accounts:profile", args=[person.username]), reverse("accounts:people-list")):
        body = _body(client, url)
        assert "Achieng Otieno" in body
        assert (listed.name in body) is published
        assert hidden.name not in body


def test_organisation_list_leaves_out_unpublished_ones(client, orgs):
    listed, hidden = orgs
    body = _body(client, reverse("places:organisation-list"))
    assert listed.name in body and hidden.name not in body


def test_unpublished_organisation_page_is_a_404_except_for_who_may_see_it(orgs):
    _, hidden = orgs
    creator, coordinator, stranger = UserFactory(), UserFactory(), UserFactory()
    hidden.created_by = creator
    hidden.save()
    hub = HubFactory()
    hub.organisations.add(hidden)
    HubMembershipFactory(hub=hub, user=coordinator, role="coordinator")
    HubMembershipFactory(hub=HubFactory(), user=stranger, role="coordinator")  # coordinates another hub
    url = hidden.get_absolute_url()
    assert Client().get(url).status_code == 404
    for user, status in (
        (stranger, 404),
        (creator, 200),
        (coordinator, 200),
        (UserFactory(is_staff=True), 200),
    ):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_who_may_publish_and_unpublish_an_organisation(orgs):
    listed, _ = orgs
    creator, coordinator, member = UserFactory(), UserFactory(), UserFactory()
    listed.created_by = creator
    hub = HubFactory()
    hub.organisations.add(listed)
    HubMembershipFactory(hub=hub, user=coordinator, role="coordinator")
    HubMembershipFactory(hub=hub, user=member, role="member")
    assert permissions.can_moderate_organisation(UserFactory(is_staff=True), listed)
    assert permissions.can_moderate_organisation(coordinator, listed)
    assert not permissions.can_moderate_organisation(member, listed)
    assert not permissions.can_moderate_organisation(creator, listed)  # edits, but does not publish


def test_profile_form_keeps_the_persons_own_unpublished_organisation(orgs):
    listed, hidden = orgs
    person = UserFactory(organisation=hidden)
    offered = set(ProfileForm(instance=person).fields["organisation"].queryset)
    assert offered == {listed, hidden}
    assert set(ProfileForm(instance=UserFactory()).fields["organisation"].queryset) == {listed}


def test_case_form_offers_an_unpublished_organisation_only_to_the_case_that_names_it(orgs):
    listed, hidden = orgs
    case = CaseFactory()
    case.organisations.add(hidden)
    assert set(CaseForm(instance=case).fields["organisations"].queryset) == {listed, hidden}
    assert set(CaseForm(instance=CaseFactory()).fields["organisations"].queryset) == {listed}
    assert set(CaseForm().fields["organisations"].queryset) == {listed}
