"""Ballots under concurrency, on PostgreSQL with real threads and commits: one ballot per
person however many arrive at once, none lost between people, and no rule change slips in
beside the first ballot. (SQLite serialises writers, so these races cannot happen there.)"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.factories import UserFactory
from translocal.coproduction.models import Ballot, Poll, PollParticipation
from translocal.coproduction.polls import services as poll_services

from .test_support_concurrency import THREADS, _race

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers (SQLite serialises them)")


def _poll(world, **fields) -> Poll:
    process = world.process(moment="voting")
    return poll_services.create_poll(acting_user=world.people["coordinator"], process=process,
                                     question="Which first?", options=["A", "B", "C"], **fields)


def test_one_person_voting_many_times_at_once_has_one_ballot(world):
    poll = _poll(world)
    options = [o.pk for o in poll.options.order_by("position")]
    person = world.people["resident"]
    calls = [lambda i=i: poll_services.cast_ballot(acting_user=person, poll=poll, marks={options[i % 3]: 1})
             for i in range(THREADS)]
    assert _race(calls) == ["ok"] * THREADS  # the first casts, the others change it
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert PollParticipation.objects.filter(poll=poll).count() == 1
    assert Poll.objects.get(pk=poll.pk).ballot_count == 1


def test_one_person_voting_many_times_at_once_in_an_anonymous_poll_has_one_ballot(world):
    poll = _poll(world, anonymous=True)
    first = poll.options.order_by("position").first()
    person = world.people["resident"]
    outcomes = _race([lambda: poll_services.cast_ballot(acting_user=person, poll=poll, marks={first.pk: 1})] * THREADS)
    assert outcomes.count("ok") == 1
    assert all("enter the receipt" in outcome for outcome in outcomes if outcome != "ok")
    assert Ballot.objects.filter(poll=poll).count() == 1 == Poll.objects.get(pk=poll.pk).ballot_count


def test_many_people_voting_at_once_are_all_counted(world):
    poll = _poll(world, kind="ranked")
    a, b, c = [o.pk for o in poll.options.order_by("position")]
    people = UserFactory.create_batch(THREADS)
    calls = [lambda p=p: poll_services.cast_ballot(acting_user=p, poll=poll, marks={a: 1, b: 2}) for p in people]
    assert _race(calls) == ["ok"] * THREADS
    assert Ballot.objects.filter(poll=poll).count() == THREADS == Poll.objects.get(pk=poll.pk).ballot_count
    assert PollParticipation.objects.filter(poll=poll).count() == THREADS


def test_a_rule_change_racing_the_first_ballot_never_changes_counted_rules(world):
    poll = _poll(world)
    first = poll.options.order_by("position").first()
    coordinator, person = world.people["coordinator"], world.people["resident"]

    def vote() -> None:
        poll_services.cast_ballot(acting_user=person, poll=poll, marks={first.pk: 1})

    def change() -> None:
        poll_services.update_poll(acting_user=coordinator, poll=poll, data={"kind": "multiple"})

    outcomes = _race([vote, change])
    stored = Poll.objects.get(pk=poll.pk)
    if stored.kind == "multiple":  # the change came first: the ballot was checked against it
        assert sorted(outcomes) == ["ok", "ok"]
    else:  # the ballot came first: the change was refused
        assert sorted(outcomes) == ["ok", "refused: The rules of this poll can no longer change: 1 ballot has "
                                          "been cast under them."]
    assert stored.ballot_count == 1


def test_refusals_are_validation_errors(world):
    with pytest.raises(ValidationError):
        poll_services.cast_ballot(acting_user=world.people["resident"], poll=_poll(world), marks={})
