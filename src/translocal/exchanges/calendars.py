"""iCalendar feeds: one exchange (its sessions as events), a hub's exchanges and all public
exchanges (one all-day event each). The hub and network calendars are built for an anonymous
viewer, whoever asks: a calendar URL is shared and subscribed to, so it shows public exchanges
only; a private exchange's own calendar is for those who may see its page."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from translocal.core.page_cache import cache_for_anonymous
from translocal.places.selectors import hub_by_slug

from . import permissions, selectors
from .models import Exchange, Session

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Translocal//Exchanges//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _exchange_event(exchange: Exchange, link: str) -> Event:
    event = Event()
    event.add("uid", f"exchange-{exchange.pk}@translocal")
    event.add("summary", exchange.title)
    event.add("dtstart", exchange.starts_on)
    event.add("dtend", exchange.ends_on + dt.timedelta(days=1))  # all-day events end the day after
    event.add("dtstamp", exchange.updated_at or timezone.now())
    event.add("url", link)
    event.add("description", f"{exchange.summary}\n\n{link}".strip())
    if exchange.place is not None:
        event.add("location", exchange.place.name)
    event.add("status", "CANCELLED" if exchange.status == Exchange.Status.CANCELLED else "CONFIRMED")
    return event


def _session_event(session: Session, exchange: Exchange, link: str) -> Event:
    event = Event()
    event.add("uid", f"exchange-session-{session.pk}@translocal")
    event.add("summary", session.title)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("dtstamp", exchange.updated_at or timezone.now())
    event.add("url", link)
    event.add("description", f"{session.description}\n\n{link}".strip())
    if session.room:
        event.add("location", session.room)
    return event


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else f"{settings.SITE_URL}{path}"


def _response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _exchanges_calendar(request: HttpRequest, name: str, exchanges: Iterable[Exchange], filename: str) -> HttpResponse:
    calendar = _calendar(name)
    for exchange in exchanges:
        calendar.add_component(_exchange_event(exchange, _absolute(request, exchange.get_absolute_url())))
    return _response(calendar, filename)


@cache_for_anonymous
def calendar_all(request: HttpRequest) -> HttpResponse:
    exchanges = selectors.calendar_exchanges(viewer=AnonymousUser())
    return _exchanges_calendar(request, "Translocal exchanges", exchanges, "exchanges.ics")


@cache_for_anonymous
def calendar_hub(request: HttpRequest, slug: str) -> HttpResponse:
    hub = hub_by_slug(slug=slug)
    exchanges = selectors.calendar_exchanges(viewer=AnonymousUser(), hub=hub)
    return _exchanges_calendar(request, f"{hub.name}: exchanges", exchanges, f"{hub.slug}-exchanges.ics")


@cache_for_anonymous
def calendar_exchange(request: HttpRequest, slug: str) -> HttpResponse:
    """The exchange as an all-day event and each agenda session as an event (404 for a viewer
    who may not see it; drafts have no calendar)."""
    exchange = permissions.get_exchange_for_view(user=request.user, slug=slug)
    link = _absolute(request, exchange.get_absolute_url())
    calendar = _calendar(exchange.title)
    calendar.add_component(_exchange_event(exchange, link))
    for session in selectors.sessions_of(exchange=exchange):
        calendar.add_component(_session_event(session, exchange, link))
    return _response(calendar, f"{exchange.slug}.ics")
