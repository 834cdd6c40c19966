"""Writes for participatory budgeting: budgets and projects (the process's managers), ballots
(residents, while budget voting is open), and the stored outcome.

Each write takes the acting user, checks permission first and runs in one transaction. Casting
a ballot locks the budget's row, checks the ballot against the rules as they are under that
lock and freezes them with the first ballot, so no ballot is ever counted under rules that
changed after it was cast (CONSUL #5321), and a change of rules that arrives after the first
ballot is refused with a message that says so. One ballot per person is a database constraint.

Outcomes are CPU work (``budget_outcomes``): ``ensure_outcome`` computes a small election's
outside any transaction, hands a large one to the background worker, and stores either only if
no ballot arrived meanwhile.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.services import record
from translocal.core.caching import content_changed_after_commit
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, check_text_lengths

from . import budget_outcomes, budget_selectors, permissions
from .budget_models import (
    BallotStyle,
    Budget,
    BudgetBallot,
    BudgetBallotChoice,
    BudgetOutcome,
    BudgetProject,
    OutcomeRule,
)
from .models import Process, Proposal
from .selectors import process_version_name

#: What the first ballot freezes.
RULE_FIELDS = ("total", "currency", "style", "min_projects", "max_projects", "points", "binding_rule")
BUDGET_FIELDS = ("title", "description", *RULE_FIELDS)


def _frozen_error(budget: Budget) -> ValidationError:
    return ValidationError(
        _(
            "Voting started on %(date)s: the budget, the ballot style and its rules, the projects and their "
            "costs are fixed since the first ballot, so every ballot counts under the rules it was cast under."
        )
        % {"date": timezone.localtime(budget.rules_frozen_at).strftime("%Y-%m-%d %H:%M")}
    )


def _locked(budget: Budget) -> Budget:
    fresh = Budget.objects.select_for_update().get(pk=budget.pk)
    fresh.process = budget.process
    return fresh


def _clean_budget(budget: Budget) -> None:
    budget.title = budget.title.strip()
    budget.currency = (budget.currency or "").strip().upper()
    errors: dict[str, str] = {}
    if not budget.title:
        errors["title"] = _("Enter a title for the budget.")
    if not (len(budget.currency) == 3 and budget.currency.isalpha()):
        errors["currency"] = _("Enter the currency as its three-letter code, like GBP or EUR.")
    if budget.style == BallotStyle.POINTS:
        if not budget.points:
            errors["points"] = _("Enter how many points each person shares out.")
    else:
        budget.points = None
    if budget.min_projects < 1:
        errors["min_projects"] = _("A ballot names at least one project.")
    if budget.max_projects is not None and budget.max_projects < budget.min_projects:
        errors["max_projects"] = _("The most projects a ballot names cannot be fewer than the least.")
    if errors:
        raise ValidationError(errors)
    check_text_lengths(budget, {"description": MAX_DESCRIPTION_LENGTH})
    budget.full_clean(exclude=["process"])


def _changed(process: Process) -> None:
    content_changed_after_commit(process_version_name(process.slug))


@transaction.atomic
def create_budget(
    *,
    acting_user: User,
    process: Process,
    title: str,
    total: int,
    currency: str = "GBP",
    style: str = BallotStyle.KNAPSACK,
    min_projects: int = 1,
    max_projects: int | None = None,
    points: int | None = None,
    binding_rule: str = OutcomeRule.EQUAL_SHARES,
    description: str = "",
) -> Budget:
    """A new budget in ``process``: ``total`` in whole units of ``currency``; ``style`` a
    BallotStyle; ``points`` for the points style. PermissionDenied unless the acting user manages
    the process; ValidationError({field: message}) for inconsistent rules."""
    permissions.check(permissions.can_manage_process(acting_user, process))
    budget = Budget(
        process=process, title=title, description=description, total=total, currency=currency, style=style,
        min_projects=min_projects, max_projects=max_projects, points=points, binding_rule=binding_rule,
    )
    _clean_budget(budget)
    budget.save()
    record(acting_user=acting_user, action=audit_actions.CREATE, target=budget, hub=process.hub)
    _changed(process)
    return budget


@transaction.atomic
def update_budget(*, acting_user: User, budget: Budget, data: dict[str, Any]) -> Budget:
    """Change the fields named in ``data`` (of BUDGET_FIELDS; others ValueError). The rules
    (RULE_FIELDS) are refused with a ValidationError once the first ballot was cast."""
    unknown = set(data) - set(BUDGET_FIELDS)
    if unknown:
        raise ValueError(f"Not budget fields: {', '.join(sorted(unknown))}")
    current = _locked(budget)
    permissions.check(permissions.can_manage_budget(acting_user, current))
    changed = {name for name, value in data.items() if getattr(current, name) != value}
    if current.rules_frozen and changed & set(RULE_FIELDS):
        raise _frozen_error(current)
    for name in changed:
        setattr(current, name, data[name])
    _clean_budget(current)
    current.save()
    record(acting_user=acting_user, action=audit_actions.EDIT, target=current, hub=current.process.hub,
           details={"fields": sorted(changed)})
    _changed(current.process)
    return current


@transaction.atomic
def add_project(
    *,
    acting_user: User,
    budget: Budget,
    title: str,
    cost: int,
    description: str = "",
    proposal: Proposal | None = None,
) -> BudgetProject:
    """A project people can choose in ``budget``, costing ``cost`` whole units, optionally grown
    from ``proposal`` (of the same process). Refused once voting started."""
    current = _locked(budget)
    permissions.check(permissions.can_manage_budget(acting_user, current))
    if current.rules_frozen:
        raise _frozen_error(current)
    if proposal is not None and proposal.process_id != current.process_id:
        raise ValidationError({"proposal": _("Choose a proposal of this process.")})
    project = BudgetProject(
        budget=current, process=current.process, title=title.strip(), description=description.strip(), cost=cost,
        proposal=proposal,
    )
    errors = {}
    if not project.title:
        errors["title"] = _("Enter a title for the project.")
    if not cost or cost < 1:
        errors["cost"] = _("Enter what the project costs, in whole units of the budget's currency.")
    elif cost > current.total:
        errors["cost"] = _("A project cannot cost more than the whole budget.")
    if errors:
        raise ValidationError(errors)
    check_text_lengths(project, {"description": MAX_DESCRIPTION_LENGTH})
    project.full_clean(exclude=["budget", "process", "proposal"])
    project.save()
    _changed(current.process)
    return project


def check_choices(budget: Budget, projects: list[BudgetProject], choices: dict[int, int]) -> None:
    """ValidationError (one message a voter can act on) unless ``choices`` ({project id:
    points}) is a valid ballot under the budget's rules."""
    by_id = {project.pk: project for project in projects}
    if any(pk not in by_id for pk in choices):
        raise ValidationError(_("Choose only projects of this budget."))
    if any(points < 1 for points in choices.values()):
        raise ValidationError(_("Give each project you choose at least one point."))
    count = len(choices)
    if count < budget.min_projects:
        raise ValidationError(
            ngettext(
                "Choose at least %(n)d project.", "Choose at least %(n)d projects.", budget.min_projects
            ) % {"n": budget.min_projects}
        )
    if budget.max_projects is not None and count > budget.max_projects:
        raise ValidationError(
            ngettext(
                "Choose no more than %(n)d project.", "Choose no more than %(n)d projects.", budget.max_projects
            ) % {"n": budget.max_projects}
        )
    if budget.style == BallotStyle.KNAPSACK:
        spent = sum(by_id[pk].cost for pk in choices)
        if spent > budget.total:
            raise ValidationError(
                _("The projects you chose cost %(spent)s %(currency)s, more than the budget of %(total)s %(currency)s. "
                  "Leave out a project.")
                % {"spent": f"{spent:,}", "total": f"{budget.total:,}", "currency": budget.currency}
            )
    if budget.style == BallotStyle.POINTS:
        given = sum(choices.values())
        if budget.points is not None and given > budget.points:
            raise ValidationError(
                _("You gave %(given)d points: share out no more than %(points)d.")
                % {"given": given, "points": budget.points}
            )
    elif any(points != 1 for points in choices.values()):
        raise ValidationError(_("Choose projects without points in this budget."))


