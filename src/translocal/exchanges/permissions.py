"""Who may see and change what in trans-local exchanges.

Named predicates, asked by views, services, selectors and templates alike, and the one
``visible_exchanges_q`` every list (pages, sections, calendars, feeds) filters with, so a list
cannot show what the exchange's own page would refuse. Rules:

- a published **public** exchange is for everyone (anonymous visitors included);
- a published **hub members** exchange is for the members (any role) of its hub;
- a published **invited only** exchange is for the people with a registration for it
  (invited, applied, accepted, waitlisted, declined or cancelled: they keep seeing what they
  were part of);
- a **draft** is for its organisers only; a cancelled exchange stays visible as it was;
- **organisers** are: staff, the person who created it, the members named as its organisers
  and the coordinators of its hub. They see every exchange they organise and change it,
  review applications, invite, and check people in;
- signed-in members apply to a published exchange they can see while its registration is open,
  and answer their own invitations; they cancel their own registration.

Search and the shared (anonymous) sections hold only published public exchanges.

Learning journeys (lessons, commitments and their follow-ups, outcomes) are written by the
delegate whose registration they belong to (an accepted one) and seen:

- always by their owner and by the exchange's organisers (on the owner's journey page);
- when **public**, by anyone who may see the exchange;
- when for **participants**, by the people accepted to the exchange and its organisers;
- when **private**, by nobody else: a private item is never in a list, an impact view, a figure
  or an export, for anyone (``shared_journey_items_q``), so no aggregate can reveal it.
"""

from typing import TypeGuard

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.accounts.types import AnyUser
from translocal.places.models import HubMembership
from translocal.places.selectors import coordinated_hub_ids, is_hub_coordinator

from .models import Commitment, Exchange, Lesson, Outcome, Privacy, Registration

_FACTS = "_exchange_viewer_facts"
#: The statuses in which an exchange is shown to those its visibility allows (a cancelled one
#: stays, marked cancelled).
SHOWN_STATUSES = (Exchange.Status.PUBLISHED, Exchange.Status.CANCELLED)


def _is_member(user: AnyUser) -> TypeGuard[User]:
    return bool(user and user.is_authenticated and user.is_active)


def _is_staff(user: AnyUser) -> bool:
    return _is_member(user) and bool(user.is_staff or user.is_superuser)


def visible_exchanges_q(user: AnyUser) -> Q:
    """The exchanges ``user`` may see, as a filter on Exchange (subqueries, no extra query):
    published public ones for everyone; for members also hub-members exchanges of their hubs,
    invited-only ones they are registered for, and every exchange they organise."""
    public = Q(status__in=SHOWN_STATUSES, visibility=Exchange.Visibility.PUBLIC)
    if not _is_member(user):
        return public
    if _is_staff(user):
        return Q()
    is_member_of_hub = Exists(HubMembership.objects.filter(hub_id=OuterRef("hub_id"), user_id=user.pk))
    is_registered = Exists(Registration.objects.filter(exchange_id=OuterRef("pk"), user_id=user.pk))
    shown = Q(status__in=SHOWN_STATUSES) & (
        Q(visibility=Exchange.Visibility.PUBLIC)
        | (Q(visibility=Exchange.Visibility.HUB_MEMBERS) & (is_member_of_hub | is_registered))
        | (Q(visibility=Exchange.Visibility.INVITED) & is_registered)
    )
    return shown | organised_exchanges_q(user)


def organised_exchanges_q(user: AnyUser) -> Q:
    """The exchanges ``user`` organises (a filter on Exchange)."""
    if not _is_member(user):
        return Q(pk__in=[])
    if _is_staff(user):
        return Q()
    named = Exists(Exchange.organisers.through.objects.filter(exchange_id=OuterRef("pk"), user_id=user.pk))
    coordinates = Exists(
        HubMembership.objects.filter(hub_id=OuterRef("hub_id"), user_id=user.pk, role=HubMembership.Role.COORDINATOR)
    )
    return Q(created_by_id=user.pk) | named | coordinates


def _facts(user: User, exchange: Exchange) -> dict[str, object]:
    """What the predicates need to know about ``user`` and ``exchange``, read once (two small
    queries at most) and kept on the instance for this user."""
    cached = getattr(exchange, _FACTS, None)
    if cached is not None and cached.get("user") == user.pk:
        return cached
    prefetched = getattr(exchange, "_prefetched_objects_cache", {}).get("organisers")
    if prefetched is not None:
        named = any(o.pk == user.pk for o in prefetched)
    else:
        named = exchange.organisers.filter(pk=user.pk).exists()
    registration = (
        Registration.objects.filter(exchange_id=exchange.pk, user_id=user.pk)
        .select_related("registration_type")
        .first()
    )
    facts: dict[str, object] = {"user": user.pk, "named": named, "registration": registration}
    setattr(exchange, _FACTS, facts)
    return facts


