"""Capacity under concurrency, against PostgreSQL: many organisers accepting at once never put
a registration type over its places, and places freed at once go to the waiting list in order.
(SQLite takes the write lock at BEGIN, so writers cannot interleave there: nothing to test.)"""

import threading

import pytest
from django.db import connection, connections

from translocal.exchanges import services
from translocal.exchanges.models import Registration, RegistrationType

from .factories import RegistrationFactory, RegistrationTypeFactory

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (SQLite serialises writers)"
    ),
]

THREADS = 8


def _run_at_once(work) -> list[str]:  # noqa: ANN001
    """Run ``work(i)`` in THREADS threads released together; returns each outcome."""
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            start.wait(timeout=30)
            result = work(i)
        except Exception as error:  # noqa: BLE001 - the outcome is what is asserted
            result = type(error).__name__
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_parallel_acceptances_never_exceed_capacity():
    rtype = RegistrationTypeFactory(capacity=3)
    organiser = rtype.exchange.created_by
    applications = RegistrationFactory.create_batch(THREADS, registration_type=rtype)

    def accept(i: int) -> str:
        services.accept_registration(
            acting_user=organiser, registration=Registration.objects.get(pk=applications[i].pk)
        )
        return "accepted"

    outcomes = _run_at_once(accept)
    assert sorted(outcomes) == ["RegistrationTypeFull"] * (THREADS - 3) + ["accepted"] * 3
    assert Registration.objects.filter(registration_type=rtype, status="accepted").count() == 3
    assert RegistrationType.objects.get(pk=rtype.pk).accepted_count == 3


def test_parallel_cancellations_promote_the_waiting_list_in_order_and_never_over_capacity():
    rtype = RegistrationTypeFactory(capacity=THREADS)
    holders = RegistrationFactory.create_batch(THREADS, registration_type=rtype, status="accepted")
    organiser = rtype.exchange.created_by
    waiting = []
    for _ in range(THREADS + 2):
        registration = RegistrationFactory(registration_type=rtype)
        services.waitlist_registration(acting_user=organiser, registration=registration)
        waiting.append(registration.pk)

    def cancel(i: int) -> str:
        registration = Registration.objects.select_related("exchange").get(pk=holders[i].pk)
        services.cancel_registration(acting_user=registration.user, registration=registration)
        return "cancelled"

    assert _run_at_once(cancel) == ["cancelled"] * THREADS
    accepted = set(Registration.objects.filter(registration_type=rtype, status="accepted").values_list("pk", flat=True))
    assert accepted == set(waiting[:THREADS])  # the first THREADS on the list, no one after them
    assert RegistrationType.objects.get(pk=rtype.pk).accepted_count == THREADS


def test_parallel_partner_moves_keep_one_partner_on_each_place():
    from translocal.exchanges.models import Partner

    from .factories import ExchangeFactory

    exchange = ExchangeFactory()
    partners = [
        services.add_partner(acting_user=exchange.created_by, exchange=exchange, data={"name": f"P{n}"})
        for n in range(THREADS)
    ]

    def move(i: int) -> str:
        partner = Partner.objects.select_related("exchange").get(pk=partners[i].pk)
        moved = services.move_partner(acting_user=exchange.created_by, partner=partner,
                                      direction="up" if i % 2 else "down")
        return "moved" if moved else "not moved"

    outcomes = _run_at_once(move)
    assert len(outcomes) == THREADS and set(outcomes) <= {"moved", "not moved"}
    positions = sorted(Partner.objects.filter(exchange=exchange).values_list("position", flat=True))
    assert positions == list(range(1, THREADS + 1))


def test_joining_and_leaving_at_once_never_pass_the_capacity_and_keep_the_order():
    """Half the threads answer an invitation (core.capacity's admit: a place or the waiting
    list), half leave a place (release and promote), all at once on one registration type."""
    rtype = RegistrationTypeFactory(capacity=THREADS // 2)
    holders = RegistrationFactory.create_batch(THREADS // 2, registration_type=rtype, status="accepted")
    organiser = rtype.exchange.created_by
    waiting = []
    for _ in range(2):
        registration = RegistrationFactory(registration_type=rtype)
        services.waitlist_registration(acting_user=organiser, registration=registration)
        waiting.append(registration.pk)
    invited = RegistrationFactory.create_batch(THREADS // 2, registration_type=rtype, status="invited")

    def work(i: int) -> str:
        if i % 2:
            registration = Registration.objects.select_related("exchange").get(pk=holders[i // 2].pk)
            services.cancel_registration(acting_user=registration.user, registration=registration)
            return "left"
        registration = Registration.objects.select_related("exchange").get(pk=invited[i // 2].pk)
        services.respond_to_invitation(acting_user=registration.user, registration=registration, accept=True)
        return "answered"

    assert sorted(_run_at_once(work)) == ["answered"] * (THREADS // 2) + ["left"] * (THREADS // 2)
    accepted = set(Registration.objects.filter(registration_type=rtype, status="accepted").values_list("pk", flat=True))
    assert len(accepted) == THREADS // 2 == RegistrationType.objects.get(pk=rtype.pk).accepted_count
    # The two waiting before anyone moved had the first freed places, whatever came in meanwhile.
    assert set(waiting) <= accepted
