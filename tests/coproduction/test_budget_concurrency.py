"""Ballots under concurrency, on PostgreSQL with real threads and commits: one ballot per
person, none lost, the count equal to the rows, and a change of rules racing the first ballot
either lands before it or is refused."""

import pytest
from django.db import connection

from tests.factories import UserFactory
from translocal.coproduction.budgets import services as budget_services
from translocal.coproduction.budgets.models import Budget, BudgetBallot, BudgetBallotChoice

from .test_support_concurrency import THREADS, _race

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers (SQLite serialises them)")


def _budget(world):
    process = world.process(moment="voting")
    coordinator = world.people["coordinator"]
    budget = budget_services.create_budget(acting_user=coordinator, process=process, title="Youth", total=100)
    projects = [
        budget_services.add_project(acting_user=coordinator, budget=budget, title=f"P{n}", cost=30) for n in range(3)
    ]
    return budget, projects


def test_many_people_voting_at_once_are_all_counted_once(world):
    budget, projects = _budget(world)
    people = UserFactory.create_batch(THREADS)
    outcomes = _race([
        lambda p=p: budget_services.cast_ballot(acting_user=p, budget=budget, choices={projects[0].pk: 1})
        for p in people
    ])
    assert outcomes == ["ok"] * THREADS
    stored = Budget.objects.get(pk=budget.pk)
    assert stored.ballot_count == THREADS == BudgetBallot.objects.filter(budget=budget).count()
    assert stored.ballots_version == THREADS
    assert BudgetBallotChoice.objects.filter(project=projects[0]).count() == THREADS


def test_one_person_voting_at_once_keeps_one_ballot(world):
    budget, projects = _budget(world)
    person = world.people["resident"]
    outcomes = _race([
        lambda n=n: budget_services.cast_ballot(
            acting_user=person, budget=budget, choices={projects[n % 3].pk: 1}
        )
        for n in range(THREADS)
    ])
    assert outcomes == ["ok"] * THREADS
    assert BudgetBallot.objects.filter(budget=budget, user=person).count() == 1
    assert Budget.objects.get(pk=budget.pk).ballot_count == 1
    assert BudgetBallotChoice.objects.filter(ballot__budget=budget).count() == 1


def test_a_change_of_rules_racing_the_first_ballots_never_applies_after_them(world):
    budget, projects = _budget(world)
    coordinator = world.people["coordinator"]
    people = UserFactory.create_batch(THREADS - 1)
    calls = [
        lambda p=p: budget_services.cast_ballot(acting_user=p, budget=budget, choices={projects[0].pk: 1})
        for p in people
    ]
    calls.append(lambda: budget_services.update_budget(acting_user=coordinator, budget=budget, data={"total": 50}))
    outcomes = _race(calls)
    stored = Budget.objects.get(pk=budget.pk)
    first_ballot = BudgetBallot.objects.filter(budget=budget).order_by("created_at").first()
    if stored.total == 50:  # the change won the lock: it came before every ballot
        assert outcomes.count("ok") == THREADS
        assert stored.updated_at <= first_ballot.created_at
    else:  # a ballot came first: the change was refused
        assert sum("fixed since the first ballot" in o for o in outcomes) == 1
    assert stored.ballot_count == THREADS - 1
