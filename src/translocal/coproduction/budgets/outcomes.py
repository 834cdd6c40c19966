"""Outcomes of a participatory budget, computed by ``pabutools`` (the field's maintained
implementation, Faliszewski et al., https://pabutools.github.io/pabutools/), and the election in
the pabulib ``.pb`` format (Faliszewski, Flis, Peters, Pierczyński, Skowron, Stolicki, Szufa,
Talmon: "Participatory Budgeting: Data, Tools, and Analysis", IJCAI 2023; https://pabulib.org/format).

Two rules, side by side:

- **Most votes wins** (utilitarian greedy): projects in order of votes (approvals, or points),
  each funded if it still fits in what is left of the budget
  (``pabutools.rules.greedy_utilitarian_welfare``).
- **Method of Equal Shares** (Peters and Skowron, "Proportionality and the Limits of
  Welfarism", EC 2020; Peters, Pierczyński and Skowron, "Proportional Participatory Budgeting
  with Additive Utilities", NeurIPS 2021; https://equalshares.net): the budget is split equally
  between the voters; a project is funded when its supporters can pay for it from their shares,
  the project whose supporters pay the least per vote first, each paying as equally as they can
  (``pabutools.rules.method_of_equal_shares``).

  **Completion rule** (Equal Shares alone usually leaves money unspent): *Add1, then greedy*, as
  equalshares.net recommends and Wieliczka and Aarau used. Add1 raises every voter's share by
  one unit of currency at a time and runs the method again, keeping the last outcome that stays
  within the budget (``voter_budget_increment``); what Add1 still leaves is spent by the greedy
  rule above over the projects not yet funded. Add1 first because it keeps the proportional
  character (all the money it places is still paid from equal shares); greedy last only fills
  the remainder. When a share is above 100 units the step is 1% of the starting share, so that
  a large budget needs about a hundred runs rather than thousands.

Votes are measured as in equalshares.net: a project's supporters are worth its cost to them
(pabutools' ``Cost_Sat``; for points, points times cost), so both rules compare projects by
votes, and Equal Shares' "effective vote count" is the number of supporters who can pay.
Ties go to the project added first (lowest id). Amounts are exact fractions (gmpy2) inside and
decimal strings in what is stored.

``pabutools`` is the optional ``budgeting`` extra (it pulls in PuLP and gurobipy, ~100 MB):
without it ``available()`` is False and the pages say the outcome cannot be computed here.
This module does CPU work: call it outside any write transaction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

try:  # the optional extra
    from pabutools.election import (
        AdditiveSatisfaction,
        ApprovalBallot,
        ApprovalProfile,
        Cost_Sat,
        CumulativeBallot,
        CumulativeProfile,
        Instance,
        Project,
    )
    from pabutools.election.pabulib import election_as_pabulib_string, parse_pabulib_from_string
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule
except ImportError:  # pragma: no cover - exercised where the extra is missing
    PABUTOOLS = False
else:
    PABUTOOLS = True

#: The pabulib ``rule`` values of our two rules.
PB_RULES = {"equal_shares": "equalshares/add1", "greedy": "greedy"}


class OutcomeUnavailable(RuntimeError):
    """pabutools is not installed (``pip install 'translocal[budgeting]'``)."""


def available() -> bool:
    return PABUTOOLS


def _require() -> None:
    if not PABUTOOLS:
        raise OutcomeUnavailable("Install the budgeting extra (pabutools) to compute budget outcomes.")


@dataclass
class Election:
    """A budget's election as pabutools sees it: ``instance`` (projects named by their id as a
    string, the budget limit), ``profile`` (one ballot per voter, in ``ballot_ids`` order) and
    whether ballots give points."""

    instance: Any
    profile: Any
    ballot_ids: list[int]
    points: bool


@dataclass
class Outcome:
    """Both rules' winners (project names, in the order they were funded) and the figures the
    results page shows. ``equal_shares_completed`` are the Equal Shares winners that the greedy
    completion added; ``share`` the equal share each voter had in the final Add1 run and
    ``payments`` what each ballot paid from it ({ballot id: {project name: amount}}; stored
    under ``payment_key(ballot id)``)."""

    greedy: list[str]
    equal_shares: list[str]
    equal_shares_completed: list[str]
    share: Fraction
    initial_share: Fraction
    payments: dict[int, dict[str, Fraction]] = field(default_factory=dict)

    def as_json(self) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
        """(summary, payments) as stored on BudgetOutcome; amounts as decimal strings (2 places)."""
        summary = {
            "greedy": self.greedy,
            "equal_shares": self.equal_shares,
            "equal_shares_completed": self.equal_shares_completed,
            "share": _money(self.share),
            "initial_share": _money(self.initial_share),
        }
        payments = {
            payment_key(ballot_id): {name: _money(amount) for name, amount in paid.items()}
            for ballot_id, paid in self.payments.items()
        }
        return summary, payments


def payment_key(ballot_id: int) -> str:
    """The key of a ballot's payments in the stored JSON ("b" + id: a key of digits alone would
    be read as an array index by JSON paths)."""
    return f"b{ballot_id}"


def _fraction(value: Any) -> Fraction:
    """An exact Fraction from pabutools' numbers (gmpy2 mpq, int, Fraction)."""
    if hasattr(value, "numerator"):
        return Fraction(int(value.numerator), int(value.denominator))
    return Fraction(value)


