"""Meeting registrations under concurrency, on PostgreSQL with real threads and commits: the
capacity is never exceeded, everyone else waits in line, the count matches the rows, and a
person registering twice at once holds one registration."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from tests.coproduction.test_support_concurrency import THREADS, _race
from tests.factories import UserFactory
from translocal.coproduction.meetings import services
from translocal.coproduction.meetings.models import Meeting, MeetingRegistration

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers (SQLite serialises them)")


def _meeting(world, capacity: int) -> Meeting:
    starts = timezone.now() + dt.timedelta(days=2)
    return services.create_meeting(
        acting_user=world.people["coordinator"], process=world.process(moment="voting"), title="Crowded workshop",
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2), location="Hall", capacity=capacity,
    )


def test_many_people_registering_at_once_never_pass_the_capacity(world):
    capacity = 5
    meeting = _meeting(world, capacity)
    people = UserFactory.create_batch(THREADS)
    outcomes = _race([lambda p=p: services.register(acting_user=p, meeting=meeting) for p in people])
    assert outcomes == ["ok"] * THREADS
    rows = MeetingRegistration.objects.filter(meeting=meeting)
    assert rows.filter(status="registered").count() == capacity == Meeting.objects.get(pk=meeting.pk).registered_count
    assert rows.filter(status="waitlisted").count() == THREADS - capacity


def test_one_person_registering_at_once_holds_one_registration(world):
    meeting = _meeting(world, 5)
    person = world.people["resident"]
    outcomes = _race([lambda: services.register(acting_user=person, meeting=meeting)] * THREADS)
    assert sorted(outcomes) == ["ok"] + ["refused: You are already registered or on the waiting list."] * (THREADS - 1)
    assert MeetingRegistration.objects.filter(meeting=meeting, user=person).count() == 1
    assert Meeting.objects.get(pk=meeting.pk).registered_count == 1


def test_people_leaving_at_once_hand_their_places_to_the_line_in_order(world):
    capacity = 4
    meeting = _meeting(world, capacity)
    holders = UserFactory.create_batch(capacity)
    waiting = UserFactory.create_batch(capacity)
    for person in holders + waiting:
        services.register(acting_user=person, meeting=meeting)
    outcomes = _race([lambda p=p: services.cancel_registration(acting_user=p, meeting=meeting) for p in holders])
    assert outcomes == ["ok"] * capacity
    registered = set(MeetingRegistration.objects.filter(meeting=meeting, status="registered").values_list("user_id",
                                                                                                            flat=True))
    assert registered == {p.pk for p in waiting}
    assert Meeting.objects.get(pk=meeting.pk).registered_count == capacity
