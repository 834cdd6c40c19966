"""Reads of trans-local exchanges, each shaped for one page with a fixed number of queries.

Every list of exchanges filters with ``permissions.visible_exchanges_q(viewer)`` (the shared
sections and the calendars of a hub or of the network pass an anonymous viewer: public only)."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from translocal.accounts.models import User
from translocal.accounts.types import AnyUser
from translocal.core.pagination import Page, keyset_page
from translocal.core.prepared import PreparedQuery

from .models import Exchange, Question, Registration, RegistrationType, Session, Speaker, Strand
from .permissions import organised_exchanges_q, shared_journey_items_q, visible_exchanges_q

PAGE_SIZE: int = getattr(settings, "PAGE_SIZE", 24)
UPCOMING, PAST = "upcoming", "past"
WHEN_CHOICES = (UPCOMING, PAST)


@dataclass(frozen=True)
class ExchangeFilters:
    """What the exchange list is filtered by (query parameters ``when``, ``kind``, ``hub``, ``strand``)."""

    when: str = UPCOMING
    kind: str = ""
    hub: str = ""
    strand: str = ""

    @property
    def active(self) -> bool:
        return bool(self.kind or self.hub or self.strand)


def parse_exchange_filters(params: Any) -> ExchangeFilters:
    """Filters from a QueryDict; unknown values are dropped (the list shows everything)."""
    when = params.get("when") or UPCOMING
    kind = params.get("kind") or ""
    return ExchangeFilters(
        when=when if when in WHEN_CHOICES else UPCOMING,
        kind=kind if kind in Exchange.Kind.values else "",
        hub=(params.get("hub") or "")[:220],
        strand=(params.get("strand") or "").strip()[:150],
    )


def today() -> dt.date:
    return timezone.localdate()


def visible_exchanges(viewer: AnyUser) -> QuerySet[Exchange]:
    return Exchange.objects.filter(visible_exchanges_q(viewer))


def public_exchanges() -> QuerySet[Exchange]:
    return visible_exchanges(AnonymousUser())


def _ordering(when: str) -> tuple[str, ...]:
    return ("starts_on", "id") if when == UPCOMING else ("-starts_on", "-id")


def exchange_list(*, viewer: AnyUser, filters: ExchangeFilters, cursor: str | None, size: int = PAGE_SIZE) -> Page:
    """One page of the exchanges ``viewer`` may see: upcoming (not yet ended, soonest first) or
    past (latest first), by kind, host hub (slug) and strand title. Two queries: the page and
    the strands of its exchanges."""
    qs = visible_exchanges(viewer).select_related("place", "hub")
    if filters.when == UPCOMING:
        qs = qs.filter(ends_on__gte=today())
    else:
        qs = qs.filter(ends_on__lt=today())
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.hub:
        qs = qs.filter(hub__slug=filters.hub)
    if filters.strand:
        qs = qs.filter(pk__in=Strand.objects.filter(title__icontains=filters.strand).values("exchange_id"))
    qs = qs.prefetch_related(Prefetch("strands", queryset=Strand.objects.order_by("position", "id")))
    return keyset_page(qs, ordering=_ordering(filters.when), cursor=cursor, size=size)


def hubs_hosting_exchanges() -> list[tuple[str, str]]:
    """(slug, name) of the hubs that host a public exchange, for the list's filter."""
    return list(
        public_exchanges()
        .filter(hub__isnull=False)
        .order_by("hub__name")
        .values_list("hub__slug", "hub__name")
        .distinct()
    )


# --- The exchange page ----------------------------------------------------------------------------


@dataclass
class AgendaGroup:
    strand: Strand | None
    sessions: list[Session] = field(default_factory=list)


@dataclass
class AgendaDay:
    date: dt.date
    groups: list[AgendaGroup] = field(default_factory=list)


@dataclass
class ExchangePage:
    exchange: Exchange
    strands: list[Strand]
    days: list[AgendaDay]
    speakers: list[Speaker]
    registration_types: list[RegistrationType]
    #: Hosts marked attendance at some session: the agenda shows each session's count.
    tracks_attendance: bool = False