@transaction.atomic
def cast_ballot(*, acting_user: User, budget: Budget, choices: dict[int, int]) -> BudgetBallot:
    """Cast, or change, the acting user's ballot in ``budget``: ``choices`` is {project id:
    points} (points 1 for the approval styles).

    Locks the budget's row, checks the ballot against the rules as they are under the lock,
    freezes the rules with the first ballot and replaces the person's choices. Correct under
    concurrency: the lock orders ballots of one budget, and the (budget, person) constraint keeps
    one ballot per person whatever happens. PermissionDenied when budget voting is not open to
    them; ValidationError for a ballot the rules do not allow (nothing written)."""
    current = _locked(budget)
    permissions.check(permissions.can_cast_ballot(acting_user, current), _("Voting in this budget is not open now."))
    projects = budget_selectors.projects_of(current)
    check_choices(current, projects, choices)
    try:
        with transaction.atomic():
            ballot, created = BudgetBallot.objects.get_or_create(budget=current, user=acting_user)
    except IntegrityError:  # a second request of the same person, already committed
        ballot, created = BudgetBallot.objects.get(budget=current, user=acting_user), False
    if not created:
        ballot.choices.all().delete()
        ballot.save(update_fields=["updated_at"])
    BudgetBallotChoice.objects.bulk_create(
        [BudgetBallotChoice(ballot=ballot, project_id=pk, points=points) for pk, points in sorted(choices.items())]
    )
    updates: dict[str, Any] = {"ballots_version": F("ballots_version") + 1}
    if created:
        updates["ballot_count"] = F("ballot_count") + 1
    if current.rules_frozen_at is None:
        updates["rules_frozen_at"] = timezone.now()
    Budget.objects.filter(pk=current.pk).update(**updates)
    _changed(current.process)
    return ballot


