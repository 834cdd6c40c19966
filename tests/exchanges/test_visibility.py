"""Who sees which exchange, asked the same way of every place an exchange can appear: its
page, the exchange list, search, the calendars, and the home, place and hub sections."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from icalendar import Calendar

from tests.factories import HubMembershipFactory, UserFactory
from translocal.exchanges import permissions, selectors
from translocal.exchanges.models import Exchange
from translocal.search.selectors import search
from translocal.search.services import index_instance

from .factories import ExchangeFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db
V = Exchange.Visibility


@pytest.fixture
def world():
    public = ExchangeFactory(title="Lagoon public visit")
    members = ExchangeFactory(title="Lagoon members visit", visibility=V.HUB_MEMBERS)
    invited = ExchangeFactory(title="Lagoon invited visit", visibility=V.INVITED)
    draft = ExchangeFactory(title="Lagoon draft visit", status=Exchange.Status.DRAFT, published_at=None)
    for exchange in (public, members, invited, draft):
        SessionFactory(exchange=exchange, title=f"Walk of {exchange.title}")
        index_instance(exchange)
    member = HubMembershipFactory(hub=members.hub).user
    invitee = RegistrationFactory(registration_type__exchange=invited, status="invited").user
    return {
        "public": public,
        "members": members,
        "invited": invited,
        "draft": draft,
        "member": member,
        "invitee": invitee,
    }


def _titles_in_list(client, when="upcoming"):
    response = client.get(reverse("exchanges:exchange-list"), {"when": when})
    assert response.status_code == 200
    return {e.title for e in response.context["page"].items}


def _calendar_summaries(client, url):
    response = client.get(url)
    if response.status_code != 200:
        return None
    return {str(c.get("summary")) for c in Calendar.from_ical(response.content).walk("VEVENT")}


def test_anonymous_visitors_see_only_the_published_public_exchange_everywhere(client, world):
    assert _titles_in_list(client) == {"Lagoon public visit"}
    for name in ("members", "invited", "draft"):
        assert client.get(world[name].get_absolute_url()).status_code == 404
        assert _calendar_summaries(client, reverse("exchanges:calendar-exchange", args=[world[name].slug])) is None
    assert client.get(world["public"].get_absolute_url()).status_code == 200
    assert _calendar_summaries(client, reverse("exchanges:calendar-all")) == {"Lagoon public visit"}
    hub_feed = _calendar_summaries(client, reverse("exchanges:calendar-hub", args=[world["members"].hub.slug]))
    assert hub_feed == set()
    assert {h.url for h in search(query="lagoon", user=AnonymousUser()).hits} == {world["public"].get_absolute_url()}


def test_a_hub_member_sees_the_hub_members_exchange_but_not_the_invited_one(client, world):
    client.force_login(world["member"])
    assert _titles_in_list(client) == {"Lagoon public visit", "Lagoon members visit"}
    assert client.get(world["members"].get_absolute_url()).status_code == 200
    assert client.get(world["invited"].get_absolute_url()).status_code == 404
    # Search and the shared calendars stay public-only, whoever asks.
    assert {h.url for h in search(query="lagoon", user=world["member"]).hits} == {world["public"].get_absolute_url()}
    hub_feed = _calendar_summaries(client, reverse("exchanges:calendar-hub", args=[world["members"].hub.slug]))
    assert hub_feed == set()
    own = _calendar_summaries(client, reverse("exchanges:calendar-exchange", args=[world["members"].slug]))
    assert own == {"Lagoon members visit", "Walk of Lagoon members visit"}


def test_an_invited_person_sees_the_invited_only_exchange(client, world):
    client.force_login(world["invitee"])
    assert _titles_in_list(client) == {"Lagoon public visit", "Lagoon invited visit"}
    assert client.get(world["invited"].get_absolute_url()).status_code == 200
    assert client.get(world["members"].get_absolute_url()).status_code == 404


def test_organisers_see_their_draft_and_others_do_not(client, world):
    client.force_login(world["member"])
    assert client.get(world["draft"].get_absolute_url()).status_code == 404
    client.force_login(world["draft"].created_by)
    assert client.get(world["draft"].get_absolute_url()).status_code == 200
    assert "Lagoon draft visit" in _titles_in_list(client)


def test_the_shared_sections_list_public_exchanges_only(world):
    assert [e.title for e in selectors.upcoming_public_exchanges(limit=10)] == ["Lagoon public visit"]
    assert selectors.public_exchanges_for_hub(hub=world["members"].hub, limit=10) == []
    assert selectors.public_exchanges_for_place(place=world["invited"].place, limit=10) == []


def test_the_visibility_filter_and_the_page_predicate_agree(world):
    stranger = UserFactory()
    everyone = [AnonymousUser(), stranger, world["member"], world["invitee"], world["draft"].created_by]
    for viewer in everyone:
        listed = set(selectors.visible_exchanges(viewer).values_list("pk", flat=True))
        allowed = {e.pk for e in Exchange.objects.all() if permissions.can_view_exchange(viewer, e)}
        assert listed == allowed, viewer


def test_exchanges_are_found_by_their_kind_facet(world):
    conference = ExchangeFactory(title="Lagoon conference", kind=Exchange.Kind.CONFERENCE)
    index_instance(conference)
    results = search(query="lagoon", user=AnonymousUser(), filters={"exchange_kind": ["conference"]})
    assert [h.url for h in results.hits] == [conference.get_absolute_url()]
    kinds = {f.name: {o.value: o.count for o in f.options} for f in results.facets}["exchange_kind"]
    assert kinds == {"conference": 1, "study_visit": 1}


def test_a_cancelled_exchange_stays_listed_for_those_who_saw_it_and_a_cancelled_private_one_does_not_leak(
    client, world
):
    from translocal.exchanges import services

    services.cancel_exchange(acting_user=world["public"].created_by, exchange=world["public"])
    services.cancel_exchange(acting_user=world["invited"].created_by, exchange=world["invited"])
    assert _titles_in_list(client) == {"Lagoon public visit"}
    assert client.get(world["invited"].get_absolute_url()).status_code == 404
    assert {h.url for h in search(query="lagoon", user=AnonymousUser()).hits} == {world["public"].get_absolute_url()}