def _money(value: Any) -> str:
    fraction = _fraction(value)
    return str((Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(Decimal("0.01")))


def _project_key(instance: Any, profile: Any, project: Any) -> tuple[int, int | str]:
    """Ties go to the project added first: numeric names (our ids) in number order."""
    name = str(project.name)
    return (0, int(name)) if name.isdigit() else (1, name)


if PABUTOOLS:

    def _cost_points(instance: Any, profile: Any, ballot: Any, project: Any, precomputed: dict) -> Any:
        return ballot.get(project, 0) * project.cost

    class CostPointsSat(AdditiveSatisfaction):
        """A voter's satisfaction with a project: their points times its cost (the points
        counterpart of ``Cost_Sat``, which is approvals times cost)."""

        def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
            AdditiveSatisfaction.__init__(self, instance, profile, ballot, _cost_points)

    TIE_BREAKING = TieBreakingRule(_project_key)


def build_election(
    *,
    total: int,
    projects: list[tuple[int, str, int]],
    ballots: list[tuple[int, dict[int, int]]],
    style: str,
    min_projects: int = 1,
    max_projects: int | None = None,
    points: int | None = None,
    meta: dict[str, str] | None = None,
) -> Election:
    """The election from our rows: ``projects`` as (id, title, cost), ``ballots`` as (ballot id,
    {project id: points}); ``style`` a BallotStyle value."""
    _require()
    instance = Instance(budget_limit=total)
    by_id = {}
    for pk, title, cost in projects:
        project = Project(str(pk), cost)
        instance.add(project)
        instance.project_meta[project] = {"project_id": str(pk), "cost": cost, "name": title.replace(";", ",")}
        by_id[pk] = project
    instance.meta.update(meta or {})
    instance.meta["budget"] = str(total)
    uses_points = style == "points"
    lengths = {"legal_min_length": min_projects if min_projects > 1 else None, "legal_max_length": max_projects}
    profile: Any
    if uses_points:
        profile = CumulativeProfile(instance=instance, legal_max_total_score=points, **lengths)
        instance.meta["vote_type"] = "cumulative"
    else:
        max_cost = total if style == "knapsack" else None
        profile = ApprovalProfile(instance=instance, legal_max_cost=max_cost, **lengths)
        instance.meta["vote_type"] = "approval"
        if max_cost is not None:
            instance.meta["max_sum_cost"] = str(max_cost)
    # CumulativeProfile's constructor drops the lengths it is given (pabutools 1.2.3): set them after.
    profile.legal_min_length, profile.legal_max_length = lengths["legal_min_length"], lengths["legal_max_length"]
    ids = []
    for voter, (ballot_id, chosen) in enumerate(ballots, start=1):
        if uses_points:
            ballot: Any = CumulativeBallot({by_id[pk]: value for pk, value in chosen.items()})
        else:
            ballot = ApprovalBallot(by_id[pk] for pk in chosen)
        ballot.meta = {"voter_id": str(voter)}
        profile.append(ballot)
        ids.append(ballot_id)
    return Election(instance=instance, profile=profile, ballot_ids=ids, points=uses_points)


def to_pb(election: Election) -> str:
    """The election as a pabulib .pb file (voters numbered 1..n, no names)."""
    _require()
    return str(election_as_pabulib_string(election.instance, election.profile))


def from_pb(text: str) -> Election:
    """An election read from a pabulib .pb file; ballots keep the file's order (ids 1..n).
    ValueError for a file pabutools cannot read or a vote type other than approval or
    cumulative."""
    _require()
    try:
        instance, profile = parse_pabulib_from_string(text)
    except (KeyError, IndexError, ValueError, NotImplementedError) as exc:
        raise ValueError(f"Not a pabulib file we can read: {exc}") from exc
    vote_type = instance.meta.get("vote_type")
    if vote_type not in ("approval", "cumulative"):
        raise ValueError(f"Unsupported vote type: {vote_type}")
    # As in build_election: the parser's CumulativeProfile drops the lengths; restore them.
    for name in ("min_length", "max_length"):
        if instance.meta.get(name) and getattr(profile, f"legal_{name}") is None:
            value = int(instance.meta[name])
            if (name == "min_length" and value > 1) or (name == "max_length" and value < len(instance)):
                setattr(profile, f"legal_{name}", value)
    return Election(
        instance=instance, profile=profile, ballot_ids=list(range(1, len(profile) + 1)),
        points=vote_type == "cumulative",
    )


def compute(election: Election) -> Outcome:
    """Both rules' outcomes of ``election`` (see the module's docstring). CPU work: seconds for
    thousands of ballots; call it outside any transaction."""
    _require()
    instance, profile = election.instance, election.profile
    sat = CostPointsSat if election.points else Cost_Sat
    greedy = greedy_utilitarian_welfare(instance, profile, sat_class=sat, tie_breaking=TIE_BREAKING)
    voters = len(profile)
    if voters == 0:
        nothing = Fraction(0)
        return Outcome(greedy=[], equal_shares=[], equal_shares_completed=[], share=nothing, initial_share=nothing)
    initial_share = _fraction(instance.budget_limit) / voters
    step = 1 if initial_share <= 100 else math.ceil(initial_share / 100)
    mes = method_of_equal_shares(
        instance, profile, sat_class=sat, tie_breaking=TIE_BREAKING, voter_budget_increment=step, analytics=True
    )
    completed = greedy_utilitarian_welfare(
        instance, profile, sat_class=sat, tie_breaking=TIE_BREAKING, initial_budget_allocation=list(mes)
    )
    payments: dict[int, dict[str, Fraction]] = {}
    share = initial_share
    iterations = list(getattr(mes.details, "iterations", []) or [])
    if iterations and iterations[0].voters_budget:
        share = _fraction(iterations[0].voters_budget[0])
    for iteration in iterations:
        selected = iteration.selected_project
        if selected is None or iteration.voters_budget_after_selection is None:
            continue
        for index, (before, after) in enumerate(
            zip(iteration.voters_budget, iteration.voters_budget_after_selection, strict=True)
        ):
            paid = before - after
            if paid > 0:
                payments.setdefault(election.ballot_ids[index], {})[str(selected.name)] = _fraction(paid)
    # pabutools' greedy also "funds" projects nobody chose while money is left (their density
    # is 0, so they come last): leave them out, which changes nothing for the others.
    chosen = {str(project.name) for ballot in profile for project in ballot}
    mes_names = [str(p.name) for p in mes]
    return Outcome(
        greedy=[str(p.name) for p in greedy if str(p.name) in chosen],
        equal_shares=[str(p.name) for p in completed if str(p.name) in chosen],
        equal_shares_completed=[
            str(p.name) for p in completed if str(p.name) not in mes_names and str(p.name) in chosen
        ],
        share=share,
        initial_share=initial_share,
        payments=payments,
    )