def election_of(budget: Budget, *, projects: list[BudgetProject] | None = None) -> budget_outcomes.Election:
    """The budget's election for pabutools (two queries): projects and every ballot, anonymous."""
    projects = budget_selectors.projects_of(budget) if projects is None else projects
    process = budget.process
    return budget_outcomes.build_election(
        total=budget.total,
        projects=[(p.pk, p.title, p.cost) for p in projects],
        ballots=budget_selectors.election_rows(budget),
        style=budget.style,
        min_projects=budget.min_projects,
        max_projects=budget.max_projects,
        points=budget.points,
        meta={
            "description": f"{process.title}: {budget.title}".replace(";", ","),
            "country": "",
            "unit": process.title.replace(";", ","),
            "instance": budget.title.replace(";", ","),
            "currency": budget.currency,
            "rule": budget_outcomes.PB_RULES[budget.binding_rule],
        },
    )


def budget_by_pk(pk: int) -> Budget:
    """Budget ``pk`` with its process (one query), for callers that hold only an id."""
    return Budget.objects.select_related("process").get(pk=pk)


#: Elections up to this many ballots are counted while the results page waits (about half a
#: second over 40 projects); larger ones by the background worker (2,000 ballots over 40
#: projects take about 6 s, 20,000 about 100 s on one core: bench/budget_outcomes.py).
INLINE_BALLOTS = 100


class OutcomeState:
    READY = "ready"
    PENDING = "pending"
    UNAVAILABLE = "unavailable"


