"""Pages of participatory budgets: the budget with its ballot form, the results by both rules,
and the election as a pabulib .pb file. Thin: predicates of ``permissions``, reads of
``budget_selectors``, writes of ``budget_services``.

No view runs inside a transaction (no ATOMIC_REQUESTS), so the results page computes a small
election's outcome outside any, or hands a large one to the worker and says so:
``budget_services.ensure_outcome`` stores it for the next visitor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.coproduction import comment_views
from translocal.core.page_cache import cache_for_anonymous

from . import budget_outcomes, budget_selectors, budget_services, permissions, selectors
from .budget_forms import BallotForm
from .budget_models import BallotStyle, Budget, BudgetProject


def _process_version(request: HttpRequest, slug: str, **kwargs: object) -> list[str]:
    return [selectors.process_version_name(slug)]


def _running_phase(request: HttpRequest, slug: str, **kwargs: object) -> str:
    return str(selectors.running_phase_id(slug=slug))


def _selected(form: BallotForm | None, chosen: dict[int, int] | None) -> dict[int, int]:
    """What the ballot form shows as chosen: what was just submitted (after an error), else the
    person's saved ballot."""
    if form is not None and form.is_bound:
        data: QueryDict = form.data  # type: ignore[assignment]  # bound from request.POST
        picked: dict[int, int] = {}
        for project in form.projects:
            if form.uses_points:
                raw = data.get(f"points_{project.pk}", "")
                if str(raw).strip().isdigit() and int(raw) > 0:
                    picked[project.pk] = int(raw)
            elif str(project.pk) in data.getlist("projects"):
                picked[project.pk] = 1
        return picked
    return dict(chosen or {})


def _detail_context(
    request: HttpRequest, budget: Budget, projects: list[BudgetProject], form: BallotForm | None = None
) -> dict[str, Any]:
    chosen = budget_selectors.ballot_choices(user=request.user, budget=budget)
    can_vote = permissions.can_cast_ballot(request.user, budget)
    if form is None and can_vote:
        form = BallotForm(budget=budget, projects=projects)
    selected = _selected(form, chosen)
    spent = sum(p.cost for p in projects if p.pk in selected)
    return {
        "process": budget.process,
        "budget": budget,
        "projects": projects,
        "rows": [{"project": p, "points": selected.get(p.pk, ""), "selected": p.pk in selected} for p in projects],
        "form": form,
        "can_vote": can_vote,
        "chosen": chosen,
        "chosen_count": len(selected),
        "spent": spent,
        "left": budget.total - spent,
        "points_given": sum(selected.values()) if budget.style == BallotStyle.POINTS else 0,
        "can_see_outcome": permissions.can_see_budget_outcome(request.user, budget),
    }


@cache_for_anonymous(versions=_process_version, vary=_running_phase)
def budget_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget = permissions.get_budget_for_view(user=request.user, slug=slug, pk=pk)
    projects = budget_selectors.projects_of(budget)
    return render(request, "coproduction/budget_detail.html", _detail_context(request, budget, projects))


@require_POST
@login_required
def budget_vote(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    budget = permissions.get_budget_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_cast_ballot(request.user, budget), _("Voting in this budget is not open now."))
    projects = budget_selectors.projects_of(budget)
    form = BallotForm(request.POST, budget=budget, projects=projects)
    if form.is_valid():
        try:
            budget_services.cast_ballot(acting_user=request.user, budget=budget, choices=form.choices())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Your ballot is saved. You can change it until voting closes."))
            return redirect(budget.get_absolute_url())
    return render(request, "coproduction/budget_detail.html", _detail_context(request, budget, projects, form))


@dataclass
class OutcomeRow:
    project: BudgetProject
    voters: int
    points: int
    greedy: bool
    equal_shares: bool
    completion: bool


