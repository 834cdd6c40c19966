"""The support button's write path, the hottest write of a supports phase: an exact number of
queries, none of them a read after the write (the htmx reply is rendered from what the service
returned), and every decision that could race taken by the database in the write itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PhaseFactory, UserFactory
from translocal.coproduction import counters, permissions, selectors, services
from translocal.coproduction.blocking.models import HubBlock
from translocal.coproduction.models import Participation, Process, Proposal, Support
from translocal.core.models import ContentVersion

pytestmark = pytest.mark.django_db

#: A support with no transaction around the request (as in production: these tests run with
#: real commits). Session, user (each one plain statement: accounts.sessions,
#: accounts.backends), the proposal with its process, its phases and the person's hub and
#: process roles (one statement), then on PostgreSQL the whole write in one statement that
#: commits by itself (``counters.support_at_once``: support row, allowance, count and the
#: proposal's cache version); on SQLite BEGIN, the support (ON CONFLICT DO NOTHING), the
#: allowance (a conditional upsert), the count (UPDATE ... RETURNING), the version (one upsert)
#: and COMMIT.
SUPPORT_QUERIES = {"postgresql": 4, "sqlite": 9}
#: The same for taking a support back (``counters.withdraw_at_once`` on PostgreSQL; a DELETE
#: for the INSERT and a plain update of the allowance on SQLite).
UNSUPPORT_QUERIES = {"postgresql": 4, "sqlite": 9}
#: The support that reaches the threshold: on PostgreSQL the one statement declines (it wrote
#: nothing) and the transaction's path runs (BEGIN, count, support, allowance, COMMIT as on
#: SQLite), plus the threshold's mark and timeline event and, after the commit, the
#: co-production pages' version (the badge shows on the lists).
THRESHOLD_SUPPORT_QUERIES = {"postgresql": 13, "sqlite": 12}


def _post(client, name: str, proposal: Proposal, queries: int, django_assert_num_queries) -> str:
    url = reverse(f"coproduction:{name}", args=[proposal.process.slug, proposal.pk])
    with CaptureQueriesContext(connection) as captured, django_assert_num_queries(queries):
        response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    statements = [q["sql"].split()[0].upper() for q in captured.captured_queries]
    # The first write: PostgreSQL's one statement (WITH ...) or the transaction's first step.
    first_write = next(i for i, word in enumerate(statements) if word in ("WITH", "UPDATE", "INSERT", "DELETE"))
    assert "SELECT" not in statements[first_write:]  # nothing read again after the write
    return response.content.decode()


@pytest.mark.django_db(transaction=True)
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
    body = _post(client, "proposal-support", first, THRESHOLD_SUPPORT_QUERIES[connection.vendor],
                 django_assert_num_queries)
    assert "2 supports" in body and "Threshold reached" in body
    assert "You support this proposal." in body and "You can support 2 more proposals" in body
    body = _post(client, "proposal-support", second, SUPPORT_QUERIES[connection.vendor], django_assert_num_queries)
    assert "1 support" in body and "You can support 1 more proposal" in body
    assert Participation.objects.get(process=process, user=person).supports_used == 2
    body = _post(client, "proposal-unsupport", first, UNSUPPORT_QUERIES[connection.vendor], django_assert_num_queries)
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


@pytest.mark.django_db(transaction=True)
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
    body = _post(client, "proposal-support", proposals[-1], SUPPORT_QUERIES[connection.vendor],
                 django_assert_num_queries)
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


@pytest.mark.parametrize("moment", ["support", "before", "after", "overlap"])
def test_the_support_read_finds_the_running_phase_by_current_phases_rule(world, moment):
    """The one-statement read brings only the running phase: the one ``current_phase`` picks
    from all of them (the latest started when two overlap; none before the first or after the
    last), and ``phases_of`` still gives every phase, read when asked."""
    process = world.process(moment="support" if moment == "overlap" else moment)
    if moment == "overlap":  # a phase started after the support phase, running with it
        now = timezone.now()
        PhaseFactory(process=process, position=9, name="Late", starts_at=now - dt.timedelta(hours=1),
                     ends_at=now + dt.timedelta(days=1), comment=True)
    proposal = world.proposal(process)
    expected = selectors.current_phase(Process.objects.get(pk=process.pk))
    with CaptureQueriesContext(connection) as captured:
        read = selectors.proposal_for_support(slug=process.slug, pk=proposal.pk, user=world.people["member"])
        running = selectors.current_phase(read.process)
    assert len(captured) == 1
    assert (running.pk if running else None) == (expected.pk if expected else None)
    assert {"support": "Support", "before": None, "after": None, "overlap": "Late"}[moment] == (
        running.name if running else None
    )
    assert [p.pk for p in selectors.phases_of(read.process)] == list(
        process.phases.order_by("position").values_list("pk", flat=True)
    )


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


# --- PostgreSQL's one statement: all or nothing ---------------------------------------------------

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'")


def _state(proposal: Proposal, person) -> tuple:
    """What a support could have written: the rows, the allowance, the count, the version."""
    return (
        Support.objects.filter(proposal=proposal).count(),
        list(Participation.objects.filter(process=proposal.process, user=person).values_list(
            "supports_used", flat=True)),
        Proposal.objects.get(pk=proposal.pk).support_count,
        list(ContentVersion.objects.filter(name=selectors.item_version_name("proposal", proposal.pk)).values_list(
            "version", flat=True)),
    )


def _at_once(proposal: Proposal, person, **overrides):
    process = proposal.process
    arguments = {
        "proposal_id": proposal.pk, "process_id": process.pk, "user_id": person.pk,
        "limit": process.supports_per_person, "threshold": process.support_threshold,
        "milestones": services.SUPPORT_MILESTONES, "version": selectors.item_version_name("proposal", proposal.pk),
    }
    return counters.support_at_once(**{**arguments, **overrides})


@postgres_only
def test_the_one_statement_writes_the_support_the_allowance_the_count_and_the_version(world):
    process = world.process(moment="support", supports_per_person=3)
    proposal = world.proposal(process)
    person = world.people["member"]
    before = _state(proposal, person)
    with CaptureQueriesContext(connection) as captured:
        assert _at_once(proposal, person) == (1, 1)
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["SAVEPOINT", "WITH", "RELEASE"]
    assert before == (0, [], 0, [])
    assert _state(proposal, person) == (1, [1], 1, [1])
    assert _at_once(world.proposal(process), person) == (1, 2)  # the allowance row exists now


@postgres_only
@pytest.mark.parametrize(
    "case", ["already supported", "no support left", "hidden", "withdrawn", "threshold"]
)
def test_the_one_statement_declines_and_writes_nothing(world, case):
    """Whatever could refuse (or reaches the threshold) makes the statement decline with
    nothing written; the transaction's path then decides and says why."""
    process = world.process(moment="support", supports_per_person=1, support_threshold=5)
    proposal, other = world.proposal(process), world.proposal(process)
    person = world.people["member"]
    if case == "already supported":
        assert _at_once(proposal, person) == (1, 1)
        Participation.objects.filter(user=person).update(supports_used=0)  # only the row may refuse
    elif case == "no support left":
        assert _at_once(other, person) == (1, 1)
    elif case == "hidden":
        Proposal.objects.filter(pk=proposal.pk).update(is_hidden=True)
    elif case == "withdrawn":
        Proposal.objects.filter(pk=proposal.pk).update(withdrawn_at=timezone.now())
    elif case == "threshold":
        Proposal.objects.filter(pk=proposal.pk).update(support_count=4)
    before = _state(proposal, person)
    assert _at_once(proposal, person, threshold=process.support_threshold) is None
    assert _state(proposal, person) == before


