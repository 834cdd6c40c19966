"""Signatures under concurrency, on PostgreSQL with real threads and commits: none lost, none
doubled, and the coordinators are told once however many sign at the moment it passes."""

import pytest
from django.db import connection

from tests.coproduction.test_support_concurrency import THREADS, _race
from tests.factories import UserFactory
from translocal.coproduction.initiative_models import Initiative, Signature
from translocal.coproduction.initiatives import services

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
