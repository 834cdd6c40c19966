"""The iCalendar feed of a process's meetings (RFC 5545, written with ``icalendar``): one event
per meeting with its place or online link. A feed URL is subscribed to without a session, so it
answers only what an anonymous visitor may see: a private process's feed is a 404 unless the
request carries the session of someone who may see it (and such a response is never cached)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from translocal.coproduction.apps import CONTENT_AREA
from translocal.core.page_cache import cache_for_anonymous

from .. import permissions
from . import selectors
from .models import Meeting

CONTENT_TYPE = "text/calendar; charset=utf-8"

def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else f"{settings.SITE_URL}{path}"

def meeting_event(meeting: Meeting, link: str) -> Event:
    event = Event()
    event.add("uid", f"coproduction-meeting-{meeting.pk}@translocal")
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("dtstamp", meeting.updated_at or timezone.now())
    event.add("url", link)
    event.add("description", "\n\n".join(part for part in (meeting.description, meeting.online_url, link) if part))
    location = meeting.location or meeting.online_url
    if location:
        event.add("location", location)
    return event


def _calendar_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@cache_for_anonymous(area=CONTENT_AREA)
def hub_calendar(request: HttpRequest, hub_slug: str) -> HttpResponse:
    """Every meeting of the hub's processes that the requester may see: without a session (a
    subscribed calendar) those of its published public processes only."""
    from ..blocking.selectors import hub_by_slug

    hub = hub_by_slug(slug=hub_slug)
    calendar = Calendar()
    calendar.add("prodid", "-//Translocal//Co-production meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", hub.name)
    for meeting in selectors.hub_calendar_meetings(user=request.user, hub_id=hub.pk):
        calendar.add_component(meeting_event(meeting, _absolute(request, meeting.get_absolute_url())))
    return _calendar_response(calendar, f"{hub.slug}-meetings.ics")


@cache_for_anonymous(area=CONTENT_AREA)
def process_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    calendar = Calendar()
    calendar.add("prodid", "-//Translocal//Co-production meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", process.title)
    for meeting in selectors.calendar_meetings(process=process):
        meeting.process = process
        calendar.add_component(meeting_event(meeting, _absolute(request, meeting.get_absolute_url())))
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{process.slug}-meetings.ics"'
    return response