def forget_viewer_facts(exchange: Exchange) -> None:
    """Drop what the predicates remembered about ``exchange`` (after a service changed it)."""
    if hasattr(exchange, _FACTS):
        delattr(exchange, _FACTS)


def registration_of(user: AnyUser, exchange: Exchange) -> Registration | None:
    """The viewer's own registration for ``exchange`` (None for anonymous visitors)."""
    if not _is_member(user) or exchange.pk is None:
        return None
    registration = _facts(user, exchange)["registration"]
    return registration if isinstance(registration, Registration) else None


def can_create_exchange(user: AnyUser) -> bool:
    """Organising an exchange is for network coordinators: staff and hub coordinators."""
    return _is_staff(user) or (_is_member(user) and bool(coordinated_hub_ids(user)))


def can_host_in_hub(user: AnyUser, hub_id: int | None) -> bool:
    """An exchange hosted by a hub is organised by its coordinators (staff for any hub, and
    for an exchange without a hub)."""
    if _is_staff(user):
        return True
    return _is_member(user) and hub_id is not None and is_hub_coordinator(user, hub_id)


def is_organiser(user: AnyUser, exchange: Exchange) -> bool:
    if not _is_member(user):
        return False
    if _is_staff(user):
        return True
    if exchange.created_by_id is not None and exchange.created_by_id == user.pk:
        return True
    if is_hub_coordinator(user, exchange.hub_id):
        return True
    return bool(exchange.pk and _facts(user, exchange)["named"])


can_edit_exchange = can_review_registrations = can_invite = can_check_in = is_organiser


def _is_hub_member(user: User, hub_id: int | None) -> bool:
    return hub_id is not None and HubMembership.objects.filter(hub_id=hub_id, user_id=user.pk).exists()


def can_view_exchange(user: AnyUser, exchange: Exchange) -> bool:
    if exchange.status in SHOWN_STATUSES and exchange.visibility == Exchange.Visibility.PUBLIC:
        return True
    if not _is_member(user):
        return False
    if is_organiser(user, exchange):
        return True
    if exchange.status == Exchange.Status.DRAFT:
        return False
    if exchange.visibility == Exchange.Visibility.PUBLIC:
        return True
    if registration_of(user, exchange) is not None:
        return True
    return exchange.visibility == Exchange.Visibility.HUB_MEMBERS and _is_hub_member(user, exchange.hub_id)


def can_apply(user: AnyUser, exchange: Exchange) -> bool:
    """A signed-in member who can see a published exchange whose registration is open and who
    has no registration yet."""
    return (
        _is_member(user)
        and exchange.status == Exchange.Status.PUBLISHED
        and exchange.registration_open
        and can_view_exchange(user, exchange)
        and registration_of(user, exchange) is None
    )


def can_respond_to_invitation(user: AnyUser, registration: Registration) -> bool:
    return (
        _is_member(user)
        and registration.status == Registration.Status.INVITED
        and registration.user_id is not None
        and registration.user_id == user.pk
    )


def can_cancel_registration(user: AnyUser, registration: Registration) -> bool:
    """The person themself (before they checked in) and the organisers."""
    if (
        registration.status
        not in (
            Registration.Status.APPLIED,
            Registration.Status.ACCEPTED,
            Registration.Status.WAITLISTED,
            Registration.Status.INVITED,
        )
        or registration.checked_in_at is not None
    ):
        return False
    if _is_member(user) and registration.user_id == user.pk:
        return True
    return is_organiser(user, registration.exchange)


def can_view_certificate(user: AnyUser, registration: Registration) -> bool:
    """A certificate exists only for a delegate who was checked in."""
    return registration.checked_in_at is not None


# --- fetch-and-check --------------------------------------------------------------------------


def get_exchange_for_view(*, user: AnyUser, slug: str) -> Exchange:
    """Raises Http404 for a missing exchange and for one ``user`` may not see alike."""
    exchange = Exchange.objects.select_related("place", "hub").filter(slug=slug).first()
    if exchange is None or not can_view_exchange(user, exchange):
        raise Http404("No exchange found at this address.")
    return exchange


