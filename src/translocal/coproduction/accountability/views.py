"""Result pages: the process's results with its progress summed, one result with its progress
updates and sources, and the coordinators' forms. Thin: selectors read, services write, the
predicates of ``coproduction.permissions`` decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.coproduction import comment_views
from translocal.coproduction.apps import CONTENT_AREA
from translocal.core import lineage
from translocal.core.contributions import render_sections
from translocal.core.page_cache import cache_for_anonymous
from translocal.core.versioning import add_save_error

from .. import live_counts, permissions
from .. import selectors as process_selectors
from ..form_views import form_page
from ..lineage import PROCESS
from ..models import Result
from ..translations import services as translations
from . import selectors, services
from .forms import LineageDecisionForm, ProgressUpdateForm, ResultForm, ResultLinkForm


def _process_version(request: HttpRequest, slug: str, **kwargs: object) -> list[str]:
    """What result pages show: the results, and the titles, authors and answers of the proposals
    and the comments they came from, which every such write moves with the process's version (or
    the co-production area's). The proposals' support counts are filled in live
    (``live_counts``), so supports leave result pages cached."""
    return [process_selectors.process_version_name(slug)]


def _result_versions(request: HttpRequest, slug: str, pk: int) -> list[str]:
    """A result's pages: as the list, and its own version, which its comments move."""
    return [*_process_version(request, slug), process_selectors.item_version_name("result", pk)]


def _running_phase(request: HttpRequest, slug: str, **kwargs: object) -> str:
    return str(process_selectors.running_phase_id(slug=slug))


@cache_for_anonymous(area=CONTENT_AREA, versions=_process_version, vary=_running_phase)
def result_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    return render(request, "coproduction/result_list.html", {
        "process": process,
        "progress": selectors.process_progress(process=process),
        "results": selectors.results_of(process=process),
    })


@cache_for_anonymous(
    area=CONTENT_AREA, versions=_result_versions, vary=_running_phase, live=live_counts.fill_support_counts
)
def result_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    result = permissions.get_result_for_view(user=request.user, slug=slug, pk=pk)
    sources = selectors.sources_of(result=result)
    selectors.with_proposals([comment for _link, comment in sources.comments])
    return render(request, "coproduction/result_detail.html", {
        "process": result.process,
        "result": result,
        "reading": translations.page_reading(result, request.GET.get("lang")),
        "translate_links": translations.translate_links(request.user, result),
        "updates": selectors.updates_of(result=result),
        "sources": sources,
        "target": result,
        "comments": process_selectors.comment_page(
            target=result, hidden=permissions.hidden_comments_for(request.user, result.process)
        ),
        # What other apps' items became this result's process (commitments from exchanges),
        # as far as the viewer may see them: core.lineage.
        "lineage": lineage.sources_of(target_kind=PROCESS, target_id=result.process.pk, viewer=request.user),
        # What other apps add to its sidebar: its SDG goals (and their suggestions, for its
        # editors), from translocal.sdg.
        "sections": render_sections("result", subject=result, request=request),
    })


@login_required
def result_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    permissions.check(permissions.can_manage_results(request.user, process))
    return form_page(
        request, ResultForm(request.POST or None, initial={"status": Result.Status.PLANNED, "progress": 0}),
        lambda data: services.create_result(acting_user=request.user, process=process, **data),
        message=_("The result is published."),
        template="coproduction/result_form.html", context={"process": process, "result": None},
    )


@login_required
def result_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    result = permissions.get_result_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_edit_result(request.user, result))
    initial = {name: getattr(result, name) for name in services.RESULT_FIELDS}
    return form_page(
        request, ResultForm(request.POST or None, initial=initial),
        lambda data: services.update_result(acting_user=request.user, result=result, data=data),
        message=_("The result is saved."), then=result,
        template="coproduction/result_form.html", context={"process": result.process, "result": result},
    )


