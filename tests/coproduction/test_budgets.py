"""Participatory budgeting: budgets and projects, ballots in each style with their rules, the
rules frozen at the first ballot, outcomes by both rules against hand-worked examples and .pb
files, and what each voter's share paid for."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UserFactory
from translocal.coproduction.budgets import outcomes as budget_outcomes
from translocal.coproduction.budgets import selectors as budget_selectors
from translocal.coproduction.budgets import services as budget_services
from translocal.coproduction.budgets.models import Budget, BudgetBallot, BudgetBallotChoice, BudgetOutcome

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
needs_pabutools = pytest.mark.skipif(not budget_outcomes.available(), reason="needs the budgeting extra")


def _budget(world, *, moment="voting", projects=(("Skate park", 50), ("Youth café", 50), ("Music studio", 50)),
            **rules):
    process = world.process(moment=moment)
    coordinator = world.people["coordinator"]
    budget = budget_services.create_budget(
        acting_user=coordinator, process=process, title="Youth budget", total=rules.pop("total", 100), **rules
    )
    made = [
        budget_services.add_project(acting_user=coordinator, budget=budget, title=title, cost=cost)
        for title, cost in projects
    ]
    return budget, made


def _vote(budget, person, *projects, points=None):
    choices = {p.pk: (points[i] if points else 1) for i, p in enumerate(projects)}
    return budget_services.cast_ballot(acting_user=person, budget=budget, choices=choices)


# --- Setting up -------------------------------------------------------------------------------


def test_only_managers_create_budgets(world):
    process = world.process(moment="voting")
    with pytest.raises(PermissionDenied):
        budget_services.create_budget(acting_user=world.people["member"], process=process, title="B", total=10)


def test_points_style_needs_a_number_of_points(world):
    process = world.process()
    with pytest.raises(ValidationError) as error:
        budget_services.create_budget(
            acting_user=world.people["coordinator"], process=process, title="B", total=10, style="points"
        )
    assert "points" in error.value.message_dict


def test_a_project_cannot_cost_more_than_the_budget(world):
    budget, _projects = _budget(world, projects=())
    with pytest.raises(ValidationError) as error:
        budget_services.add_project(acting_user=world.people["coordinator"], budget=budget, title="Big", cost=101)
    assert "cost" in error.value.message_dict


# --- Ballots ----------------------------------------------------------------------------------


def test_knapsack_ballot_within_the_budget_is_counted(world):
    budget, (skate, cafe, _music) = _budget(world)
    _vote(budget, world.people["resident"], skate, cafe)
    budget.refresh_from_db()
    assert budget.ballot_count == 1
    assert budget_selectors.ballot_choices(user=world.people["resident"], budget=budget) == {skate.pk: 1, cafe.pk: 1}


def test_knapsack_ballot_over_the_budget_is_refused_with_the_sum(world):
    budget, projects = _budget(world)
    with pytest.raises(ValidationError) as error:
        _vote(budget, world.people["resident"], *projects)
    assert "cost 150 GBP, more than the budget of 100 GBP" in error.value.messages[0]
    assert not BudgetBallot.objects.exists()


def test_approval_with_a_minimum_of_three_refuses_two(world):
    projects = [(f"Project {n}", 10) for n in range(5)]
    budget, made = _budget(world, style="approval", min_projects=3, max_projects=4, projects=projects)
    with pytest.raises(ValidationError, match="Choose at least 3 projects"):
        _vote(budget, world.people["resident"], *made[:2])
    with pytest.raises(ValidationError, match="Choose no more than 4 projects"):
        _vote(budget, world.people["resident"], *made)
    _vote(budget, world.people["resident"], *made[:3])
    assert BudgetBallotChoice.objects.count() == 3


def test_points_ten_over_at_least_three_projects(world):
    projects = [(f"Project {n}", 10) for n in range(4)]
    budget, made = _budget(world, style="points", points=10, min_projects=3, projects=projects)
    with pytest.raises(ValidationError, match="share out no more than 10"):
        _vote(budget, world.people["resident"], *made[:3], points=[5, 5, 1])
    with pytest.raises(ValidationError, match="Choose at least 3 projects"):
        _vote(budget, world.people["resident"], *made[:2], points=[5, 5])
    _vote(budget, world.people["resident"], *made[:3], points=[5, 3, 2])
    assert budget_selectors.tallies(budget)[made[0].pk].points == 5


def test_a_ballot_can_be_changed_and_stays_one(world):
    budget, (skate, cafe, music) = _budget(world)
    person = world.people["resident"]
    _vote(budget, person, skate)
    _vote(budget, person, cafe, music)
    budget.refresh_from_db()
    assert budget.ballot_count == 1
    assert BudgetBallot.objects.filter(user=person).count() == 1
    assert budget_selectors.ballot_choices(user=person, budget=budget) == {cafe.pk: 1, music.pk: 1}


def test_voting_outside_the_voting_phase_is_refused(world):
    budget, (skate, *_rest) = _budget(world, moment="proposals")
    with pytest.raises(PermissionDenied):
        _vote(budget, world.people["resident"], skate)


def test_one_ballot_per_person_is_a_database_constraint(world):
    from django.db import IntegrityError, transaction

    budget, _projects = _budget(world)
    BudgetBallot.objects.create(budget=budget, user=world.people["resident"])
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetBallot.objects.create(budget=budget, user=world.people["resident"])


# --- Rules freeze at the first ballot (CONSUL #5321) -----------------------------------------


def test_rules_can_change_before_the_first_ballot(world):
    budget, _projects = _budget(world)
    budget_services.update_budget(acting_user=world.people["coordinator"], budget=budget, data={"total": 120})
    budget.refresh_from_db()
    assert budget.total == 120


@pytest.mark.parametrize(
    "change", [{"style": "approval"}, {"total": 150}, {"min_projects": 2}, {"binding_rule": "greedy"}]
)
def test_rules_freeze_at_the_first_ballot(world, change):
    budget, (skate, *_rest) = _budget(world)
    _vote(budget, world.people["resident"], skate)
    with pytest.raises(ValidationError, match="fixed since the first ballot"):
        budget_services.update_budget(acting_user=world.people["coordinator"], budget=budget, data=change)
    assert Budget.objects.get(pk=budget.pk).style == "knapsack"


def test_the_title_can_still_change_after_the_first_ballot(world):
    budget, (skate, *_rest) = _budget(world)
    _vote(budget, world.people["resident"], skate)
    budget_services.update_budget(acting_user=world.people["coordinator"], budget=budget, data={"title": "New"})
    assert Budget.objects.get(pk=budget.pk).title == "New"


def test_projects_cannot_be_added_after_the_first_ballot(world):
    budget, (skate, *_rest) = _budget(world)
    _vote(budget, world.people["resident"], skate)
    with pytest.raises(ValidationError, match="fixed since the first ballot"):
        budget_services.add_project(acting_user=world.people["coordinator"], budget=budget, title="Late", cost=5)


# --- Outcomes ---------------------------------------------------------------------------------


@needs_pabutools
def test_equal_shares_against_greedy_on_a_hand_written_pb_file():
    """Budget 100, ten voters, three projects of 50: voters 1-6 approve the skate park (1) and
    the youth café (2), voters 7-10 the music studio (3).

    Greedy, most votes first: 1 and 2 have 6 votes each, 3 has 4. It funds 1 (tie with 2 goes to
    the lower id), then 2 (50 left, fits): {1, 2}, and the four voters get nothing.

    Equal Shares (equalshares.net; Peters and Skowron 2020): each voter's share is 100/10 = 10.
    Project 1: six supporters pay 50/6 = 8.33 each (effective votes 6); project 2 likewise;
    project 3: four supporters hold 40 < 50, unaffordable. Fund 1 (tie with 2, lower id); its
    supporters keep 1.67 each, 10 together < 50: project 2 unaffordable too. Outcome {1}, 50
    unspent: not exhaustive, so Add1 raises every share by 1: at 11 (group of four: 44) and 12
    (48) the music studio is still out of reach; at 13, 1 is funded first (6 x 8.33), then 3
    (4 x 12.50 = 50, the group holds 52), and 2 is out (6 x 4.67 = 28 < 50). Outcome {1, 3},
    cost 100: exhaustive, so Add1 stops and the greedy completion adds nothing.

    The six voters each paid 8.33 of their 13 for the skate park; the four 12.50 for the studio."""
    election = budget_outcomes.from_pb((DATA / "two_groups.pb").read_text())
    outcome = budget_outcomes.compute(election)
    assert outcome.greedy == ["1", "2"]
    assert outcome.equal_shares == ["1", "3"]
    assert outcome.equal_shares_completed == []
    assert outcome.initial_share == 10
    assert outcome.share == 13
    assert outcome.payments[1] == {"1": Fraction(50, 6)}
    assert outcome.payments[7] == {"3": Fraction(25, 2)}


@needs_pabutools
def test_points_ballots_on_a_hand_written_pb_file():
    """Budget 60, four voters with 10 points each, three projects of 30.

    Voters 1-3 give A 6 and B 4; voter 4 gives C 10. Greedy by points: A 18, B 12, C 10: {A, B}.

    Equal Shares, satisfaction points x cost: each share is 15. A: supporters 1-3 pay in
    proportion to their points, 30/3 = 10 each (rho = 30 / (3 x 6 x 30) = 1/18 per unit of
    satisfaction); B: 10 each too, but for 4 points (rho = 30 / (3 x 4 x 30) = 1/12); C: voter 4
    holds 15 < 30, out. Fund A (lowest rho); voters 1-3
    keep 5 each, 15 < 30: B out. Outcome {A}. Add1 raises shares: B needs 3(s - 10) >= 30, s >=
    20; C needs s >= 30; the budget allows 60 in all. At s = 20: A (30), then B (3 x 10 = 30):
    {A, B} costs 60, exhaustive. Equal Shares agrees with greedy here: the fourth voter, a quarter
    of the voters, cannot claim half the budget."""
    election = budget_outcomes.from_pb((DATA / "points.pb").read_text())
    outcome = budget_outcomes.compute(election)
    assert outcome.greedy == ["A", "B"]
    assert outcome.equal_shares == ["A", "B"]
    assert outcome.share == 20
    assert 4 not in outcome.payments
    assert outcome.payments[1] == {"A": Fraction(10), "B": Fraction(10)}


@needs_pabutools
def test_pb_export_reads_back_as_the_same_election(world):
    budget, (skate, cafe, music) = _budget(world, total=100)
    for _n in range(6):
        _vote(budget, UserFactory(), skate, cafe)
    for _n in range(4):
        _vote(budget, UserFactory(), music)
    budget.refresh_from_db()
    text = budget_outcomes.to_pb(budget_services.election_of(budget))
    again = budget_outcomes.from_pb(text)
    assert again.instance.budget_limit == 100
    assert {(str(p.name), int(p.cost)) for p in again.instance} == {
        (str(skate.pk), 50), (str(cafe.pk), 50), (str(music.pk), 50)
    }
    assert sorted(sorted(str(p.name) for p in ballot) for ballot in again.profile) == sorted(
        [sorted([str(skate.pk), str(cafe.pk)])] * 6 + [[str(music.pk)]] * 4
    )
    assert again.instance.meta["max_sum_cost"] == "100"
    assert again.instance.meta["rule"] == "equalshares/add1"
    assert world.people["resident"].username not in text
    # The same outcome from the file as from the rows.
    assert budget_outcomes.compute(again).equal_shares == [str(skate.pk), str(music.pk)]


@needs_pabutools
def test_points_budget_round_trips_through_pb(world):
    projects = [(f"Project {n}", 10) for n in range(3)]
    budget, made = _budget(world, style="points", points=10, min_projects=2, projects=projects)
    _vote(budget, world.people["resident"], made[0], made[1], points=[7, 3])
    budget.refresh_from_db()
    again = budget_outcomes.from_pb(budget_outcomes.to_pb(budget_services.election_of(budget)))
    assert again.points
    (ballot,) = list(again.profile)
    assert {str(p.name): int(v) for p, v in ballot.items()} == {str(made[0].pk): 7, str(made[1].pk): 3}
    assert int(again.profile.legal_max_total_score) == 10
    assert again.profile.legal_min_length == 2


@needs_pabutools
def test_import_creates_the_budget_and_its_projects(world):
    process = world.process()
    budget = budget_services.import_budget_from_pb(
        acting_user=world.people["coordinator"], process=process, text=(DATA / "two_groups.pb").read_text()
    )
    assert budget.style == "knapsack"
    assert budget.total == 100
    assert [(p.title, p.cost) for p in budget_selectors.projects_of(budget)] == [
        ("Skate park", 50), ("Youth café", 50), ("Music studio", 50)
    ]


def test_import_refuses_what_is_not_a_pb_file(world):
    with pytest.raises(ValidationError):
        budget_services.import_budget_from_pb(
            acting_user=world.people["coordinator"], process=world.process(), text="hello;world"
        )


@needs_pabutools
def test_outcome_is_stored_and_recomputed_after_a_new_ballot(world, django_assert_num_queries):
    budget, (skate, cafe, music) = _budget(world)
    _vote(budget, world.people["resident"], skate, cafe)
    budget.refresh_from_db()
    first, state = budget_services.ensure_outcome(budget=budget)
    assert state == budget_services.OutcomeState.READY
    assert first is not None and first.summary["greedy"] == [str(skate.pk), str(cafe.pk)]
    with django_assert_num_queries(1):
        assert budget_services.ensure_outcome(budget=budget)[0].pk == first.pk
    _vote(budget, world.people["member"], music)
    budget.refresh_from_db()
    second, _state = budget_services.ensure_outcome(budget=budget)
    assert second.ballots_version == budget.ballots_version
    assert BudgetOutcome.objects.count() == 1


@needs_pabutools
def test_how_my_share_was_used(world):
    budget, (skate, cafe, music) = _budget(world)
    six = [UserFactory() for _ in range(6)]
    four = [UserFactory() for _ in range(4)]
    for person in six:
        _vote(budget, person, skate, cafe)
    for person in four:
        _vote(budget, person, music)
    budget.refresh_from_db()
    budget_services.ensure_outcome(budget=budget)
    mine = budget_selectors.share_spent(
        budget=budget, ballot_id=budget_selectors.ballot_id_of(user=four[0], budget=budget)
    )
    assert mine == {str(music.pk): "12.50"}
    theirs = budget_selectors.share_spent(
        budget=budget, ballot_id=budget_selectors.ballot_id_of(user=six[0], budget=budget)
    )
    assert theirs == {str(skate.pk): "8.33"}


def test_a_deleted_account_leaves_the_ballot_count_and_outcome(world):
    from translocal.accounts.services import delete_account

    budget, (skate, *_rest) = _budget(world)
    person = UserFactory()
    _vote(budget, person, skate)
    _vote(budget, world.people["resident"], skate)
    budget.refresh_from_db()
    version = budget.ballots_version
    delete_account(acting_user=person, user=person, reason="test")
    budget.refresh_from_db()
    assert budget.ballot_count == 1 == BudgetBallot.objects.filter(budget=budget).count()
    assert budget.ballots_version == version + 1
    assert budget_selectors.tallies(budget)[skate.pk].voters == 1


@needs_pabutools
def test_a_large_election_is_counted_by_the_worker_once_per_version(world, monkeypatch):
    from translocal.coproduction import tasks

    budget, (skate, cafe, music) = _budget(world)
    for person in UserFactory.create_batch(3):
        _vote(budget, person, skate)
    budget.refresh_from_db()
    monkeypatch.setattr(budget_services, "INLINE_BALLOTS", 2)
    queued = []
    stub = SimpleNamespace(enqueue=lambda *args: queued.append(args))
    monkeypatch.setattr(tasks, "compute_budget_outcome_task", stub)
    assert budget_services.ensure_outcome(budget=budget) == (None, budget_services.OutcomeState.PENDING)
    assert budget_services.ensure_outcome(budget=budget) == (None, budget_services.OutcomeState.PENDING)
    assert queued == [(budget.pk, budget.ballots_version)]  # once, however many visitors ask
    assert not BudgetOutcome.objects.exists()
    # The worker's run stores it; a run for a version ballots moved past does nothing.
    version = budget.ballots_version
    assert budget_services.compute_outcome_by_id(budget_id=budget.pk, ballots_version=version - 1) == "stale"
    assert budget_services.compute_outcome_by_id(budget_id=budget.pk, ballots_version=version) == "computed"
    outcome, state = budget_services.ensure_outcome(budget=budget)
    assert state == budget_services.OutcomeState.READY and outcome.summary["greedy"] == [str(skate.pk)]


@needs_pabutools
def test_a_project_nobody_chose_is_funded_by_neither_rule():
    """pabutools' greedy spends what is left on projects with no votes; we leave them out."""
    election = budget_outcomes.build_election(
        total=100, projects=[(1, "Chosen", 50), (2, "Nobody's", 20)], ballots=[(1, {1: 1}), (2, {1: 1})],
        style="knapsack",
    )
    outcome = budget_outcomes.compute(election)
    assert outcome.greedy == ["1"]
    assert outcome.equal_shares == ["1"]
