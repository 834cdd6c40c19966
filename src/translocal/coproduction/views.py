"""Pages of co-production spaces: thin views over selectors, permissions and services.

Every check is a predicate of ``permissions`` (the templates ask the same ones). Public pages
are served whole to anonymous visitors from the page cache; the proposal pages are also keyed
on their process's own version, which supports move instead of the site's."""

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translocal.accounts.types import AnyUser, AuthenticatedHttpRequest
from translocal.coproduction import comment_views
from translocal.coproduction.apps import CONTENT_AREA
from translocal.core.contributions import render_sections
from translocal.core.csrf import get_masked_token
from translocal.core.http import from_htmx, safe_next_url
from translocal.core.page_cache import cache_for_anonymous
from translocal.core.versioning import add_save_error
from translocal.search import semantic

from . import live_counts, permissions, selectors, services
from .accountability import selectors as result_selectors
from .budgets import selectors as budget_selectors
from .form_views import form_page
from .forms import AnswerForm, CommentForm, ModerationForm, ProposalFilterForm, ProposalForm, ReportForm
from .models import Proposal
from .polls import selectors as poll_selectors
from .support_box import support_box_html
from .translations import services as translations


def _process_version(request: HttpRequest, slug: str, **kwargs: object) -> list[str]:
    return [selectors.process_version_name(slug)]


def _proposal_versions(request: HttpRequest, slug: str, pk: int) -> list[str]:
    """A proposal's page and its comments: its process's version and its own, which its
    supports and comments move (another proposal's leave it cached)."""
    return selectors.item_versions(slug, "proposal", pk)


def _proposal_list_versions(request: HttpRequest, slug: str) -> list[str]:
    """The list's versions, which supports leave alone: their counts are filled in live. (The
    support that makes a proposal reach the threshold moves the area's version: its badge.)"""
    return selectors.section_versions(slug, selectors.PROPOSALS)


#: How long an anonymous reader's "most supported" order may lag the supports (seconds): the
#: cached list is re-sorted at most this often, its counts are always current (live_counts), and
#: the page says so. Signed-in people, who support, always get the order as it is now.
SUPPORTED_ORDER_SECONDS = 60


def _proposal_list_vary(request: HttpRequest, slug: str) -> str:
    """The running phase, and for the "most supported" order (the default) the current
    SUPPORTED_ORDER_SECONDS window: a cached list in that order lives one window at most."""
    running = _running_phase(request, slug)
    if request.GET.get("order") in selectors.PROPOSAL_ORDERS and request.GET["order"] != "supported":
        return running
    return f"{running}~{supported_order_window()}"


def supported_order_window() -> int:
    """The number of the current SUPPORTED_ORDER_SECONDS window since the epoch."""
    return int(time.time()) // SUPPORTED_ORDER_SECONDS


def _process_page_versions(request: HttpRequest, slug: str) -> list[str]:
    """The process page shows its budgets' ballot counts, and "Who else tried this?" and the
    related practice elsewhere (translocal.intelligence), which follow the vectors' version."""
    return [selectors.section_version_name(slug, selectors.BUDGETS), semantic.VECTORS_VERSION]


def _replies_versions(request: HttpRequest, slug: str, comment_id: int) -> list[str]:
    return selectors.section_versions(slug, selectors.COMMENTS)


def _running_phase(request: HttpRequest, slug: str, **kwargs: object) -> str:
    return str(selectors.running_phase_id(slug=slug))


@cache_for_anonymous(area=CONTENT_AREA)
def process_list(request: HttpRequest) -> HttpResponse:
    page = selectors.process_page(user=request.user, cursor=request.GET.get("cursor") or None)
    return render(request, "coproduction/process_list.html", {"page": page})