def exchange_zone(exchange: Exchange) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(exchange.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def agenda_days(sessions: Iterable[Session], strands: list[Strand], zone: dt.tzinfo) -> list[AgendaDay]:
    """Sessions by day (in the exchange's time zone), then by strand (sessions for everyone
    first, then the strands in their order), each group in time order."""
    order = {strand.pk: index for index, strand in enumerate(strands)}
    days: dict[dt.date, dict[int | None, AgendaGroup]] = {}
    for session in sessions:
        day = session.starts_at.astimezone(zone).date()
        groups = days.setdefault(day, {})
        group = groups.get(session.strand_id)
        if group is None:
            group = groups[session.strand_id] = AgendaGroup(strand=session.strand)
        group.sessions.append(session)
    return [
        AgendaDay(
            date=day,
            groups=sorted(groups.values(), key=lambda g: -1 if g.strand is None else order.get(g.strand.pk, 0)),
        )
        for day, groups in sorted(days.items())
    ]


def exchange_page(*, exchange: Exchange) -> ExchangePage:
    """What the exchange page shows: strands, the agenda by day and strand with each session's
    speakers, the speakers, and the registration types with places left. Four queries."""
    strands = list(Strand.objects.filter(exchange=exchange).order_by("position", "id"))
    by_pk = {s.pk: s for s in strands}
    sessions = list(
        Session.objects.filter(exchange=exchange)
        .annotate(present_count=Count("attendances"))  # attendance per session, when hosts mark it
        .order_by("starts_at", "id")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name", "id")))
    )
    for session in sessions:  # the strands are read once, not per session
        if session.strand_id is not None:
            session.strand = by_pk.get(session.strand_id)
    speakers = list(Speaker.objects.filter(exchange=exchange).order_by("name", "id"))
    types = list(RegistrationType.objects.filter(exchange=exchange).order_by("position", "id"))
    return ExchangePage(
        exchange=exchange,
        strands=strands,
        days=agenda_days(sessions, strands, exchange_zone(exchange)),
        speakers=speakers,
        registration_types=types,
        tracks_attendance=any(getattr(s, "present_count", 0) for s in sessions),
    )


# --- Organisers ---------------------------------------------------------------------------------


def registrations_for_review(*, exchange: Exchange, status: str = "") -> list[Registration]:
    """Every registration of ``exchange`` (or those in ``status``), waiting list in its order,
    with the person and type. One query."""
    qs = Registration.objects.filter(exchange=exchange).select_related("user", "registration_type")
    if status in Registration.Status.values:
        qs = qs.filter(status=status)
    return list(
        qs.order_by(
            "registration_type__position", "registration_type_id", "status", "waitlisted_at", "created_at", "id"
        )
    )


def registrations_for_export(*, exchange: Exchange) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(exchange=exchange)
        .select_related("user", "registration_type")
        .order_by("registration_type__position", "registration_type_id", "created_at", "id")
    )


def registration_counts(*, exchange: Exchange) -> dict[str, int]:
    """How many registrations of ``exchange`` are in each status (every status present)."""
    counts = dict(
        Registration.objects.filter(exchange=exchange)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Registration.Status.values}


def exchanges_organised_by(*, user: User, limit: int = 50) -> list[Exchange]:
    return list(
        Exchange.objects.filter(organised_exchanges_q(user))
        .select_related("place")
        .order_by("-starts_on", "-id")[:limit]
    )


def strands_of(*, exchange: Exchange) -> QuerySet[Strand]:
    return Strand.objects.filter(exchange=exchange).order_by("position", "id")


def speakers_of(*, exchange: Exchange) -> QuerySet[Speaker]:
    return Speaker.objects.filter(exchange=exchange).order_by("name", "id")


def registration_types_of(*, exchange: Exchange) -> QuerySet[RegistrationType]:
    return RegistrationType.objects.filter(exchange=exchange).order_by("position", "id")


def sessions_of(*, exchange: Exchange) -> QuerySet[Session]:
    return Session.objects.filter(exchange=exchange).order_by("starts_at", "id")


def questions_of(*, exchange: Exchange) -> QuerySet[Question]:
    return Question.objects.filter(exchange=exchange).order_by("position", "id")


