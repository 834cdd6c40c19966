import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tests.factories import HubFactory, HubMembershipFactory, UserFactory
from translocal.audit.models import AuditEntry
from translocal.exchanges import services
from translocal.exchanges.models import Exchange, Registration, RegistrationType

from .factories import ExchangeFactory, RegistrationFactory, RegistrationTypeFactory, StrandFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _coordinator(hub=None):
    membership = HubMembershipFactory(hub=hub or HubFactory(), role="coordinator")
    return membership.user, membership.hub


def _data(**overrides):
    data = {
        "title": "Observatory visit",
        "kind": Exchange.Kind.STUDY_VISIT,
        "starts_on": dt.date(2030, 5, 2),
        "ends_on": dt.date(2030, 5, 4),
        "time_zone": "Europe/Madrid",
        "visibility": Exchange.Visibility.PUBLIC,
        "description": "We visit **the observatory**.",
    }
    data.update(overrides)
    return data


def test_a_hub_coordinator_creates_a_draft_exchange_in_their_hub_and_organises_it():
    user, hub = _coordinator()
    exchange = services.create_exchange(acting_user=user, data=_data(hub=hub))
    assert exchange.status == Exchange.Status.DRAFT
    assert exchange.place_id == hub.place_id
    assert "<strong>the observatory</strong>" in exchange.description_html
    assert list(exchange.organisers.all()) == [user]
    assert AuditEntry.objects.filter(action="exchange.create", target_id=str(exchange.pk)).count() == 1


def test_a_member_who_coordinates_no_hub_cannot_organise():
    with pytest.raises(PermissionDenied):
        services.create_exchange(acting_user=UserFactory(), data=_data())


def test_a_coordinator_cannot_host_in_another_hub():
    user, _ = _coordinator()
    with pytest.raises(PermissionDenied):
        services.create_exchange(acting_user=user, data=_data(hub=HubFactory()))


def test_an_unknown_time_zone_is_refused_on_its_field():
    user, hub = _coordinator()
    with pytest.raises(ValidationError) as error:
        services.create_exchange(acting_user=user, data=_data(hub=hub, time_zone="Mars/Olympus"))
    assert "time_zone" in error.value.error_dict
    assert not Exchange.objects.exists()


def test_the_last_day_cannot_be_before_the_first():
    user, hub = _coordinator()
    with pytest.raises(ValidationError) as error:
        services.create_exchange(acting_user=user, data=_data(hub=hub, ends_on=dt.date(2030, 5, 1)))
    assert "ends_on" in error.value.error_dict


def test_an_edit_from_a_stale_form_is_refused():
    user, hub = _coordinator()
    exchange = services.create_exchange(acting_user=user, data=_data(hub=hub))
    services.update_exchange(acting_user=user, exchange=exchange, data={"title": "First"}, expected_version=1)
    stale = Exchange.objects.get(pk=exchange.pk)
    with pytest.raises(ValidationError):
        services.update_exchange(acting_user=user, exchange=stale, data={"title": "Second"}, expected_version=1)
    assert Exchange.objects.get(pk=exchange.pk).title == "First"


def test_strand_titles_are_unique_within_an_exchange():
    exchange = ExchangeFactory()
    services.save_strand(acting_user=exchange.created_by, exchange=exchange, data={"title": "Direct democracy"})
    with pytest.raises(ValidationError):
        services.save_strand(acting_user=exchange.created_by, exchange=exchange, data={"title": "direct democracy"})


