"""Signatures under concurrency, on PostgreSQL with real threads and commits: none lost, none
doubled, and the coordinators are told once however many sign at the moment it passes; and a
signature against its author's edit: whichever takes the initiative's row lock first wins."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from tests.coproduction.test_support_concurrency import THREADS, _race
from tests.factories import UserFactory
from translocal.coproduction.initiatives import services
from translocal.coproduction.initiatives.models import Initiative, Signature

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers (SQLite serialises them)")


def test_many_people_signing_at_once_are_all_counted_once_and_the_coordinators_told_once(world, mailoutbox):
    process = world.process(moment="voting", support_threshold=THREADS // 2)
    initiative = services.start_initiative(acting_user=world.author, process=process, title="Open the pool",
                                           body="Please.")
    people = UserFactory.create_batch(THREADS)
    outcomes = _race([lambda p=p: services.sign(acting_user=p, initiative=initiative) for p in people])
    assert outcomes == ["ok"] * THREADS
    stored = Initiative.objects.get(pk=initiative.pk)
    assert stored.signature_count == THREADS == Signature.objects.filter(initiative=initiative).count()
    assert stored.threshold_reached_at is not None
    assert [m.to for m in mailoutbox] == [[world.people["coordinator"].email]]


def test_one_person_signing_at_once_signs_once(world):
    process = world.process(moment="voting")
    initiative = services.start_initiative(acting_user=world.author, process=process, title="Open the pool",
                                           body="Please.")
    person = world.people["resident"]
    outcomes = _race([lambda: services.sign(acting_user=person, initiative=initiative)] * THREADS)
    assert sorted(outcomes) == ["ok"] + ["refused: You have already signed this initiative."] * (THREADS - 1)
    assert Initiative.objects.get(pk=initiative.pk).signature_count == 1 == Signature.objects.count()


# --- A signature against the author's edit ----------------------------------------------------


def _waiting_for_a_lock() -> int:
    """Backends of this database waiting for a lock now (another test thread, blocked)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0]


def _signature_rows_being_written() -> int:
    """Backends holding a write lock on the signature table (a signature inserted, not committed)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                       "WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()",
                       [Signature._meta.db_table])
        return cursor.fetchone()[0]


def _until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the other transaction never got there"
        time.sleep(0.02)


def _hold(first, *, then, checks=lambda: None) -> str:
    """Run ``first`` in a transaction that stays open until ``then`` (in another thread) is
    waiting for a lock; ``checks`` runs at that moment; then both finish. ``then``'s outcome."""
    ready, done, outcome = threading.Event(), threading.Event(), {}

    def hold() -> None:
        try:
            with transaction.atomic():
                first()
                ready.set()
                done.wait(timeout=30)
        finally:
            ready.set()
            connections.close_all()

    def second() -> None:
        try:
            then()
            outcome["result"] = "ok"
        except ValidationError as exc:
            outcome["result"] = " ".join(exc.messages)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert ready.wait(timeout=30)
    follower = threading.Thread(target=second)
    follower.start()
    _until(lambda: _waiting_for_a_lock() >= 1)
    checks()
    done.set()
    holder.join(timeout=30)
    follower.join(timeout=30)
    return outcome["result"]


def test_a_signature_that_locks_first_makes_the_authors_edit_fail(world):
    process = world.process(moment="voting")
    initiative = services.start_initiative(acting_user=world.author, process=process, title="Open the pool",
                                           body="Please.")
    outcome = _hold(lambda: services.sign(acting_user=world.people["resident"], initiative=initiative),
                    then=lambda: services.edit_initiative(acting_user=world.author, initiative=initiative,
                                                          title="Close the pool", body="Changed my mind."))
    assert outcome.startswith("People have signed this initiative")
    stored = Initiative.objects.get(pk=initiative.pk)
    assert (stored.title, stored.signature_count, stored.edited_at) == ("Open the pool", 1, None)


def test_an_edit_that_locks_first_makes_the_signature_wait_and_sign_the_new_text(world):
    process = world.process(moment="voting")
    initiative = services.start_initiative(acting_user=world.author, process=process, title="Open the pool",
                                           body="Please.")

    def no_signature_written_while_the_edit_is_open() -> None:
        # The signature waits for the initiative's row before it writes anything: it never
        # sits on a text its signer did not read.
        assert _signature_rows_being_written() == 0

    outcome = _hold(lambda: services.edit_initiative(acting_user=world.author, initiative=initiative,
                                                     title="Open the pool at 6am", body="Before work."),
                    then=lambda: services.sign(acting_user=world.people["resident"], initiative=initiative),
                    checks=no_signature_written_while_the_edit_is_open)
    assert outcome == "ok"
    stored = Initiative.objects.get(pk=initiative.pk)
    assert (stored.title, stored.signature_count) == ("Open the pool at 6am", 1)
    assert Signature.objects.get().created_at >= stored.edited_at
