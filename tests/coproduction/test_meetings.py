"""Meetings and workshops: registration with a capacity and a waiting list (the first in line
moves up and is told after commit), minutes and attendance after the event, the iCalendar feed
parsed back, comments, privacy, and exact query counts."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import UserFactory
from translocal.coproduction.meetings import services
from translocal.coproduction.meetings.models import Meeting, MeetingRegistration

pytestmark = pytest.mark.django_db

Status = MeetingRegistration.Status


def _meeting(world, process, *, capacity=2, days=3, **fields) -> Meeting:
    starts = (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)
    return services.create_meeting(
        acting_user=world.people["coordinator"], process=process, title=fields.pop("title", "Canal walk workshop"),
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
        location=fields.pop("location", "Levenshulme Library"),
        capacity=capacity, **fields,
    )


def test_people_get_places_until_full_then_join_the_waiting_list(world):
    meeting = _meeting(world, world.process(moment="voting"), capacity=2)
    people = UserFactory.create_batch(4)
    statuses = [services.register(acting_user=p, meeting=meeting).status for p in people]
    assert statuses == [Status.REGISTERED, Status.REGISTERED, Status.WAITLISTED, Status.WAITLISTED]
    assert Meeting.objects.get(pk=meeting.pk).registered_count == 2


def test_a_freed_place_goes_to_the_first_in_line_who_is_told_after_commit(world, mailoutbox):
    meeting = _meeting(world, world.process(moment="voting"), capacity=1)
    first, second, third = UserFactory.create_batch(3)
    for person in (first, second, third):
        services.register(acting_user=person, meeting=meeting)
    with pytest.raises(RuntimeError), transaction.atomic():  # an enclosing write that rolls back
        services.cancel_registration(acting_user=first, meeting=meeting)
        assert mailoutbox == []  # not committed yet: nobody is told
        raise RuntimeError
    assert mailoutbox == []
    assert MeetingRegistration.objects.get(meeting=meeting, user=second).status == Status.WAITLISTED
    services.cancel_registration(acting_user=first, meeting=meeting)
    statuses = dict(MeetingRegistration.objects.filter(meeting=meeting).values_list("user_id", "status"))
    assert statuses == {first.pk: Status.CANCELLED, second.pk: Status.REGISTERED, third.pk: Status.WAITLISTED}
    assert Meeting.objects.get(pk=meeting.pk).registered_count == 1
    assert [m.to for m in mailoutbox] == [[second.email]]
    assert "Canal walk workshop" in mailoutbox[0].subject


def test_registering_twice_is_refused_and_leaving_then_coming_back_reuses_the_row(world):
    meeting = _meeting(world, world.process(moment="voting"), capacity=5)
    person = world.people["resident"]
    services.register(acting_user=person, meeting=meeting)
    with pytest.raises(ValidationError):
        services.register(acting_user=person, meeting=meeting)
    services.cancel_registration(acting_user=person, meeting=meeting)
    assert services.register(acting_user=person, meeting=meeting).status == Status.REGISTERED
    assert MeetingRegistration.objects.filter(meeting=meeting, user=person).count() == 1


def test_the_database_refuses_more_registered_than_places(world):
    meeting = _meeting(world, world.process(moment="voting"), capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(registered_count=2)


def test_one_registration_per_person_in_the_database(world):
    meeting = _meeting(world, world.process(moment="voting"))
    person = world.people["resident"]
    MeetingRegistration.objects.create(meeting=meeting, process=meeting.process, user=person, status="waitlisted")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRegistration.objects.create(meeting=meeting, process=meeting.process, user=person, status="waitlisted")


@pytest.mark.parametrize("moment", ["proposals", "results", "after"])
def test_registration_follows_the_phase(world, moment):
    meeting = _meeting(world, world.process(moment=moment))
    with pytest.raises(PermissionDenied):
        services.register(acting_user=world.people["resident"], meeting=meeting)


def test_registration_closes_when_the_meeting_starts(world):
    meeting = _meeting(world, world.process(moment="voting"))
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    meeting.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.register(acting_user=world.people["resident"], meeting=meeting)


def test_more_places_move_people_up_and_fewer_than_registered_is_refused(world, mailoutbox):
    meeting = _meeting(world, world.process(moment="voting"), capacity=1)
    people = UserFactory.create_batch(3)
    for person in people:
        services.register(acting_user=person, meeting=meeting)
    services.update_meeting(acting_user=world.people["coordinator"], meeting=meeting, data={"capacity": 2})
    assert Meeting.objects.get(pk=meeting.pk).registered_count == 2
    assert len(mailoutbox) == 1
    with pytest.raises(ValidationError):
        services.update_meeting(acting_user=world.people["coordinator"], meeting=meeting, data={"capacity": 1})


def test_a_meeting_needs_a_place_or_a_link(world):
    with pytest.raises(ValidationError) as refused:
        _meeting(world, world.process(moment="voting"), location="")
    assert "location" in refused.value.error_dict
    online = _meeting(world, world.process(moment="voting"), location="", online_url="https://meet.example.org/gm")
    assert online.online_url


def test_minutes_and_attendance_only_after_the_start(world):
    meeting = _meeting(world, world.process(moment="voting"), capacity=None)
    came, missed = UserFactory.create_batch(2)
    registrations = [services.register(acting_user=p, meeting=meeting) for p in (came, missed)]
    with pytest.raises(PermissionDenied):
        services.record_minutes(acting_user=world.people["coordinator"], meeting=meeting, minutes="Early",
                                attendee_count=3)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=3),
                                                 ends_at=timezone.now() - dt.timedelta(hours=1))
    meeting.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.record_minutes(acting_user=world.people["member"], meeting=meeting, minutes="Not mine",
                                attendee_count=1)
    services.record_minutes(acting_user=world.people["coordinator"], meeting=meeting,
                            minutes="We mapped twelve bench sites.", attendee_count=14,
                            attended_ids={registrations[0].pk})
    attended = dict(MeetingRegistration.objects.filter(meeting=meeting).values_list("user_id", "attended"))
    assert attended == {came.pk: True, missed.pk: False}
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.minutes, stored.attendee_count) == ("We mapped twelve bench sites.", 14)


# --- The calendar feed ------------------------------------------------------------------------


def test_the_calendar_feed_parses_back_to_the_meetings(world, client):
    process = world.process(moment="voting")
    walk = _meeting(world, process, title="Canal walk workshop", days=3)
    online = _meeting(world, process, title="Online catch-up", days=10, location="",
                      online_url="https://meet.example.org/gm")
    response = client.get(reverse("coproduction:meeting-calendar", args=[process.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Canal walk workshop", "Online catch-up"}
    assert events["Canal walk workshop"].decoded("dtstart") == walk.starts_at
    assert events["Canal walk workshop"].decoded("dtend") == walk.ends_at
    assert str(events["Canal walk workshop"]["location"]) == "Levenshulme Library"
    assert str(events["Online catch-up"]["location"]) == "https://meet.example.org/gm"
    assert str(events["Online catch-up"]["url"]).endswith(online.get_absolute_url())


def test_a_private_process_calendar_is_not_found_by_those_who_may_not_see_it(world, client):
    process = world.process(moment="voting", access="members")
    _meeting(world, process, title="Members' workshop")
    url = reverse("coproduction:meeting-calendar", args=[process.slug])
    assert client.get(url).status_code == 404
    client.force_login(world.people["resident"])
    assert client.get(url).status_code == 404
    client.force_login(world.people["member"])
    assert b"Members' workshop" in client.get(url).content
    client.logout()
    assert client.get(url).status_code == 404  # the member's copy was not cached for others


# --- Pages ------------------------------------------------------------------------------------


def test_register_leave_and_comment_through_the_pages(world, client):
    process = world.process(moment="voting")
    meeting = _meeting(world, process, capacity=1)
    client.force_login(world.people["resident"])
    client.post(reverse("coproduction:meeting-register", args=[process.slug, meeting.pk]))
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "You are registered" in body and "Leave this meeting" in body
    other = UserFactory()
    client.force_login(other)
    client.post(reverse("coproduction:meeting-register", args=[process.slug, meeting.pk]))
    assert "You are number 1 on the waiting list." in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(world.people["resident"])
    client.post(reverse("coproduction:meeting-cancel", args=[process.slug, meeting.pk]))
    assert MeetingRegistration.objects.get(meeting=meeting, user=other).status == Status.REGISTERED


def test_comments_on_a_meeting(world, client):
    process = world.process(moment="support")  # comments open
    meeting = _meeting(world, process)
    client.force_login(world.people["resident"])
    response = client.post(reverse("coproduction:meeting-comment-create", args=[process.slug, meeting.pk]),
                           {"body": "Is there step-free access?"})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).comment_count == 1
    assert "Is there step-free access?" in client.get(meeting.get_absolute_url()).content.decode()
    listing = client.get(reverse("coproduction:meeting-comment-list", args=[process.slug, meeting.pk]))
    assert "Is there step-free access?" in listing.content.decode()


@pytest.mark.parametrize("rows", [10, 200])
def test_the_meeting_list_costs_the_same_at_10_and_200(world, client, django_assert_num_queries, rows):
    process = world.process(moment="voting")
    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(process=process, title=f"Meeting {i}", location="Hall",
                starts_at=now + dt.timedelta(days=i - rows // 2),
                ends_at=now + dt.timedelta(days=i - rows // 2, hours=2), capacity=10)
        for i in range(rows)
    )
    url = reverse("coproduction:meeting-list", args=[process.slug])
    # the versions (one query), running phase (page cache), process + phases, meetings
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.content.decode().count('class="card"') == rows


@pytest.mark.parametrize("rows", [10, 2000])
def test_the_meeting_page_costs_the_same_whatever_the_registrations_and_comments(
    world, client, django_assert_num_queries, rows
):
    from translocal.coproduction.models import Comment

    process = world.process(moment="voting")
    meeting = _meeting(world, process, capacity=None)
    people = UserFactory.create_batch(10)
    MeetingRegistration.objects.bulk_create(
        MeetingRegistration(meeting=meeting, process=process, user=p, status="registered") for p in people
    )
    content_type = ContentType.objects.get_for_model(Meeting)
    Comment.objects.bulk_create(
        Comment(process=process, target_type=content_type, target_id=meeting.pk, author=people[0], body=f"C {i}")
        for i in range(rows)
    )
    # the versions (one query), running phase, process + phases, meeting, first page of comments
    with django_assert_num_queries(6):
        assert client.get(meeting.get_absolute_url()).status_code == 200
    client.force_login(people[1])
    # session, user, process + phases, hub and process roles (one query), meeting, their
    # registration, comments
    with django_assert_num_queries(8):
        body = client.get(meeting.get_absolute_url()).content.decode()
    assert "You are registered" in body


def test_a_deleted_account_frees_its_place_for_the_line_and_leaves_the_signature_count(world, mailoutbox):
    from translocal.accounts.services import delete_account
    from translocal.coproduction.initiatives import services as initiative_services
    from translocal.coproduction.initiatives.models import Initiative

    meeting = _meeting(world, world.process(moment="voting"), capacity=1)
    leaving, waiting = UserFactory.create_batch(2)
    services.register(acting_user=leaving, meeting=meeting)
    services.register(acting_user=waiting, meeting=meeting)
    initiative = initiative_services.start_initiative(acting_user=world.author, process=meeting.process,
                                                      title="Pool", body="Open it")
    initiative_services.sign(acting_user=leaving, initiative=initiative)
    initiative_services.sign(acting_user=waiting, initiative=initiative)
    delete_account(acting_user=leaving, user=leaving, reason="test")
    assert Meeting.objects.get(pk=meeting.pk).registered_count == 1
    assert MeetingRegistration.objects.get(meeting=meeting).user_id == waiting.pk
    assert MeetingRegistration.objects.get(meeting=meeting).status == Status.REGISTERED
    assert [m.to for m in mailoutbox] == [[waiting.email]]
    assert Initiative.objects.get(pk=initiative.pk).signature_count == 1 == initiative.signatures.count()


def test_a_deleted_account_hands_its_place_to_the_first_in_line(world, mailoutbox):
    from translocal.accounts import services as account_services

    meeting = _meeting(world, world.process(moment="voting"), capacity=1)
    holder, waiting = UserFactory.create_batch(2)
    services.register(acting_user=holder, meeting=meeting)
    services.register(acting_user=waiting, meeting=meeting)
    counts = account_services.delete_account(acting_user=holder, user=holder, reason="test")
    assert counts["meeting_registrations"] == 1
    assert MeetingRegistration.objects.get(meeting=meeting, user=waiting).status == Status.REGISTERED
    assert Meeting.objects.get(pk=meeting.pk).registered_count == 1
    assert [m.to for m in mailoutbox] == [[waiting.email]]
