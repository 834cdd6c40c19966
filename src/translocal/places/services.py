"""Writes for places, hubs and organisations. Each runs in one transaction and checks
permission first; Hub.member_count is kept right with F() in the same transaction as the
membership row it counts."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.services import record
from translocal.core.caching import content_changed_after_commit
from translocal.core.locales import country_name
from translocal.core.slugs import save_with_slug
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, check_text_lengths
from translocal.core.versioning import claim_version
from translocal.search.services import sync_after_commit

from . import permissions
from .models import Hub, HubMembership, Organisation, Place

ORGANISATION_FIELDS = ("name", "kind", "place", "website", "description")
PLACE_FIELDS = ("name", "kind", "country", "region", "latitude", "longitude", "population", "description")
HUB_FIELDS = ("name", "tagline", "description")
#: Descriptions are Markdown, rendered when shown; bounded so one render stays cheap.
TEXT_LIMITS = {"description": MAX_DESCRIPTION_LENGTH}


@transaction.atomic
def join_hub(*, acting_user: User, hub: Hub) -> HubMembership:
    """Make `acting_user` a member. Joining twice is harmless: the existing membership is returned."""
    if not permissions.can_join_hub(acting_user, hub):
        raise PermissionDenied("Sign in to join a hub.")
    existing = HubMembership.objects.filter(hub=hub, user=acting_user).first()
    if existing is not None:
        return existing
    try:
        # A savepoint, so a concurrent join that wins the unique constraint leaves our transaction usable.
        with transaction.atomic():
            membership = HubMembership.objects.create(hub=hub, user=acting_user, role=HubMembership.Role.MEMBER)
    except IntegrityError:
        return HubMembership.objects.get(hub=hub, user=acting_user)
    Hub.objects.filter(pk=hub.pk).update(member_count=F("member_count") + 1)
    hub.refresh_from_db(fields=["member_count"])
    content_changed_after_commit()
    return membership


@transaction.atomic
def leave_hub(*, acting_user: User, hub: Hub) -> None:
    """Leave a hub. The last coordinator cannot leave: a hub must keep someone to moderate it."""
    if not acting_user.is_authenticated:
        raise PermissionDenied("Sign in to leave a hub.")
    membership = HubMembership.objects.select_for_update().filter(hub=hub, user=acting_user).first()
    if membership is None:
        return
    if membership.role == HubMembership.Role.COORDINATOR:
        others = HubMembership.objects.filter(hub=hub, role=HubMembership.Role.COORDINATOR).exclude(
            pk=membership.pk
        )
        if not others.exists():
            raise ValidationError(
                "You are the only coordinator of this hub. Make another member coordinator before you leave."
            )
    deleted, _ = HubMembership.objects.filter(pk=membership.pk).delete()
    if deleted:
        Hub.objects.filter(pk=hub.pk).update(member_count=F("member_count") - 1)
        hub.refresh_from_db(fields=["member_count"])
        content_changed_after_commit()


@transaction.atomic
def change_member_role(*, acting_user: User, hub: Hub, member: User, role: str) -> HubMembership:
    if not permissions.can_change_member_roles(acting_user, hub):
        raise PermissionDenied("Only coordinators of this hub can change members' roles.")
    if role not in HubMembership.Role.values:
        raise ValidationError("Choose coordinator or member.")
    membership = HubMembership.objects.select_for_update().filter(hub=hub, user=member).first()
    if membership is None:
        raise ValidationError(f"{member.name} is not a member of {hub.name}.")
    if membership.role == role:
        return membership
    if role == HubMembership.Role.MEMBER:
        coordinators = HubMembership.objects.filter(hub=hub, role=HubMembership.Role.COORDINATOR)
        if not coordinators.exclude(pk=membership.pk).exists():
            raise ValidationError(
                "A hub needs at least one coordinator. Make someone else a coordinator first."
            )
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        acting_user=acting_user, action=audit_actions.CHANGE_ROLE, target=member, hub=hub,
        details={"from": previous, "to": role},
    )
    content_changed_after_commit()
    return membership


def _check_place(place: Place) -> None:
    """The database constraints, said so that a person can fix the value (full_clean would
    only name the violated constraint)."""
    errors = {}
    if country_name(place.country) == place.country:
        errors["country"] = "Choose a country by its two-letter ISO code, such as GB or KE."
    if place.latitude is not None and not -90 <= place.latitude <= 90:
        errors["latitude"] = "Latitude must be between -90 and 90 degrees."
    if place.longitude is not None and not -180 <= place.longitude <= 180:
        errors["longitude"] = "Longitude must be between -180 and 180 degrees."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_place(*, acting_user: User, data: dict[str, Any]) -> Place:
    """A city or region. ``data`` holds Place fields; the slug is ``data["slug"]`` or derived
    from the name, made unique either way."""
    if not permissions.can_create_place(acting_user):
        raise PermissionDenied("Only staff can add places.")
    place = Place(**{key: data[key] for key in PLACE_FIELDS if key in data})
    place.name = (place.name or "").strip()
    place.country = (place.country or "").strip().upper()
    _check_place(place)
    check_text_lengths(place, TEXT_LIMITS)
    place.full_clean(exclude=["slug"])
    save_with_slug(place, data.get("slug") or place.name)
    sync_after_commit(place)
    return place


@transaction.atomic
def create_hub(
    *, acting_user: User, place: Place, data: dict[str, Any], organisations: Iterable[Organisation] = ()
) -> Hub:
    """A hub in `place`, with no members yet: people join through join_hub, which keeps
    Hub.member_count, and staff then make coordinators with change_member_role."""
    if not permissions.can_create_hub(acting_user):
        raise PermissionDenied("Only staff can open a hub.")
    hub = Hub(place=place, **{key: data[key] for key in HUB_FIELDS if key in data})
    hub.name = (hub.name or "").strip()
    check_text_lengths(hub, TEXT_LIMITS)
    hub.full_clean(exclude=["slug"])
    save_with_slug(hub, data.get("slug") or hub.name)
    hub.organisations.set(list(organisations))
    sync_after_commit(hub)
    return hub


@transaction.atomic
def create_organisation(*, acting_user: User, data: dict[str, Any]) -> Organisation:
    if not permissions.can_create_organisation(acting_user):
        raise PermissionDenied("Sign in to add an organisation.")
    values = {key: data[key] for key in ORGANISATION_FIELDS if key in data}
    organisation = Organisation(**values, created_by=acting_user, is_published=True)
    check_text_lengths(organisation, TEXT_LIMITS)
    organisation.full_clean(exclude=["slug"])
    save_with_slug(organisation, organisation.name)
    sync_after_commit(organisation)
    return organisation


@transaction.atomic
def update_organisation(*, acting_user: User, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    if not permissions.can_edit_organisation(acting_user, organisation):
        raise PermissionDenied("Only the person who added this organisation, or staff, can edit it.")
    claim_version(organisation, expected=data.get("version"))  # EditConflict from a stale form
    for key in ORGANISATION_FIELDS:
        if key in data:
            setattr(organisation, key, data[key])
    check_text_lengths(organisation, TEXT_LIMITS)
    organisation.full_clean()
    # Only the fields a creator edits: whether it is published is staff's, and an instance read
    # before staff hid it must not publish it again.
    organisation.save(update_fields=[*ORGANISATION_FIELDS, "updated_at"])
    sync_after_commit(organisation)
    return organisation


def get_organisation_for_edit(*, user: User, slug: str) -> Organisation:
    """Fetch-and-check: 404 for no such organisation, 403 when the user may not edit it."""
    from .selectors import organisation_by_slug

    organisation = organisation_by_slug(slug=slug, user=user)
    if not permissions.can_edit_organisation(user, organisation):
        raise PermissionDenied("Only the person who added this organisation, or staff, can edit it.")
    return organisation


@transaction.atomic
def get_or_create_place(
    *,
    acting_user: User | None,
    name: str,
    country: str,
    region: str = "",
    kind: str = Place.Kind.CITY,
    latitude: float | None = None,
    longitude: float | None = None,
    slug_text: str = "",
) -> tuple[Place, bool]:
    """The place called ``name`` in ``region`` of ``country`` (ISO code), created when there is
    none; an existing place without coordinates gets the ones given. Returns (place, created).
    Importers call it for every place a record names; search follows after the commit.

    ``acting_user`` None is the system (an importer run by an operator); a member must be staff
    (PermissionDenied otherwise). ``slug_text``: what the slug is made from (default the name).
    Raises ValidationError for an unknown country or coordinates out of range."""
    if acting_user is not None and not permissions.can_create_place(acting_user):
        raise PermissionDenied("Only staff can add places.")
    name, region, country = (name or "").strip(), (region or "").strip(), (country or "").strip().upper()
    place = (
        Place.objects.select_for_update()
        .filter(name__iexact=name, region__iexact=region, country=country)
        .order_by("pk")
        .first()
    )
    if place is not None:
        if place.latitude is None and latitude is not None and longitude is not None:
            place.latitude, place.longitude = latitude, longitude
            _check_place(place)
            place.save(update_fields=["latitude", "longitude"])
            sync_after_commit(place)
        return place, False
    place = Place(name=name, region=region, country=country, kind=kind, latitude=latitude, longitude=longitude)
    _check_place(place)
    place.full_clean(exclude=["slug"])
    save_with_slug(place, slug_text or name)
    sync_after_commit(place)
    return place, True