@postgres_only
def test_the_one_statement_writes_a_milestones_event_once(world):
    """The support whose count reaches a milestone writes the milestone's timeline event in
    the same statement, as the transaction's path writes it: once, with the support's time."""
    process = world.process(moment="support", supports_per_person=None, support_threshold=None)
    first = services.SUPPORT_MILESTONES[0]
    proposal = world.proposal(process, support_count=first - 1)
    with CaptureQueriesContext(connection) as captured:
        assert _at_once(proposal, world.people["member"]) == (first, 1)
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["SAVEPOINT", "WITH", "RELEASE"]
    events = list(proposal.events.filter(kind="milestone").values_list("value", "answer_state", "text"))
    assert events == [(first, "", "")]
    assert proposal.events.get(kind="milestone").created_at == Support.objects.get(proposal=proposal).created_at
    Proposal.objects.filter(pk=proposal.pk).update(support_count=first - 1)  # as if one was taken back
    assert _at_once(proposal, world.people["resident"]) == (first, 1)
    assert proposal.events.filter(kind="milestone").count() == 1  # never twice
    assert _at_once(proposal, world.people["invited"]) == (first + 1, 1)
    assert proposal.events.filter(kind="milestone").count() == 1


@postgres_only
def test_a_threshold_already_reached_does_not_stop_the_one_statement(world):
    process = world.process(moment="support", support_threshold=2)
    proposal = world.proposal(process, support_count=7, threshold_reached_at=timezone.now())
    assert _at_once(proposal, world.people["member"]) == (8, 1)


