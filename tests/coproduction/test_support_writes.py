"""The support button's write path, the hottest write of a supports phase: an exact number of
queries, none of them a read after the write (the htmx reply is rendered from what the service
returned), and every decision that could race taken by the database in the write itself."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from translocal.coproduction import permissions, selectors, services
from translocal.coproduction.blocking.models import HubBlock
from translocal.coproduction.models import Participation, Process, Proposal, Support

pytestmark = pytest.mark.django_db

#: session, user (each one plain statement: accounts.sessions, accounts.backends), the proposal
#: with its process, its phases and the person's hub and process roles (one statement), then the
#: test's savepoint (the transaction in production), the support (ON CONFLICT DO NOTHING), the
#: allowance (a conditional upsert), the count (UPDATE ... RETURNING), the proposal's cache
#: version (one upsert) and the savepoint's release. The same on SQLite and PostgreSQL.
SUPPORT_QUERIES = 9
#: The same for taking a support back, with a DELETE for the INSERT and a plain update of the
#: allowance.
UNSUPPORT_QUERIES = 9


def _post(client, name: str, proposal: Proposal, queries: int, django_assert_num_queries) -> str:
    url = reverse(f"coproduction:{name}", args=[proposal.process.slug, proposal.pk])
    with CaptureQueriesContext(connection) as captured, django_assert_num_queries(queries):
        response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    statements = [q["sql"].split()[0].upper() for q in captured.captured_queries]
    first_write = next(i for i, word in enumerate(statements) if word in ("INSERT", "DELETE"))
    assert "SELECT" not in statements[first_write:]  # nothing read again after the write
    return response.content.decode()


def test_a_support_by_htmx_costs_an_exact_number_of_queries_and_reads_nothing_back(
    world, client, django_assert_num_queries
):
    process = world.process(moment="support", supports_per_person=3, support_threshold=2)
    first, second = world.proposal(process), world.proposal(process)
    services.support_proposal(acting_user=UserFactory(), proposal=first)
    person = world.people["member"]
    client.force_login(person)
    # The support that reaches the threshold also marks it and puts it on the timeline, once,
    # and moves the co-production pages' version after commit (the badge shows on the lists).
    body = _post(client, "proposal-support", first, SUPPORT_QUERIES + 3, django_assert_num_queries)
    assert "2 supports" in body and "Threshold reached" in body
    assert "You support this proposal." in body and "You can support 2 more proposals" in body
    body = _post(client, "proposal-support", second, SUPPORT_QUERIES, django_assert_num_queries)
    assert "1 support" in body and "You can support 1 more proposal" in body
    assert Participation.objects.get(process=process, user=person).supports_used == 2
    body = _post(client, "proposal-unsupport", first, UNSUPPORT_QUERIES, django_assert_num_queries)
    assert "1 support" in body and "Support this proposal" in body and "You can support 2 more" in body
    assert "Threshold reached" in body  # it stays reached
    assert [Proposal.objects.get(pk=p.pk).support_count for p in (first, second)] == [1, 1]
    assert Participation.objects.get(process=process, user=person).supports_used == 1


def test_a_refused_support_answers_with_the_reason_and_writes_nothing(world, client):
    process = world.process(moment="support", supports_per_person=1)
    first, second = world.proposal(process), world.proposal(process)
    person = world.people["member"]
    client.force_login(person)
    services.support_proposal(acting_user=person, proposal=first)
    url = reverse("coproduction:proposal-support", args=[process.slug, second.pk])
    body = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'role="alert"' in body and "used all 1" in body and "0 supports" in body
    assert not Support.objects.filter(proposal=second).exists()
    assert Participation.objects.get(process=process, user=person).supports_used == 1


def test_a_proposal_hidden_after_it_was_read_takes_no_support(world):
    """The count's update only moves a proposal that is neither withdrawn nor hidden: a support
    racing a moderator is refused, and its support row and allowance roll back with it."""
    process = world.process(moment="support", supports_per_person=2)
    proposal = world.proposal(process)  # read before the moderator acts
    Proposal.objects.filter(pk=proposal.pk).update(is_hidden=True)
    person = world.people["member"]
    with pytest.raises(PermissionDenied):
        services.support_proposal(acting_user=person, proposal=proposal)
    assert not Support.objects.filter(proposal=proposal).exists()
    assert not Participation.objects.filter(process=process, user=person, supports_used__gt=0).exists()
    assert Proposal.objects.get(pk=proposal.pk).support_count == 0


def test_a_second_support_of_the_same_proposal_leaves_the_allowance_alone(world):
    process = world.process(moment="support", supports_per_person=3)
    proposal = world.proposal(process)
    person = world.people["member"]
    assert services.support_proposal(acting_user=person, proposal=proposal).supports_left == 2
    with pytest.raises(ValidationError, match="already support"):
        services.support_proposal(acting_user=person, proposal=proposal)
    assert Participation.objects.get(process=process, user=person).supports_used == 1
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1


@pytest.mark.parametrize("rows", [10, 2000])
def test_a_support_costs_the_same_at_10_and_2000_proposals_and_supports(
    world, client, django_assert_num_queries, rows
):
    process = world.process(moment="support", supports_per_person=None)
    proposals = Proposal.objects.bulk_create(
        Proposal(process=process, author=world.author, title=f"Proposal {i}", body="Text") for i in range(rows)
    )
    supporters = UserFactory.create_batch(3)
    Support.objects.bulk_create(
        Support(proposal=proposal, process=process, user=person) for proposal in proposals for person in supporters
    )
    Proposal.objects.filter(process=process).update(support_count=3)
    client.force_login(world.people["member"])
    body = _post(client, "proposal-support", proposals[-1], SUPPORT_QUERIES, django_assert_num_queries)
    assert "4 supports" in body and "You support this proposal." in body


def test_the_support_read_gives_the_proposal_its_process_phases_and_roles_as_the_orm_does(world):
    """``proposal_for_support`` reads in one statement what the ORM reads in several: the same
    field values (dates, booleans, converted as the ORM converts them), the running phase, and
    the roles the permission predicates then answer from without a query."""
    process = world.process(moment="support", supports_per_person=4, support_threshold=9)
    proposal = world.proposal(process)
    coordinator = world.people["coordinator"]
    with CaptureQueriesContext(connection) as captured:
        read = selectors.proposal_for_support(slug=process.slug, pk=proposal.pk, user=coordinator)
        assert permissions.can_support(coordinator, read) and permissions.can_manage_process(coordinator, read.process)
        assert selectors.current_phase(read.process).name == "Support"
    assert len(captured) == 1
    orm = Proposal.objects.get(pk=proposal.pk)
    for field in Proposal._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(orm, field.attname), field.name
    orm_process = Process.objects.get(pk=process.pk)
    for field in Process._meta.concrete_fields:
        assert getattr(read.process, field.attname) == getattr(orm_process, field.attname), field.name
    assert [p.starts_at for p in selectors.phases_of(read.process)] == list(
        process.phases.order_by("position").values_list("starts_at", flat=True)
    )
    anonymous = selectors.proposal_for_support(slug=process.slug, pk=proposal.pk, user=AnonymousUser())
    assert not permissions.can_support(AnonymousUser(), anonymous)
    with pytest.raises(Http404):
        selectors.proposal_for_support(slug="elsewhere", pk=proposal.pk, user=coordinator)


def test_a_blocked_person_is_refused_by_the_one_statement_read(world, client):
    """The block is read in the same statement as the proposal: a blocked person's support is
    refused and nothing is written."""
    process = world.process(moment="support")
    proposal = world.proposal(process)
    person = world.people["member"]
    HubBlock.objects.create(hub=world.hub, user=person, blocked_by=world.people["coordinator"], reason="Spam")
    client.force_login(person)
    url = reverse("coproduction:proposal-support", args=[process.slug, proposal.pk])
    assert client.post(url, HTTP_HX_REQUEST="true").status_code == 403
    assert not Support.objects.filter(proposal=proposal).exists()
