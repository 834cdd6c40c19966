"""The admin of learning journeys: read-only pages, and moderation (take off shared pages,
delete) through services.journey_moderation, with audit rows; a staff member without the
permission is refused by the service itself."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tests.factories import ProcessFactory, UserFactory
from translocal.audit.models import AuditEntry
from translocal.core.models import Lineage
from translocal.exchanges import services
from translocal.exchanges.models import Commitment, FollowUp, Lesson, Outcome, Substantiation
from translocal.exchanges.services import journey_moderation

from .factories import CommitmentFactory, LessonFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["lesson", "commitment", "followup", "outcome", "substantiation"])
def test_staff_read_journey_items_in_the_admin(admin_client, model):
    commitment = CommitmentFactory(title="Start a residents' budget")
    follow_up = FollowUp.objects.create(commitment=commitment, status="in_progress", note="Drafted the paper.")
    lesson = LessonFactory(registration=commitment.registration, title="Thresholds make promises")
    outcome = OutcomeFactory(registration=commitment.registration, description="The cabinet adopted it.")
    substantiation = Substantiation.objects.create(outcome=outcome, verifier_name="Ruth", verifier_email="r@e.org")
    obj = {"lesson": lesson, "commitment": commitment, "followup": follow_up, "outcome": outcome,
           "substantiation": substantiation}[model]
    assert admin_client.get(reverse(f"admin:exchanges_{model}_changelist")).status_code == 200
    page = admin_client.get(reverse(f"admin:exchanges_{model}_change", args=[obj.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # read-only: nothing is saved from the form


def test_take_off_shared_pages_goes_through_the_service_and_is_audited(admin_client, client):
    lesson = LessonFactory(title="Thresholds make promises", privacy="public")
    impact = reverse("exchanges:impact", kwargs={"slug": lesson.exchange.slug})
    assert "Thresholds make promises" in client.get(impact).content.decode()
    response = admin_client.post(
        reverse("admin:exchanges_lesson_changelist"), {"action": "make_private", "_selected_action": [lesson.pk]}
    )
    assert response.status_code == 302
    assert Lesson.objects.get(pk=lesson.pk).privacy == "private"
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["journey.make_private"]
    assert "Thresholds make promises" not in client.get(impact).content.decode()


def test_deleting_a_commitment_in_the_admin_takes_its_follow_ups_and_links(admin_client):
    commitment = CommitmentFactory()
    FollowUp.objects.create(commitment=commitment, status="in_progress", note="Drafted.")
    services.save_commitment(acting_user=commitment.registration.user, registration=commitment.registration,
                             commitment=commitment, data={"becomes": ProcessFactory().pk})
    url = reverse("admin:exchanges_commitment_delete", args=[commitment.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Commitment.objects.exists() and not FollowUp.objects.exists() and not Lineage.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["journey.remove"]


def test_removing_a_follow_up_moves_its_commitment_back_to_the_one_before(admin_client):
    commitment = CommitmentFactory()
    user = commitment.registration.user
    services.add_follow_up(acting_user=user, commitment=commitment, data={"status": "in_progress", "note": "Begun."})
    done = services.add_follow_up(acting_user=user, commitment=commitment, data={"status": "done", "note": "Done."})
    assert Commitment.objects.get(pk=commitment.pk).closed_at is not None
    url = reverse("admin:exchanges_followup_delete", args=[done.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.status, stored.closed_at) == ("in_progress", None)
    assert AuditEntry.objects.filter(action="journey.remove_follow_up").count() == 1


def test_staff_without_the_permission_are_refused_by_the_service():
    outcome = OutcomeFactory()
    clerk = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        journey_moderation.remove_journey_item(acting_user=clerk, item=outcome)
    with pytest.raises(PermissionDenied):
        journey_moderation.make_journey_item_private(acting_user=clerk, item=outcome)
    clerk.user_permissions.add(Permission.objects.get(codename="change_outcome"))
    clerk = type(clerk).objects.get(pk=clerk.pk)  # permissions are cached per instance
    journey_moderation.make_journey_item_private(acting_user=clerk, item=outcome)
    assert Outcome.objects.get(pk=outcome.pk).privacy == "private"
    assert Outcome.objects.filter(pk=outcome.pk).exists()
