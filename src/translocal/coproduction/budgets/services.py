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

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.core.caching import content_changed_after_commit, content_changed_with_this_write
from translocal.core.side_effects import after_commit
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, check_text_lengths

from .. import permissions
from ..models import Process, Proposal
from ..selectors import BUDGETS, item_version_name, process_version_name, section_version_name
from . import outcomes as budget_outcomes
from . import selectors as budget_selectors
from .models import BallotStyle, Budget, BudgetBallot, BudgetBallotChoice, BudgetOutcome, BudgetProject, OutcomeRule

#: What the first ballot freezes.
RULE_FIELDS = (
    "total", "currency", "style", "min_projects", "max_projects", "points", "binding_rule", "accepts_imported_ballots",
)
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


def _ballots_changed(budget: Budget) -> None:
    """A ballot (or its outcome) moves the budget's own pages and the ballot counts of the
    process page (``BUDGETS``), nothing else."""
    content_changed_with_this_write(
        item_version_name("budget", budget.pk), section_version_name(budget.process.slug, BUDGETS)
    )


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
    accepts_imported_ballots: bool = False,
) -> Budget:
    """A new budget in ``process``: ``total`` in whole units of ``currency``; ``style`` a
    BallotStyle; ``points`` for the points style. PermissionDenied unless the acting user manages
    the process; ValidationError({field: message}) for inconsistent rules."""
    permissions.check(permissions.can_manage_process(acting_user, process))
    budget = Budget(
        process=process, title=title, description=description, total=total, currency=currency, style=style,
        min_projects=min_projects, max_projects=max_projects, points=points, binding_rule=binding_rule,
        accepts_imported_ballots=accepts_imported_ballots,
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


PROJECT_FIELDS = ("title", "description", "cost", "proposal")


def _clean_project(project: BudgetProject, budget: Budget) -> None:
    """ValidationError({field: message}) for a project the budget cannot hold."""
    project.title = project.title.strip()
    project.description = project.description.strip()
    errors = {}
    if not project.title:
        errors["title"] = _("Enter a title for the project.")
    if not project.cost or project.cost < 1:
        errors["cost"] = _("Enter what the project costs, in whole units of the budget's currency.")
    elif project.cost > budget.total:
        errors["cost"] = _("A project cannot cost more than the whole budget.")
    if project.proposal is not None and project.proposal.process_id != budget.process_id:
        errors["proposal"] = _("Choose a proposal of this process.")
    if errors:
        raise ValidationError(errors)
    check_text_lengths(project, {"description": MAX_DESCRIPTION_LENGTH})
    project.full_clean(exclude=["budget", "process", "proposal"])


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
    project = BudgetProject(
        budget=current, process=current.process, title=title, description=description, cost=cost, proposal=proposal,
    )
    _clean_project(project, current)
    project.save()
    record(acting_user=acting_user, action=audit_actions.CREATE, target=project, hub=current.process.hub)
    _changed(current.process)
    return project


@transaction.atomic
def update_project(*, acting_user: User, project: BudgetProject, data: dict[str, Any]) -> BudgetProject:
    """Change the fields named in ``data`` (of PROJECT_FIELDS; others ValueError). Refused with
    a ValidationError once voting started: a ballot chose the project as it was."""
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"Not project fields: {', '.join(sorted(unknown))}")
    current = _locked(project.budget)
    permissions.check(permissions.can_manage_budget(acting_user, current))
    if current.rules_frozen:
        raise _frozen_error(current)
    fresh = BudgetProject.objects.select_related("proposal").get(pk=project.pk, budget=current)
    fresh.budget, fresh.process = current, current.process
    changed = sorted(name for name, value in data.items() if getattr(fresh, name) != value)
    for name in changed:
        setattr(fresh, name, data[name])
    _clean_project(fresh, current)
    fresh.save()
    record(acting_user=acting_user, action=audit_actions.EDIT, target=fresh, hub=current.process.hub,
           details={"fields": changed})
    _changed(current.process)
    return fresh