@login_required
def result_progress(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    result = permissions.get_result_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_edit_result(request.user, result))
    initial = {"on": timezone.localdate(), "status": result.status, "progress": result.progress}
    return form_page(
        request, ProgressUpdateForm(request.POST or None, initial=initial),
        lambda data: services.add_progress_update(acting_user=request.user, result=result, **data),
        message=_("The progress update is published."), then=result,
        template="coproduction/result_progress_form.html", context={"process": result.process, "result": result},
    )


@login_required
def result_sources(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Link a proposal or a comment to the result (the form), and the sources linked now."""
    result = permissions.get_result_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_edit_result(request.user, result))
    process = result.process
    form = ResultLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data
        try:
            if number.get("proposal"):
                proposal = selectors.proposal_by_number(process=process, number=number["proposal"])
                if proposal is None:
                    raise ValidationError({"proposal": _("There is no proposal with this number in the process.")})
                services.link_proposal(acting_user=request.user, result=result, proposal=proposal)
            if number.get("comment"):
                comment = selectors.comment_by_number(process=process, number=number["comment"])
                if comment is None:
                    raise ValidationError({"comment": _("There is no comment with this number in the process.")})
                services.link_comment(acting_user=request.user, result=result, comment=comment)
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            messages.success(request, _("Linked to the result."))
            return redirect("coproduction:result-sources", slug=process.slug, pk=result.pk)
    return render(request, "coproduction/result_sources.html", {
        "process": process, "result": result, "form": form, "sources": selectors.sources_of(result=result),
    })


@require_POST
@login_required
def result_unlink(request: AuthenticatedHttpRequest, slug: str, pk: int, link_id: int) -> HttpResponse:
    result = permissions.get_result_for_view(user=request.user, slug=slug, pk=pk)
    services.unlink(acting_user=request.user, result=result, link_id=link_id)
    messages.success(request, _("Unlinked from the result."))
    return redirect("coproduction:result-sources", slug=result.process.slug, pk=result.pk)


@cache_for_anonymous(area=CONTENT_AREA, versions=_result_versions, vary=_running_phase)
def result_comment_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A page of a result's comments: the fragment for htmx ("More comments"), else a page."""
    result = permissions.get_result_for_view(user=request.user, slug=slug, pk=pk)
    return comment_views.comment_page_response(request, result)


@require_POST
@login_required
def result_comment_create(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    result = permissions.get_result_for_view(user=request.user, slug=slug, pk=pk)
    return comment_views.post_comment(request, result)


@login_required
def process_lineage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The coordinators' page: the commitments from exchanges that delegates say became the
    process, to confirm or refuse (only confirmed ones show on the result pages), then the ones
    decided. A 404 for a process the person may not see, a 403 for others than coordinators."""
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    permissions.check(permissions.can_decide_lineage(request.user, process),
                      _("Only the coordinators of this process can confirm what became it."))
    posted: LineageDecisionForm | None = None
    if request.method == "POST":
        try:
            link_id = int(request.POST.get("link", ""))
        except ValueError:
            link_id = 0
        posted = LineageDecisionForm(request.POST, link_id=link_id)
        if posted.is_valid():
            confirm = posted.cleaned_data["decision"] == "confirm"
            try:
                services.decide_lineage(acting_user=request.user, process=process, link_id=link_id,
                                        confirm=confirm, reason=posted.cleaned_data["reason"])
            except ValidationError as exc:
                add_save_error(posted, exc)
            else:
                messages.success(request, _("Confirmed: it shows on the results of this process.") if confirm
                                 else _("Refused: the delegate is told why."))
                return redirect("coproduction:process-lineage", slug=process.slug)
    decisions = lineage.links_to(target_kind=PROCESS, target_id=process.pk, viewer=request.user)
    rows = [
        (decision, posted if posted is not None and posted["link"].value() in (decision.pk, str(decision.pk))
         else LineageDecisionForm(link_id=decision.pk))
        for decision in decisions
    ]
    return render(request, "coproduction/process_lineage.html", {
        "process": process,
        "proposed": [row for row in rows if row[0].proposed],
        "decided": [row for row in rows if not row[0].proposed],
        "form": posted,
    })
