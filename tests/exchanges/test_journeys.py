"""Learning journeys: lessons, commitments, follow-ups, outcomes and their substantiation,
written through the services; who may see each item."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import CaseFactory, HubMembershipFactory, UserFactory
from translocal.exchanges import journey_links, permissions, services
from translocal.exchanges.models import Commitment, Exchange, Lesson, Outcome, Privacy, Registration, Substantiation

from .factories import (
    AcceptedRegistrationFactory,
    CommitmentFactory,
    ExchangeFactory,
    LessonFactory,
    OutcomeFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def test_a_delegate_records_a_lesson_from_a_session_of_their_exchange():
    registration = AcceptedRegistrationFactory()
    session = SessionFactory(exchange=registration.exchange)
    lesson = services.save_lesson(
        acting_user=registration.user,
        registration=registration,
        data={"title": "Ask before you decide", "session": session, "answers_goal": True, "privacy": "public"},
    )
    assert lesson.exchange_id == registration.exchange_id
    assert lesson.session == session
    assert list(registration.lessons.all()) == [lesson]


def test_a_lesson_cannot_come_from_another_exchanges_session():
    registration = AcceptedRegistrationFactory()
    with pytest.raises(ValidationError) as error:
        services.save_lesson(
            acting_user=registration.user,
            registration=registration,
            data={"title": "Ask first", "session": SessionFactory()},
        )
    assert "session" in error.value.message_dict


def test_a_lesson_cannot_cite_a_draft_case_of_someone_else():
    registration = AcceptedRegistrationFactory()
    draft = CaseFactory(status="draft")
    with pytest.raises(ValidationError) as error:
        services.save_lesson(
            acting_user=registration.user, registration=registration, data={"title": "Seen", "case": draft}
        )
    assert "case" in error.value.message_dict


@pytest.mark.parametrize("status", ["applied", "waitlisted", "declined", "invited"])
def test_only_an_accepted_delegate_keeps_a_journey(status):
    registration = RegistrationFactory(status=status)
    with pytest.raises(PermissionDenied):
        services.save_lesson(acting_user=registration.user, registration=registration, data={"title": "A lesson"})


def test_nobody_writes_in_someone_elses_journey_not_even_an_organiser():
    registration = AcceptedRegistrationFactory()
    organiser = registration.exchange.created_by
    with pytest.raises(PermissionDenied):
        services.save_commitment(
            acting_user=organiser,
            registration=registration,
            data={"title": "Do it", "due_on": dt.date(2030, 1, 1)},
        )


def test_a_commitment_needs_a_date_and_its_lesson_from_the_same_journey():
    registration = AcceptedRegistrationFactory()
    with pytest.raises(ValidationError) as error:
        services.save_commitment(acting_user=registration.user, registration=registration, data={"title": "Do it"})
    assert "due_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.save_commitment(
            acting_user=registration.user,
            registration=registration,
            data={"title": "Do it", "due_on": dt.date(2030, 1, 1), "lesson": LessonFactory()},
        )
    assert "lesson" in error.value.message_dict


def test_a_follow_up_moves_the_commitments_status_and_done_closes_it():
    commitment = CommitmentFactory()
    user = commitment.registration.user
    services.add_follow_up(
        acting_user=user, commitment=commitment, data={"status": "in_progress", "note": "Draft written"}
    )
    commitment.refresh_from_db()
    assert commitment.status == "in_progress"
    assert commitment.closed_at is None
    services.add_follow_up(
        acting_user=user,
        commitment=commitment,
        data={"status": "done", "note": "Adopted by the board", "evidence_url": "https://example.org/minutes"},
    )
    commitment.refresh_from_db()
    assert commitment.status == "done"
    assert commitment.closed_at is not None
    assert [f.status for f in commitment.follow_ups.all()] == ["in_progress", "done"]


def test_the_database_refuses_a_closed_date_on_an_open_commitment():
    commitment = CommitmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(closed_at=timezone.now())


def test_follow_up_evidence_on_the_platform_must_be_one_of_its_pages():
    commitment = CommitmentFactory()
    with pytest.raises(ValidationError) as error:
        services.add_follow_up(
            acting_user=commitment.registration.user,
            commitment=commitment,
            data={"status": "in_progress", "note": "See", "evidence_path": "https://elsewhere.example/"},
        )
    assert "evidence_path" in error.value.message_dict
    follow_up = services.add_follow_up(
        acting_user=commitment.registration.user,
        commitment=commitment,
        data={"status": "in_progress", "note": "See", "evidence_path": "/exchanges/"},
    )
    assert follow_up.evidence_path == "/exchanges/"


def test_an_outcome_says_what_changed_who_changed_and_how_the_exchange_contributed():
    registration = AcceptedRegistrationFactory()
    with pytest.raises(ValidationError) as error:
        services.save_outcome(
            acting_user=registration.user, registration=registration, data={"kind": "policy", "description": "X"}
        )
    assert set(error.value.message_dict) == {"who_changed"}
    outcome = services.save_outcome(
        acting_user=registration.user,
        registration=registration,
        data={
            "kind": "policy",
            "description": "The council adopted a duty to answer resident proposals.",
            "who_changed": "Stockport council cabinet",
            "contribution": "The proposal copied the Barcelona threshold we saw.",
        },
    )
    assert outcome.privacy == Privacy.PARTICIPANTS


def test_a_named_verifier_without_an_account_confirms_an_outcome_through_a_signed_link(mailoutbox):
    outcome = OutcomeFactory()
    substantiation = services.request_substantiation(
        acting_user=outcome.registration.user,
        outcome=outcome,
        verifier_name="Ruth Okafor",
        verifier_email="Ruth@Council.example",
        verifier_role="Head of policy",
    )
    assert substantiation.verifier is None
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ruth@council.example"]
    link = next(line for line in message.body.splitlines() if "/substantiations/" in line)
    token = link.rsplit("/substantiations/", 1)[1].strip("/")
    assert journey_links.read_substantiation_token(token) == (substantiation.pk, "ruth@council.example")
    answered = services.answer_substantiation(
        substantiation=substantiation, answer="partly", comment="Adopted, but only in two wards."
    )
    assert answered.answer == "partly"
    assert answered.answered_at is not None
    with pytest.raises(ValidationError):
        services.answer_substantiation(substantiation=substantiation, answer="confirms")
    assert Substantiation.objects.get(pk=substantiation.pk).answer == "partly"


def test_a_verifier_with_an_account_is_linked_by_their_e_mail_address():
    verifier = UserFactory(email="ruth@council.example")
    outcome = OutcomeFactory()
    substantiation = services.request_substantiation(
        acting_user=outcome.registration.user,
        outcome=outcome,
        verifier_name="Ruth",
        verifier_email="RUTH@council.example",
    )
    assert substantiation.verifier == verifier


def test_a_delegate_cannot_substantiate_their_own_outcome():
    outcome = OutcomeFactory()
    with pytest.raises(ValidationError):
        services.request_substantiation(
            acting_user=outcome.registration.user,
            outcome=outcome,
            verifier_name="Me",
            verifier_email=outcome.registration.user.email,
        )


def test_an_altered_or_expired_link_is_refused():
    token = journey_links.substantiation_token(substantiation_id=1, email="a@example.org")
    with pytest.raises(journey_links.InvalidLink):
        journey_links.read_substantiation_token(token[:-2] + "xx")
    with pytest.raises(journey_links.InvalidLink):
        journey_links.read_substantiation_token(token, max_age=-1)
    follow_up = journey_links.follow_up_token(commitment_id=1, user_id=2)
    with pytest.raises(journey_links.InvalidLink):  # one purpose's token is no good for the other
        journey_links.read_substantiation_token(follow_up)


def test_the_post_visit_rating_is_one_to_five_and_only_once_the_exchange_started():
    registration = AcceptedRegistrationFactory()
    services.rate_exchange(acting_user=registration.user, registration=registration, rating=4)
    assert Registration.objects.get(pk=registration.pk).post_visit_rating == 4
    with pytest.raises(ValidationError):
        services.rate_exchange(acting_user=registration.user, registration=registration, rating=6)
    future = AcceptedRegistrationFactory(registration_type__exchange__starts_on=dt.date(2099, 1, 1))
    with pytest.raises(ValidationError):
        services.rate_exchange(acting_user=future.user, registration=future, rating=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=registration.pk).update(post_visit_rating=0)


def test_harvesting_a_case_from_a_lesson_makes_a_credited_draft_once():
    lesson = LessonFactory(title="Neighbourhood assemblies that draft proposals", body="Each assembly drafts one.")
    case = services.harvest_case(acting_user=lesson.registration.user, lesson=lesson)
    assert case.status == "draft"
    assert case.created_by == lesson.registration.user
    assert case.title == lesson.title
    assert lesson.exchange.title in case.body
    assert case.place == lesson.exchange.place
    assert Lesson.objects.get(pk=lesson.pk).harvested_case_id == case.pk
    with pytest.raises(ValidationError):
        services.harvest_case(acting_user=lesson.registration.user, lesson=lesson)


# --- privacy --------------------------------------------------------------------------------------


@pytest.fixture
def journey_items():
    registration = AcceptedRegistrationFactory()
    items = {
        privacy: LessonFactory(registration=registration, privacy=privacy, title=f"{privacy} lesson")
        for privacy in Privacy.values
    }
    return registration, items


def _shared(user):
    return set(Lesson.objects.filter(permissions.shared_journey_items_q(user)).values_list("title", flat=True))


def test_anonymous_visitors_see_only_public_items(journey_items):
    from django.contrib.auth.models import AnonymousUser

    registration, items = journey_items
    assert _shared(AnonymousUser()) == {"public lesson"}
    assert permissions.can_view_journey_item(AnonymousUser(), items["public"])
    assert not permissions.can_view_journey_item(AnonymousUser(), items["participants"])


def test_participants_see_participants_items_but_never_private_ones(journey_items):
    registration, items = journey_items
    other = AcceptedRegistrationFactory(registration_type=registration.registration_type)
    assert _shared(other.user) == {"public lesson", "participants lesson"}
    assert permissions.can_view_journey_item(other.user, items["participants"])
    assert not permissions.can_view_journey_item(other.user, items["private"])
    waitlisted = RegistrationFactory(registration_type=registration.registration_type, status="waitlisted")
    assert _shared(waitlisted.user) == {"public lesson"}


def test_the_owner_and_organisers_see_private_items_one_by_one_but_no_list_or_figure_counts_them(journey_items):
    registration, items = journey_items
    organiser = registration.exchange.created_by
    assert permissions.can_view_journey_item(registration.user, items["private"])
    assert permissions.can_view_journey_item(organiser, items["private"])
    assert "private lesson" not in _shared(organiser)
    assert "private lesson" not in _shared(registration.user)
    assert "private lesson" not in _shared(UserFactory(is_staff=True))


def test_public_items_of_an_exchange_one_may_not_see_are_hidden():
    exchange = ExchangeFactory(visibility=Exchange.Visibility.INVITED)
    lesson = LessonFactory(registration__registration_type__exchange=exchange, privacy="public")
    stranger = UserFactory()
    assert lesson.title not in _shared(stranger)
    assert not permissions.can_view_journey_item(stranger, lesson)
    member = HubMembershipFactory(hub=exchange.hub).user
    assert lesson.title not in _shared(member)


def test_outcomes_and_commitments_follow_the_same_rule():
    public = OutcomeFactory(privacy="public")
    OutcomeFactory(privacy="private", registration=public.registration)
    CommitmentFactory(privacy="private")
    assert Outcome.objects.filter(permissions.shared_journey_items_q(UserFactory())).count() == 1
    assert not Commitment.objects.filter(permissions.shared_journey_items_q(UserFactory())).exists()


def test_public_journey_items_are_what_an_anonymous_reader_is_shared():
    """permissions.public_journey_items_q (conditions on the joined exchange) selects the same
    lessons, outcomes and commitments as shared_journey_items_q of an anonymous reader, for
    every visibility and status of the exchange and every privacy of the item."""
    from django.contrib.auth.models import AnonymousUser

    for visibility in Exchange.Visibility.values:
        for status in Exchange.Status.values:
            exchange = ExchangeFactory(visibility=visibility, status=status)
            registration = AcceptedRegistrationFactory(registration_type__exchange=exchange)
            for privacy in Privacy.values:
                LessonFactory(registration=registration, privacy=privacy)
                OutcomeFactory(registration=registration, privacy=privacy)
                CommitmentFactory(registration=registration, privacy=privacy)
    for model in (Lesson, Outcome, Commitment):
        shared = set(model.objects.filter(permissions.shared_journey_items_q(AnonymousUser())).values_list("pk"))
        joined = set(model.objects.filter(permissions.public_journey_items_q()).values_list("pk"))
        assert joined == shared and shared, model