@transaction.atomic
def delete_project(*, acting_user: User, project: BudgetProject) -> None:
    """Remove a project (and its comments' counter with it). Refused once voting started."""
    current = _locked(project.budget)
    permissions.check(permissions.can_manage_budget(acting_user, current))
    if current.rules_frozen:
        raise _frozen_error(current)
    record(acting_user=acting_user, action=audit_actions.DELETE, target=project, hub=current.process.hub,
           details={"title": project.title, "cost": project.cost})
    BudgetProject.objects.filter(pk=project.pk, budget=current).delete()
    _changed(current.process)


CLOSE_BUDGET = register_action("budget.close", gettext_lazy("closed the voting of the budget"))


@transaction.atomic
def close_budget_voting(*, acting_user: User, budget: Budget) -> Budget:
    """End the voting now, before the phase ends: no ballot is cast or changed after it, and
    the outcome is computed once by the background worker after commit."""
    current = _locked(budget)
    permissions.check(permissions.can_close_budget_voting(acting_user, current))
    current.voting_closed_at = timezone.now()
    current.save(update_fields=["voting_closed_at", "updated_at"])
    record(acting_user=acting_user, action=CLOSE_BUDGET, target=current, hub=current.process.hub)
    _changed(current.process)
    def count() -> None:
        queue_outcome(budget=budget_by_pk(current.pk))

    after_commit(("budget-outcome", current.pk), count)
    return current


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
    _ballots_changed(current)
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
        _ballots_changed(budget)  # its cached results page shows it
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
    return queue_outcome(budget=budget)


def queue_outcome(*, budget: Budget) -> tuple[BudgetOutcome | None, str]:
    """Hand the outcome of the ballots as they are now to the background worker, once per
    ballots version: (the stored outcome, READY) when a backend ran it at once, else (None,
    PENDING); (None, UNAVAILABLE) without pabutools. Call it outside any transaction (after
    commit)."""
    if not budget_outcomes.available():
        return None, OutcomeState.UNAVAILABLE
    from ..tasks import compute_budget_outcome_task

    if cache.add(f"budget-outcome-queued:{budget.pk}:{budget.ballots_version}", 1, timeout=3600):
        compute_budget_outcome_task.enqueue(budget.pk, budget.ballots_version)
        stored = budget_selectors.stored_outcome(budget)  # a backend that runs tasks at once
        if stored is not None:
            return stored, OutcomeState.READY
    return None, OutcomeState.PENDING


def stored_or_queued_outcome(*, budget: Budget) -> tuple[BudgetOutcome | None, str]:
    """For a budget whose voting ended: the stored outcome (READY), else queued once for the
    worker (PENDING). Never computed in the request."""
    stored = budget_selectors.stored_outcome(budget)
    if stored is not None:
        return stored, OutcomeState.READY
    return queue_outcome(budget=budget)


def count_ended_budgets(*, now: dt.datetime | None = None) -> int:
    """Queue the outcome of every budget whose voting has ended (its phases are over, or a
    coordinator closed it) and that has no outcome stored for its ballots: the scheduled job
    (``translocal count_budgets``). Returns how many were queued. Idempotent: a stored outcome,
    or one already queued, is not queued again."""
    moment = now or timezone.now()
    queued = 0
    candidates = (
        Budget.objects.select_related("process")
        .filter(Q(voting_closed_at__isnull=False) | Q(process__phases__budget_vote=True))
        .exclude(outcome__ballots_version=F("ballots_version"))
        .distinct()
        .order_by("id")
    )
    for budget in candidates:
        if permissions.budget_voting_ended(budget, now=moment):
            _outcome, state = queue_outcome(budget=budget)
            queued += state != OutcomeState.UNAVAILABLE
    return queued


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


@dataclass
class RejectedRecord:
    """A record of an imported .pb file that was left out: ``kind`` "project" or "ballot",
    ``name`` its id in the file (a project's id, a voter's id), ``reason`` why."""

    kind: str
    name: str
    reason: str


@dataclass
class ImportReport:
    """What an import of a .pb file did: projects and ballots added, and each record left out."""

    projects: int = 0
    ballots: int = 0
    rejected: list[RejectedRecord] = field(default_factory=list)


