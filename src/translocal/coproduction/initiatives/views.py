"""Initiative pages: the process's initiatives, one initiative (signing, the official answer),
starting, editing and withdrawing one, and the coordinators' answer (reports and hiding are the
shared ``coproduction:report`` and ``coproduction:moderate`` pages). Thin: selectors read, services write,
``coproduction.permissions`` decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.coproduction import comment_views
from translocal.coproduction.apps import CONTENT_AREA
from translocal.core.page_cache import cache_for_anonymous

from .. import permissions
from .. import selectors as process_selectors
from ..form_views import form_page
from ..forms import AnswerForm
from . import selectors, services
from .forms import InitiativeForm


def _item_versions(request: HttpRequest, slug: str, pk: int) -> list[str]:
    """Its process's version and its own, which its initiative's frequent writes move."""
    return process_selectors.item_versions(slug, "initiative", pk)


def _list_versions(request: HttpRequest, slug: str) -> list[str]:
    return process_selectors.section_versions(slug, process_selectors.INITIATIVES)


def _running_phase(request: HttpRequest, slug: str, **kwargs: object) -> str:
    return str(process_selectors.running_phase_id(slug=slug))


@cache_for_anonymous(area=CONTENT_AREA, versions=_list_versions, vary=_running_phase)
def initiative_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    page = selectors.initiative_page(process=process, cursor=request.GET.get("cursor") or None)
    return render(request, "coproduction/initiative_list.html", {"process": process, "page": page})


@cache_for_anonymous(area=CONTENT_AREA, versions=_item_versions, vary=_running_phase)
def initiative_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = permissions.get_initiative_for_view(user=request.user, slug=slug, pk=pk)
    return render(request, "coproduction/initiative_detail.html", {
        "process": initiative.process,
        "initiative": initiative,
        "signed": selectors.has_signed(user=request.user, initiative=initiative),
        "target": initiative,
        "comments": process_selectors.comment_page(
            target=initiative, hidden=permissions.hidden_comments_for(request.user, initiative.process)
        ),
    })


@cache_for_anonymous(area=CONTENT_AREA, versions=_item_versions, vary=_running_phase)
def initiative_comment_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A page of an initiative's comments: the fragment for htmx ("More comments"), else a page."""
    initiative = permissions.get_initiative_for_view(user=request.user, slug=slug, pk=pk)
    return comment_views.comment_page_response(request, initiative)


@require_POST
@login_required
def initiative_comment_create(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = permissions.get_initiative_for_view(user=request.user, slug=slug, pk=pk)
    return comment_views.post_comment(request, initiative)


@login_required
def initiative_hidden_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The process's hidden initiatives, for its moderators (linked from the initiative list), each
    linking to its page, where they unhide it."""
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    permissions.check(permissions.can_hide(request.user, process),
                      _("Only the process's moderators see its hidden initiatives."))
    page = selectors.hidden_initiative_page(process=process, cursor=request.GET.get("cursor") or None)
    return render(request, "coproduction/initiative_hidden_list.html", {"process": process, "page": page})


@login_required
def initiative_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    permissions.check(permissions.can_start_initiative(request.user, process),
                      _("Initiatives cannot be started in this process now."))
    return form_page(
        request, InitiativeForm(request.POST or None),
        lambda data: services.start_initiative(acting_user=request.user, process=process, **data),
        message=_("Your initiative is published. Share it: it needs signatures."),
        template="coproduction/initiative_form.html", context={"process": process, "initiative": None},
    )


@login_required
def initiative_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Its author changes it until the first signature. Opening the form once it is signed is
    refused; a signature that arrives while the author types is met by the service (under the
    row lock), and the form comes back with the reason above the text they typed."""
    initiative = permissions.get_initiative_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.is_initiative_author(request.user, initiative),
                      _("Only its author can change an initiative."))
    if request.method != "POST":
        permissions.check(permissions.can_edit_initiative(request.user, initiative), _(
            "This initiative can no longer be changed: people have signed it, or it was answered, withdrawn or "
            "hidden."))
    return form_page(
        request, InitiativeForm(request.POST or None, initial={"title": initiative.title, "body": initiative.body}),
        lambda data: services.edit_initiative(acting_user=request.user, initiative=initiative, **data),
        message=_("Your initiative is saved."), then=initiative,
        template="coproduction/initiative_form.html",
        context={"process": initiative.process, "initiative": initiative},
    )


@require_POST
@login_required
def initiative_withdraw(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = permissions.get_initiative_for_view(user=request.user, slug=slug, pk=pk)
    services.withdraw_initiative(acting_user=request.user, initiative=initiative)
    messages.success(request, _(
        "Your initiative is withdrawn. It leaves the list; its page stays, marked as withdrawn."))
    return redirect(initiative)


@require_POST
@login_required
def initiative_sign(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = permissions.get_initiative_for_view(user=request.user, slug=slug, pk=pk)
    try:
        services.sign(acting_user=request.user, initiative=initiative)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you: your signature is counted."))
    return redirect(initiative)


@login_required
def initiative_answer(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = permissions.get_initiative_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_answer_initiative(request.user, initiative))
    initial = {"state": initiative.answer_state, "text": initiative.answer_text} if initiative.answer_state else None
    return form_page(
        request, AnswerForm(request.POST or None, initial=initial),
        lambda data: services.answer_initiative(acting_user=request.user, initiative=initiative, **data),
        message=_("The answer is published on the initiative."), then=initiative,
        template="coproduction/initiative_answer.html",
        context={"process": initiative.process, "initiative": initiative},
    )
