"""Supports under concurrency, on PostgreSQL with real threads and commits: none lost, none
doubled, the per-person limit never exceeded. (SQLite serialises writers on one file lock, so
these races cannot happen there.)"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from tests.factories import UserFactory
from translocal.coproduction import counters, services
from translocal.coproduction.models import Participation, Proposal, Support
from translocal.coproduction.selectors import item_version_name

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

THREADS = 12


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers (SQLite serialises them)")


def _race(calls) -> list[str]:
    """Run the calls at once (a barrier releases them together); what each ended in."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call) -> None:
        try:
            barrier.wait(timeout=30)
            call()
            result = "ok"
        except ValidationError as exc:
            result = "refused: " + " ".join(exc.messages)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_many_people_supporting_at_once_are_all_counted_once(world):
    process = world.process(moment="support", support_threshold=THREADS)
    proposal = world.proposal(process)
    people = UserFactory.create_batch(THREADS)
    outcomes = _race([lambda p=p: services.support_proposal(acting_user=p, proposal=proposal) for p in people])
    assert outcomes == ["ok"] * THREADS
    stored = Proposal.objects.get(pk=proposal.pk)
    assert stored.support_count == THREADS == Support.objects.filter(proposal=proposal).count()
    assert stored.threshold_reached
    assert stored.events.filter(kind="threshold").count() == 1
    assert stored.events.filter(kind="milestone", value=10).count() == 1


def test_one_person_supporting_the_same_proposal_at_once_counts_once(world):
    proposal = world.proposal(world.process(moment="support"))
    person = world.people["resident"]
    outcomes = _race([lambda: services.support_proposal(acting_user=person, proposal=proposal)] * THREADS)
    assert sorted(outcomes) == ["ok"] + ["refused: You already support this proposal."] * (THREADS - 1)
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1 == Support.objects.filter(proposal=proposal).count()
    assert Participation.objects.get(process=proposal.process, user=person).supports_used == 1


def test_one_person_supporting_many_proposals_at_once_never_passes_the_limit(world):
    limit = 3
    process = world.process(moment="support", supports_per_person=limit)
    proposals = [world.proposal(process) for _ in range(THREADS)]
    person = world.people["member"]
    outcomes = _race([lambda p=p: services.support_proposal(acting_user=person, proposal=p) for p in proposals])
    assert outcomes.count("ok") == limit
    assert Support.objects.filter(process=process, user=person).count() == limit
    assert Participation.objects.get(process=process, user=person).supports_used == limit
    assert sum(Proposal.objects.filter(process=process).values_list("support_count", flat=True)) == limit


def test_supports_and_withdrawals_at_once_leave_the_count_equal_to_the_rows(world):
    proposal = world.proposal(world.process(moment="support"))
    people = UserFactory.create_batch(THREADS)
    for person in people[: THREADS // 2]:
        services.support_proposal(acting_user=person, proposal=proposal)
    calls = [lambda p=p: services.withdraw_support(acting_user=p, proposal=proposal) for p in people[: THREADS // 2]]
    calls += [lambda p=p: services.support_proposal(acting_user=p, proposal=proposal) for p in people[THREADS // 2 :]]
    assert _race(calls) == ["ok"] * THREADS
    assert Proposal.objects.get(pk=proposal.pk).support_count == THREADS // 2 == Support.objects.filter(
        proposal=proposal
    ).count()


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


@pytest.mark.parametrize("in_transaction", [False, True])
def test_a_support_committed_after_the_one_statement_began_undoes_it_whole(world, in_transaction):
    """The one case the one statement's NOT EXISTS cannot see: the same person's support of the
    same proposal committed after the statement took its snapshot, while it waited for the
    proposal's lock. The unique constraint then rejects its insert and the whole statement is
    undone, the allowance it had taken included: it declines and nothing of it stays. Inside a
    caller's transaction (its savepoint rolled back) that transaction stays usable."""
    process = world.process(moment="support", supports_per_person=5)
    proposal = world.proposal(process)
    person = world.people["member"]
    arguments = {
        "proposal_id": proposal.pk, "process_id": process.pk, "user_id": person.pk, "limit": 5, "threshold": None,
        "milestones": services.SUPPORT_MILESTONES, "version": item_version_name("proposal", proposal.pk),
    }
    outcome: list[object] = []

    def second() -> None:
        try:
            if in_transaction:
                with transaction.atomic():
                    outcome.append(counters.support_at_once(**arguments))
                    outcome.append(Support.objects.filter(proposal=proposal).count())
            else:
                outcome.append(counters.support_at_once(**arguments))  # no transaction: commits by itself
        finally:
            connections.close_all()

    with transaction.atomic():
        assert counters.support_at_once(**arguments) == (1, 1)  # holds the proposal's row until commit
        thread = threading.Thread(target=second)
        thread.start()
        give_up = time.monotonic() + 20
        while not _waiting_for_a_lock() and time.monotonic() < give_up:
            time.sleep(0.02)
        assert _waiting_for_a_lock()
    thread.join(timeout=30)
    assert outcome == ([None, 1] if in_transaction else [None])
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert Participation.objects.get(process=process, user=person).supports_used == 1
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1