@postgres_only
def test_the_one_statement_withdrawal_declines_without_a_support_and_writes_nothing(world):
    process = world.process(moment="support", supports_per_person=2)
    proposal = world.proposal(process)
    person = world.people["member"]
    version = selectors.item_version_name("proposal", proposal.pk)
    arguments = {"proposal_id": proposal.pk, "process_id": process.pk, "user_id": person.pk, "version": version}
    assert counters.withdraw_at_once(**arguments) is None
    assert _state(proposal, person) == (0, [], 0, [])
    assert _at_once(proposal, person) == (1, 1)
    assert counters.withdraw_at_once(**arguments) == (0, 0)
    assert _state(proposal, person) == (0, [0], 0, [2])


def test_on_sqlite_the_one_statement_declines_without_a_query(world):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite has no data-modifying CTEs: the transaction's path")
    proposal = world.proposal(world.process(moment="support"))
    with CaptureQueriesContext(connection) as captured:
        assert _at_once(proposal, world.people["member"]) is None
        assert counters.withdraw_at_once(
            proposal_id=proposal.pk, process_id=proposal.process_id, user_id=1, version="x"
        ) is None
    assert len(captured) == 0


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@postgres_only
def test_the_hot_statements_are_prepared_on_their_connection_and_read_the_same(world):
    """The session, the user and a support's read and write go through
    ``raw_rows.prepared_cursor``: after five runs on a connection PostgreSQL keeps the plan
    (server-side binding; ``OPTIONS["prepare_threshold"]``), and the values read are the ones
    the default cursor reads."""
    process = world.process(moment="support", supports_per_person=None)
    proposals = [world.proposal(process) for _ in range(7)]
    person = world.people["member"]
    assert not any("coproduction_phase" in statement for statement in _prepared_statements())
    for proposal in proposals[:6]:
        read = selectors.proposal_for_support(slug=process.slug, pk=proposal.pk, user=person)
        assert read.pk == proposal.pk and read.process.pk == process.pk
        assert _at_once(read, person) == (1, proposals.index(proposal) + 1)
    prepared = _prepared_statements()
    assert any("coproduction_phase" in statement and "$1" in statement for statement in prepared)  # the read
    assert any(statement.startswith("WITH proposal AS") for statement in prepared)  # the write
    read = selectors.proposal_for_support(slug=process.slug, pk=proposals[6].pk, user=person)
    orm = Proposal.objects.get(pk=proposals[6].pk)
    for field in Proposal._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(orm, field.attname), field.name
    assert [p.pk for p in selectors.phases_of(read.process)] == list(
        process.phases.order_by("position").values_list("pk", flat=True)
    )
