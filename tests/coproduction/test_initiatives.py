"""Citizen initiatives: a resident starts one, signatures until the deadline, one per person,
the threshold sends it to the hub's coordinators (after commit, once), the official answer, and
exact query counts."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import HubMembershipFactory, UserFactory
from translocal.audit.models import AuditEntry
from translocal.coproduction.initiatives import services
from translocal.coproduction.initiatives.models import Initiative, Signature

pytestmark = pytest.mark.django_db


def _start(world, process, **fields) -> Initiative:
    return services.start_initiative(acting_user=world.author, process=process,
                                     title=fields.get("title", "Keep the Hulme pool open"),
                                     body=fields.get("body", "The pool is the only one within walking distance."))


def test_an_initiative_needs_the_process_threshold_and_runs_until_the_phase_ends(world):
    process = world.process(moment="voting", support_threshold=3)
    initiative = _start(world, process)
    voting = process.phases.get(name="Voting")
    assert (initiative.signatures_needed, initiative.deadline) == (3, voting.ends_at)
    assert _start(world, world.process(moment="voting")).signatures_needed == services.DEFAULT_SIGNATURES_NEEDED


@pytest.mark.parametrize("moment", ["before", "proposals", "support", "results", "after"])
def test_starting_and_signing_follow_the_phase(world, moment):
    with pytest.raises(PermissionDenied):
        _start(world, world.process(moment=moment))


def test_reaching_the_threshold_tells_the_coordinators_once_after_commit(world, mailoutbox):
    process = world.process(moment="voting", support_threshold=2)
    second_coordinator = HubMembershipFactory(hub=world.hub, role="coordinator").user
    initiative = _start(world, process)
    services.sign(acting_user=UserFactory(), initiative=initiative)
    assert mailoutbox == []
    with pytest.raises(RuntimeError), transaction.atomic():  # rolled back: nobody is told
        services.sign(acting_user=UserFactory(), initiative=initiative)
        raise RuntimeError
    assert mailoutbox == [] and Initiative.objects.get(pk=initiative.pk).threshold_reached_at is None
    assert services.sign(acting_user=UserFactory(), initiative=initiative) == 2
    services.sign(acting_user=UserFactory(), initiative=initiative)  # past the threshold: no second mail
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted([world.people["coordinator"].email, second_coordinator.email])
    assert "Keep the Hulme pool open" in mailoutbox[0].subject
    assert Initiative.objects.get(pk=initiative.pk).threshold_reached_at is not None


def test_one_signature_per_person(world):
    initiative = _start(world, world.process(moment="voting"))
    person = world.people["resident"]
    services.sign(acting_user=person, initiative=initiative)
    with pytest.raises(ValidationError):
        services.sign(acting_user=person, initiative=initiative)
    assert Initiative.objects.get(pk=initiative.pk).signature_count == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(initiative=initiative, user=person)


def test_no_signatures_after_the_deadline_or_the_answer(world):
    process = world.process(moment="voting")
    late = _start(world, process)
    Initiative.objects.filter(pk=late.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    late.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.sign(acting_user=world.people["resident"], initiative=late)
    answered = _start(world, process)
    services.answer_initiative(acting_user=world.people["coordinator"], initiative=answered, state="accepted",
                               text="The pool stays open on weekends.")
    answered.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.sign(acting_user=world.people["resident"], initiative=answered)
    assert AuditEntry.objects.filter(action="initiative.answer").count() == 1


@pytest.mark.parametrize("role", ["resident", "member", "moderator"])
def test_only_coordinators_and_staff_answer(world, role):
    initiative = _start(world, world.process(moment="voting"))
    with pytest.raises(PermissionDenied):
        services.answer_initiative(acting_user=world.people[role], initiative=initiative, state="accepted", text="No")


def test_start_sign_and_answer_through_the_pages(world, client):
    process = world.process(moment="voting", support_threshold=1)
    client.force_login(world.people["resident"])
    empty = client.post(reverse("coproduction:initiative-create", args=[process.slug]), {"title": "", "body": ""})
    assert "There is a problem" in empty.content.decode()
    response = client.post(reverse("coproduction:initiative-create", args=[process.slug]),
                           {"title": "Benches at the tram stop", "body": "Older people need to sit."})
    initiative = Initiative.objects.get(title="Benches at the tram stop")
    assert response["Location"] == initiative.get_absolute_url()
    client.post(reverse("coproduction:initiative-sign", args=[process.slug, initiative.pk]))
    body = client.get(initiative.get_absolute_url()).content.decode()
    assert "You signed this initiative" in body and "1 of 1 signatures" in body
    client.force_login(world.people["coordinator"])
    client.post(reverse("coproduction:initiative-answer", args=[process.slug, initiative.pk]),
                {"state": "in_progress", "text": "Ordered for spring."})
    assert "Ordered for spring." in client.get(initiative.get_absolute_url()).content.decode()


@pytest.mark.parametrize("rows", [10, 200])
def test_the_initiative_list_costs_the_same_at_10_and_200(world, client, django_assert_num_queries, rows):
    process = world.process(moment="voting")
    deadline = timezone.now() + dt.timedelta(days=5)
    Initiative.objects.bulk_create(
        Initiative(process=process, author=world.author, title=f"Initiative {i}", body="Text", signatures_needed=5,
                   deadline=deadline) for i in range(rows)
    )
    url = reverse("coproduction:initiative-list", args=[process.slug])
    # the versions (one query), running phase (page cache), process + phases, initiatives with authors
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.content.decode().count('class="card"') == min(rows, 24)
    detail = Initiative.objects.select_related("process").first().get_absolute_url()
    ContentType.objects.get_for_model(Initiative)  # looked up once per server process, then cached
    # the same for one initiative: its row with its author instead of the page, and a page of
    # its comments
    with django_assert_num_queries(6):
        assert client.get(detail).status_code == 200
    client.force_login(world.people["resident"])
    # session, user, process + phases, initiative, hub and process roles (one query), whether
    # they signed, a page of comments
    with django_assert_num_queries(8):
        assert client.get(detail).status_code == 200


def test_a_hidden_initiative_leaves_the_list_and_a_private_one_is_not_found(world, client):
    process = world.process(moment="voting", access="members")
    initiative = services.start_initiative(acting_user=world.people["member"], process=process, title="Members' idea",
                                           body="For members.")
    Initiative.objects.filter(pk=initiative.pk).update(author=world.author)  # someone else's, hidden from the member
    Initiative.objects.filter(pk=initiative.pk).update(is_hidden=True)
    client.force_login(world.people["member"])
    listing = client.get(reverse("coproduction:initiative-list", args=[process.slug])).content.decode()
    assert "Members' idea" not in listing
    assert client.get(initiative.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(reverse("coproduction:initiative-list", args=[process.slug])).status_code == 404
