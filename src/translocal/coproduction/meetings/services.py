"""Writes of meetings: organisers create and change them and record minutes and attendance;
residents register and leave.

Capacity follows the one rule of core.capacity (``PLACES``), as exchange registrations do:
every change of who holds a place locks the meeting's row first, counts the registered rows
under that lock, and moves ``registered_count`` with ``F()``; the check constraint
``meeting_within_capacity`` refuses anything over. One
registration per person and meeting is a unique constraint. When a place frees (someone
leaves, or the organisers add places), the first on the waiting list (``waitlisted_at``, then
id) moves up in the same transaction and is told by e-mail once it commits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.coproduction.apps import CONTENT_AREA
from translocal.core.caching import area_version_name, content_changed_after_commit
from translocal.core.capacity import WaitingList
from translocal.core.side_effects import after_commit
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, check_text_lengths
from translocal.search.services import sync_after_commit

from .. import permissions
from ..models import Process
from ..selectors import process_version_name
from .models import Meeting, MeetingRegistration

#: The content area this module's public writes move (core.caching).
AREA_VERSION = area_version_name(CONTENT_AREA)

Status = MeetingRegistration.Status
CREATE_MEETING = register_action("meeting.create", gettext_lazy("scheduled the meeting"))
EDIT_MEETING = register_action("meeting.edit", gettext_lazy("changed the meeting"))
MINUTES = register_action("meeting.minutes", gettext_lazy("recorded the minutes of"))
PROMOTE = register_action("meeting.promote", gettext_lazy("gave a freed place at"))

MEETING_FIELDS = ("title", "description", "starts_at", "ends_at", "location", "online_url", "capacity")


def _clean_meeting(meeting: Meeting) -> None:
    meeting.title = meeting.title.strip()
    meeting.location = meeting.location.strip()
    errors: dict[str, str] = {}
    if not meeting.title:
        errors["title"] = _("Enter a title for the meeting.")
    if meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = _("A meeting must end after it starts.")
    if not meeting.location and not meeting.online_url:
        errors["location"] = _("Say where the meeting is, or give its online link.")
    if meeting.capacity is not None and meeting.capacity < 1:
        errors["capacity"] = _("Give at least one place, or leave it empty for no limit.")
    if errors:
        raise ValidationError(errors)
    check_text_lengths(meeting, {"description": MAX_DESCRIPTION_LENGTH, "minutes": MAX_DESCRIPTION_LENGTH})
    meeting.full_clean(exclude=["process", "created_by"])


def _changed(meeting: Meeting) -> None:
    """Places left and registrations show on the process's cached pages and its calendar."""
    content_changed_after_commit(AREA_VERSION)
    content_changed_after_commit(process_version_name(meeting.process.slug))


@transaction.atomic
def create_meeting(
    *,
    acting_user: User,
    process: Process,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    description: str = "",
    location: str = "",
    online_url: str = "",
    capacity: int | None = None,
) -> Meeting:
    """A meeting or workshop of ``process``. PermissionDenied unless the acting user manages the
    process; ValidationError({field: ...}) for an empty title, an end before the start, neither a
    place nor a link, or fewer than one place."""
    permissions.check(permissions.can_manage_meetings(acting_user, process))
    meeting = Meeting(
        process=process, title=title, description=description.strip(), starts_at=starts_at, ends_at=ends_at,
        location=location, online_url=online_url.strip(), capacity=capacity, created_by=acting_user,
    )
    _clean_meeting(meeting)
    meeting.save()
    record(acting_user=acting_user, action=CREATE_MEETING, target=meeting, hub=process.hub)
    sync_after_commit(meeting)
    _changed(meeting)
    return meeting


@transaction.atomic
def update_meeting(*, acting_user: User, meeting: Meeting, data: dict[str, Any]) -> Meeting:
    """Change the fields named in ``data`` (keys of MEETING_FIELDS; others: ValueError). Fewer
    places than people registered is refused; more places move people up from the waiting list."""
    permissions.check(permissions.can_edit_meeting(acting_user, meeting))
    unknown = set(data) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"Not meeting fields: {', '.join(sorted(unknown))}")
    current = _locked(meeting)
    for name, value in data.items():
        setattr(current, name, value)
    _clean_meeting(current)
    if current.capacity is not None and current.capacity < current.registered_count:
        raise ValidationError({"capacity": _(
            "%(n)d people hold a place: give at least that many places, or ask some to leave first."
        ) % {"n": current.registered_count}})
    current.save()
    promote_from_waitlist(meeting=current, acting_user=acting_user)
    record(acting_user=acting_user, action=EDIT_MEETING, target=current, hub=current.process.hub,
           details={"fields": sorted(data)})
    sync_after_commit(current)
    _changed(current)
    return current


#: Places of a meeting and its waiting list (core.capacity).
PLACES = WaitingList(
    parent=Meeting,
    rows=MeetingRegistration,
    parent_field="meeting",
    held=Status.REGISTERED,
    waiting=Status.WAITLISTED,
    counter_field="registered_count",
)


def _locked(meeting: Meeting) -> Meeting:
    current: Meeting = PLACES.lock(meeting.pk)
    current.process = meeting.process
    return current