def get_exchange_for_edit(*, user: AnyUser, slug: str) -> Exchange:
    """Http404 as get_exchange_for_view; PermissionDenied for a viewer who does not organise it."""
    exchange = get_exchange_for_view(user=user, slug=slug)
    if not is_organiser(user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can do that."))
    return exchange


def get_registration_for_review(*, user: AnyUser, exchange: Exchange, registration_id: int) -> Registration:
    """A registration of ``exchange`` for its organisers (Http404 otherwise)."""
    registration = (
        Registration.objects.select_related("user", "registration_type", "exchange")
        .filter(exchange=exchange, pk=registration_id)
        .first()
    )
    if registration is None or not is_organiser(user, exchange):
        raise Http404("No registration found at this address.")
    return registration


def get_own_registration(*, user: AnyUser, registration_id: int) -> Registration:
    """The viewer's own registration (Http404 for anyone else's)."""
    if not _is_member(user):
        raise Http404("No registration found at this address.")
    registration = (
        Registration.objects.select_related("exchange", "registration_type")
        .filter(pk=registration_id, user_id=user.pk)
        .first()
    )
    if registration is None:
        raise Http404("No registration found at this address.")
    return registration


# --- learning journeys ----------------------------------------------------------------------------

JourneyItem = Lesson | Commitment | Outcome


def shared_journey_items_q(user: AnyUser) -> Q:
    """The lessons, commitments or outcomes listed and counted for ``user`` (a filter on any
    of the three; subqueries, no extra query): never private ones; public ones of the exchanges
    ``user`` may see; participants' ones of the exchanges ``user`` was accepted to or organises."""
    visible = Exchange.objects.filter(visible_exchanges_q(user)).values("pk")
    public = Q(privacy=Privacy.PUBLIC, exchange_id__in=visible)
    if not _is_member(user):
        return public
    took_part = Registration.objects.filter(user_id=user.pk, status=Registration.Status.ACCEPTED).values(
        "exchange_id"
    )
    organised = Exchange.objects.filter(organised_exchanges_q(user)).values("pk")
    return public | (Q(privacy=Privacy.PARTICIPANTS) & (Q(exchange_id__in=took_part) | Q(exchange_id__in=organised)))


def public_journey_items_q() -> Q:
    """``shared_journey_items_q`` of an anonymous reader (public items of published public
    exchanges), as conditions on the item's own exchange, which the statement joins, instead of
    ``exchange_id IN`` every public exchange: a place page's lessons (exchanges.network_selectors)
    read the ~1,600 public exchanges' ids into a list on every statement on the bench data
    (SQLite 0.53 ms against 0.09, PostgreSQL 1.7 against 1.2)."""
    public = Exchange.Visibility.PUBLIC
    return Q(privacy=Privacy.PUBLIC, exchange__status__in=SHOWN_STATUSES, exchange__visibility=public)


def funder_copy_items_q(user: AnyUser) -> Q:
    """The journey items a report for a funder made by ``user`` contains (a filter like
    ``shared_journey_items_q``). A funder copy leaves the network, so it holds the public items
    of the exchanges ``user`` may see; items shared with the participants are added only for the
    exchanges ``user`` organises (the organisers answer to the funder for them); private items
    never. Its figures count exactly these items, so they reveal nothing it does not list."""
    visible = Exchange.objects.filter(visible_exchanges_q(user)).values("pk")
    public = Q(privacy=Privacy.PUBLIC, exchange_id__in=visible)
    if not _is_member(user):
        return public
    organised = Exchange.objects.filter(organised_exchanges_q(user)).values("pk")
    return public | Q(privacy=Privacy.PARTICIPANTS, exchange_id__in=organised)


def is_participant(user: AnyUser, exchange: Exchange) -> bool:
    """Accepted to ``exchange`` (whether or not they were checked in)."""
    registration = registration_of(user, exchange)
    return registration is not None and registration.status == Registration.Status.ACCEPTED


def owns_journey(user: AnyUser, registration: Registration) -> bool:
    return _is_member(user) and registration.user_id is not None and registration.user_id == user.pk


def can_keep_journey(user: AnyUser, registration: Registration) -> bool:
    """A delegate writes their own journey (lessons, commitments, follow-ups, outcomes, the
    rating) once they were accepted to the exchange."""
    return owns_journey(user, registration) and registration.status == Registration.Status.ACCEPTED


def can_view_journey(user: AnyUser, registration: Registration) -> bool:
    """The whole journey page of a registration: its owner and the exchange's organisers."""
    return owns_journey(user, registration) or is_organiser(user, registration.exchange)


def can_view_journey_item(user: AnyUser, item: JourneyItem) -> bool:
    """One lesson, commitment or outcome (``item.registration`` and ``item.exchange`` loaded)."""
    if can_view_journey(user, item.registration):
        return True
    if item.privacy == Privacy.PRIVATE or not can_view_exchange(user, item.exchange):
        return False
    if item.privacy == Privacy.PUBLIC:
        return True
    return is_participant(user, item.exchange)


def get_journey_for_view(*, user: AnyUser, registration_id: int) -> Registration:
    """A registration whose journey ``user`` may read (Http404 otherwise)."""
    registration = (
        Registration.objects.select_related("exchange", "exchange__place", "exchange__hub", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not can_view_journey(user, registration):
        raise Http404("No learning journey found at this address.")
    return registration


def get_journey_for_edit(*, user: AnyUser, registration_id: int) -> Registration:
    """The viewer's own accepted registration (Http404 for anyone else's, PermissionDenied
    before it is accepted)."""
    registration = get_journey_for_view(user=user, registration_id=registration_id)
    if not owns_journey(user, registration):
        raise Http404("No learning journey found at this address.")
    if not can_keep_journey(user, registration):
        raise PermissionDenied(_("You can keep a learning journey once you are accepted to the exchange."))
    return registration
