"""SDG pages: the local report of a place or a hub (page, HTML and PDF downloads), and an
author's decision on a suggested goal or target."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.core.http import safe_next_url
from translocal.core.page_cache import cache_for_anonymous
from translocal.core.versioning import add_save_error
from translocal.places import selectors as places_selectors

from . import documents, permissions, selectors, services
from .forms import IndicatorValueForm, LocalTargetForm
from .models import Suggestion

FORMATS = ("html", "pdf")


def _report(request: HttpRequest, *, subject: Any, kind: str) -> HttpResponse:
    place = subject if kind == "place" else None
    hub = subject if kind == "hub" else None
    report = selectors.local_report(place=place, hub=hub)
    context = {
        "subject": subject,
        "subject_kind": kind,
        "report": report,
        "pdf_available": documents.pdf_available(),
        "language": get_language(),
        "can_manage": kind == "hub" and permissions.can_manage_hub_targets(request.user, subject),
    }
    download = request.GET.get("format")
    if download is None:
        return render(request, "sdg/report.html", context)
    if download not in FORMATS:
        raise Http404
    filename = f"sdg-report-{subject.slug}-{get_language()}"
    if download == "pdf":
        pdf = documents.report_pdf(context)
        if pdf is not None:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
            return response
    response = HttpResponse(documents.report_document(context), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.html"'
    return response


@cache_for_anonymous
def place_report(request: HttpRequest, slug: str) -> HttpResponse:
    """A place's local SDG report (public content only: the same for every reader)."""
    return _report(request, subject=places_selectors.place_by_slug(slug=slug), kind="place")


@cache_for_anonymous
def hub_report(request: HttpRequest, slug: str) -> HttpResponse:
    return _report(request, subject=places_selectors.hub_by_slug(slug=slug), kind="hub")


@cache_for_anonymous
def goal_list(request: HttpRequest) -> HttpResponse:
    """The 17 goals: our concise labels with the official titles in the reader's language."""
    return render(request, "sdg/goal_list.html", {"goals": selectors.goals_overview()})


@cache_for_anonymous
def goal_detail(request: HttpRequest, number: int) -> HttpResponse:
    """One goal's targets, their official indicators, and the local targets and recorded values
    hubs have under them."""
    page = selectors.goal_page(number=number, language=get_language())
    if page is None:
        raise Http404
    return render(request, "sdg/goal_detail.html", {"page": page, "goal": page.goal})


@login_required
def hub_targets(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A hub's coordinators set local targets and record their values (403 for anyone else)."""
    hub = places_selectors.hub_by_slug(slug=slug)
    if not permissions.can_manage_hub_targets(request.user, hub):
        raise PermissionDenied(_("Only the hub's coordinators set its local targets."))
    which = request.POST.get("form") if request.method == "POST" else None
    target_form = LocalTargetForm(request.POST if which == "target" else None, prefix="target")
    value_form = IndicatorValueForm(request.POST if which == "value" else None, prefix="value", hub=hub)
    form = target_form if which == "target" else value_form if which == "value" else None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if form is target_form:
                local = services.create_local_target(
                    acting_user=request.user, hub=hub, target=data["target"], code=data["code"],
                    title=data["title"], description=data["description"],
                )
                messages.success(request, _("Local target %(code)s added.") % {"code": local.code})
            else:
                services.record_indicator_value(
                    acting_user=request.user, local_target=data["local_target"], value=data["value"],
                    unit=data["unit"], date=data["date"], source=data["source"],
                )
                messages.success(request, _("Value recorded."))
            return redirect("sdg:hub-targets", slug=hub.slug)
        except ValidationError as error:
            add_save_error(form, error)
    context = {
        "hub": hub,
        "local_targets": selectors.local_targets_of_hub(hub=hub),
        "target_form": target_form,
        "value_form": value_form,
    }
    return render(request, "sdg/hub_targets.html", context, status=400 if form is not None else 200)


@require_POST
@login_required
def decide_suggestion(request: AuthenticatedHttpRequest, suggestion_id: int) -> HttpResponse:
    """Confirm or reject one suggested goal or target, then back to the page it was shown on.
    PermissionDenied (403) for someone who may not edit the entry."""
    confirm = request.POST.get("decision") == "confirm"
    try:
        suggestion = services.decide_suggestion(
            acting_user=request.user, suggestion_id=suggestion_id, confirm=confirm
        )
    except Suggestion.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = suggestion.term.display_label
        if confirm:
            messages.success(request, _("“%(goal)s” is now one of this entry's goals.") % {"goal": label})
        else:
            messages.success(request, _("“%(goal)s” will not be suggested again.") % {"goal": label})
    return redirect(safe_next_url(request, request.POST.get("next", "")) or "core:home")