@cache_for_anonymous(area=CONTENT_AREA, versions=_process_page_versions, vary=_running_phase)
def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    return render(
        request,
        "coproduction/process_detail.html",
        {
            "process": process,
            "reading": translations.page_reading(process, request.GET.get("lang")),
            "translate_links": translations.translate_links(request.user, process),
            "phases": selectors.phases_of(process),
            "current_phase": selectors.current_phase(process),
            "can_manage": permissions.can_manage_process(request.user, process),
            "progress": result_selectors.process_progress(process=process),
            "polls": poll_selectors.polls_in_process(process=process),
            "budgets": budget_selectors.budgets_of(process),
            # Other apps' sidebar sections: its SDG goals (suggestions for its managers) and
            # "Who else tried this?" (translocal.sdg, translocal.intelligence).
            "sections": render_sections("process", subject=process, request=request),
        },
    )


def _visitor_seed(user: AnyUser) -> int:
    """The random order's seed when the link carries none: fixed per person (signed in) or per
    day (anonymous visitors, who share the cached page)."""
    if user.is_authenticated:
        return user.pk * 7919 % 2_147_483_629
    return int(timezone.now().date().strftime("%Y%m%d"))


@cache_for_anonymous(
    area=CONTENT_AREA, versions=_proposal_list_versions, vary=_proposal_list_vary, live=live_counts.fill_support_counts
)
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    filters = ProposalFilterForm(request.GET or None)
    values = filters.values()
    seed = values["seed"] if values["seed"] is not None else _visitor_seed(request.user)
    page = selectors.proposal_page(
        process=process, order=values["order"], answer=values["answer"], threshold=values["threshold"], seed=seed,
        cursor=request.GET.get("cursor") or None,
    )
    return render(
        request,
        "coproduction/proposal_list.html",
        {
            "process": process,
            "current_phase": selectors.current_phase(process),
            "page": page,
            "filters": filters,
            "order": values["order"],
            "seed": seed,
            "supported": selectors.supported_ids(user=request.user, proposal_ids=[p.pk for p in page.items]),
            "supports_left": selectors.supports_left(user=request.user, process=process),
            "order_minutes": SUPPORTED_ORDER_SECONDS // 60,
        },
    )


def _detail_context(request: HttpRequest, proposal: Proposal) -> dict:
    process = proposal.process
    return {
        "comments": selectors.comment_page(
            target=proposal, hidden=permissions.hidden_comments_for(request.user, process)
        ),
        "process": process,
        "proposal": proposal,
        "reading": translations.page_reading(proposal, request.GET.get("lang")),
        "translate_links": translations.translate_links(request.user, proposal),
        "current_phase": selectors.current_phase(process),
        "timeline": result_selectors.proposal_trace(proposal=proposal, events=selectors.timeline(proposal=proposal)),
        "supported": proposal.pk in selectors.supported_ids(user=request.user, proposal_ids=[proposal.pk]),
        "supports_left": selectors.supports_left(user=request.user, process=process),
    }


@cache_for_anonymous(area=CONTENT_AREA, versions=_proposal_versions, vary=_running_phase)
def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for_view(user=request.user, slug=slug, pk=pk)
    return render(request, "coproduction/proposal_detail.html", _detail_context(request, proposal))


@login_required
def proposal_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    permissions.check(
        permissions.can_propose(request.user, process), _("Proposals cannot be made in this process now.")
    )
    return form_page(
        request, ProposalForm(request.POST or None),
        lambda data: services.create_proposal(acting_user=request.user, process=process, **data),
        message=_("Your proposal is published."),
        template="coproduction/proposal_form.html", context={"process": process, "proposal": None},
    )


@login_required
def proposal_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(
        permissions.can_edit_proposal(request.user, proposal),
        _("This proposal can no longer be changed: people have supported it, or it was answered or withdrawn."),
    )
    return form_page(
        request, ProposalForm(request.POST or None, initial={"title": proposal.title, "body": proposal.body}),
        lambda data: services.update_proposal(acting_user=request.user, proposal=proposal, **data),
        message=_("Your proposal is saved."), then=proposal,
        template="coproduction/proposal_form.html", context={"process": proposal.process, "proposal": proposal},
    )