def test_a_session_must_end_after_it_starts_and_use_the_exchanges_own_strand():
    exchange = ExchangeFactory()
    start = dt.datetime(2030, 5, 2, 9, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as error:
        services.save_session(
            acting_user=exchange.created_by,
            exchange=exchange,
            data={"title": "Walk", "starts_at": start, "ends_at": start},
        )
    assert "ends_at" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.save_session(
            acting_user=exchange.created_by,
            exchange=exchange,
            data={
                "title": "Walk",
                "starts_at": start,
                "ends_at": start + dt.timedelta(hours=1),
                "strand": StrandFactory(),
            },
        )
    assert "strand" in error.value.error_dict


def test_someone_who_does_not_organise_cannot_change_the_programme():
    exchange = ExchangeFactory()
    with pytest.raises(PermissionDenied):
        services.save_strand(acting_user=UserFactory(), exchange=exchange, data={"title": "Mine"})


# --- Registration ---------------------------------------------------------------------------------


def test_a_member_applies_with_learning_goals():
    rtype = RegistrationTypeFactory()
    person = UserFactory()
    registration = services.apply_to_exchange(
        acting_user=person,
        exchange=rtype.exchange,
        registration_type=rtype,
        learning_goals="How the observatory feeds the council; I will bring home its method.",
    )
    assert registration.status == Status.APPLIED
    assert registration.learning_goals.startswith("How the observatory")
    assert len(registration.check_in_code) == 8


def test_applying_needs_learning_goals_and_happens_once():
    rtype = RegistrationTypeFactory()
    person = UserFactory()
    with pytest.raises(ValidationError):
        services.apply_to_exchange(
            acting_user=person, exchange=rtype.exchange, registration_type=rtype, learning_goals=" "
        )
    services.apply_to_exchange(acting_user=person, exchange=rtype.exchange, registration_type=rtype, learning_goals="x")
    with pytest.raises(PermissionDenied):
        services.apply_to_exchange(
            acting_user=person, exchange=rtype.exchange, registration_type=rtype, learning_goals="y"
        )
    assert Registration.objects.filter(user=person).count() == 1


def test_nobody_applies_to_an_invited_only_exchange_they_were_not_invited_to():
    rtype = RegistrationTypeFactory(exchange=ExchangeFactory(visibility=Exchange.Visibility.INVITED))
    with pytest.raises(PermissionDenied):
        services.apply_to_exchange(
            acting_user=UserFactory(), exchange=rtype.exchange, registration_type=rtype, learning_goals="x"
        )


def test_an_invitation_only_type_takes_no_applications():
    rtype = RegistrationTypeFactory(open_to_applications=False)
    with pytest.raises(ValidationError):
        services.apply_to_exchange(
            acting_user=UserFactory(), exchange=rtype.exchange, registration_type=rtype, learning_goals="x"
        )


def test_accepting_takes_a_place_and_tells_the_person_after_commit():
    registration = RegistrationFactory(registration_type__capacity=2)
    organiser = registration.exchange.created_by
    with transaction.atomic():
        services.accept_registration(acting_user=organiser, registration=registration, message="Welcome!")
        assert mail.outbox == []  # not before the commit
    registration.refresh_from_db()
    assert registration.status == Status.ACCEPTED
    assert RegistrationType.objects.get(pk=registration.registration_type_id).accepted_count == 1
    assert len(mail.outbox) == 1
    assert registration.check_in_code in mail.outbox[0].body
    assert "Welcome!" in mail.outbox[0].body


def test_accepting_beyond_capacity_is_refused_and_changes_nothing():
    rtype = RegistrationTypeFactory(capacity=1)
    RegistrationFactory(registration_type=rtype, status=Status.ACCEPTED)
    waiting = RegistrationFactory(registration_type=rtype)
    with pytest.raises(services.RegistrationTypeFull):
        services.accept_registration(acting_user=rtype.exchange.created_by, registration=waiting)
    waiting.refresh_from_db()
    assert waiting.status == Status.APPLIED
    assert RegistrationType.objects.get(pk=rtype.pk).accepted_count == 1


def test_the_database_refuses_a_count_over_capacity():
    rtype = RegistrationTypeFactory(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationType.objects.filter(pk=rtype.pk).update(accepted_count=2)


def test_only_organisers_decide():
    registration = RegistrationFactory()
    with pytest.raises(PermissionDenied):
        services.accept_registration(acting_user=UserFactory(), registration=registration)
    coordinator = HubMembershipFactory(hub=registration.exchange.hub, role="coordinator").user
    services.decline_registration(acting_user=coordinator, registration=registration, message="Sorry, full.")
    registration.refresh_from_db()
    assert registration.status == Status.DECLINED
    assert registration.decision_message == "Sorry, full."


def test_a_cancelled_place_goes_to_the_first_on_the_waiting_list_who_is_told():
    rtype = RegistrationTypeFactory(capacity=1)
    holder = RegistrationFactory(registration_type=rtype, status=Status.ACCEPTED)
    organiser = rtype.exchange.created_by
    first = RegistrationFactory(registration_type=rtype)
    second = RegistrationFactory(registration_type=rtype)
    services.waitlist_registration(acting_user=organiser, registration=first)
    services.waitlist_registration(acting_user=organiser, registration=second)
    mail.outbox.clear()
    services.cancel_registration(acting_user=holder.user, registration=holder)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.ACCEPTED, Status.WAITLISTED)
    assert RegistrationType.objects.get(pk=rtype.pk).accepted_count == 1
    assert [m.to for m in mail.outbox] == [[first.user.email]]
    assert "A place became free" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="exchange.promote").count() == 1


