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
from translocal.coproduction.apps import CONTENT_AREA
from translocal.core.page_cache import cache_for_anonymous
from translocal.core.versioning import add_save_error

from .. import permissions, selectors
from ..form_views import form_page
from . import outcomes as budget_outcomes
from . import selectors as budget_selectors
from . import services as budget_services
from .forms import BallotForm, BudgetForm, PbImportForm, ProjectForm
from .models import BallotStyle, Budget, BudgetProject, OutcomeRule


def _item_versions(request: HttpRequest, slug: str, pk: int) -> list[str]:
    """Its process's version and its own, which its budget's frequent writes move."""
    return selectors.item_versions(slug, "budget", pk)


def _project_versions(request: HttpRequest, slug: str, budget: int, pk: int) -> list[str]:
    """A project's page shows its budget's figures: keyed like the budget's pages."""
    return selectors.item_versions(slug, "budget", budget)


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
        "can_manage": permissions.can_manage_budget(request.user, budget),
        "can_close": permissions.can_close_budget_voting(request.user, budget),
    }


@cache_for_anonymous(area=CONTENT_AREA, versions=_item_versions, vary=_running_phase)
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


@cache_for_anonymous(area=CONTENT_AREA, versions=_item_versions, vary=_running_phase)
def budget_results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget = permissions.get_budget_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(
        permissions.can_see_budget_outcome(request.user, budget), _("The results of this budget are not out yet.")
    )
    projects = budget_selectors.projects_of(budget)
    ended = permissions.budget_voting_ended(budget)
    if ended:  # computed once, in the background, when voting ended: read what is stored
        outcome, state = budget_services.stored_or_queued_outcome(budget=budget)
    else:  # a preview while voting runs (managers, or a results phase beside voting)
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
            "ended": ended,
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


@cache_for_anonymous(area=CONTENT_AREA, versions=_project_versions, vary=_running_phase)
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
            "comments": selectors.comment_page(
                target=project, hidden=permissions.hidden_comments_for(request.user, project.process)
            ),
        },
    )


@cache_for_anonymous(area=CONTENT_AREA, versions=_project_versions, vary=_running_phase)
def budget_project_comments(request: HttpRequest, slug: str, budget: int, pk: int) -> HttpResponse:
    """A page of a project's comments: the fragment for htmx ("More comments"), else a page."""
    project = permissions.get_budget_project_for_view(user=request.user, slug=slug, budget=budget, pk=pk)
    return comment_views.comment_page_response(request, project)


@require_POST
@login_required
def budget_project_comment_create(request: AuthenticatedHttpRequest, slug: str, budget: int, pk: int) -> HttpResponse:
    project = permissions.get_budget_project_for_view(user=request.user, slug=slug, budget=budget, pk=pk)
    return comment_views.post_comment(request, project)


# --- Setting a budget up (the process's managers) -----------------------------------------------


def _managed_budget(request: AuthenticatedHttpRequest, slug: str, pk: int) -> Budget:
    budget = permissions.get_budget_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_manage_budget(request.user, budget))
    return budget


@login_required
def budget_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    permissions.check(permissions.can_manage_process(request.user, process))
    form = BudgetForm(request.POST or None, initial={
        "currency": "GBP", "style": BallotStyle.KNAPSACK, "min_projects": 1, "binding_rule": OutcomeRule.EQUAL_SHARES,
    })
    return form_page(
        request, form, lambda data: budget_services.create_budget(acting_user=request.user, process=process, **data),
        message=_("The budget is set up. Add its projects next."),
        template="coproduction/budget_form.html", context={"process": process, "budget": None},
    )


@login_required
def budget_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The budget and its rules. After the first ballot a change of rules is refused with the
    reason at the top of the form, and what was entered stays in it."""
    budget = _managed_budget(request, slug, pk)
    initial = {name: getattr(budget, name) for name in budget_services.BUDGET_FIELDS}
    return form_page(
        request, BudgetForm(request.POST or None, initial=initial),
        lambda data: budget_services.update_budget(acting_user=request.user, budget=budget, data=data),
        message=_("The budget is saved."), then=budget,
        template="coproduction/budget_form.html", context={"process": budget.process, "budget": budget},
    )


@login_required
def budget_project_create(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    budget = _managed_budget(request, slug, pk)
    return form_page(
        request, ProjectForm(request.POST or None, process=budget.process),
        lambda data: budget_services.add_project(acting_user=request.user, budget=budget, **data),
        message=_("The project is added."), then=budget,
        template="coproduction/budget_project_form.html",
        context={"process": budget.process, "budget": budget, "project": None},
    )


def _managed_project(request: AuthenticatedHttpRequest, slug: str, budget: int, pk: int) -> BudgetProject:
    project = permissions.get_budget_project_for_view(user=request.user, slug=slug, budget=budget, pk=pk)
    permissions.check(permissions.can_manage_budget(request.user, project.budget))
    return project


@login_required
def budget_project_edit(request: AuthenticatedHttpRequest, slug: str, budget: int, pk: int) -> HttpResponse:
    project = _managed_project(request, slug, budget, pk)
    initial = {name: getattr(project, name) for name in budget_services.PROJECT_FIELDS}
    return form_page(
        request, ProjectForm(request.POST or None, initial=initial, process=project.process),
        lambda data: budget_services.update_project(acting_user=request.user, project=project, data=data),
        message=_("The project is saved."), then=project.budget,
        template="coproduction/budget_project_form.html",
        context={"process": project.process, "budget": project.budget, "project": project},
    )


@login_required
def budget_project_delete(request: AuthenticatedHttpRequest, slug: str, budget: int, pk: int) -> HttpResponse:
    """Asks first (GET), removes on POST; refused with the reason once voting started."""
    project = _managed_project(request, slug, budget, pk)
    error = None
    if request.method == "POST":
        try:
            budget_services.delete_project(acting_user=request.user, project=project)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The project is removed."))
            return redirect(project.budget)
    return render(
        request, "coproduction/budget_project_delete.html",
        {"process": project.process, "budget": project.budget, "project": project, "error": error},
        status=400 if error else 200,
    )


@login_required
def budget_import(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Import a pabulib .pb file into the budget and show, record by record, what was left out
    and why."""
    budget = _managed_budget(request, slug, pk)
    form = PbImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = budget_services.import_pb_into_budget(
                acting_user=request.user, budget=budget, text=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            budget = budget_selectors.budget_in_process(process=budget.process, pk=budget.pk)
    return render(request, "coproduction/budget_import.html", {
        "process": budget.process, "budget": budget, "form": form, "report": report,
        "available": budget_outcomes.available(),
    })


@require_POST
@login_required
def budget_close(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """End the voting now; the outcome is computed once, in the background."""
    budget = permissions.get_budget_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_close_budget_voting(request.user, budget), _("Voting in this budget has ended."))
    budget_services.close_budget_voting(acting_user=request.user, budget=budget)
    messages.success(request, _("Voting is closed. The outcome is being worked out."))
    return redirect(budget)