def _file_projects(election: budget_outcomes.Election) -> list[tuple[str, str, Any]]:
    """(id in the file, name, cost) of the file's projects, in the file's id order."""
    instance = election.instance
    rows = []
    for project in sorted(instance, key=lambda p: budget_outcomes._project_key(None, None, p)):
        meta = instance.project_meta.get(project, {}) or {}
        rows.append((str(project.name), str(meta.get("name") or project.name), project.cost))
    return rows


@transaction.atomic
def import_pb_into_budget(*, acting_user: User, budget: Budget, text: str) -> ImportReport:
    """Add the projects of a pabulib .pb file to ``budget`` and, when the budget counts ballots
    cast elsewhere (``accepts_imported_ballots``), its ballots, each checked against the budget's
    own rules. Every record that cannot be added is left out and reported with its reason; the
    others are added. ValidationError (nothing written) for a file that cannot be read, without
    pabutools, or once voting started."""
    if not budget_outcomes.available():
        raise ValidationError(_("Importing .pb files needs the budgeting extra (pabutools) on the server."))
    current = _locked(budget)
    permissions.check(permissions.can_manage_budget(acting_user, current))
    if current.rules_frozen:
        raise _frozen_error(current)
    try:
        election = budget_outcomes.from_pb(text)
    except ValueError as exc:
        raise ValidationError(_("This is not a pabulib .pb file we can read.")) from exc
    report = ImportReport()
    ours: dict[str, int] = {}
    for file_id, name, raw_cost in _file_projects(election):
        cost_fraction = budget_outcomes._fraction(raw_cost)
        if cost_fraction.denominator != 1:
            report.rejected.append(RejectedRecord("project", file_id, _("Its cost is not a whole number.")))
            continue
        project = BudgetProject(
            budget=current, process=current.process, title=name[:200], cost=int(cost_fraction),
        )
        try:
            _clean_project(project, current)
        except ValidationError as exc:
            report.rejected.append(RejectedRecord("project", file_id, " ".join(exc.messages)))
            continue
        project.save()
        ours[file_id] = project.pk
        report.projects += 1
    profile = list(election.profile)
    if profile and not current.accepts_imported_ballots:
        report.rejected.append(RejectedRecord(
            "ballot", "*",
            ngettext(
                "%(n)d ballot left out: this budget does not count ballots cast elsewhere.",
                "%(n)d ballots left out: this budget does not count ballots cast elsewhere.",
                len(profile),
            ) % {"n": len(profile)},
        ))
        profile = []
    projects = budget_selectors.projects_of(current) if profile else []
    valid: list[dict[int, int]] = []
    for index, file_ballot in enumerate(profile, start=1):
        voter = str((getattr(file_ballot, "meta", None) or {}).get("voter_id") or index)
        chosen = dict(file_ballot) if election.points else dict.fromkeys(file_ballot, 1)
        missing = sorted(str(p.name) for p in chosen if str(p.name) not in ours)
        if missing:
            report.rejected.append(RejectedRecord(
                "ballot", voter, _("It names projects that were not imported: %(ids)s.") % {"ids": ", ".join(missing)}
            ))
            continue
        choices = {ours[str(p.name)]: int(points) for p, points in chosen.items()}
        try:
            check_choices(current, projects, choices)
        except ValidationError as exc:
            report.rejected.append(RejectedRecord("ballot", voter, " ".join(exc.messages)))
            continue
        valid.append(choices)
    if valid:
        ballots = BudgetBallot.objects.bulk_create([BudgetBallot(budget=current, user=None) for _choices in valid])
        BudgetBallotChoice.objects.bulk_create([
            BudgetBallotChoice(ballot=ballot, project_id=pk, points=points)
            for ballot, choices in zip(ballots, valid, strict=True) for pk, points in sorted(choices.items())
        ])
        Budget.objects.filter(pk=current.pk).update(
            ballot_count=F("ballot_count") + len(valid), ballots_version=F("ballots_version") + 1,
            rules_frozen_at=timezone.now(),
        )
        report.ballots = len(valid)
    record(
        acting_user=acting_user, action=audit_actions.RUN_IMPORT, target=current, hub=current.process.hub,
        details={"format": "pb", "projects": report.projects, "ballots": report.ballots,
                 "rejected": len(report.rejected)},
    )
    _changed(current.process)
    return report