def compute_outcome(*, budget: Budget) -> BudgetOutcome | None:
    """Compute the outcome of the ballots as they are now and store it, unless a ballot arrived
    meanwhile (then the returned outcome is not stored). CPU work, outside any transaction;
    None when pabutools is not installed. A derived record, not a person's act: callers have
    checked that the viewer may see outcomes (or are the worker)."""
    if not budget_outcomes.available():
        return None
    version = budget.ballots_version
    outcome = budget_outcomes.compute(election_of(budget))
    summary, payments = outcome.as_json()
    with transaction.atomic():
        if not Budget.objects.filter(pk=budget.pk, ballots_version=version).exists():
            return BudgetOutcome(budget=budget, ballots_version=version, summary=summary, payments=payments)
        stored, _created = BudgetOutcome.objects.update_or_create(
            budget=budget, defaults={"ballots_version": version, "summary": summary, "payments": payments}
        )
        _changed(budget.process)  # cached results pages of the process show it
    return stored


def ensure_outcome(*, budget: Budget) -> tuple[BudgetOutcome | None, str]:
    """(outcome, state) for the ballots as they are now: the stored outcome when current
    (READY); else computed here for a small election (READY), or handed to the background
    worker once per ballots version (PENDING: the page says to come back); UNAVAILABLE without
    pabutools. Never call it inside a transaction: computing holds none."""
    stored = budget_selectors.stored_outcome(budget)
    if stored is not None:
        return stored, OutcomeState.READY
    if not budget_outcomes.available():
        return None, OutcomeState.UNAVAILABLE
    if budget.ballot_count <= INLINE_BALLOTS:
        return compute_outcome(budget=budget), OutcomeState.READY
    from .tasks import compute_budget_outcome_task

    if cache.add(f"budget-outcome-queued:{budget.pk}:{budget.ballots_version}", 1, timeout=3600):
        compute_budget_outcome_task.enqueue(budget.pk, budget.ballots_version)
        stored = budget_selectors.stored_outcome(budget)  # a backend that runs tasks at once
        if stored is not None:
            return stored, OutcomeState.READY
    return None, OutcomeState.PENDING


def compute_outcome_by_id(*, budget_id: int, ballots_version: int) -> str:
    """The worker's entry: compute the outcome of budget ``budget_id`` unless it is stored for
    ``ballots_version`` already or ballots moved on (a newer request then queues its own)."""
    budget = budget_by_pk(budget_id)
    if budget.ballots_version != ballots_version:
        return "stale"
    if budget_selectors.stored_outcome(budget) is not None:
        return "stored"
    return "computed" if compute_outcome(budget=budget) is not None else "unavailable"


@transaction.atomic
def import_budget_from_pb(*, acting_user: User, process: Process, text: str, title: str = "") -> Budget:
    """A budget and its projects from a pabulib .pb file (its ballots are not people of this
    site, so they are not imported; compute their outcome with ``budget_outcomes``).
    ValidationError for a file that cannot be read."""
    permissions.check(permissions.can_manage_process(acting_user, process))
    if not budget_outcomes.available():
        raise ValidationError(_("Importing .pb files needs the budgeting extra (pabutools) on the server."))
    try:
        election = budget_outcomes.from_pb(text)
    except ValueError as exc:
        raise ValidationError(_("This is not a pabulib .pb file we can read.")) from exc
    meta = election.instance.meta
    profile = election.profile
    if election.points:
        style, points = BallotStyle.POINTS, int(profile.legal_max_total_score or 0) or None
    else:
        style = BallotStyle.KNAPSACK if "max_sum_cost" in meta else BallotStyle.APPROVAL
        points = None
    budget = create_budget(
        acting_user=acting_user, process=process, title=title or meta.get("instance") or meta.get("description", ""),
        total=int(election.instance.budget_limit), currency=meta.get("currency", "EUR")[:3] or "EUR", style=style,
        min_projects=int(profile.legal_min_length or 1), max_projects=profile.legal_max_length, points=points,
        binding_rule=OutcomeRule.GREEDY if meta.get("rule") == "greedy" else OutcomeRule.EQUAL_SHARES,
        description=meta.get("description", ""),
    )
    for project in sorted(election.instance, key=lambda p: budget_outcomes._project_key(None, None, p)):
        name = election.instance.project_meta.get(project, {}).get("name") or str(project.name)
        add_project(acting_user=acting_user, budget=budget, title=name, cost=int(project.cost))
    return budget
