"""The hub-wide meeting calendar: every meeting of a hub's processes that the requester may see,
as iCalendar (parsed back here), linked from the hub page's co-production section."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import HubFactory, ProcessFactory
from translocal.coproduction.meetings import services
from translocal.coproduction.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def _meeting(world, process, title: str, days: int = 3) -> Meeting:
    starts = (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)
    return services.create_meeting(
        acting_user=world.people["staff"], process=process, title=title, starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), location="Levenshulme Library", capacity=10,
    )


def _events(client: Client, hub) -> dict[str, object]:
    response = client.get(reverse("coproduction:hub-meeting-calendar", args=[hub.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == hub.name
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def _world_of_meetings(world):
    public = world.process(moment="voting", title="Public process")
    members = world.process(moment="voting", access="members", title="Members process")
    invited = world.process(moment="voting", access="invited", title="Invited process")
    draft = world.process(moment="voting", title="Draft process", is_published=False)
    elsewhere = ProcessFactory(hub=HubFactory(name="Sheffield Hub"), title="Elsewhere")
    walk = _meeting(world, public, "Canal walk workshop", days=3)
    _meeting(world, public, "Budget evening", days=10)
    _meeting(world, members, "Members' workshop")
    _meeting(world, invited, "Invited round table")
    _meeting(world, draft, "Draft meeting")
    _meeting(world, elsewhere, "Sheffield meeting")
    return walk


def test_the_hub_calendar_holds_the_meetings_of_its_processes_each_may_see(world, client):
    walk = _world_of_meetings(world)
    events = _events(client, world.hub)
    assert set(events) == {"Canal walk workshop", "Budget evening"}
    assert events["Canal walk workshop"].decoded("dtstart") == walk.starts_at
    assert str(events["Canal walk workshop"]["url"]).endswith(walk.get_absolute_url())
    client.force_login(world.people["member"])
    assert set(_events(client, world.hub)) == {"Canal walk workshop", "Budget evening", "Members' workshop"}
    client.force_login(world.people["resident"])
    assert set(_events(client, world.hub)) == {"Canal walk workshop", "Budget evening"}
    client.force_login(world.people["invited"])  # invited to each process of the hub, the draft aside
    assert set(_events(client, world.hub)) == {
        "Canal walk workshop", "Budget evening", "Members' workshop", "Invited round table"
    }
    client.force_login(world.people["coordinator"])
    assert set(_events(client, world.hub)) == {
        "Canal walk workshop", "Budget evening", "Members' workshop", "Invited round table", "Draft meeting"
    }
    client.logout()
    assert set(_events(client, world.hub)) == {"Canal walk workshop", "Budget evening"}  # not the member's copy


def test_an_unknown_hub_has_no_calendar(client):
    assert client.get(reverse("coproduction:hub-meeting-calendar", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("meetings", [2, 40])
def test_the_hub_calendar_costs_the_same_whatever_the_meetings(world, client, django_assert_num_queries, meetings):
    process = world.process(moment="voting")
    for n in range(meetings):
        _meeting(world, process, f"Meeting {n}", days=n + 1)
    client.force_login(world.people["member"])
    # session, user, hub, the hubs they coordinate, meetings with their processes (the visible
    # processes a subquery)
    with django_assert_num_queries(5):
        assert len(_events(client, world.hub)) == meetings


def test_the_hub_page_links_the_calendar(world, client):
    world.process(moment="voting", title="Public process")
    body = client.get(world.hub.get_absolute_url()).content.decode()
    assert reverse("coproduction:hub-meeting-calendar", args=[world.hub.slug]) in body
