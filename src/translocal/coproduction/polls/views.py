"""Poll pages: the poll with its ballot form, its results (round by round for ranked choice),
closing it, and its comments. Thin: predicates decide, services write, selectors read.

A first ballot in an anonymous poll answers with its receipt in the response itself, never
through a redirect and the session's messages: the session is stored on the server with the
person's id, and the receipt must be stored nowhere."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.coproduction import comment_views
from translocal.coproduction.apps import CONTENT_AREA
from translocal.core.page_cache import cache_for_anonymous
from translocal.core.versioning import add_save_error

from .. import permissions, selectors
from ..form_views import form_page
from ..models import Poll, Process
from ..translations import services as translations
from . import selectors as poll_selectors
from . import services as poll_services
from .forms import BallotForm, PollForm


def _poll_versions(request: HttpRequest, slug: str, pk: int) -> list[str]:
    """Its process's version and its own, which its ballots and comments move."""
    return selectors.item_versions(slug, "poll", pk)


def _poll_moment(request: HttpRequest, slug: str, pk: int, **kwargs: object) -> str:
    """The running phase and the poll's own window state: both change with the clock."""
    return f"{selectors.running_phase_id(slug=slug)}:{poll_selectors.poll_window_state(pk=pk)}"


def _ballot_form(request: HttpRequest, poll: Poll, vote: poll_selectors.MyVote, data: object = None) -> BallotForm:
    return BallotForm(
        data, poll=poll, options=poll_selectors.options_of(poll), marks=vote.marks,
        ask_receipt=poll.anonymous and vote.voted, prefix=None,
    )


def _reading(request: HttpRequest, poll: Poll) -> translations.Reading:
    """What the reader is shown of the poll; its options take the shown translation's labels
    before any form or result names them."""
    reading = translations.page_reading(poll, request.GET.get("lang"))
    translations.show_poll_options(poll, poll_selectors.options_of(poll), reading)
    return reading


def _poll_page(request: HttpRequest, poll: Poll, reading: translations.Reading, form: BallotForm | None = None,
               vote: poll_selectors.MyVote | None = None) -> HttpResponse:
    process = poll.process
    vote = vote or poll_selectors.my_vote(user=request.user, poll=poll)
    can_vote = permissions.can_vote(request.user, poll)
    return render(
        request,
        "coproduction/poll_detail.html",
        {
            "process": process,
            "poll": poll,
            "reading": reading,
            "translate_links": translations.translate_links(request.user, poll),
            "options": poll_selectors.options_of(poll),
            "vote": vote,
            "can_vote": can_vote,
            "is_open": permissions.poll_open(poll),
            "is_closed": permissions.poll_closed(poll),
            "form": form or (_ballot_form(request, poll, vote) if can_vote else None),
            "comments": selectors.comment_page(
                target=poll, hidden=permissions.hidden_comments_for(request.user, poll.process)
            ),
            "can_see_results": permissions.can_see_poll_results(request.user, poll),
        },
    )


@cache_for_anonymous(area=CONTENT_AREA, versions=_poll_versions, vary=_poll_moment)
def poll_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    poll = permissions.get_poll_for_view(user=request.user, slug=slug, pk=pk)
    return _poll_page(request, poll, _reading(request, poll))


@require_POST
@login_required
def poll_vote(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    poll = permissions.get_poll_for_view(user=request.user, slug=slug, pk=pk)
    reading = _reading(request, poll)
    permissions.check(permissions.can_vote(request.user, poll), _("This poll is not open for your vote."))
    vote = poll_selectors.my_vote(user=request.user, poll=poll)
    form = _ballot_form(request, poll, vote, request.POST)
    if form.is_valid():
        try:
            outcome = poll_services.cast_ballot(
                acting_user=request.user, poll=poll, marks=form.marks(), receipt=form.cleaned_data.get("receipt", ""),
            )
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            if outcome.receipt:
                response = render(request, "coproduction/poll_receipt.html",
                                  {"process": poll.process, "poll": poll, "receipt": outcome.receipt})
                add_never_cache_headers(response)
                return response
            messages.success(request, _("Your ballot is changed.") if outcome.changed else _("Your ballot is cast."))
            return redirect(poll)
    return _poll_page(request, poll, reading, form=form, vote=vote)


@cache_for_anonymous(area=CONTENT_AREA, versions=_poll_versions, vary=_poll_moment)
def poll_results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    poll = permissions.get_poll_for_view(user=request.user, slug=slug, pk=pk)
    visible = permissions.can_see_poll_results(request.user, poll)
    return render(
        request,
        "coproduction/poll_results.html",
        {
            "process": poll.process,
            "poll": poll,
            "reading": _reading(request, poll),
            "results": poll_selectors.poll_results(poll=poll) if visible else None,
            "is_closed": permissions.poll_closed(poll),
        },
    )


@require_POST
@login_required
def poll_close(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    poll = permissions.get_poll_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_close_poll(request.user, poll), _("This poll is already closed."))
    poll_services.close_poll(acting_user=request.user, poll=poll)
    messages.success(request, _("The poll is closed."))
    return redirect(poll)


@cache_for_anonymous(area=CONTENT_AREA, versions=_poll_versions, vary=_poll_moment)
def poll_comment_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    poll = permissions.get_poll_for_view(user=request.user, slug=slug, pk=pk)
    return comment_views.comment_page_response(request, poll)


@require_POST
@login_required
def poll_comment_create(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    poll = permissions.get_poll_for_view(user=request.user, slug=slug, pk=pk)
    return comment_views.post_comment(request, poll)


def _poll_form(request: AuthenticatedHttpRequest, process: Process, poll: Poll | None = None) -> HttpResponse:
    initial = None
    if poll is not None:
        initial = {name: getattr(poll, name) for name in (*poll_services.RULE_FIELDS, "description")}
        initial["options"] = "\n".join(option.label for option in poll_selectors.options_of(poll))
    form = PollForm(request.POST or None, initial=initial)

    def save(_data: dict[str, Any]) -> Poll:
        rules = form.rules()
        options = rules.pop("options")
        if poll is None:
            return poll_services.create_poll(acting_user=request.user, process=process, options=options, **rules)
        return poll_services.update_poll(acting_user=request.user, poll=poll, data=rules, options=options)

    return form_page(
        request, form, save, message=_("The poll is published.") if poll is None else _("The poll is saved."),
        template="coproduction/poll_form.html", context={"process": process, "poll": poll},
    )


@login_required
def poll_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    permissions.check(permissions.can_create_poll(request.user, process),
                      _("Only the process's organisers can start a poll."))
    return _poll_form(request, process)


@login_required
def poll_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    poll = permissions.get_poll_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_edit_poll(request.user, poll),
                      _("The rules of this poll can no longer change: ballots have been cast under them."))
    return _poll_form(request, poll.process, poll)