def test_declining_an_accepted_person_promotes_the_waiting_list_too():
    rtype = RegistrationTypeFactory(capacity=1)
    holder = RegistrationFactory(registration_type=rtype, status=Status.ACCEPTED)
    waiting = RegistrationFactory(registration_type=rtype, status=Status.WAITLISTED)
    services.decline_registration(acting_user=rtype.exchange.created_by, registration=holder)
    waiting.refresh_from_db()
    assert waiting.status == Status.ACCEPTED


def test_more_places_promote_the_waiting_list_at_once():
    rtype = RegistrationTypeFactory(capacity=1)
    RegistrationFactory(registration_type=rtype, status=Status.ACCEPTED)
    waiting = RegistrationFactory(registration_type=rtype, status=Status.WAITLISTED)
    services.save_registration_type(
        acting_user=rtype.exchange.created_by, exchange=rtype.exchange, registration_type=rtype, data={"capacity": 2}
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.ACCEPTED
    assert RegistrationType.objects.get(pk=rtype.pk).accepted_count == 2


def test_places_cannot_drop_below_those_accepted():
    rtype = RegistrationTypeFactory(capacity=2)
    RegistrationFactory.create_batch(2, registration_type=rtype, status=Status.ACCEPTED)
    with pytest.raises(ValidationError) as error:
        services.save_registration_type(
            acting_user=rtype.exchange.created_by,
            exchange=rtype.exchange,
            registration_type=rtype,
            data={"capacity": 1},
        )
    assert "capacity" in error.value.error_dict


def test_an_invited_member_accepting_a_full_type_goes_on_the_waiting_list():
    rtype = RegistrationTypeFactory(capacity=1)
    RegistrationFactory(registration_type=rtype, status=Status.ACCEPTED)
    guest = UserFactory()
    invitation = services.invite_to_exchange(
        acting_user=rtype.exchange.created_by, exchange=rtype.exchange, registration_type=rtype, user=guest
    )
    assert invitation.status == Status.INVITED
    with pytest.raises(PermissionDenied):
        services.respond_to_invitation(acting_user=UserFactory(), registration=invitation, accept=True)
    services.respond_to_invitation(acting_user=guest, registration=invitation, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == Status.WAITLISTED


def test_an_invited_member_declines():
    rtype = RegistrationTypeFactory()
    guest = UserFactory()
    invitation = services.invite_to_exchange(
        acting_user=rtype.exchange.created_by, exchange=rtype.exchange, registration_type=rtype, user=guest
    )
    services.respond_to_invitation(acting_user=guest, registration=invitation, accept=False)
    invitation.refresh_from_db()
    assert invitation.status == Status.DECLINED
    assert RegistrationType.objects.get(pk=rtype.pk).accepted_count == 0


def test_a_named_guest_without_an_account_is_invited_by_name_and_accepted_by_the_organisers():
    rtype = RegistrationTypeFactory()
    organiser = rtype.exchange.created_by
    with pytest.raises(ValidationError):
        services.invite_to_exchange(acting_user=organiser, exchange=rtype.exchange, registration_type=rtype)
    guest = services.invite_to_exchange(
        acting_user=organiser,
        exchange=rtype.exchange,
        registration_type=rtype,
        name="Thandi M.",
        email="thandi@example.org",
        organisation_name="City of Cape Town",
    )
    services.accept_registration(acting_user=organiser, registration=guest)
    guest.refresh_from_db()
    assert guest.status == Status.ACCEPTED
    with pytest.raises(ValidationError):
        services.invite_to_exchange(
            acting_user=organiser,
            exchange=rtype.exchange,
            registration_type=rtype,
            name="T. M.",
            email="THANDI@example.org",
        )


def test_check_in_by_code_only_for_accepted_delegates_and_only_once():
    rtype = RegistrationTypeFactory()
    organiser = rtype.exchange.created_by
    accepted = RegistrationFactory(registration_type=rtype, status=Status.ACCEPTED)
    applied = RegistrationFactory(registration_type=rtype)
    with pytest.raises(ValidationError):
        services.check_in(acting_user=organiser, exchange=rtype.exchange, code=applied.check_in_code)
    with pytest.raises(PermissionDenied):
        services.check_in(acting_user=UserFactory(), exchange=rtype.exchange, code=accepted.check_in_code)
    typed = f" {accepted.check_in_code[:4].lower()}-{accepted.check_in_code[4:]} "
    checked = services.check_in(acting_user=organiser, exchange=rtype.exchange, code=typed)
    assert checked.pk == accepted.pk and checked.checked_in_at is not None
    with pytest.raises(ValidationError):
        services.check_in(acting_user=organiser, exchange=rtype.exchange, code=accepted.check_in_code)


def test_a_code_of_another_exchange_checks_nobody_in():
    other = RegistrationFactory(status=Status.ACCEPTED)
    exchange = ExchangeFactory()
    with pytest.raises(ValidationError):
        services.check_in(acting_user=exchange.created_by, exchange=exchange, code=other.check_in_code)


def test_a_checked_in_delegate_cannot_be_cancelled():
    registration = RegistrationFactory(status=Status.ACCEPTED)
    services.check_in(
        acting_user=registration.exchange.created_by, exchange=registration.exchange, code=registration.check_in_code
    )
    registration.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.cancel_registration(acting_user=registration.user, registration=registration)


def test_moving_an_accepted_person_to_the_waiting_list_frees_the_place_for_the_next_in_line_not_them():
    rtype = RegistrationTypeFactory(capacity=1)
    holder = RegistrationFactory(registration_type=rtype, status=Status.ACCEPTED)
    services.waitlist_registration(acting_user=rtype.exchange.created_by, registration=holder)
    holder.refresh_from_db()
    assert holder.status == Status.WAITLISTED
    assert RegistrationType.objects.get(pk=rtype.pk).accepted_count == 0
    earlier = RegistrationFactory(registration_type=rtype, status=Status.ACCEPTED)
    services.cancel_registration(acting_user=earlier.user, registration=earlier)
    holder.refresh_from_db()
    assert holder.status == Status.ACCEPTED  # a later free place does go to them


def test_an_account_made_later_claims_its_guest_registrations_once_per_exchange():
    first = RegistrationTypeFactory()
    organiser = first.exchange.created_by
    guest = services.invite_to_exchange(
        acting_user=organiser,
        exchange=first.exchange,
        registration_type=first,
        name="Grace O.",
        email="grace@example.org",
    )
    second = RegistrationTypeFactory()
    services.invite_to_exchange(
        acting_user=second.exchange.created_by,
        exchange=second.exchange,
        registration_type=second,
        name="Grace O.",
        email="grace@example.org",
    )
    person = UserFactory(email="Grace@Example.org")
    RegistrationFactory(registration_type=second, user=person)  # already registered there herself
    claimed = services.claim_guest_registrations(acting_user=person)
    assert [r.pk for r in claimed] == [guest.pk]
    guest.refresh_from_db()
    assert (guest.user_id, guest.name, guest.email) == (person.pk, "", "")
    assert services.claim_guest_registrations(acting_user=person) == []
    assert services.claim_guest_registrations(acting_user=UserFactory(email="other@example.org")) == []


def test_a_choice_question_needs_two_different_choices_and_answers_must_be_one_of_them():
    rtype = RegistrationTypeFactory()
    organiser = rtype.exchange.created_by
    with pytest.raises(ValidationError) as error:
        services.save_question(
            acting_user=organiser,
            exchange=rtype.exchange,
            data={"label": "Strand?", "kind": "choice", "choices": ["A", "A"]},
        )
    assert "choices" in error.value.error_dict
    question = services.save_question(
        acting_user=organiser,
        exchange=rtype.exchange,
        data={
            "label": "Strand?",
            "kind": "choice",
            "choices": ["Direct democracy", "Citizen initiative"],
            "required": True,
        },
    )
    person = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.apply_to_exchange(
            acting_user=person,
            exchange=rtype.exchange,
            registration_type=rtype,
            learning_goals="x",
            answers={str(question.pk): "Something else", "999": "ignored"},
        )
    assert f"q_{question.pk}" in error.value.error_dict
    registration = services.apply_to_exchange(
        acting_user=person,
        exchange=rtype.exchange,
        registration_type=rtype,
        learning_goals="x",
        answers={str(question.pk): "Citizen initiative", "999": "dropped"},
    )
    assert registration.answers == {str(question.pk): "Citizen initiative"}
