"""Setting a budget up through its pages (the budget and its rules, projects, a .pb import with a
report of each record left out), rules frozen at the first ballot with nothing lost, and the
outcome computed once, in the background, when voting ends (by time travel: ``now`` is given)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from translocal.audit.models import AuditEntry
from translocal.coproduction.budgets import outcomes as budget_outcomes
from translocal.coproduction.budgets import selectors as budget_selectors
from translocal.coproduction.budgets import services as budget_services
from translocal.coproduction.budgets.models import Budget, BudgetBallot, BudgetOutcome, BudgetProject

pytestmark = pytest.mark.django_db
needs_pabutools = pytest.mark.skipif(not budget_outcomes.available(), reason="needs the budgeting extra")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _budget(world, *, moment="voting", total=100, **rules):
    process = world.process(moment=moment)
    budget = budget_services.create_budget(
        acting_user=world.people["coordinator"], process=process, title="Youth budget", total=total, **rules
    )
    return budget


def _url(name, budget, *extra):
    return reverse(f"coproduction:{name}", args=[budget.process.slug, budget.pk, *extra])


BUDGET_POST = {
    "title": "Youth budget", "description": "", "total": "100", "currency": "GBP", "style": "knapsack",
    "min_projects": "1", "max_projects": "", "points": "", "binding_rule": "equal_shares",
}


def test_a_coordinator_sets_up_a_budget_and_its_projects_through_the_pages(world):
    process = world.process(moment="proposals")
    proposal = world.proposal(process, title="A skate park by the canal")
    client = _client(world.people["coordinator"])
    response = client.post(
        reverse("coproduction:budget-create", args=[process.slug]),
        {**BUDGET_POST, "title": "Youth budget 2027", "total": "5000", "style": "approval", "min_projects": "3"},
    )
    budget = Budget.objects.get(process=process)
    assert response.status_code == 302 and response["Location"] == budget.get_absolute_url()
    assert (budget.title, budget.total, budget.style, budget.min_projects) == ("Youth budget 2027", 5000, "approval", 3)

    client.post(_url("budget-project-create", budget), {"title": "Skate park", "cost": "1200", "proposal": proposal.pk})
    project = BudgetProject.objects.get(budget=budget)
    assert (project.title, project.cost, project.proposal_id) == ("Skate park", 1200, proposal.pk)
    body = client.get(budget.get_absolute_url()).content.decode()
    assert _url("budget-project-edit", budget, project.pk) in body and "A skate park by the canal" in body

    client.post(_url("budget-project-edit", budget, project.pk), {"title": "Skate park", "cost": "1500"})
    project.refresh_from_db()
    assert (project.cost, project.proposal_id) == (1500, None)
    assert client.get(_url("budget-project-delete", budget, project.pk)).status_code == 200
    response = client.post(_url("budget-project-delete", budget, project.pk))
    assert response.status_code == 302 and not BudgetProject.objects.filter(budget=budget).exists()
    assert set(AuditEntry.objects.filter(target_type__model="budgetproject").values_list("action", flat=True)) == {
        "create", "edit", "delete"
    }


def test_form_errors_follow_the_error_summary_pattern(world):
    process = world.process(moment="proposals")
    response = _client(world.people["coordinator"]).post(
        reverse("coproduction:budget-create", args=[process.slug]),
        {**BUDGET_POST, "title": "", "total": "0", "style": "points", "points": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200 and not Budget.objects.exists()
    summary = body.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_title"' in summary and "Enter a title for the budget." in summary
    assert "The amount must be at least 1." in summary
    assert "<title>Error:" in body


def test_a_cost_above_the_budget_is_refused_on_its_field(world):
    budget = _budget(world, moment="proposals")
    response = _client(world.people["coordinator"]).post(
        _url("budget-project-create", budget), {"title": "Bridge", "cost": "101"}
    )
    assert "A project cannot cost more than the whole budget." in response.content.decode()
    assert not BudgetProject.objects.exists()


def test_after_the_first_ballot_the_rules_are_refused_in_the_form_and_nothing_is_lost(world):
    budget = _budget(world)
    project = budget_services.add_project(acting_user=world.people["coordinator"], budget=budget, title="P", cost=40)
    budget_services.cast_ballot(acting_user=world.people["resident"], budget=budget, choices={project.pk: 1})
    client = _client(world.people["coordinator"])
    posted = {**BUDGET_POST, "title": "Renamed budget", "total": "250", "description": "New words"}
    response = client.post(_url("budget-edit", budget), posted)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Voting started on" in body.split('class="error-summary"')[1]
    assert 'value="250"' in body and 'value="Renamed budget"' in body and "New words" in body  # kept
    budget.refresh_from_db()
    assert (budget.total, budget.title) == (100, "Youth budget")
    # The title and description alone may still change.
    response = client.post(_url("budget-edit", budget), {**BUDGET_POST, "title": "Renamed budget"})
    budget.refresh_from_db()
    assert response.status_code == 302 and budget.title == "Renamed budget"
    # Projects are fixed too: editing and removing say why.
    response = client.post(_url("budget-project-edit", budget, project.pk), {"title": "P", "cost": "10"})
    assert "Voting started on" in response.content.decode()
    response = client.post(_url("budget-project-delete", budget, project.pk))
    assert response.status_code == 400 and "Voting started on" in response.content.decode()
    project.refresh_from_db()
    assert project.cost == 40
    assert _url("budget-project-create", budget) not in client.get(budget.get_absolute_url()).content.decode()


def test_manager_pages_cost_a_fixed_number_of_queries(world, django_assert_num_queries):
    budget = _budget(world, moment="proposals")
    for n in range(5):
        budget_services.add_project(acting_user=world.people["coordinator"], budget=budget, title=f"P{n}", cost=10)
    project = budget.projects.first()
    client = _client(world.people["coordinator"])
    # session, user, process, phases, hub role, budget
    with django_assert_num_queries(6):
        assert client.get(_url("budget-edit", budget)).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(_url("budget-import", budget)).status_code == 200
    # ... and the process's proposals to link
    with django_assert_num_queries(7):
        assert client.get(_url("budget-project-create", budget)).status_code == 200
    # session, user, process, phases, hub role, budget, project, proposals
    with django_assert_num_queries(8):
        assert client.get(_url("budget-project-edit", budget, project.pk)).status_code == 200
    with django_assert_num_queries(7):
        assert client.get(_url("budget-project-delete", budget, project.pk)).status_code == 200


# --- Importing a .pb file -----------------------------------------------------------------------

PB = """META
key;value
description;Paper ballots of the youth budget
country;United Kingdom
unit;Test
instance;paper
num_projects;4
num_votes;5
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name
1;60;Skate park
2;40;Youth café
3;500;A bridge
4;30;Music studio
VOTES
voter_id;vote
v1;1,2
v2;1,2
v3;3
v4;1,2,4
v5;4
"""


def _upload(client, budget, text, name="paper.pb"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(_url("budget-import", budget), {"file": SimpleUploadedFile(name, text.encode())})


@needs_pabutools
def test_importing_a_pb_file_reports_each_record_left_out_and_why(world):
    budget = _budget(world, moment="proposals", accepts_imported_ballots=True)
    response = _upload(_client(world.people["coordinator"]), budget, PB)
    body = response.content.decode()
    assert response.status_code == 200
    titles = list(BudgetProject.objects.filter(budget=budget).order_by("id").values_list("title", "cost"))
    assert titles == [("Skate park", 60), ("Youth café", 40), ("Music studio", 30)]
    report = body.split('id="report-title"')[1]
    assert "3 projects added." in report and "3 ballots added." in report
    rows = [row.split("</tr>")[0] for row in report.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]]
    assert len(rows) == 3
    assert "<td>Project</td><td>3</td>" in rows[0] and "cannot cost more than the whole budget" in rows[0]
    assert "<td>Ballot</td><td>v3</td>" in rows[1] and "not imported: 3" in rows[1]
    assert "<td>Ballot</td><td>v4</td>" in rows[2] and "more than the budget of 100 GBP" in rows[2]
    budget.refresh_from_db()
    assert (budget.ballot_count, budget.rules_frozen) == (3, True)
    assert BudgetBallot.objects.filter(budget=budget, user__isnull=True).count() == 3
    # The imported ballots are counted like any other.
    by_title = dict(BudgetProject.objects.filter(budget=budget).values_list("title", "pk"))
    assert sorted(sorted(c) for _b, c in budget_selectors.election_rows(budget)) == sorted(
        [[by_title["Skate park"], by_title["Youth café"]]] * 2 + [[by_title["Music studio"]]]
    )
    assert AuditEntry.objects.get(action="import").details["rejected"] == 3


@needs_pabutools
def test_a_budget_that_counts_no_ballots_cast_elsewhere_imports_the_projects_only(world):
    budget = _budget(world, moment="proposals")
    body = _upload(_client(world.people["coordinator"]), budget, PB).content.decode()
    assert "3 projects added." in body and "0 ballots added." in body
    assert "5 ballots left out: this budget does not count ballots cast elsewhere." in body
    budget.refresh_from_db()
    assert (budget.ballot_count, budget.rules_frozen) == (0, False)


@needs_pabutools
def test_a_file_that_is_not_pb_is_refused_with_a_message_and_nothing_written(world):
    budget = _budget(world, moment="proposals")
    body = _upload(_client(world.people["coordinator"]), budget, "hello;world\n").content.decode()
    assert "This is not a pabulib .pb file we can read." in body.split('class="error-summary"')[1]
    assert not BudgetProject.objects.exists()


def test_without_pabutools_the_import_page_says_what_is_missing(world, monkeypatch):
    monkeypatch.setattr(budget_outcomes, "PABUTOOLS", False)
    budget = _budget(world, moment="proposals")
    client = _client(world.people["coordinator"])
    assert "it needs the budgeting extra (pabutools)" in client.get(_url("budget-import", budget)).content.decode()
    response = _upload(client, budget, PB)
    assert response.status_code == 200 and "it needs the budgeting extra (pabutools)" in response.content.decode()
    assert not BudgetProject.objects.exists()


# --- The outcome, computed once when voting ends --------------------------------------------------


def _voted(world, *, moment="voting"):
    """Six voters for projects 0 and 1, four for 2 (the hand-worked election of test_budgets)."""
    budget = _budget(world, moment=moment)
    projects = [
        budget_services.add_project(acting_user=world.people["coordinator"], budget=budget, title=f"P{n}", cost=50)
        for n in range(3)
    ]
    for person in UserFactory.create_batch(6):
        budget_services.cast_ballot(acting_user=person, budget=budget, choices={projects[0].pk: 1, projects[1].pk: 1})
    for person in UserFactory.create_batch(4):
        budget_services.cast_ballot(acting_user=person, budget=budget, choices={projects[2].pk: 1})
    budget.refresh_from_db()
    return budget, projects


@needs_pabutools
def test_the_outcome_is_computed_once_when_the_voting_phase_ends(world):
    budget, projects = _voted(world)
    voting = budget.process.phases.get(budget_vote=True)
    assert budget_services.count_ended_budgets(now=voting.ends_at - dt.timedelta(seconds=1)) == 0
    assert not BudgetOutcome.objects.exists()
    assert budget_services.count_ended_budgets(now=voting.ends_at + dt.timedelta(minutes=1)) == 1
    outcome = BudgetOutcome.objects.get(budget=budget)
    assert outcome.ballots_version == budget.ballots_version
    assert outcome.summary["equal_shares"] == [str(projects[0].pk), str(projects[2].pk)]
    assert outcome.summary["greedy"] == [str(projects[0].pk), str(projects[1].pk)]
    computed_at = outcome.computed_at
    assert budget_services.count_ended_budgets(now=voting.ends_at + dt.timedelta(hours=2)) == 0
    assert BudgetOutcome.objects.get(budget=budget).computed_at == computed_at


@needs_pabutools
def test_closing_voting_by_hand_computes_the_outcome_after_commit_and_stops_ballots(
    world, monkeypatch
):
    from django.db import connection

    budget, projects = _voted(world)
    client = _client(world.people["coordinator"])
    assert "Close voting now" in client.get(budget.get_absolute_url()).content.decode()
    real_compute, seen = budget_outcomes.compute, []

    def compute(election):  # where the worker computes: after the commit, in no write transaction
        seen.append(all(getattr(block, "test_owned", False) for block in connection.atomic_blocks))
        return real_compute(election)

    monkeypatch.setattr(budget_outcomes, "compute", compute)
    response = client.post(_url("budget-close", budget))
    budget.refresh_from_db()
    assert response.status_code == 302 and budget.voting_closed_at is not None
    assert seen == [True]
    assert BudgetOutcome.objects.filter(budget=budget, ballots_version=budget.ballots_version).exists()
    assert AuditEntry.objects.filter(action="budget.close").count() == 1
    late = _client(world.people["resident"]).post(_url("budget-vote", budget), {"projects": [projects[0].pk]})
    assert late.status_code == 403 and budget.ballots.count() == 10
    assert client.post(_url("budget-close", budget)).status_code == 403
    # The results page reads the stored outcome: nothing is computed while it waits.
    monkeypatch.setattr(budget_outcomes, "compute", lambda election: pytest.fail("computed in the request"))
    body = client.get(_url("budget-results", budget)).content.decode()
    assert "this is the final outcome" in body and ">Funded<" in body


@needs_pabutools
def test_an_ended_budget_without_a_stored_outcome_queues_it_instead_of_computing(world, monkeypatch):
    from types import SimpleNamespace

    from translocal.coproduction import tasks

    budget, _projects = _voted(world)
    Budget.objects.filter(pk=budget.pk).update(voting_closed_at=timezone.now())
    queued = []
    monkeypatch.setattr(tasks, "compute_budget_outcome_task", SimpleNamespace(enqueue=lambda *a: queued.append(a)))
    monkeypatch.setattr(budget_outcomes, "compute", lambda election: pytest.fail("computed in the request"))
    body = _client(world.people["coordinator"]).get(_url("budget-results", budget)).content.decode()
    assert "are being worked out" in body
    assert queued == [(budget.pk, budget.ballots_version)]


def test_the_scheduled_command_queues_ended_budgets(world, capsys):
    from django.core.management import call_command

    budget, _projects = _voted(world)
    voting = budget.process.phases.get(budget_vote=True)
    call_command("count_budgets", "--now", (voting.ends_at + dt.timedelta(minutes=1)).isoformat())
    expected = 1 if budget_outcomes.available() else 0
    assert f"{expected} budget outcome(s) queued." in capsys.readouterr().out
    assert BudgetOutcome.objects.filter(budget=budget).exists() is budget_outcomes.available()