def session_of(*, exchange: Exchange, session_id: int) -> Session | None:
    return Session.objects.filter(exchange=exchange, pk=session_id).first()


def check_in_summary(*, exchange: Exchange) -> dict[str, int]:
    """Accepted delegates and how many of them checked in."""
    row = Registration.objects.filter(exchange=exchange, status=Registration.Status.ACCEPTED).aggregate(
        accepted=Count("id"), checked_in=Count("id", filter=Q(checked_in_at__isnull=False))
    )
    return {"accepted": row["accepted"] or 0, "checked_in": row["checked_in"] or 0}


def member_by_username(*, username: str) -> User | None:
    return User.objects.filter(username__iexact=username.strip(), is_active=True).first()


# --- A person's registrations -------------------------------------------------------------------


def registrations_of(*, user: User, limit: int = 100) -> list[Registration]:
    """The person's registrations, upcoming exchanges first. One query."""
    return list(
        Registration.objects.filter(user=user)
        .select_related("exchange", "exchange__place", "registration_type")
        .order_by("-exchange__starts_on", "-id")[:limit]
    )


def claimable_registrations(*, user: User) -> list[Registration]:
    """Registrations of named guests made with ``user``'s e-mail address before they had an
    account (not for exchanges they are already registered for). One query."""
    if not user.email:
        return []
    return list(
        Registration.objects.filter(user__isnull=True, email__iexact=user.email)
        .exclude(exchange__registrations__user=user)
        .select_related("exchange", "registration_type")
        .order_by("-exchange__starts_on", "id")
    )


def registration_by_certificate(*, certificate_id: Any) -> Registration | None:
    """The checked-in registration a certificate was issued for (None otherwise)."""
    return (
        Registration.objects.filter(certificate_id=certificate_id, checked_in_at__isnull=False)
        .select_related("exchange", "exchange__place", "registration_type", "user")
        .first()
    )


# --- Sections and calendars ---------------------------------------------------------------------


#: What the home, place and hub pages' lists of exchanges show: the title and address, the first
#: day and the host place's name. Not the descriptions (``description_html`` is the widest column).
SECTION_FIELDS: tuple[str, ...] = ("id", "title", "slug", "starts_on", "place", "place__name", "place__slug")


def _section_list(exchanges: QuerySet[Exchange], ordering: tuple[str, ...], limit: int) -> QuerySet[Exchange]:
    return exchanges.select_related("place").only(*SECTION_FIELDS).order_by(*ordering)[:limit]


def upcoming_public_exchanges(*, limit: int) -> list[Exchange]:
    """Published public exchanges not over yet, soonest first, with SECTION_FIELDS: one query,
    prepared once per process and day (core.prepared)."""
    return _upcoming(limit=limit, day=today())


_upcoming = PreparedQuery(
    Exchange,
    lambda *, limit, day: _section_list(public_exchanges().filter(ends_on__gte=day), ("starts_on", "id"), limit),
)


def public_exchanges_for_place(*, place: Any, limit: int) -> list[Exchange]:
    """Published public exchanges hosted at ``place``, latest first, with SECTION_FIELDS: one
    query, prepared once per process (core.prepared)."""
    return _hosted_at(place.pk, limit=limit)


def public_exchanges_for_hub(*, hub: Any, limit: int) -> list[Exchange]:
    """Published public exchanges of ``hub``, latest first, with SECTION_FIELDS: one query,
    prepared once per process (core.prepared)."""
    return _hosted_by(hub.pk, limit=limit)


_hosted_at = PreparedQuery(
    Exchange,
    lambda place_id, limit: _section_list(public_exchanges().filter(place_id=place_id), ("-starts_on", "-id"), limit),
)
_hosted_by = PreparedQuery(
    Exchange,
    lambda hub_id, limit: _section_list(public_exchanges().filter(hub_id=hub_id), ("-starts_on", "-id"), limit),
)


def public_registrations_of(*, user: User, limit: int) -> list[Registration]:
    """The public exchanges a person takes part in (accepted), for their profile page."""
    return list(
        Registration.objects.filter(user=user, status=Registration.Status.ACCEPTED)
        .filter(exchange__status=Exchange.Status.PUBLISHED, exchange__visibility=Exchange.Visibility.PUBLIC)
        .select_related("exchange", "exchange__place", "registration_type")
        .order_by("-exchange__starts_on", "-id")[:limit]
    )