@require_POST
@login_required
def proposal_withdraw(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for_view(user=request.user, slug=slug, pk=pk)
    services.withdraw_proposal(acting_user=request.user, proposal=proposal)
    messages.success(request, _("Your proposal is withdrawn."))
    return redirect(proposal)


def _support_response(
    request: AuthenticatedHttpRequest, proposal: Proposal, outcome: services.Supports | None = None, error: str = ""
) -> HttpResponse:
    if from_htmx(request):
        # Only what the support box shows (not the page's comments and timeline, which a
        # support leaves as they were): after a support, from what the service returned,
        # without reading again (the hot write path of a busy supports phase).
        if outcome is not None:
            proposal.support_count = outcome.count
            if outcome.threshold_reached and proposal.threshold_reached_at is None:
                proposal.threshold_reached_at = timezone.now()
            supported, supports_left = outcome.supported, outcome.supports_left
            may_support: bool | None = True  # the service asked permissions.can_support for it
        else:  # refused: show it as it is now
            proposal = selectors.proposal_in_process(process=proposal.process, pk=proposal.pk)
            supported = proposal.pk in selectors.supported_ids(user=request.user, proposal_ids=[proposal.pk])
            supports_left = selectors.supports_left(user=request.user, process=proposal.process)
            may_support = None
        # The box _support.html draws, built in Python (support_box.py: the same bytes).
        return HttpResponse(
            support_box_html(
                user=request.user, process=proposal.process, proposal=proposal, supported=supported,
                supports_left=supports_left, support_error=error, csrf_token=get_masked_token(request),
                may_support=may_support,
            )
        )
    if error:
        messages.error(request, error)
    return redirect(safe_next_url(request, request.POST.get("next") or "") or proposal.get_absolute_url())


@require_POST
@login_required
def proposal_support(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for_support(user=request.user, slug=slug, pk=pk)
    try:
        outcome = services.support_proposal(acting_user=request.user, proposal=proposal)
    except ValidationError as exc:
        return _support_response(request, proposal, error=" ".join(exc.messages))
    return _support_response(request, proposal, outcome)


@require_POST
@login_required
def proposal_unsupport(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for_support(user=request.user, slug=slug, pk=pk)
    try:
        outcome = services.withdraw_support(acting_user=request.user, proposal=proposal)
    except ValidationError as exc:
        return _support_response(request, proposal, error=" ".join(exc.messages))
    return _support_response(request, proposal, outcome)


@login_required
def proposal_answer(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_answer_proposal(request.user, proposal))
    initial = {"state": proposal.answer_state, "text": proposal.answer_text} if proposal.answer_state else None
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_proposal(acting_user=request.user, proposal=proposal, **form.cleaned_data)
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            messages.success(request, _("The answer is published on the proposal."))
            return redirect(proposal)
    return render(request, "coproduction/proposal_answer.html", {"process": proposal.process, "proposal": proposal,
                                                                  "form": form})




# --- Comments ---------------------------------------------------------------------------------


@cache_for_anonymous(area=CONTENT_AREA, versions=_proposal_versions, vary=_running_phase)
def comment_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A page of a proposal's comments: the fragment for htmx ("More comments"), else a page."""
    proposal = permissions.get_proposal_for_view(user=request.user, slug=slug, pk=pk)
    return comment_views.comment_page_response(request, proposal)


@cache_for_anonymous(area=CONTENT_AREA, versions=_replies_versions, vary=_running_phase)
def comment_replies(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    comment = selectors.comment_in_process(process=process, pk=comment_id)
    if not permissions.can_view_comment(request.user, comment):
        raise Http404("No such comment")
    page = selectors.reply_page(comment=comment, cursor=request.GET.get("cursor") or None,
                                hidden=permissions.hidden_comments_for(request.user, process))
    context = {"process": process, "parent": comment, "comments": page, "target": selectors.comment_target(comment)}
    template = "coproduction/_comment_items.html" if from_htmx(request) else "coproduction/comment_list.html"
    return render(request, template, context)


@require_POST
@login_required
def comment_create(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for_view(user=request.user, slug=slug, pk=pk)
    return comment_views.post_comment(request, proposal)


def _comment_for_author(request: AuthenticatedHttpRequest, slug: str, comment_id: int):  # noqa: ANN202
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    comment = selectors.comment_in_process(process=process, pk=comment_id)
    if not permissions.can_view_comment(request.user, comment):
        raise Http404("No such comment")
    permissions.check(permissions.can_edit_comment(request.user, comment), _("You can change only your own comments."))
    return comment


@login_required
def comment_edit(request: AuthenticatedHttpRequest, slug: str, comment_id: int) -> HttpResponse:
    comment = _comment_for_author(request, slug, comment_id)
    target = selectors.comment_target(comment)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(
                acting_user=request.user, comment=comment, body=form.cleaned_data["body"], target=target
            )
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            messages.success(request, _("Your comment is saved."))
            return redirect(target.get_absolute_url() + "#comments-title")
    return render(request, "coproduction/comment_form.html", {"process": comment.process, "target": target,
                                                              "comment": comment, "form": form})


@require_POST
@login_required
def comment_delete(request: AuthenticatedHttpRequest, slug: str, comment_id: int) -> HttpResponse:
    comment = _comment_for_author(request, slug, comment_id)
    target = selectors.comment_target(comment)
    services.delete_comment(acting_user=request.user, comment=comment)
    messages.success(request, _("Your comment is deleted."))
    return redirect(target.get_absolute_url() + "#comments-title")


# --- Reports and moderation -------------------------------------------------------------------


def _moderated(request: HttpRequest, slug: str, kind: str, pk: int) -> tuple[Any, Any]:
    """The proposal, initiative or comment named in the URL and the page it belongs to (itself,
    or the item a comment is on); 404 when not visible."""
    if kind == "proposal":
        proposal = permissions.get_proposal_for_view(user=request.user, slug=slug, pk=pk)
        return proposal, proposal
    if kind == "initiative":
        initiative = permissions.get_initiative_for_view(user=request.user, slug=slug, pk=pk)
        return initiative, initiative
    if kind == "comment":
        process = permissions.get_process_for_view(user=request.user, slug=slug)
        comment = selectors.comment_in_process(process=process, pk=pk)
        if not permissions.can_view_comment(request.user, comment):
            raise Http404("No such comment")
        return comment, selectors.comment_target(comment)
    raise Http404("Nothing to report here")


@login_required
def report_create(request: AuthenticatedHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    target, proposal = _moderated(request, slug, kind, pk)
    permissions.check(permissions.can_report(request.user, proposal.process))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(acting_user=request.user, target=target, **form.cleaned_data)
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            messages.success(request, _("Thank you. The moderators of this process will look at it."))
            return redirect(proposal)
    return render(request, "coproduction/report_form.html", {"process": proposal.process, "item": proposal,
                                                             "target": target, "kind": kind, "form": form})


@require_POST
@login_required
def moderate(request: AuthenticatedHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    target, proposal = _moderated(request, slug, kind, pk)
    permissions.check(permissions.can_hide(request.user, proposal.process))
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose hide or show."))
        return redirect(proposal)
    try:
        if form.cleaned_data["action"] == "hide":
            services.hide(acting_user=request.user, target=target, reason=form.cleaned_data["reason"])
            messages.success(request, _("Hidden. It no longer shows in lists and search."))
        else:
            services.unhide(acting_user=request.user, target=target, reason=form.cleaned_data["reason"])
            messages.success(request, _("Visible again."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(proposal)
