"""Budget pages: the ballot form in each style (without JavaScript), its errors in the GOV.UK
pattern, the results by both rules with the binding one marked, "how your share was used",
the .pb download, and exact query counts whatever the number of projects or ballots."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from translocal.coproduction.budgets import outcomes as budget_outcomes
from translocal.coproduction.budgets import selectors as budget_selectors
from translocal.coproduction.budgets import services as budget_services
from translocal.coproduction.budgets.models import BudgetBallot

pytestmark = pytest.mark.django_db
needs_pabutools = pytest.mark.skipif(not budget_outcomes.available(), reason="needs the budgeting extra")


def _budget(world, *, moment="voting", projects=3, cost=50, total=100, **rules):
    process = world.process(moment=moment)
    coordinator = world.people["coordinator"]
    budget = budget_services.create_budget(
        acting_user=coordinator, process=process, title="Youth budget", total=total, **rules
    )
    made = [
        budget_services.add_project(acting_user=coordinator, budget=budget, title=f"Project {n}", cost=cost)
        for n in range(projects)
    ]
    return budget, made


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name, budget):
    return reverse(f"coproduction:{name}", args=[budget.process.slug, budget.pk])


# --- The budget page and its ballot form ------------------------------------------------------


@pytest.mark.parametrize("count", [3, 40])
def test_budget_page_for_a_voter_costs_the_same_whatever_the_projects(world, django_assert_num_queries, count):
    budget, _projects = _budget(world, projects=count, cost=1)
    client = _client(world.people["resident"])
    # session, user, process, phases, hub and process roles (one query), budget, projects, ballot
    # choices, ballot
    with django_assert_num_queries(9):
        response = client.get(budget.get_absolute_url())
    body = response.content.decode()
    assert body.count('name="projects"') == count
    assert "Cast my ballot" in body
    assert 'data-style="knapsack"' in body


@pytest.mark.parametrize("count", [3, 40])
def test_budget_page_for_anonymous_visitors_costs_the_same(world, client, django_assert_num_queries, count):
    budget, _projects = _budget(world, projects=count, cost=1)
    # the versions (one query), running phase (page cache), process, phases, budget,
    # projects
    with django_assert_num_queries(6):
        response = client.get(budget.get_absolute_url())
    body = response.content.decode()
    assert "to vote in this budget" in body  # sign in to vote
    assert 'name="projects"' not in body


def test_knapsack_ballot_is_saved_and_shown_with_what_is_left(world):
    budget, (first, second, third) = _budget(world)
    client = _client(world.people["resident"])
    response = client.post(_url("budget-vote", budget), {"projects": [first.pk, third.pk]})
    assert response.status_code == 302
    assert budget_selectors.ballot_choices(user=world.people["resident"], budget=budget) == {first.pk: 1, third.pk: 1}
    body = client.get(budget.get_absolute_url()).content.decode()
    assert "Your ballot is saved" in body
    assert "Your choices cost 100 GBP: 0 GBP left of 100 GBP." in body
    assert body.count(" checked") == 2
    assert "Save my ballot" in body


def test_an_over_budget_ballot_shows_the_error_summary_and_keeps_the_choices(world):
    budget, projects = _budget(world)
    client = _client(world.people["resident"])
    response = client.post(_url("budget-vote", budget), {"projects": [p.pk for p in projects]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error:" in body
    assert 'class="error-summary"' in body
    assert '<a href="#ballot-first">The projects you chose cost 150 GBP' in body
    assert 'id="ballot-first"' in body
    assert body.count(" checked") == 3
    assert "Your choices cost 150 GBP, more than the budget of 100 GBP." in body
    assert not BudgetBallot.objects.exists()


def test_points_ballot_through_the_form(world):
    budget, (first, second, third) = _budget(world, style="points", points=10, min_projects=2, cost=10)
    client = _client(world.people["resident"])
    refused = client.post(_url("budget-vote", budget), {f"points_{first.pk}": "10"})
    assert "Choose at least 2 projects." in refused.content.decode()
    response = client.post(_url("budget-vote", budget), {f"points_{first.pk}": "6", f"points_{third.pk}": "4"})
    assert response.status_code == 302
    assert budget_selectors.ballot_choices(user=world.people["resident"], budget=budget) == {first.pk: 6, third.pk: 4}
    body = client.get(budget.get_absolute_url()).content.decode()
    assert 'value="6"' in body and "You gave 10 of your 10 points." in body


def test_approval_with_a_minimum_explains_the_rule(world):
    budget, _projects = _budget(world, style="approval", min_projects=3, projects=5, cost=10)
    body = _client(world.people["resident"]).get(budget.get_absolute_url()).content.decode()
    assert "Choose at least 3 projects." in body


def test_the_process_page_lists_its_budgets(world, client):
    budget, _projects = _budget(world)
    body = client.get(budget.process.get_absolute_url()).content.decode()
    assert budget.get_absolute_url() in body


def test_the_budget_page_is_translated(world):
    budget, _projects = _budget(world)
    client = _client(world.people["resident"])
    client.cookies["django_language"] = "es"
    with translation.override("es"):
        body = client.get(budget.get_absolute_url(), headers={"accept-language": "es"}).content.decode()
    assert "Emita su papeleta" in body or "Emitir mi papeleta" in body


# --- Results ----------------------------------------------------------------------------------


def _two_groups(world, *, moment="results"):
    """The hand-worked election of test_budgets: six voters for projects 0 and 1, four for 2."""
    budget, projects = _budget(world, moment="voting")
    six, four = UserFactory.create_batch(6), UserFactory.create_batch(4)
    for person in six:
        budget_services.cast_ballot(acting_user=person, budget=budget, choices={projects[0].pk: 1, projects[1].pk: 1})
    for person in four:
        budget_services.cast_ballot(acting_user=person, budget=budget, choices={projects[2].pk: 1})
    # Voting ends: the results phase runs now.
    phases = list(budget.process.phases.order_by("position"))
    shift = phases[3].starts_at - phases[2].starts_at
    for phase in phases:
        phase.starts_at -= shift
        phase.ends_at -= shift
        phase.save()
    budget.refresh_from_db()
    return budget, projects, six, four


@needs_pabutools
def test_results_show_both_rules_and_mark_the_binding_one(world, client):
    budget, projects, _six, _four = _two_groups(world)
    body = client.get(_url("budget-results", budget)).content.decode()
    table = body.split("<tbody>")[1].split("</tbody>")[0]
    rows = {p.title: table.split(f">{p.title}<")[1].split("</tr>")[0] for p in projects}
    assert rows["Project 0"].count(">Funded<") == 2  # both rules
    assert ">Funded<" in rows["Project 1"] and ">Not funded<" in rows["Project 1"]  # greedy only
    assert ">Not funded<" in rows["Project 2"] and ">Funded<" in rows["Project 2"]  # Equal Shares only
    head = body.split("<thead>")[1].split("</thead>")[0]
    assert head.split("Method of Equal Shares")[1].count("Binding") == 1
    assert "Add1" in body
    assert _url("budget-pb", budget) in body


@needs_pabutools
def test_how_your_share_was_used_on_the_results_page(world):
    budget, projects, _six, four = _two_groups(world)
    body = _client(four[0]).get(_url("budget-results", budget)).content.decode()
    share = body.split('id="share-title"')[1].split("</section>")[0]
    assert "10.00 GBP, raised to 13.00 GBP" in share
    assert "Project 2: 12.50 GBP" in share


@needs_pabutools
@pytest.mark.parametrize("ballots", [10, 60])
def test_results_page_costs_the_same_whatever_the_ballots(world, django_assert_num_queries, ballots):
    budget, projects, _six, four = _two_groups(world)
    for person in UserFactory.create_batch(ballots - 10):
        BudgetBallot.objects.create(budget=budget, user=person)  # empty ballots: rows, not votes
    client = _client(four[0])
    client.get(_url("budget-results", budget))  # computes and stores the outcome
    # session, user, process, phases, hub and process roles (one query), budget, projects, stored
    # outcome, tallies, the voter's ballot, their share
    with django_assert_num_queries(11):
        client.get(_url("budget-results", budget))


def test_results_are_closed_before_the_results_phase(world):
    budget, _projects = _budget(world)
    response = _client(world.people["resident"]).get(_url("budget-results", budget))
    assert response.status_code == 403


@needs_pabutools
def test_pb_download_has_the_election_without_names(world, client):
    budget, projects, six, _four = _two_groups(world)
    response = client.get(_url("budget-pb", budget))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert "vote_type;approval" in text and "num_votes;10" in text
    assert six[0].username not in text and six[0].email not in text
    again = budget_outcomes.from_pb(text)
    assert budget_outcomes.compute(again).equal_shares == [str(projects[0].pk), str(projects[2].pk)]


@needs_pabutools
def test_results_of_a_large_election_say_they_are_being_worked_out(world, client, monkeypatch):
    from translocal.coproduction import tasks

    budget, _projects, _six, _four = _two_groups(world)
    monkeypatch.setattr(budget_services, "INLINE_BALLOTS", 5)
    monkeypatch.setattr(tasks, "compute_budget_outcome_task", SimpleNamespace(enqueue=lambda *args: None))
    body = client.get(_url("budget-results", budget)).content.decode()
    assert "are being worked out" in body
    assert ">Funded<" not in body
    assert _url("budget-pb", budget) not in body


# --- Projects and their comments --------------------------------------------------------------


def test_people_comment_on_a_budget_project(world, client):
    budget, (first, *_rest) = _budget(world, moment="proposals")  # comments open in this phase
    page = client.get(first.get_absolute_url()).content.decode()
    assert "No comments yet." in page and "to comment" in page
    resident = _client(world.people["resident"])
    response = resident.post(first.comment_create_url(), {"body": "Could it open on Sundays?"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.comment_count == 1
    body = resident.get(first.get_absolute_url()).content.decode()
    assert "Could it open on Sundays?" in body
    assert "About Project 0: 1 comment" in resident.get(budget.get_absolute_url()).content.decode()


@pytest.mark.parametrize("rows", [10, 200])
def test_a_project_page_costs_the_same_whatever_the_comments(world, django_assert_num_queries, rows):
    from translocal.coproduction import services

    budget, (first, *_rest) = _budget(world, moment="proposals")
    for n in range(rows):
        services.add_comment(acting_user=world.author, target=first, body=f"Comment {n}")
    client = _client(world.people["resident"])
    # session, user, process, phases, budget, project, comments page, hub and process roles
    with django_assert_num_queries(8):
        response = client.get(first.get_absolute_url())
    assert response.content.decode().count('class="comment"') == min(rows, 20)
