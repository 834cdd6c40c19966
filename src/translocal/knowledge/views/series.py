from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.core.caching import cached_fragment
from translocal.core.page_cache import cache_for_anonymous
from translocal.core.pagination import valid_cursor
from translocal.knowledge.apps import CONTENT_AREA

from .. import permissions, selectors, services
from ..forms import SeriesForm
from ..models import SeriesProposal
from .common import browse_list, form_instance, list_cache_parts, member_required, run_form


@cache_for_anonymous(area=CONTENT_AREA)
def series_list(request: HttpRequest) -> HttpResponse:
    """Searchable (title and description), in the order chosen (core.listing); the list is
    the same for everyone: a cached fragment keyed on the query string and the content version."""
    return browse_list(
        request,
        name="series",
        template="knowledge/series_list.html",
        sorts=selectors.SERIES_SORTS,
        browse=selectors.series_browse,
        count_message=lambda n: ngettext("%(count)s series", "%(count)s series", n),
    )


@cache_for_anonymous(area=CONTENT_AREA)
def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The buttons depend on who is looking; the number of posts and the page of posts are
    cached fragments (series have no drafts: only published posts are listed)."""
    series = permissions.get_series_for_view(user=request.user, slug=slug)
    cursor = valid_cursor(request)

    def render_summary() -> str:
        context = {"post_count": selectors.count_series_posts(series=series)}
        return render_to_string("knowledge/series_detail.html#summary", context)

    def render_results() -> str:
        page = selectors.series_posts(series=series, cursor=cursor)
        return render_to_string("knowledge/series_detail.html#results", {"page": page}, request=request)

    parts = (series.pk, *list_cache_parts(request, cursor))
    can_edit = permissions.can_edit_series(request.user, series)
    context = {
        "series": series,
        "summary": cached_fragment(request, "series-summary", (series.pk,), render_summary),
        "results": cached_fragment(request, "series-detail", parts, render_results),
        "can_edit": can_edit,
        "proposals": selectors.pending_series_proposals(series=series) if can_edit else [],
    }
    return render(request, "knowledge/series_detail.html", context)


@member_required
def series_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None)
    series = run_form(request, form, lambda data: services.create_series(acting_user=request.user, data=data))
    if series is not None:
        created = _("The series “%(title)s” was created. Add its first post.")
        messages.success(request, created % {"title": series.title})
        return redirect(series)
    return render(request, "knowledge/series_form.html", {"form": form, "series": None})


@login_required
def series_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    series = permissions.get_series_for_edit(user=request.user, slug=slug)
    form = SeriesForm(request.POST or None, instance=form_instance(series))
    saved = run_form(
        request, form, lambda data: services.update_series(acting_user=request.user, series=series, data=data)
    )
    if saved is not None:
        messages.success(request, _("Your changes to “%(title)s” were saved.") % {"title": saved.title})
        return redirect(saved)
    return render(request, "knowledge/series_form.html", {"form": form, "series": series})


@require_POST
@login_required
def series_proposal_answer(request: AuthenticatedHttpRequest, slug: str, pk: int, answer: str) -> HttpResponse:
    """An editor of the series accepts or declines a proposed post (answer: "accept" or "decline")."""
    series = permissions.get_series_for_edit(user=request.user, slug=slug)
    proposal = get_object_or_404(SeriesProposal, pk=pk, series=series)
    decide = services.accept_series_proposal if answer == "accept" else services.decline_series_proposal
    try:
        done = decide(acting_user=request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(series)
    if done.status == SeriesProposal.Status.ACCEPTED:
        message = _("“%(title)s” is now the latest post of the series; its author is told.")
    else:
        message = _("“%(title)s” was declined; its author is told.")
    messages.success(request, message % {"title": done.reflection.title})
    return redirect(series)
