"""Reads of meetings, each shaped for one page with a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from translocal.accounts.types import AnyUser

from ..models import Process
from .models import Meeting, MeetingRegistration

Status = MeetingRegistration.Status


def meetings_of(*, process: Process) -> tuple[list[Meeting], list[Meeting]]:
    """The process's meetings split into upcoming (soonest first) and past (latest first), one
    query. A process holds tens of meetings, not thousands, so both lists are whole."""
    now = timezone.now()
    meetings = list(Meeting.objects.filter(process=process).order_by("starts_at", "id"))
    for meeting in meetings:
        meeting.process = process
    upcoming = [m for m in meetings if m.ends_at > now]
    past = [m for m in meetings if m.ends_at <= now][::-1]
    return upcoming, past


def calendar_meetings(*, process: Process) -> QuerySet[Meeting]:
    """Every meeting of the process for its calendar feed, in order."""
    return Meeting.objects.filter(process=process).order_by("starts_at", "id")


def hub_calendar_meetings(*, user: AnyUser, hub_id: int) -> QuerySet[Meeting]:
    """Every meeting of the hub's processes that ``user`` may see (``visible_processes``, the
    same rule as ``permissions.can_view_process``), in order, with its process (one query)."""
    from ..selectors import visible_processes

    processes = visible_processes(user).filter(hub_id=hub_id).values("pk")
    return Meeting.objects.filter(process_id__in=processes).select_related("process").order_by("starts_at", "id")


def meeting_in_process(*, process: Process, pk: int) -> Meeting:
    """Meeting ``pk`` of ``process`` (one query); Http404 otherwise."""
    meeting = Meeting.objects.filter(process=process, pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting")
    meeting.process = process
    return meeting


def registration_of(*, user: AnyUser, meeting: Meeting) -> MeetingRegistration | None:
    """The viewer's registration (any status) for ``meeting``; None for anonymous visitors
    (no query) or when they never registered (one query)."""
    if not user.is_authenticated:
        return None
    return MeetingRegistration.objects.filter(meeting=meeting, user_id=user.pk).first()


def waitlist_position(*, registration: MeetingRegistration) -> int:
    """1 for the first in line (one query)."""
    ahead = MeetingRegistration.objects.filter(
        meeting_id=registration.meeting_id, status=Status.WAITLISTED, waitlisted_at__lt=registration.waitlisted_at
    ).count()
    return ahead + 1


def attendance_list(*, meeting: Meeting) -> list[MeetingRegistration]:
    """Those registered for ``meeting`` with their names, for the organisers' attendance form
    (one query)."""
    return list(
        MeetingRegistration.objects.filter(meeting=meeting, status=Status.REGISTERED)
        .select_related("user")
        .order_by("user__display_name", "id")
    )
