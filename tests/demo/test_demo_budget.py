"""The demo's youth budget in Greater Manchester Decides: projects (one from a proposal),
twenty ballots cast through the services, and its outcome by both rules stored at load."""

import pytest

from tests.demo.test_load_demo import demo  # noqa: F401 - the module-scoped demo fixture
from translocal.coproduction.budgets import outcomes as budget_outcomes
from translocal.coproduction.budgets import selectors as budget_selectors
from translocal.coproduction.budgets.models import Budget, BudgetOutcome

pytestmark = pytest.mark.django_db


def test_the_youth_budget_is_open_with_twenty_ballots(demo):  # noqa: F811
    budget = Budget.objects.select_related("process").get(title="Youth budget 2027")
    assert budget.process.title.startswith("Greater Manchester Decides")
    assert budget.ballot_count == 20
    assert budget.rules_frozen
    projects = budget_selectors.projects_of(budget)
    assert len(projects) == 6
    assert [p.proposal.title for p in projects if p.proposal] == ["A youth worker in every secondary school"]


@pytest.mark.skipif(not budget_outcomes.available(), reason="needs the budgeting extra")
def test_equal_shares_funds_what_the_smaller_group_chose_and_most_votes_does_not(demo):  # noqa: F811
    budget = Budget.objects.get(title="Youth budget 2027")
    outcome = BudgetOutcome.objects.get(budget=budget, ballots_version=budget.ballots_version)
    titles = {str(p.pk): p.title for p in budget.projects.all()}
    greedy = {titles[n] for n in outcome.summary["greedy"]}
    shares = {titles[n] for n in outcome.summary["equal_shares"]}
    assert greedy == {
        "Refit the Wythenshawe youth club", "Bus fares for apprentices in their first year",
        "A youth worker in every secondary school",
    }
    assert shares == {
        "Bus fares for apprentices in their first year", "A youth worker in every secondary school",
        "Recording studio at Rochdale youth centre", "Girls' football coaching in Salford",
    }
