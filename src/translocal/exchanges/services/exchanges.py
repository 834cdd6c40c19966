"""Organising an exchange: the exchange itself, its strands, agenda sessions, speakers and
registration types. Every function checks the permission first, runs in one transaction,
writes an audit row, and leaves search and the cached pages to follow after the commit."""

import zoneinfo
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.audit.services import record
from translocal.core.markup import render_markdown
from translocal.core.slugs import save_with_slug
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH
from translocal.core.versioning import claim_version

from .. import permissions
from ..models import Exchange, Question, RegistrationType, Session, Speaker, Strand
from . import common
from .registrations import promote_from_waitlist

EXCHANGE_FIELDS: tuple[str, ...] = (
    "title",
    "kind",
    "summary",
    "description",
    "place",
    "hub",
    "starts_on",
    "ends_on",
    "time_zone",
    "visibility",
    "registration_open",
    "funding_note",
)


def _check_time_zone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            {"time_zone": _("“%(zone)s” is not a time zone: use a name such as Europe/Madrid.") % {"zone": name}}
        ) from exc


def _clean_exchange(exchange: Exchange) -> None:
    exchange.title = common.require_text(exchange.title, "title", _("Enter a title."))
    if exchange.kind not in Exchange.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of exchange.")})
    if exchange.visibility not in Exchange.Visibility.values:
        raise ValidationError({"visibility": _("Choose who can see the exchange.")})
    if exchange.starts_on is None:
        raise ValidationError({"starts_on": _("Enter the first day.")})
    if exchange.ends_on is None:
        exchange.ends_on = exchange.starts_on
    if exchange.ends_on < exchange.starts_on:
        raise ValidationError({"ends_on": _("The last day must be the same as or after the first day.")})
    _check_time_zone(exchange.time_zone or "")
    if exchange.visibility == Exchange.Visibility.HUB_MEMBERS and exchange.hub_id is None:
        raise ValidationError({"visibility": _("An exchange for hub members needs a host hub.")})
    if exchange.hub_id is not None and exchange.place_id is None:
        exchange.place_id = exchange.hub.place_id if exchange.hub else None
    common.check_lengths(exchange, ("title", "summary", "funding_note"))
    if len(exchange.description or "") > MAX_DESCRIPTION_LENGTH:
        raise ValidationError(
            {"description": _("Use at most %(limit)d characters.") % {"limit": MAX_DESCRIPTION_LENGTH}}
        )


def _apply(exchange: Exchange, data: Mapping[str, Any]) -> None:
    for name in EXCHANGE_FIELDS:
        if name in data:
            setattr(exchange, name, data[name])


def create_exchange(*, acting_user: User, data: Mapping[str, Any], organisers: list[User] | None = None) -> Exchange:
    """A new exchange, a draft unless ``data["publish"]``. ``data`` holds model field values
    (instances for ``place`` and ``hub``). The creator organises it; ``organisers`` are named
    with them. Raises PermissionDenied (not a coordinator of the chosen hub, nor staff) and
    ValidationError (naming the field)."""
    if not permissions.can_create_exchange(acting_user):
        raise PermissionDenied(_("Only hub coordinators and staff can organise exchanges."))
    hub = data.get("hub")
    if not permissions.can_host_in_hub(acting_user, hub.pk if hub is not None else None):
        raise PermissionDenied(_("Choose a hub you coordinate as the host of the exchange."))
    description_html = render_markdown(data.get("description") or "")
    exchange = Exchange(created_by=acting_user)
    _apply(exchange, data)
    _clean_exchange(exchange)
    exchange.description_html = description_html
    if data.get("publish"):
        exchange.status = Exchange.Status.PUBLISHED
        exchange.published_at = timezone.now()
    with transaction.atomic():
        save_with_slug(exchange, exchange.title)
        exchange.organisers.set([acting_user, *(organisers or [])])
        record(acting_user=acting_user, action=common.CREATE_EXCHANGE, target=exchange, hub=exchange.hub)
        common.exchange_changed(exchange)
    return exchange


