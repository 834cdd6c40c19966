"""Meeting pages: a process's meetings, one meeting (registration, minutes, comments), the
organisers' forms. Thin: selectors read, services write, ``coproduction.permissions`` decides."""

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
from translocal.core.versioning import add_save_error

from .. import permissions
from .. import selectors as process_selectors
from ..form_views import form_page
from . import selectors, services
from .forms import MeetingForm, MinutesForm
from .models import MeetingRegistration


def _process_version(request: HttpRequest, slug: str, **kwargs: object) -> list[str]:
    return [process_selectors.process_version_name(slug)]


def _meeting_versions(request: HttpRequest, slug: str, pk: int) -> list[str]:
    """A meeting's pages: its process's version and its own, which its comments move."""
    return process_selectors.item_versions(slug, "meeting", pk)


def _running_phase(request: HttpRequest, slug: str, **kwargs: object) -> str:
    return str(process_selectors.running_phase_id(slug=slug))


@cache_for_anonymous(area=CONTENT_AREA, versions=_process_version, vary=_running_phase)
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    upcoming, past = selectors.meetings_of(process=process)
    return render(request, "coproduction/meeting_list.html", {"process": process, "upcoming": upcoming, "past": past})


@cache_for_anonymous(area=CONTENT_AREA, versions=_meeting_versions, vary=_running_phase)
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_view(user=request.user, slug=slug, pk=pk)
    registration = selectors.registration_of(user=request.user, meeting=meeting)
    position = None
    if registration is not None and registration.status == MeetingRegistration.Status.WAITLISTED:
        position = selectors.waitlist_position(registration=registration)
    return render(request, "coproduction/meeting_detail.html", {
        "process": meeting.process,
        "meeting": meeting,
        "target": meeting,
        "registration": registration,
        "position": position,
        "comments": process_selectors.comment_page(
            target=meeting, hidden=permissions.hidden_comments_for(request.user, meeting.process)
        ),
    })


def _meeting_form(request: AuthenticatedHttpRequest, process, meeting=None) -> HttpResponse:  # noqa: ANN001
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS} if meeting else None
    form = MeetingForm(request.POST or None, initial=initial)
    context = {"process": process, "meeting": meeting}
    if meeting is None:
        return form_page(
            request, form, lambda data: services.create_meeting(acting_user=request.user, process=process, **data),
            message=_("The meeting is published."), template="coproduction/meeting_form.html", context=context,
        )
    return form_page(
        request, form, lambda data: services.update_meeting(acting_user=request.user, meeting=meeting, data=data),
        message=_("The meeting is saved."), template="coproduction/meeting_form.html", context=context,
    )


@login_required
def meeting_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    permissions.check(permissions.can_manage_meetings(request.user, process))
    return _meeting_form(request, process)


@login_required
def meeting_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_edit_meeting(request.user, meeting))
    return _meeting_form(request, meeting.process, meeting)


@require_POST
@login_required
def meeting_register(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_view(user=request.user, slug=slug, pk=pk)
    try:
        registration = services.register(acting_user=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if registration.status == MeetingRegistration.Status.REGISTERED:
            messages.success(request, _("You are registered. See you there."))
        else:
            messages.success(request, _("Every place is taken: you are on the waiting list. If a place frees, "
                                        "it is yours and we tell you by e-mail."))
    return redirect(meeting)


@require_POST
@login_required
def meeting_cancel(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_view(user=request.user, slug=slug, pk=pk)
    try:
        services.cancel_registration(acting_user=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You have left the meeting."))
    return redirect(meeting)


@login_required
def meeting_minutes(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_view(user=request.user, slug=slug, pk=pk)
    permissions.check(permissions.can_record_minutes(request.user, meeting),
                      _("Minutes are written by the organisers once the meeting has started."))
    registrations = selectors.attendance_list(meeting=meeting)
    initial = {"minutes": meeting.minutes, "attendee_count": meeting.attendee_count,
               "attended": [str(r.pk) for r in registrations if r.attended]}
    form = MinutesForm(request.POST or None, initial=initial, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_minutes(
                acting_user=request.user, meeting=meeting, minutes=data["minutes"],
                attendee_count=data["attendee_count"], attended_ids={int(pk) for pk in data["attended"]},
            )
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            messages.success(request, _("The minutes are published."))
            return redirect(meeting)
    return render(request, "coproduction/meeting_minutes.html", {"process": meeting.process, "meeting": meeting,
                                                                 "form": form})


@cache_for_anonymous(area=CONTENT_AREA, versions=_meeting_versions, vary=_running_phase)
def meeting_comment_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A page of a meeting's comments: the fragment for htmx ("More comments"), else a page."""
    meeting = permissions.get_meeting_for_view(user=request.user, slug=slug, pk=pk)
    return comment_views.comment_page_response(request, meeting)


@require_POST
@login_required
def meeting_comment_create(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_view(user=request.user, slug=slug, pk=pk)
    return comment_views.post_comment(request, meeting)
