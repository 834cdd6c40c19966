"""Scheduled check-ins 3, 6 and 12 months after an exchange, by time travel (``now`` is
passed in; nothing sleeps)."""

import datetime as dt

import pytest
from django.core.management import call_command

from translocal.exchanges import journey_links, services
from translocal.exchanges.models import CheckInReminder
from translocal.exchanges.services.check_ins import add_months, due_milestone
from translocal.exchanges.tasks import send_check_ins_task

from .factories import AcceptedRegistrationFactory, CommitmentFactory

pytestmark = pytest.mark.django_db

ENDED = dt.date(2026, 1, 31)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)


@pytest.fixture
def registration():
    return AcceptedRegistrationFactory(
        registration_type__exchange__starts_on=ENDED - dt.timedelta(days=2),
        registration_type__exchange__ends_on=ENDED,
    )


def test_months_are_added_by_the_calendar():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 3, 15), -3) == dt.date(2025, 12, 15)


def test_the_due_milestone_is_the_latest_within_its_grace_period():
    assert due_milestone(ENDED, dt.date(2026, 4, 29)) is None
    assert due_milestone(ENDED, dt.date(2026, 4, 30)) == 3
    assert due_milestone(ENDED, dt.date(2026, 7, 31)) == 6
    assert due_milestone(ENDED, dt.date(2027, 1, 31)) == 12
    assert due_milestone(ENDED, dt.date(2028, 1, 31)) is None


def test_delegates_with_open_commitments_get_one_mail_at_3_6_and_12_months(registration, mailoutbox):
    first = CommitmentFactory(registration=registration, title="Propose a resident assembly")
    CommitmentFactory(registration=registration, title="Write up the visit")
    assert services.send_due_check_ins(now=at(dt.date(2026, 4, 29))) == 0
    assert services.send_due_check_ins(now=at(dt.date(2026, 4, 30))) == 1
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "Propose a resident assembly" in body and "Write up the visit" in body
    assert mailoutbox[0].to == [registration.user.email]
    # The one-click link opens the follow-up form of that commitment, for its owner.
    link = next(line for line in body.splitlines() if "/follow-up/" in line).split()[-1]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert journey_links.read_follow_up_token(token)[1] == registration.user.pk
    # Running again the same day (or a second worker) sends nothing twice.
    assert services.send_due_check_ins(now=at(dt.date(2026, 4, 30))) == 0
    assert services.send_due_check_ins(now=at(dt.date(2026, 5, 20))) == 0
    assert len(mailoutbox) == 1
    # Done at 5 months: only the other commitment is asked about at 6.
    services.add_follow_up(
        acting_user=registration.user, commitment=first, data={"status": "done", "note": "Held in May."}
    )
    assert services.send_due_check_ins(now=at(dt.date(2026, 7, 31))) == 1
    assert "Propose a resident assembly" not in mailoutbox[1].body
    assert "Write up the visit" in mailoutbox[1].body
    assert set(CheckInReminder.objects.values_list("milestone", flat=True)) == {3, 6}


def test_reminders_stop_when_every_commitment_is_done_or_dropped(registration, mailoutbox):
    commitment = CommitmentFactory(registration=registration)
    services.add_follow_up(
        acting_user=registration.user, commitment=commitment, data={"status": "dropped", "note": "No budget."}
    )
    for day in (dt.date(2026, 4, 30), dt.date(2026, 7, 31), dt.date(2027, 1, 31)):
        assert services.send_due_check_ins(now=at(day)) == 0
    assert mailoutbox == []


def test_a_worker_that_was_stopped_sends_only_the_latest_milestone(registration, mailoutbox):
    CommitmentFactory(registration=registration)
    assert services.send_due_check_ins(now=at(dt.date(2026, 8, 5))) == 1
    assert list(CheckInReminder.objects.values_list("milestone", flat=True)) == [6]


def test_cancelled_delegates_are_not_asked(registration, mailoutbox):
    CommitmentFactory(registration=registration)
    registration.status = "cancelled"
    registration.save()
    assert services.send_due_check_ins(now=at(dt.date(2026, 4, 30))) == 0


def test_the_background_task_and_the_command_run_the_same_check(registration, mailoutbox, monkeypatch):
    CommitmentFactory(registration=registration)
    call_command("send_check_ins", "--today", "2026-04-30")
    assert len(mailoutbox) == 1
    result = send_check_ins_task.enqueue()  # inline in tests: today is past every milestone's grace
    assert result.return_value == 0