def update_exchange(
    *, acting_user: User, exchange: Exchange, data: Mapping[str, Any], expected_version: int | None = None
) -> Exchange:
    """Change an exchange's description, dates, host or visibility. A form opened before
    someone else saved is refused (core.versioning.EditConflict). Moving it to another hub
    needs that hub's coordination too."""
    if not permissions.can_edit_exchange(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can change it."))
    hub = data.get("hub", exchange.hub)
    if "hub" in data and (hub.pk if hub else None) != exchange.hub_id:
        if not permissions.can_host_in_hub(acting_user, hub.pk if hub is not None else None):
            raise PermissionDenied(_("Choose a hub you coordinate as the host of the exchange."))
    description_html = render_markdown(data["description"] or "") if "description" in data else None
    _apply(exchange, data)
    _clean_exchange(exchange)
    if description_html is not None:
        exchange.description_html = description_html
    with transaction.atomic():
        claim_version(exchange, expected=expected_version)
        exchange.save()
        record(
            acting_user=acting_user,
            action=common.EDIT_EXCHANGE,
            target=exchange,
            hub=exchange.hub,
            details={"fields": sorted(k for k in data if k in EXCHANGE_FIELDS)},
        )
        common.exchange_changed(exchange)
        if "visibility" in data:
            common.exchange_visibility_changed(exchange)
    permissions.forget_viewer_facts(exchange)
    return exchange


@transaction.atomic
def publish_exchange(*, acting_user: User, exchange: Exchange) -> Exchange:
    """A draft becomes visible to those its visibility allows. Publishing twice changes nothing."""
    if not permissions.can_edit_exchange(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can publish it."))
    current = Exchange.objects.select_for_update().filter(pk=exchange.pk).values_list("status", flat=True).get()
    if current != Exchange.Status.DRAFT:
        exchange.status = current
        return exchange
    exchange.status = Exchange.Status.PUBLISHED
    exchange.published_at = exchange.published_at or timezone.now()
    exchange.save(update_fields=["status", "published_at", "updated_at"])
    record(acting_user=acting_user, action=common.PUBLISH_EXCHANGE, target=exchange, hub=exchange.hub)
    common.exchange_changed(exchange)
    common.exchange_visibility_changed(exchange)
    return exchange


@transaction.atomic
def cancel_exchange(*, acting_user: User, exchange: Exchange, reason: str = "") -> Exchange:
    """The exchange will not take place: it stays visible, marked cancelled, and closes registration."""
    if not permissions.can_edit_exchange(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can cancel it."))
    Exchange.objects.select_for_update().filter(pk=exchange.pk).get()
    exchange.status = Exchange.Status.CANCELLED
    exchange.registration_open = False
    if exchange.published_at is None:
        exchange.published_at = timezone.now()
    exchange.save(update_fields=["status", "registration_open", "published_at", "updated_at"])
    record(acting_user=acting_user, action=common.CANCEL_EXCHANGE, target=exchange, hub=exchange.hub, reason=reason)
    common.exchange_changed(exchange)
    common.exchange_visibility_changed(exchange)
    return exchange


# --- Strands, speakers, sessions -----------------------------------------------------------------


def _require_organiser(acting_user: User, exchange: Exchange) -> None:
    if not permissions.can_edit_exchange(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can change its programme."))


def _agenda_changed(acting_user: User, exchange: Exchange, what: str) -> None:
    record(
        acting_user=acting_user, action=common.EDIT_AGENDA, target=exchange, hub=exchange.hub, details={"what": what}
    )
    common.exchange_changed(exchange)


@transaction.atomic
def save_strand(
    *, acting_user: User, exchange: Exchange, data: Mapping[str, Any], strand: Strand | None = None
) -> Strand:
    """Add a strand (``strand`` None) or change one. Titles are unique within the exchange."""
    _require_organiser(acting_user, exchange)
    strand = strand or Strand(exchange=exchange)
    if strand.exchange_id != exchange.pk:
        raise PermissionDenied(_("That strand belongs to another exchange."))
    strand.title = common.require_text(data.get("title", strand.title), "title", _("Enter the strand's title."))
    strand.description = (data.get("description", strand.description) or "").strip()
    if "position" in data:
        strand.position = data["position"] or 0
    elif strand.pk is None:
        strand.position = Strand.objects.filter(exchange=exchange).count()
    common.check_lengths(strand, ("title", "description"))
    if Strand.objects.filter(exchange=exchange, title__iexact=strand.title).exclude(pk=strand.pk).exists():
        raise ValidationError({"title": _("This exchange already has a strand with that title.")})
    strand.save()
    _agenda_changed(acting_user, exchange, "strand")
    return strand


@transaction.atomic
def delete_strand(*, acting_user: User, strand: Strand) -> None:
    """Its sessions stay in the agenda, outside any strand."""
    exchange = strand.exchange
    _require_organiser(acting_user, exchange)
    strand.delete()
    _agenda_changed(acting_user, exchange, "strand")


@transaction.atomic
def save_speaker(
    *, acting_user: User, exchange: Exchange, data: Mapping[str, Any], speaker: Speaker | None = None
) -> Speaker:
    """Add a speaker (with an account: ``data["user"]``; without one: by name) or change one."""
    _require_organiser(acting_user, exchange)
    speaker = speaker or Speaker(exchange=exchange)
    if speaker.exchange_id != exchange.pk:
        raise PermissionDenied(_("That speaker belongs to another exchange."))
    if "user" in data:
        speaker.user = data["user"]
    name = data.get("name", speaker.name) or (speaker.user.name if speaker.user else "")
    speaker.name = common.require_text(name, "name", _("Enter the speaker's name."))
    speaker.affiliation = (data.get("affiliation", speaker.affiliation) or "").strip()
    speaker.bio = (data.get("bio", speaker.bio) or "").strip()
    common.check_lengths(speaker, ("name", "affiliation", "bio"))
    speaker.save()
    _agenda_changed(acting_user, exchange, "speaker")
    return speaker


SESSION_FIELDS: tuple[str, ...] = ("title", "description", "starts_at", "ends_at", "room", "online_url", "strand")


@transaction.atomic
def save_session(
    *, acting_user: User, exchange: Exchange, data: Mapping[str, Any], session: Session | None = None
) -> Session:
    """Add an agenda session or change one. ``data`` may hold ``speakers`` (of this exchange),
    ``cases`` and ``methods``. The strand and speakers must be the exchange's own; a session
    ends after it starts (ValidationError naming the field)."""
    _require_organiser(acting_user, exchange)
    session = session or Session(exchange=exchange)
    if session.exchange_id != exchange.pk:
        raise PermissionDenied(_("That session belongs to another exchange."))
    for name in SESSION_FIELDS:
        if name in data:
            setattr(session, name, data[name])
    session.title = common.require_text(session.title, "title", _("Enter the session's title."))
    if session.starts_at is None:
        raise ValidationError({"starts_at": _("Enter when the session starts.")})
    if session.ends_at is None or session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("The session must end after it starts.")})
    if session.strand_id is not None and session.strand is not None and session.strand.exchange_id != exchange.pk:
        raise ValidationError({"strand": _("Choose one of this exchange's strands.")})
    speakers = list(data.get("speakers") or []) if "speakers" in data else None
    if speakers is not None and any(s.exchange_id != exchange.pk for s in speakers):
        raise ValidationError({"speakers": _("Choose speakers of this exchange.")})
    common.check_lengths(session, ("title", "description", "room"))
    session.save()
    if speakers is not None:
        session.speakers.set(speakers)
    for name in ("cases", "methods"):
        if name in data:
            getattr(session, name).set(data[name] or [])
    _agenda_changed(acting_user, exchange, "session")
    return session


@transaction.atomic
def delete_session(*, acting_user: User, session: Session) -> None:
    exchange = session.exchange
    _require_organiser(acting_user, exchange)
    session.delete()
    _agenda_changed(acting_user, exchange, "session")


# --- Registration types --------------------------------------------------------------------------


@transaction.atomic
def save_registration_type(
    *, acting_user: User, exchange: Exchange, data: Mapping[str, Any], registration_type: RegistrationType | None = None
) -> RegistrationType:
    """Add a registration type or change one. Its capacity cannot go below the people already
    accepted (ValidationError); raising it moves people up from the waiting list at once."""
    _require_organiser(acting_user, exchange)
    if registration_type is not None:
        if registration_type.exchange_id != exchange.pk:
            raise PermissionDenied(_("That registration type belongs to another exchange."))
        # Under the type's row lock, as every change of who holds a place.
        registration_type = RegistrationType.objects.select_for_update().get(pk=registration_type.pk)
    else:
        registration_type = RegistrationType(exchange=exchange, position=exchange.registration_types.count())
    for name in ("name", "role", "description", "capacity", "open_to_applications", "position"):
        if name in data:
            setattr(registration_type, name, data[name])
    registration_type.name = common.require_text(registration_type.name, "name", _("Enter a name, such as Delegate."))
    if registration_type.role not in RegistrationType.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    common.check_lengths(registration_type, ("name", "description"))
    if (
        RegistrationType.objects.filter(exchange=exchange, name__iexact=registration_type.name)
        .exclude(pk=registration_type.pk)
        .exists()
    ):
        raise ValidationError({"name": _("This exchange already has a registration type with that name.")})
    capacity = registration_type.capacity
    if capacity is not None and capacity < registration_type.accepted_count:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)d people are already accepted: the places cannot be fewer. Cancel registrations first."
                )
                % {"count": registration_type.accepted_count}
            }
        )
    registration_type.save()
    record(
        acting_user=acting_user,
        action=common.EDIT_REGISTRATION_TYPES,
        target=exchange,
        hub=exchange.hub,
        details={"type": registration_type.name, "capacity": capacity},
    )
    promote_from_waitlist(registration_type=registration_type, acting_user=acting_user)
    common.exchange_changed(exchange)
    return registration_type


