import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import UserFactory
from translocal.accounts.services import delete_account
from translocal.audit.models import AuditEntry
from translocal.exchanges import services
from translocal.exchanges.models import Registration, RegistrationType

from .factories import ExchangeFactory, RegistrationFactory, RegistrationTypeFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_a_deleted_members_place_goes_to_the_waiting_list_and_their_rows_stay_nameless():
    rtype = RegistrationTypeFactory(capacity=1)
    leaving = RegistrationFactory(registration_type=rtype, status="accepted", learning_goals="Private hopes.")
    waiting = RegistrationFactory(registration_type=rtype, status="waitlisted")
    person = leaving.user
    mail.outbox.clear()
    counts = delete_account(acting_user=person, user=person)
    leaving.refresh_from_db()
    waiting.refresh_from_db()
    assert (leaving.status, leaving.user_id, leaving.learning_goals) == ("cancelled", None, "")
    assert leaving.display_name == "Former member"
    assert waiting.status == "accepted"
    assert RegistrationType.objects.get(pk=rtype.pk).accepted_count == 1
    assert counts["exchange_registrations_cancelled"] == 1 and counts["exchange_registrations_kept"] == 1
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]
    assert AuditEntry.objects.filter(action="delete_account").count() == 1


def test_attendance_at_a_past_exchange_is_kept_as_by_a_former_member():
    past = ExchangeFactory(
        starts_on=timezone.localdate() - dt.timedelta(days=60), ends_on=timezone.localdate() - dt.timedelta(days=58)
    )
    registration = RegistrationFactory(registration_type__exchange=past, status="accepted")
    services.check_in(acting_user=past.created_by, exchange=past, code=registration.check_in_code)
    speaker = SpeakerFactory(exchange=past, user=registration.user, name="Ana Ortiz")
    delete_account(acting_user=registration.user, user=registration.user)
    registration.refresh_from_db()
    speaker.refresh_from_db()
    assert registration.status == "accepted" and registration.checked_in_at is not None
    assert registration.is_former_member
    assert (speaker.user_id, speaker.name) == (None, "Ana Ortiz")


def test_an_organisers_exchange_stays_when_they_leave():
    exchange = ExchangeFactory()
    exchange.organisers.add(exchange.created_by)
    delete_account(acting_user=exchange.created_by, user=exchange.created_by)
    exchange.refresh_from_db()
    assert exchange.created_by_id is None
    assert not exchange.organisers.exists()
    assert Registration.objects.count() == 0
    assert UserFactory()  # the database is still usable


def test_a_deleted_members_private_journey_goes_and_what_they_shared_stays_as_a_former_members():
    from django.core.files.base import ContentFile

    from translocal.exchanges.models import Commitment, FollowUp, Lesson, Outcome

    from .factories import AcceptedRegistrationFactory, CommitmentFactory, LessonFactory, OutcomeFactory

    registration = AcceptedRegistrationFactory()
    person = registration.user
    shared = LessonFactory(registration=registration, privacy="public", title="Shared lesson")
    LessonFactory(registration=registration, privacy="private", title="Private lesson")
    private_commitment = CommitmentFactory(registration=registration, privacy="private")
    follow_up = FollowUp(commitment=private_commitment, status="in_progress", note="Private progress")
    follow_up.evidence_document.save("minutes.pdf", ContentFile(b"%PDF-1.4"), save=False)
    follow_up.save()
    stored = follow_up.evidence_document.name
    storage = follow_up.evidence_document.storage
    assert storage.exists(stored)
    OutcomeFactory(registration=registration, privacy="private")
    OutcomeFactory(registration=registration, privacy="participants")
    counts = delete_account(acting_user=person, user=person)
    assert counts["journey_items_deleted"] == 3
    assert list(Lesson.objects.values_list("title", flat=True)) == ["Shared lesson"]
    assert not Commitment.objects.exists() and not FollowUp.objects.exists()
    assert Outcome.objects.get().privacy == "participants"
    assert not storage.exists(stored)
    shared.refresh_from_db()
    assert shared.registration.display_name == "Former member"
