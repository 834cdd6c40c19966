"""Polls: creating them, casting and changing ballots, anonymity, frozen rules, results."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from translocal.coproduction import permissions
from translocal.coproduction.models import Ballot, Poll, PollParticipation
from translocal.coproduction.polls import selectors as poll_selectors
from translocal.coproduction.polls import services as poll_services

pytestmark = pytest.mark.django_db


def _poll(world, *, moment="voting", access="public", **fields):
    process = world.process(moment=moment, access=access)
    fields.setdefault("question", "Which park first?")
    fields.setdefault("options", ["Heaton Park", "Platt Fields", "Philips Park"])
    return poll_services.create_poll(acting_user=world.people["coordinator"], process=process, **fields)


def _ids(poll):
    return [o.pk for o in poll.options.order_by("position")]


def _fresh(poll):
    fresh = Poll.objects.get(pk=poll.pk)
    fresh.process = poll.process
    return fresh


def test_only_managers_create_polls_and_rules_are_checked(world):
    process = world.process(moment="voting")
    with pytest.raises(PermissionDenied):
        poll_services.create_poll(acting_user=world.people["member"], process=process, question="Q", options=["a", "b"])
    with pytest.raises(ValidationError) as error:
        poll_services.create_poll(acting_user=world.people["coordinator"], process=process, question=" ", options=["a"])
    assert set(error.value.message_dict) == {"question", "options"}
    with pytest.raises(ValidationError) as error:
        poll_services.create_poll(acting_user=world.people["coordinator"], process=process, question="Q",
                                  options=["a", "b"], kind="multiple", max_choices=3)
    assert "max_choices" in error.value.message_dict
    poll = poll_services.create_poll(acting_user=world.people["coordinator"], process=process, question="Q",
                                     options=["a", " b ", ""], kind="multiple")
    assert [o.label for o in poll.options.order_by("position")] == ["a", "b"]
    assert poll.max_choices == 2


def test_a_ballot_is_counted_once_and_can_be_changed_until_close(world):
    poll = _poll(world)
    first, second, _third = _ids(poll)
    voter = world.people["resident"]
    outcome = poll_services.cast_ballot(acting_user=voter, poll=poll, marks={first: 1})
    assert outcome == poll_services.BallotOutcome(changed=False, receipt=None)
    outcome = poll_services.cast_ballot(acting_user=voter, poll=poll, marks={second: 1})
    assert outcome.changed
    assert Ballot.objects.filter(poll=poll).count() == 1 == _fresh(poll).ballot_count
    assert poll_selectors.my_vote(user=voter, poll=poll).marks == {second: 1}
    results = poll_selectors.poll_results(poll=poll_selectors.poll_in_process(process=poll.process, pk=poll.pk))
    assert results.tally is not None and results.tally.votes[second] == 1 and results.tally.votes[first] == 0


def test_a_ballot_is_refused_when_the_poll_is_not_open(world):
    poll = _poll(world, moment="proposals")  # no phase with poll voting runs
    with pytest.raises(PermissionDenied):
        poll_services.cast_ballot(acting_user=world.people["resident"], poll=poll, marks={_ids(poll)[0]: 1})
    assert not Ballot.objects.exists()


def test_a_poll_with_its_own_dates_opens_and_closes_by_them_whatever_the_phase(world):
    now = timezone.now()
    poll = _poll(world, moment="proposals", opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1))
    assert permissions.poll_open(poll)
    poll_services.cast_ballot(acting_user=world.people["resident"], poll=poll, marks={_ids(poll)[0]: 1})
    assert not permissions.poll_open(poll, now=now + dt.timedelta(days=2))
    assert permissions.poll_closed(poll, now=now + dt.timedelta(days=2))


def test_an_invalid_ballot_is_refused_with_a_message_and_nothing_is_written(world):
    poll = _poll(world, kind="ranked")
    first, second, third = _ids(poll)
    with pytest.raises(ValidationError) as error:
        poll_services.cast_ballot(acting_user=world.people["resident"], poll=poll, marks={first: 1, second: 1})
    assert error.value.message_dict["ballot"] == ["Give rank 1 to one option only (“Platt Fields” has it too)."]
    with pytest.raises(ValidationError) as error:
        poll_services.cast_ballot(acting_user=world.people["resident"], poll=poll, marks={first: 1, third: 3})
    assert "without gaps" in error.value.message_dict["ballot"][0]
    assert not PollParticipation.objects.exists()
    assert _fresh(poll).rules_frozen_at is None


def test_the_rules_freeze_at_the_first_ballot(world):
    poll = _poll(world)
    coordinator = world.people["coordinator"]
    poll = poll_services.update_poll(acting_user=coordinator, poll=poll, data={"kind": "multiple"},
                                     options=["Heaton Park", "Platt Fields", "Philips Park", "Queens Park"])
    assert poll.options.count() == 4
    poll_services.cast_ballot(acting_user=world.people["resident"], poll=poll, marks={_ids(poll)[0]: 1})
    poll = _fresh(poll)
    assert poll.rules_frozen_at is not None
    assert not permissions.can_edit_poll(coordinator, poll)
    for data, options in [({"kind": "single"}, None), ({}, ["a", "b"]), ({"anonymous": True}, None),
                          ({"results_hidden_until_close": True}, None), ({"question": "Another?"}, None)]:
        with pytest.raises(ValidationError) as error:
            poll_services.update_poll(acting_user=coordinator, poll=poll, data=data, options=options)
        assert error.value.messages == [
            "The rules of this poll can no longer change: 1 ballot has been cast under them."
        ]
    stored = _fresh(poll)
    assert (stored.kind, stored.anonymous, stored.question) == ("multiple", False, "Which park first?")
    assert stored.options.count() == 4
    # The description is not a rule: it can still be corrected.
    poll_services.update_poll(acting_user=coordinator, poll=poll, data={"description": "Typo fixed"})
    assert _fresh(poll).description == "Typo fixed"


def test_an_anonymous_ballot_keeps_no_link_to_its_voter(world):
    poll = _poll(world, anonymous=True)
    voter = world.people["resident"]
    outcome = poll_services.cast_ballot(acting_user=voter, poll=poll, marks={_ids(poll)[1]: 1})
    assert outcome.receipt and len(outcome.receipt) == 24
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.voter_id is None
    assert ballot.receipt_hash == poll_services.hash_receipt(outcome.receipt) != outcome.receipt
    # Nothing on the ballot row names, dates or orders it: only its poll, a random key, the hash, the marks.
    assert {f.attname for f in Ballot._meta.concrete_fields} == {"id", "poll_id", "voter_id", "receipt_hash", "marks"}
    assert PollParticipation.objects.filter(poll=poll, user=voter).exists()
    assert poll_selectors.my_vote(user=voter, poll=poll) == poll_selectors.MyVote(True, {})


def test_an_anonymous_ballot_is_changed_only_with_its_receipt(world):
    poll = _poll(world, anonymous=True)
    first, second, _third = _ids(poll)
    voter = world.people["resident"]
    receipt = poll_services.cast_ballot(acting_user=voter, poll=poll, marks={first: 1}).receipt
    with pytest.raises(ValidationError) as error:
        poll_services.cast_ballot(acting_user=voter, poll=poll, marks={second: 1})
    assert "enter the receipt" in error.value.message_dict["receipt"][0]
    with pytest.raises(ValidationError) as error:
        poll_services.cast_ballot(acting_user=voter, poll=poll, marks={second: 1}, receipt="AAAA-AAAA-AAAA-AAAA-AAAA")
    assert "does not match" in error.value.message_dict["receipt"][0]
    assert Ballot.objects.get(poll=poll).marks == {str(first): 1}
    typed = receipt.lower().replace("-", " ")  # read back from paper: case and separators do not matter
    outcome = poll_services.cast_ballot(acting_user=voter, poll=poll, marks={second: 1}, receipt=typed)
    assert outcome.changed and outcome.receipt is None
    assert Ballot.objects.get(poll=poll).marks == {str(second): 1}
    assert _fresh(poll).ballot_count == 1


def test_hidden_results_show_to_nobody_until_the_poll_closes(world):
    poll = _poll(world, results_hidden_until_close=True)
    poll_services.cast_ballot(acting_user=world.people["resident"], poll=poll, marks={_ids(poll)[0]: 1})
    for role in ("resident", "coordinator", "staff"):
        assert not permissions.can_see_poll_results(world.people[role], poll)
    poll = poll_services.close_poll(acting_user=world.people["coordinator"], poll=poll)
    assert permissions.poll_closed(poll)
    assert permissions.can_see_poll_results(world.people["resident"], poll)
    with pytest.raises(PermissionDenied):
        poll_services.cast_ballot(acting_user=world.people["member"], poll=poll, marks={_ids(poll)[0]: 1})


def test_live_results_show_to_anyone_who_sees_the_poll(world):
    poll = _poll(world, access="members")
    assert permissions.can_see_poll_results(world.people["member"], poll)
    assert not permissions.can_see_poll_results(world.people["resident"], poll)


def test_score_and_ranked_results_from_ballots(world):
    poll = _poll(world, kind="ranked")
    a, b, c = _ids(poll)
    for marks in [{a: 1, b: 2}, {b: 1}, {c: 1, b: 2}, {a: 1}, {c: 1, a: 2}]:
        poll_services.cast_ballot(acting_user=UserFactory(), poll=poll, marks=marks)
    results = poll_selectors.poll_results(poll=poll_selectors.poll_in_process(process=poll.process, pk=poll.pk))
    # Round 1: a 2, b 1, c 2 -> b out; its ballot ranks no one else (exhausted 1).
    # Round 2: a 2, c 2 of 4 continuing: tie, also tied in round 1 -> by lot.
    assert results.runoff is not None
    assert results.runoff.rounds[0].votes == {a: 2, b: 1, c: 2}
    assert results.runoff.rounds[1].exhausted == 1
    assert results.runoff.winner in (a, c)
    score_poll = _poll(world, kind="score", score_max=3)
    x, y, z = _ids(score_poll)
    poll_services.cast_ballot(acting_user=UserFactory(), poll=score_poll, marks={x: 3, y: 0, z: 1})
    poll_services.cast_ballot(acting_user=UserFactory(), poll=score_poll, marks={x: 1, y: 2, z: 0})
    scores = poll_selectors.poll_results(poll=score_poll).scores
    assert scores is not None
    assert [line.total for line in scores.lines] == [4, 2, 1]
    with pytest.raises(ValidationError):
        poll_services.cast_ballot(acting_user=UserFactory(), poll=score_poll, marks={x: 4, y: 0, z: 0})


def test_a_poll_is_found_in_search_only_when_its_process_is_public(world, django_capture_on_commit_callbacks):
    from translocal.coproduction import services
    from translocal.search.models import SearchEntry

    with django_capture_on_commit_callbacks(execute=True):
        public = _poll(world, question="Public question about parks?")
        private = _poll(world, access="members", question="Members question about parks?")
    assert SearchEntry.objects.filter(kind="poll", object_id=public.pk).exists()
    assert not SearchEntry.objects.filter(kind="poll", object_id=private.pk).exists()
    # The process becomes members-only: its poll leaves search with it.
    with django_capture_on_commit_callbacks(execute=True):
        services.update_process(acting_user=world.people["coordinator"], process=public.process,
                                data={"access": "members"})
    assert not SearchEntry.objects.filter(kind="poll", object_id=public.pk).exists()


def test_the_admin_shows_no_ballot_nor_who_voted():
    from django.contrib import admin

    assert not admin.site.is_registered(Ballot)
    assert not admin.site.is_registered(PollParticipation)


def test_a_deleted_account_leaves_its_ballots_counted(world):
    from translocal.accounts.services import delete_account

    named, anonymous = _poll(world), _poll(world, anonymous=True)
    person = UserFactory()
    for poll in (named, anonymous):
        poll_services.cast_ballot(acting_user=person, poll=poll, marks={_ids(poll)[0]: 1})
    delete_account(acting_user=person, user=person, reason="test")
    assert not PollParticipation.objects.filter(user_id=person.pk).exists()
    assert Ballot.objects.filter(poll=named, voter__isnull=True).count() == 1
    assert Ballot.objects.filter(poll=anonymous).count() == 1
    assert _fresh(named).ballot_count == 1 == _fresh(anonymous).ballot_count