# --- Questions for applicants ---------------------------------------------------------------------

MAX_CHOICES = 30


@transaction.atomic
def save_question(
    *, acting_user: User, exchange: Exchange, data: Mapping[str, Any], question: Question | None = None
) -> Question:
    """Add a question applicants answer, or change one: text, one of several choices (at least
    two, at most 30, each once) or yes/no; optionally required."""
    _require_organiser(acting_user, exchange)
    question = question or Question(exchange=exchange, position=exchange.questions.count())
    if question.exchange_id != exchange.pk:
        raise PermissionDenied(_("That question belongs to another exchange."))
    for name in ("label", "kind", "required", "position"):
        if name in data:
            setattr(question, name, data[name])
    question.label = common.require_text(question.label, "label", _("Enter the question."))
    if question.kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of answer.")})
    choices = [str(c).strip() for c in data.get("choices", question.choices) or [] if str(c).strip()]
    if question.kind == Question.Kind.CHOICE:
        if len(choices) < 2 or len(choices) > MAX_CHOICES or len(set(choices)) != len(choices):
            raise ValidationError({"choices": _("Give between 2 and 30 different choices, one per line.")})
        question.choices = choices
    else:
        question.choices = []
    common.check_lengths(question, ("label",))
    question.save()
    record(
        acting_user=acting_user,
        action=common.EDIT_REGISTRATION_TYPES,
        target=exchange,
        hub=exchange.hub,
        details={"question": question.label},
    )
    return question
