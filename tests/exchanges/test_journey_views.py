"""The learning-journey pages: the delegate's journey, its forms, the one-click follow-up link
and the verifier's answer page."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from translocal.exchanges import journey_links, services
from translocal.exchanges.models import FollowUp, Lesson, Substantiation

from .factories import AcceptedRegistrationFactory, CommitmentFactory, LessonFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


def _journey(registration):
    return reverse("exchanges:journey", kwargs={"registration_id": registration.pk})


def test_the_journey_page_shows_goals_lessons_commitments_follow_ups_and_outcomes(client):
    registration = AcceptedRegistrationFactory(learning_goals="How residents start proposals.")
    LessonFactory(registration=registration, title="Thresholds make promises", privacy="private")
    commitment = CommitmentFactory(registration=registration, title="Propose a duty to answer")
    services.add_follow_up(
        acting_user=registration.user, commitment=commitment, data={"status": "in_progress", "note": "Drafted."}
    )
    OutcomeFactory(registration=registration, description="The cabinet adopted the duty.")
    client.force_login(registration.user)
    response = client.get(_journey(registration))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "How residents start proposals.",
        "Thresholds make promises",
        "Propose a duty to answer",
        "Drafted.",
        "The cabinet adopted the duty.",
        "Harvest a case from this lesson",
    ):
        assert text in html


def test_the_journey_page_costs_the_same_queries_with_few_or_many_items(client, django_assert_num_queries):
    """Session, user, registration, then lessons, commitments, follow-ups, the processes the
    commitments became (core.lineage), outcomes and their substantiations: 9 queries for 1
    item of each or 20."""
    registration = AcceptedRegistrationFactory()
    client.force_login(registration.user)

    def add(count):
        for n in range(count):
            commitment = CommitmentFactory(registration=registration)
            LessonFactory(registration=registration)
            OutcomeFactory(registration=registration, commitment=commitment)
            FollowUp.objects.create(commitment=commitment, status="in_progress", note=f"Note {n}")

    add(1)
    with django_assert_num_queries(9):
        client.get(_journey(registration))
    add(19)
    with django_assert_num_queries(9):
        assert client.get(_journey(registration)).status_code == 200


def test_someone_elses_journey_is_not_found_but_organisers_read_it(client):
    registration = AcceptedRegistrationFactory()
    LessonFactory(registration=registration, title="A private lesson", privacy="private")
    client.force_login(UserFactory())
    assert client.get(_journey(registration)).status_code == 404
    client.force_login(registration.exchange.created_by)
    response = client.get(_journey(registration))
    assert response.status_code == 200
    assert "A private lesson" in response.content.decode()
    assert "Add a lesson" not in response.content.decode()
    url = reverse("exchanges:lesson-create", kwargs={"registration_id": registration.pk})
    assert client.get(url).status_code == 404


def test_a_lesson_form_with_errors_shows_the_error_summary(client):
    registration = AcceptedRegistrationFactory()
    client.force_login(registration.user)
    url = reverse("exchanges:lesson-create", kwargs={"registration_id": registration.pk})
    response = client.post(url, {"title": "", "privacy": "public"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_title"' in html
    response = client.post(url, {"title": "Ask before deciding", "privacy": "public", "answers_goal": "on"})
    assert response.status_code == 302
    assert Lesson.objects.get(registration=registration).answers_goal


def test_the_one_click_follow_up_link_works_without_signing_in_and_expires(client):
    commitment = CommitmentFactory()
    user = commitment.registration.user
    token = journey_links.follow_up_token(commitment_id=commitment.pk, user_id=user.pk)
    url = reverse("exchanges:follow-up-link", kwargs={"token": token})
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "done", "note": "The board adopted it."})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "done"
    assert commitment.follow_ups.get().created_by == user
    other = reverse(
        "exchanges:follow-up-link",
        kwargs={"token": journey_links.follow_up_token(commitment_id=commitment.pk, user_id=UserFactory().pk)},
    )
    assert client.get(other).status_code == 404
    assert client.get(url[:-3] + "xx/").status_code == 404


def test_a_verifier_answers_once_from_the_link(client):
    outcome = OutcomeFactory()
    substantiation = Substantiation.objects.create(
        outcome=outcome, verifier_name="Ruth", verifier_email="ruth@council.example"
    )
    token = journey_links.substantiation_token(substantiation_id=substantiation.pk, email="ruth@council.example")
    url = reverse("exchanges:substantiation-answer", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 200
    assert outcome.description in response.content.decode()
    assert "There is a problem" in client.post(url, {}).content.decode()
    response = client.post(url, {"answer": "confirms", "comment": "Minuted on 3 March."})
    assert response.status_code == 200
    assert "your answer was saved" in response.content.decode()
    substantiation.refresh_from_db()
    assert substantiation.answer == "confirms"
    response = client.post(url, {"answer": "does_not_confirm"})
    substantiation.refresh_from_db()
    assert substantiation.answer == "confirms"


def test_harvesting_a_lesson_opens_the_case_draft(client):
    lesson = LessonFactory(title="Assemblies that draft proposals")
    client.force_login(lesson.registration.user)
    url = reverse(
        "exchanges:lesson-harvest", kwargs={"registration_id": lesson.registration_id, "lesson_id": lesson.pk}
    )
    response = client.post(url)
    lesson.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:case-edit", kwargs={"slug": lesson.harvested_case.slug})


@pytest.mark.parametrize("follow_ups", [1, 12])
def test_the_commitment_page_costs_the_same_whatever_its_follow_ups(client, django_assert_num_queries, follow_ups):
    """/exchanges/commitments/<id>/, to an anonymous visitor and to its delegate."""
    import datetime as dt

    registration = AcceptedRegistrationFactory()
    commitment = CommitmentFactory(registration=registration, title="Propose a duty to answer", privacy="public")
    for day in range(follow_ups):
        services.add_follow_up(
            acting_user=registration.user, commitment=commitment,
            data={"status": "in_progress", "note": f"Step {day}.", "written_on": dt.date(2025, 1, 1 + day)},
        )
    url = reverse("exchanges:commitment-detail", kwargs={"commitment_id": commitment.pk})
    client.get(url)  # warm what is kept in memory across requests
    # the commitment, its follow-ups, its goals, its exchange, what it became (core.lineage), the
    # versions of the cached "who else tried this" section
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()
    assert "Propose a duty to answer" in page and page.count("Step ") == follow_ups
    client.force_login(registration.user)
    # the delegate: session and user; the same reads but the exchange (they may see it as its
    # delegate); the SDG suggestions they may confirm
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
