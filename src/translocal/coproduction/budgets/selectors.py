"""Reads for participatory budgeting, each shaped for one page with a fixed number of queries."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.fields.json import KeyTextTransform
from django.http import Http404

from translocal.accounts.types import AnyUser

from ..models import Process
from . import outcomes as budget_outcomes
from .models import Budget, BudgetBallotChoice, BudgetOutcome, BudgetProject


def budget_in_process(*, process: Process, pk: int) -> Budget:
    """Budget ``pk`` of ``process`` (one query), its process attached; Http404 otherwise."""
    budget = Budget.objects.filter(process=process, pk=pk).first()
    if budget is None:
        raise Http404("No such budget")
    budget.process = process
    return budget


def budgets_of(process: Process) -> list[Budget]:
    """The budgets of ``process``, oldest first (one query)."""
    budgets = list(Budget.objects.filter(process=process).order_by("id"))
    for budget in budgets:
        budget.process = process
    return budgets


def projects_of(budget: Budget) -> list[BudgetProject]:
    """The budget's projects in the order they were added, with the proposals they came from
    (one query)."""
    projects = list(BudgetProject.objects.filter(budget=budget).select_related("proposal").order_by("id"))
    for project in projects:
        project.budget = budget
        project.process = budget.process
    return projects


def project_in_budget(*, budget: Budget, pk: int) -> BudgetProject:
    project = BudgetProject.objects.filter(budget=budget, pk=pk).first()
    if project is None:
        raise Http404("No such project")
    project.budget, project.process = budget, budget.process
    return project


def ballot_choices(*, user: AnyUser, budget: Budget) -> dict[int, int] | None:
    """What ``user`` chose in ``budget`` as {project id: points}, or None when they cast no
    ballot (one query; none for an anonymous visitor)."""
    if not user.is_authenticated:
        return None
    rows = list(
        BudgetBallotChoice.objects.filter(ballot__budget=budget, ballot__user=user).values_list("project_id", "points")
    )
    if rows:
        return dict(rows)
    return {} if budget.ballots.filter(user=user).exists() else None


def ballot_id_of(*, user: AnyUser, budget: Budget) -> int | None:
    if not user.is_authenticated:
        return None
    return budget.ballots.filter(user=user).values_list("pk", flat=True).first()


@dataclass(frozen=True)
class Tally:
    voters: int
    points: int


def tallies(budget: Budget) -> dict[int, Tally]:
    """Per project id: how many ballots named it and the points they gave it (one query)."""
    rows = (
        BudgetBallotChoice.objects.filter(project__budget=budget)
        .values("project_id")
        .annotate(voters=Count("id"), total=Sum("points"))
        .order_by()
    )
    return {row["project_id"]: Tally(voters=row["voters"], points=row["total"] or 0) for row in rows}


def election_rows(budget: Budget) -> list[tuple[int, dict[int, int]]]:
    """Every ballot of ``budget`` as (ballot id, {project id: points}), in ballot order (one
    query, streamed): the input of the outcome computation and the .pb export."""
    ballots: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        BudgetBallotChoice.objects.filter(ballot__budget=budget)
        .order_by("ballot_id", "project_id")
        .values_list("ballot_id", "project_id", "points")
    )
    for ballot_id, project_id, points in rows.iterator(chunk_size=5000):
        ballots[ballot_id][project_id] = points
    return list(ballots.items())


def stored_outcome(budget: Budget) -> BudgetOutcome | None:
    """The stored outcome when it was computed from the ballots as they are now, without the
    per-ballot payments (one query)."""
    return (
        BudgetOutcome.objects.filter(budget=budget, ballots_version=budget.ballots_version)
        .defer("payments")
        .first()
    )


def share_spent(*, budget: Budget, ballot_id: int) -> dict[str, str] | None:
    """What ballot ``ballot_id``'s share paid for under Equal Shares in the current outcome
    ({project id: amount as a decimal string}; {} for nothing), read from the stored outcome by
    key (one query); None when no current outcome is stored."""
    row = (
        BudgetOutcome.objects.filter(budget=budget, ballots_version=budget.ballots_version)
        .annotate(mine=KeyTextTransform(budget_outcomes.payment_key(ballot_id), "payments"))
        .values_list("pk", "mine")
        .first()
    )
    if row is None:
        return None
    mine = row[1]
    if mine is None:  # the ballot's share paid for nothing under Equal Shares
        return {}
    return json.loads(mine) if isinstance(mine, str) else mine