def promote_from_waitlist(*, meeting: Meeting, acting_user: User | None) -> list[MeetingRegistration]:
    """Move people up from the waiting list while the meeting has places, first come first
    served; each is told by e-mail after the commit. The caller holds the meeting's row lock."""

    def promoted(first: MeetingRegistration) -> None:
        record(acting_user=acting_user, action=PROMOTE, target=meeting, hub=meeting.process.hub,
               details={"registration": first.pk})
        _tell_promoted_after_commit(first.pk)

    moved: list[MeetingRegistration] = PLACES.promote(meeting, promoted=promoted)
    return moved


@transaction.atomic
def register(*, acting_user: User, meeting: Meeting) -> MeetingRegistration:
    """Register the acting user: a place while there is one, else the waiting list. Returns the
    registration (its ``status`` says which). PermissionDenied when registering is closed to
    them; ValidationError when they are registered or waiting already."""
    permissions.check(permissions.can_register(acting_user, meeting), _("Registration for this meeting is closed."))
    current = _locked(meeting)
    existing = MeetingRegistration.objects.select_for_update().filter(meeting=current, user=acting_user).first()
    if existing is not None and existing.status != Status.CANCELLED:
        raise ValidationError(_("You are already registered or on the waiting list."))
    registration = existing or MeetingRegistration(meeting=current, process=current.process, user=acting_user)
    PLACES.admit(current, registration)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # the same person registering twice at once: the other one won
        raise ValidationError(_("You are already registered or on the waiting list.")) from None
    _changed(current)
    return registration


@transaction.atomic
def cancel_registration(*, acting_user: User, meeting: Meeting) -> MeetingRegistration:
    """The acting user leaves the meeting (a place or the waiting list); a place they free goes
    to the first on the waiting list. ValidationError when they were not registered."""
    permissions.check(permissions.can_register(acting_user, meeting), _("Registration for this meeting is closed."))
    current = _locked(meeting)
    registration = MeetingRegistration.objects.select_for_update().filter(meeting=current, user=acting_user).first()
    if registration is None or registration.status == Status.CANCELLED:
        raise ValidationError(_("You are not registered for this meeting."))
    held_place = registration.status == Status.REGISTERED
    registration.status, registration.waitlisted_at = Status.CANCELLED, None
    registration.save(update_fields=["status", "waitlisted_at", "updated_at"])
    if held_place:
        PLACES.release_place(current)
        promote_from_waitlist(meeting=current, acting_user=None)
    _changed(current)
    return registration


@transaction.atomic
def record_minutes(
    *, acting_user: User, meeting: Meeting, minutes: str, attendee_count: int | None,
    attended_ids: set[int] | frozenset[int] = frozenset(),
) -> Meeting:
    """The minutes, how many came, and which of those registered attended (registration ids;
    the others are marked absent). PermissionDenied before the meeting starts or for others
    than its organisers; ValidationError for empty minutes."""
    permissions.check(permissions.can_record_minutes(acting_user, meeting),
                      _("Minutes are written by the organisers once the meeting has started."))
    minutes = minutes.strip()
    if not minutes:
        raise ValidationError({"minutes": _("Write the minutes: what was discussed and decided.")})
    current = _locked(meeting)
    current.minutes, current.attendee_count = minutes, attendee_count
    check_text_lengths(current, {"minutes": MAX_DESCRIPTION_LENGTH})
    current.save(update_fields=["minutes", "attendee_count", "updated_at"])
    registered = MeetingRegistration.objects.filter(meeting=current, status=Status.REGISTERED)
    registered.filter(pk__in=attended_ids).update(attended=True)
    registered.exclude(pk__in=attended_ids).update(attended=False)
    record(acting_user=acting_user, action=MINUTES, target=current, hub=current.process.hub,
           details={"attendee_count": attendee_count, "attended": len(attended_ids)})
    sync_after_commit(current)  # the minutes are searchable
    _changed(current)
    return current


# --- E-mail -----------------------------------------------------------------------------------


def _tell_promoted_after_commit(registration_id: int) -> None:
    def send() -> None:
        send_place_freed(registration_id)

    after_commit(("meeting-promoted-mail", registration_id), send)


def send_place_freed(registration_id: int) -> bool:
    """Tell the person a place freed for them (re-read by primary key, so a registration
    cancelled again before the commit sends nothing). Returns whether a message was sent."""
    registration = (
        MeetingRegistration.objects.filter(pk=registration_id, status=Status.REGISTERED)
        .select_related("meeting", "meeting__process", "user")
        .first()
    )
    if registration is None or not registration.user.email:
        return False
    person, meeting = registration.user, registration.meeting
    context = {"name": person.name, "meeting": meeting, "link": f"{settings.SITE_URL}{meeting.get_absolute_url()}"}
    with translation.override(getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE):
        send_mail(
            subject=render_to_string("coproduction/email/meeting_place_subject.txt", context).strip(),
            message=render_to_string("coproduction/email/meeting_place.txt", context),
            from_email=None,
            recipient_list=[person.email],
        )
    return True
