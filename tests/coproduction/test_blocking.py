"""Coordinators block a person in a hub: they read but can no longer propose, comment,
support, sign or register in any of its processes; their content can be hidden; every block
and unblock is audited; the check costs no query (it is read with the hub role)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import HubFactory
from translocal.audit.models import AuditEntry
from translocal.coproduction import permissions, selectors
from translocal.coproduction import services as process_services
from translocal.coproduction.blocking import services
from translocal.coproduction.blocking.models import HubBlock
from translocal.coproduction.initiatives.models import Initiative
from translocal.coproduction.meetings.models import Meeting
from translocal.coproduction.models import Comment, Proposal

from .conftest import ROLES

pytestmark = pytest.mark.django_db


def _block(world, person, **kwargs) -> HubBlock:
    return services.block_person(acting_user=world.people["coordinator"], hub=world.hub, user=person,
                                 reason=kwargs.pop("reason", "Repeated abuse"), **kwargs)


@pytest.mark.parametrize("moment", ["proposals", "support", "voting"])
def test_a_blocked_person_takes_part_in_nothing_but_still_reads(world, moment):
    person = world.people["member"]
    process = world.process(moment=moment)
    proposal = world.proposal(process)
    starts = timezone.now() + dt.timedelta(days=2)
    meeting = Meeting(process=process, title="M", location="Hall", starts_at=starts,
                      ends_at=starts + dt.timedelta(hours=1))
    initiative = Initiative(process=process, title="I", body="B", signatures_needed=3,
                            deadline=timezone.now() + dt.timedelta(days=2))
    actions = {
        "can_propose": process, "can_comment_on": proposal, "can_support": proposal, "can_register": meeting,
        "can_sign": initiative, "can_start_initiative": process, "can_vote_in_poll": process,
    }
    before = {name: getattr(permissions, name)(person, subject) for name, subject in actions.items()}
    assert any(before.values())
    _block(world, person)
    person = type(person).objects.get(pk=person.pk)  # a new request
    after = {name: getattr(permissions, name)(person, subject) for name, subject in actions.items()}
    assert not any(after.values())
    assert permissions.can_view_process(person, process) and permissions.can_view_proposal(person, proposal)


def test_the_block_holds_in_every_process_of_the_hub_and_no_other_hub(world):
    person = world.people["resident"]
    _block(world, person)
    assert not permissions.can_propose(person, world.process(moment="proposals"))
    other = world.process(moment="proposals")
    type(other).objects.filter(pk=other.pk).update(hub=HubFactory())
    other = type(other).objects.get(pk=other.pk)
    assert permissions.can_propose(person, other)


def test_services_refuse_a_blocked_person(world):
    person = world.people["resident"]
    process = world.process(moment="proposals")
    proposal = world.proposal(process)
    _block(world, person)
    with pytest.raises(PermissionDenied):
        process_services.create_proposal(acting_user=person, process=process, title="T", body="B")
    with pytest.raises(PermissionDenied):
        process_services.add_comment(acting_user=person, target=proposal, body="Hello")


def test_blocking_can_hide_what_they_wrote_and_is_audited(world):
    person = world.people["resident"]
    process = world.process(moment="proposals")
    theirs = process_services.create_proposal(acting_user=person, process=process, title="Spam", body="Buy now")
    comment = process_services.add_comment(acting_user=person, target=world.proposal(process), body="More spam")
    _block(world, person, hide_content=True)
    assert Proposal.objects.get(pk=theirs.pk).is_hidden and Comment.objects.get(pk=comment.pk).is_hidden
    entry = AuditEntry.objects.get(action="coproduction.block")
    assert entry.reason == "Repeated abuse" and entry.details["hid"] == {"proposals": 1, "comments": 1,
                                                                          "initiatives": 0}
    services.unblock_person(acting_user=world.people["coordinator"], hub=world.hub, user=person, reason="Apologised")
    assert AuditEntry.objects.filter(action="coproduction.unblock").count() == 1
    person = type(person).objects.get(pk=person.pk)
    assert permissions.can_propose(person, process)


@pytest.mark.parametrize("role", ["member", "moderator", "resident"])
def test_only_coordinators_and_staff_block(world, role):
    with pytest.raises(PermissionDenied):
        services.block_person(acting_user=world.people[role], hub=world.hub, user=world.author, reason="No")


@pytest.mark.parametrize("target", ["coordinator", "staff"])
def test_coordinators_and_staff_cannot_be_blocked(world, target):
    with pytest.raises(ValidationError):
        _block(world, world.people[target])


def test_blocking_twice_or_without_a_reason_is_refused(world):
    with pytest.raises(ValidationError):
        _block(world, world.author, reason=" ")
    _block(world, world.author)
    with pytest.raises(ValidationError):
        _block(world, world.author)


def test_the_block_is_read_with_the_hub_role_in_one_query(world, django_assert_num_queries):
    person = world.people["member"]
    _block(world, person)
    process = world.process(moment="proposals")
    person = type(person).objects.get(pk=person.pk)
    with django_assert_num_queries(2):  # the process's phases; hub role, block and process role in one
        assert not permissions.can_propose(person, process)
    assert selectors.is_blocked_in_hub(person, world.hub.pk)


@pytest.mark.parametrize("role", ROLES)
def test_the_blocking_page_is_for_coordinators_and_staff(world, client, role):
    if world.people[role] is not None:
        client.force_login(world.people[role])
    url = reverse("coproduction:hub-blocks", args=[world.hub.slug])
    allowed = role in ("coordinator", "staff")
    response = client.get(url)
    assert response.status_code == (302 if role == "anonymous" else 200 if allowed else 403)
    posted = client.post(url, {"username": world.author.username, "reason": "Abuse", "hide_content": "on"})
    assert posted.status_code == (302 if role == "anonymous" or allowed else 403)
    assert HubBlock.objects.filter(hub=world.hub, user=world.author).exists() is allowed
    unblock = client.post(reverse("coproduction:hub-unblock", args=[world.hub.slug, world.author.pk]))
    assert unblock.status_code == (302 if role == "anonymous" or allowed else 403)
    assert not HubBlock.objects.filter(hub=world.hub, user=world.author).exists()


def test_the_blocking_page_shows_errors_and_costs_the_same_at_10_and_200(world, client, django_assert_num_queries):
    from tests.factories import UserFactory

    client.force_login(world.people["coordinator"])
    url = reverse("coproduction:hub-blocks", args=[world.hub.slug])
    empty = client.post(url, {"username": "", "reason": ""})
    assert "There is a problem" in empty.content.decode()
    unknown = client.post(url, {"username": "nobody-here", "reason": "x"})
    assert "There is no one with this username." in unknown.content.decode()
    for rows in (10, 200):
        people = UserFactory.create_batch(rows)
        HubBlock.objects.bulk_create(HubBlock(hub=world.hub, user=u, reason="r") for u in people)
        # session, user, hub, the viewer's hub role (with block), blocks with people
        with django_assert_num_queries(5):
            assert client.get(url).status_code == 200
        HubBlock.objects.all().delete()
