"""Places with a waiting list (core.capacity): the one rule that exchange registrations and
co-production meetings both use. Their own tests (tests/exchanges/test_services.py,
tests/coproduction/test_meetings.py and the two concurrency files) cover each app's use; these
cover the rule itself."""

import datetime as dt

import pytest
from django.db import transaction

from tests.exchanges.factories import RegistrationFactory, RegistrationTypeFactory
from translocal.coproduction.meetings import services as meeting_services
from translocal.core.capacity import WaitingList
from translocal.exchanges.models import Registration, RegistrationType
from translocal.exchanges.services import registrations

PLACES = registrations.PLACES


def test_both_apps_use_the_one_rule():
    assert isinstance(registrations.PLACES, WaitingList)
    assert isinstance(meeting_services.PLACES, WaitingList)


@pytest.mark.django_db(transaction=True)
def test_places_change_only_inside_the_callers_transaction():
    rtype = RegistrationTypeFactory(capacity=1)
    with pytest.raises(RuntimeError):
        PLACES.lock(rtype.pk)
    with transaction.atomic():
        assert PLACES.lock(rtype.pk).pk == rtype.pk


@pytest.mark.django_db
def test_admit_gives_the_places_then_the_end_of_the_waiting_list():
    rtype = RegistrationTypeFactory(capacity=2)
    people = RegistrationFactory.create_batch(3, registration_type=rtype)
    with transaction.atomic():
        parent = PLACES.lock(rtype.pk)
        admitted = []
        for person in people:
            admitted.append(PLACES.admit(parent, person))
            person.save()
    assert admitted == [True, True, False]
    assert RegistrationType.objects.get(pk=rtype.pk).accepted_count == 2
    assert [Registration.objects.get(pk=p.pk).status for p in people] == ["accepted", "accepted", "waitlisted"]
    assert Registration.objects.get(pk=people[2].pk).waitlisted_at is not None


@pytest.mark.django_db
def test_a_freed_place_goes_to_the_first_waiting_but_not_to_the_one_skipped():
    rtype = RegistrationTypeFactory(capacity=1)
    holder = RegistrationFactory(registration_type=rtype, status="accepted")
    now = dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)
    later = RegistrationFactory(registration_type=rtype, status="waitlisted", waitlisted_at=now + dt.timedelta(hours=1))
    first = RegistrationFactory(registration_type=rtype, status="waitlisted", waitlisted_at=now)
    told = []
    with transaction.atomic():
        parent = PLACES.lock(rtype.pk)
        Registration.objects.filter(pk=holder.pk).update(status="cancelled")
        PLACES.release_place(parent)
        moved = PLACES.promote(parent, promoted=told.append, skip=first)
    assert moved == told == [later]
    assert Registration.objects.get(pk=later.pk).status == "accepted"
    assert Registration.objects.get(pk=first.pk).status == "waitlisted"
    assert RegistrationType.objects.get(pk=rtype.pk).accepted_count == 1


@pytest.mark.django_db
def test_the_rows_not_the_counter_decide_whether_there_is_a_place():
    rtype = RegistrationTypeFactory(capacity=1)
    RegistrationFactory(registration_type=rtype, status="accepted")
    RegistrationType.objects.filter(pk=rtype.pk).update(accepted_count=0)  # a counter gone wrong
    with transaction.atomic():
        assert not PLACES.has_place(PLACES.lock(rtype.pk))