def _outcome_rows(
    projects: list[BudgetProject], summary: dict[str, Any], tallies: dict[int, budget_selectors.Tally]
) -> list[OutcomeRow]:
    """One row per project, most points (votes) first."""
    greedy = set(summary.get("greedy", []))
    shares = set(summary.get("equal_shares", []))
    completed = set(summary.get("equal_shares_completed", []))
    rows = []
    for project in projects:
        name = str(project.pk)
        tally = tallies.get(project.pk) or budget_selectors.Tally(voters=0, points=0)
        rows.append(OutcomeRow(
            project=project, voters=tally.voters, points=tally.points, greedy=name in greedy,
            equal_shares=name in shares, completion=name in completed,
        ))
    rows.sort(key=lambda row: (-row.points, -row.voters, row.project.pk))
    return rows


@cache_for_anonymous(versions=_process_version, vary=_running_phase)
def budget_results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget = permissions.get_budget_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(
        permissions.can_see_budget_outcome(request.user, budget), _("The results of this budget are not out yet.")
    )
    projects = budget_selectors.projects_of(budget)
    outcome, state = budget_services.ensure_outcome(budget=budget)
    summary = outcome.summary if outcome is not None else {}
    rows = _outcome_rows(projects, summary, budget_selectors.tallies(budget))
    my_share = None
    ballot_id = budget_selectors.ballot_id_of(user=request.user, budget=budget)
    if ballot_id is not None and outcome is not None:
        spent = budget_selectors.share_spent(budget=budget, ballot_id=ballot_id) or {}
        by_name = {str(p.pk): p for p in projects}
        my_share = [(by_name[name], amount) for name, amount in spent.items() if name in by_name]
    return render(
        request,
        "coproduction/budget_results.html",
        {
            "process": budget.process,
            "budget": budget,
            "rows": rows,
            "summary": summary,
            "computed": outcome is not None,
            "pending": state == budget_services.OutcomeState.PENDING,
            "greedy_total": sum(row.project.cost for row in rows if row.greedy),
            "shares_total": sum(row.project.cost for row in rows if row.equal_shares),
            "has_ballot": ballot_id is not None,
            "my_share": my_share,
            "uses_points": budget.style == BallotStyle.POINTS,
        },
    )


def budget_pb(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The election (projects and anonymous ballots) as a pabulib .pb file, for anyone who may
    see the results to check them with other tools."""
    budget = permissions.get_budget_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(
        permissions.can_see_budget_outcome(request.user, budget), _("The results of this budget are not out yet.")
    )
    if not budget_outcomes.available():
        return HttpResponse(
            _("This server cannot write .pb files: it needs the budgeting extra (pabutools)."),
            status=503, content_type="text/plain; charset=utf-8",
        )
    text = budget_outcomes.to_pb(budget_services.election_of(budget))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{budget.process.slug}-budget-{budget.pk}.pb"'
    return response


@cache_for_anonymous(versions=_process_version, vary=_running_phase)
def budget_project(request: HttpRequest, slug: str, budget: int, pk: int) -> HttpResponse:
    """A project of a budget with what it would do, the proposal it came from, and its comments."""
    project = permissions.get_budget_project_for_view(user=request.user, slug=slug, budget=budget, pk=pk)
    return render(
        request,
        "coproduction/budget_project.html",
        {
            "process": project.process,
            "budget": project.budget,
            "project": project,
            "target": project,
            "comments": selectors.comment_page(target=project),
        },
    )


@cache_for_anonymous(versions=_process_version, vary=_running_phase)
def budget_project_comments(request: HttpRequest, slug: str, budget: int, pk: int) -> HttpResponse:
    """A page of a project's comments: the fragment for htmx ("More comments"), else a page."""
    project = permissions.get_budget_project_for_view(user=request.user, slug=slug, budget=budget, pk=pk)
    return comment_views.comment_page_response(request, project)


@require_POST
@login_required
def budget_project_comment_create(request: AuthenticatedHttpRequest, slug: str, budget: int, pk: int) -> HttpResponse:
    project = permissions.get_budget_project_for_view(user=request.user, slug=slug, budget=budget, pk=pk)
    return comment_views.post_comment(request, project)