def calendar_exchanges(*, viewer: AnyUser, hub: Any = None, limit: int = 500) -> list[Exchange]:
    """Exchanges for a calendar (published or cancelled, never drafts) with their sessions."""
    qs = visible_exchanges(viewer).exclude(status=Exchange.Status.DRAFT)
    if hub is not None:
        qs = qs.filter(hub=hub)
    return list(
        qs.select_related("place")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "id")))
        .order_by("-starts_on", "-id")[:limit]
    )


def published_count() -> int:
    return public_exchanges().count()


def public_exchanges_for_feed(*, limit: int = 30) -> list[Exchange]:
    """The latest published public exchanges (cancelled ones stay, to say so), newest
    publication first, with their host place. One query; drafts and private exchanges never."""
    return list(
        public_exchanges()
        .filter(published_at__isnull=False)
        .select_related("place")
        .order_by("-published_at", "-id")[:limit]
    )


def exchanges_to_reflect_on() -> QuerySet[Exchange]:
    """The exchanges a reflection may be linked to: published or cancelled public ones, latest
    first (for the reflection form's choice; knowledge.services checks again)."""
    return public_exchanges().only("id", "title", "starts_on").order_by("-starts_on", "-id")


# --- Commitments on their own page and in local SDG reports (translocal.sdg) -------------------


def public_commitments_q() -> Q:
    """Commitments everyone may see (``permissions.shared_journey_items_q`` of an anonymous
    viewer): public ones of public exchanges, never a private one or one shared only with the
    participants."""
    return shared_journey_items_q(AnonymousUser())


def commitment_page(*, commitment_id: int) -> Any | None:
    """One commitment with what its page shows (its exchange, registration, hub, organisation,
    follow-ups oldest first, SDG tags): three queries. Who may see it is the view's to check
    (``permissions.can_view_journey_item``)."""
    from translocal.taxonomy.models import Term

    from .models import Commitment, FollowUp

    return (
        Commitment.objects.select_related(
            "exchange", "exchange__place", "registration", "registration__user", "hub", "hub__place", "organisation"
        )
        .prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("written_on", "id")),
            Prefetch("sdgs", queryset=Term.objects.order_by("position", "slug")),
        )
        .filter(pk=commitment_id)
        .first()
    )


def sdg_tagged_commitments(*, place: Any = None, hub: Any = None) -> dict[str, list[Any]]:
    """"commitment" -> the public commitments that carry an SDG goal or target, with their tags
    and a note of their follow-ups (how many, the latest's status and date): for a place, those
    concerning one of its hubs or organisations; for a hub, those concerning it. Three queries
    (commitments, tags, follow-ups) whatever their number; one when none is tagged."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from translocal.taxonomy.models import Term

    from .models import Commitment, FollowUp

    if (place is None) == (hub is None):
        raise ValueError("Give a place or a hub.")
    scope = Q(hub__place=place) | Q(organisation__place=place) if place is not None else Q(hub=hub)
    commitments = list(
        Commitment.objects.filter(scope, public_commitments_q(), sdgs__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch("sdgs", queryset=Term.objects.order_by("position", "slug")),
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("written_on", "id").only(
                "pk", "commitment_id", "written_on", "status")),
        )
        .only("pk", "title", "status", "due_on")
        .order_by("title", "pk")
    )
    for commitment in commitments:
        follow_ups = list(commitment.follow_ups.all())
        status = commitment.get_status_display()
        if follow_ups:
            note = ngettext(
                "%(status)s: %(count)s follow-up, the latest on %(date)s",
                "%(status)s: %(count)s follow-ups, the latest on %(date)s",
                len(follow_ups),
            ) % {"status": status, "count": len(follow_ups), "date": date_format(follow_ups[-1].written_on)}
        else:
            note = _("%(status)s, due by %(date)s") % {"status": status, "date": date_format(commitment.due_on)}
        commitment.sdg_report_note = note  # type: ignore[attr-defined]
    return {"commitment": commitments}
