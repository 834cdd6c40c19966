"""Writes for places, hubs and organisations: the site, the Django admin, the demo and
commands all call these. Each runs in one transaction, checks permission first, writes an
audit row for what staff and coordinators do, and leaves the search index and the page
caches to follow after commit (search ``sync_after_commit``, ``content_changed_after_commit``).
Hub.member_count is kept right with F() in the same transaction as the membership row it
counts."""

from collections.abc import Iterable
from typing import Any

from django.conf import global_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, ForeignObjectRel
from django.db.models.functions import Now
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.core.caching import (
    area_version_name,
    content_changed_after_commit,
    hold_version,
    private_state_changed,
)
from translocal.core.locales import country_name
from translocal.core.merging import move_references
from translocal.core.slugs import check_chosen_slug, save_with_slug
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, check_text_lengths
from translocal.core.translations import MACHINE_TRANSLATOR_MAX as MACHINE_TRANSLATOR_MAX
from translocal.core.translations import (
    check_translation_language,
    mark_outdated,
    translation_details,
    write_translation,
)
from translocal.core.translations import translation_languages as translation_languages
from translocal.core.versioning import claim_version
from translocal.search.services import sync_after_commit, sync_located_after_commit

from . import permissions, selectors
from .apps import MEMBERSHIPS_AREA
from .membership_caching import RANKING_VERSION, hub_members_version_name, hub_version_name, member_version_name
from .models import Hub, HubMembership, Organisation, OrganisationTranslation, Place
from .selectors import coordinated_hubs_listing

REMOVE_MEMBER = register_action("hub.remove_member", gettext_lazy("removed from a hub"))

ORGANISATION_FIELDS = ("name", "kind", "place", "website", "description", "original_language")
PLACE_FIELDS = (
    "name", "kind", "country", "region", "latitude", "longitude", "population", "description", "alternative_names",
)
HUB_FIELDS = ("name", "tagline", "description")
#: Descriptions are Markdown, rendered when shown; bounded so one render stays cheap.
TEXT_LIMITS = {"description": MAX_DESCRIPTION_LENGTH}
#: Longest reason for unpublishing an organisation (it is kept in the audit log).
MAX_REASON_LENGTH = 2000

#: What a join, a leave or a role change moves (places.apps.MEMBERSHIPS_AREA), besides the
#: finer versions of the pages that leave that area out of their key (places.membership_caching).
MEMBERSHIPS_VERSION = area_version_name(MEMBERSHIPS_AREA)


def _memberships_changed(hub: Hub, member: User, *, listed: bool = True) -> None:
    """After the commit: the pages keyed on the memberships area, the hub's member list (unless
    ``listed`` is false: the list does not show the membership, and its "And N more members."
    is filled in live), the member's profile (their hubs and roles) and their own pages (what
    they may do) move on."""
    content_changed_after_commit(MEMBERSHIPS_VERSION)
    if listed:
        content_changed_after_commit(hub_version_name(hub.slug))
    content_changed_after_commit(member_version_name(member.username))
    private_state_changed(member.pk)


def _count_member(hub: Hub, delta: int) -> None:
    """Add ``delta`` to ``Hub.member_count`` (F(), in the caller's transaction) and move
    RANKING_VERSION after the commit only if the home page's order of places and hubs changed.
    The caller has locked the hub's row (``_lock_roles``); this locks the ranking's (always in
    that order), so that joins and leaves compare the order one after the other, each seeing
    the others' committed counts."""
    hold_version(RANKING_VERSION)
    before = selectors.home_ranking()
    Hub.objects.filter(pk=hub.pk).update(member_count=F("member_count") + delta)
    hub.refresh_from_db(fields=["member_count"])
    content_changed_after_commit(hub_members_version_name(hub.slug))  # its page's live count
    if selectors.home_ranking() != before:
        content_changed_after_commit(RANKING_VERSION)


@transaction.atomic
def join_hub(*, acting_user: User, hub: Hub) -> HubMembership:
    """Make `acting_user` a member. Joining twice is harmless: the existing membership is returned."""
    if not permissions.can_join_hub(acting_user, hub):
        raise PermissionDenied(_("Sign in to join a hub."))
    existing = HubMembership.objects.filter(hub=hub, user=acting_user).first()
    if existing is not None:
        return existing
    _lock_roles(hub)  # before the ranking's lock (_count_member), as leaving takes them
    try:
        # A savepoint, so a concurrent join that wins the unique constraint leaves our transaction usable.
        with transaction.atomic():
            membership = HubMembership.objects.create(hub=hub, user=acting_user, role=HubMembership.Role.MEMBER)
    except IntegrityError:
        return HubMembership.objects.get(hub=hub, user=acting_user)
    _count_member(hub, +1)
    listed = not selectors.unlisted_on_hub_page(hub=hub, membership=membership)
    _memberships_changed(hub, acting_user, listed=listed)  # their pages now offer "Leave" (core.page_cache)
    return membership


@transaction.atomic
def leave_hub(*, acting_user: User, hub: Hub) -> None:
    """Leave a hub. The last coordinator cannot leave: a hub must keep someone to moderate it."""
    if not acting_user.is_authenticated:
        raise PermissionDenied(_("Sign in to leave a hub."))
    _lock_roles(hub)
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
    _delete_membership(hub, membership, acting_user)


def _lock_roles(hub: Hub) -> None:
    """Lock the hub's row until the transaction ends, before reading who coordinates it: two
    coordinators removed (or demoted, or leaving) at the same moment then take turns, and the
    second sees that the first has gone, so a hub never loses its last coordinator. (The
    membership's own FOR UPDATE also locked the hub, only because the default ordering joins it;
    this says so on purpose.)"""
    Hub.objects.select_for_update().filter(pk=hub.pk).values_list("pk", flat=True).first()


def _keeps_a_coordinator(hub: Hub, membership: HubMembership) -> bool:
    """Whether the hub still has a coordinator without ``membership`` (locked by the caller)."""
    if membership.role != HubMembership.Role.COORDINATOR:
        return True
    others = HubMembership.objects.filter(hub=hub, role=HubMembership.Role.COORDINATOR).exclude(pk=membership.pk)
    return others.exists()


def _delete_membership(hub: Hub, membership: HubMembership, member: User) -> None:
    listed = not selectors.unlisted_on_hub_page(hub=hub, membership=membership)
    deleted, _counts = HubMembership.objects.filter(pk=membership.pk).delete()
    if deleted:
        _count_member(hub, -1)
        _memberships_changed(hub, member, listed=listed)


@transaction.atomic
def remove_member(*, acting_user: User, hub: Hub, member: User) -> None:
    """Staff or a coordinator of the hub take `member` out of it; Hub.member_count follows
    (F(), same transaction). Removing someone who is not a member changes nothing.

    Raises PermissionDenied unless can_remove_member; ValidationError when `member` is the
    hub's last coordinator (make someone else coordinator first)."""
    if not permissions.can_remove_member(acting_user, hub):
        raise PermissionDenied(_("Only staff and the coordinators of this hub can remove its members."))
    _lock_roles(hub)
    membership = HubMembership.objects.select_for_update().filter(hub=hub, user=member).first()
    if membership is None:
        return
    if not _keeps_a_coordinator(hub, membership):
        raise ValidationError(
            _("%(name)s is the only coordinator of %(hub)s. Make another member coordinator first.")
            % {"name": member.name, "hub": hub.name}
        )
    record(acting_user=acting_user, action=REMOVE_MEMBER, target=member, hub=hub, details={"role": membership.role})
    _delete_membership(hub, membership, member)


@transaction.atomic
def change_member_role(*, acting_user: User, hub: Hub, member: User, role: str) -> HubMembership:
    if not permissions.can_change_member_roles(acting_user, hub):
        raise PermissionDenied(_("Only coordinators of this hub can change members' roles."))
    if role not in HubMembership.Role.values:
        raise ValidationError(_("Choose coordinator or member."))
    _lock_roles(hub)
    membership = HubMembership.objects.select_for_update().filter(hub=hub, user=member).first()
    if membership is None:
        raise ValidationError(_("%(member)s is not a member of %(hub)s.") % {"member": member.name, "hub": hub.name})
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
    _memberships_changed(hub, member)  # what they may do on the hub's pages changed too
    return membership


def _tidy_place(place: Place) -> None:
    """Trim the name, upper-case the country code, and keep the other names one a line, each
    once, without the place's own name (compared ignoring case)."""
    place.name = (place.name or "").strip()
    place.country = (place.country or "").strip().upper()
    seen = {place.name.casefold()}
    names = []
    for line in (place.alternative_names or "").replace(";", "\n").splitlines():
        name = " ".join(line.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    place.alternative_names = "\n".join(names)


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


def _save(instance: models.Model, data: dict[str, Any], fields: Iterable[str]) -> None:
    """Save `fields` of an existing row, and a new ``data["slug"]`` (staff type it in the admin;
    compared with the stored one, as a ModelForm has already set it on the instance) once
    core.slugs.check_chosen_slug accepts it (ValidationError {"slug": ...} otherwise)."""
    slug = (data.get("slug") or "").strip()
    model = type(instance)
    if slug and slug != model._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first():
        setattr(instance, "slug", check_chosen_slug(model, slug, exclude_pk=instance.pk))  # noqa: B010
        fields = [*fields, "slug"]
    instance.save(update_fields=list(fields))


def _sync_organisation(organisation: Organisation) -> None:
    """Search follows an organisation and its translations (their documents repeat its
    publication, place and address): each synced after the commit, removed when it is deleted
    or unpublished. Call it before a delete (it keeps only the keys). One query for the keys."""
    sync_after_commit(organisation)
    if organisation.pk is None:
        return
    for pk in OrganisationTranslation.objects.filter(organisation=organisation).values_list("pk", flat=True):
        sync_after_commit(OrganisationTranslation(pk=pk))


def _refuse_if_referenced(instance: models.Model, *, keep: Iterable[str] = ()) -> None:
    """Deleting must not take other people's content with it, nor quietly unlink it: refuse
    while any row still points at `instance`, naming how many of what, so staff know what to
    move first. ``keep``: links (``"app.Model.field"``) whose rows go with it or outlive it.

    Asks every reverse relation of the model (hidden ones too), so apps above (cases,
    reflections) are counted without being imported. Raises ValidationError."""
    found: list[str] = []
    for relation in instance._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel):
            continue  # a field of its own, not a link from elsewhere
        related = relation.related_model
        if not isinstance(related, type) or related._meta.auto_created:
            continue  # a many-to-many's own table: counted through its ManyToManyRel
        field = relation.field
        if f"{related._meta.label}.{field.name}" in keep:
            continue
        count = related._default_manager.filter(**{field.name: instance}).count()
        if count:
            opts = related._meta
            found.append(f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}")
    if found:
        raise ValidationError(
            _("%(name)s cannot be deleted: it is still linked to %(what)s. Move or unlink those first.")
            % {"name": instance, "what": ", ".join(found)},
            code="still_referenced",
        )


#: What goes with a hub when it is deleted (its memberships) or outlives it (the audit log).
HUB_DELETE_KEEPS = frozenset({"places.HubMembership.hub", "audit.AuditEntry.hub"})


# --- Places -------------------------------------------------------------------------------


@transaction.atomic
def create_place(*, acting_user: User, data: dict[str, Any]) -> Place:
    """A city or region. ``data`` holds Place fields; the slug is ``data["slug"]`` or derived
    from the name, made unique either way."""
    if not permissions.can_create_place(acting_user):
        raise PermissionDenied(_("Only staff can add places."))
    place = Place(**{key: data[key] for key in PLACE_FIELDS if key in data})
    _tidy_place(place)
    _check_place(place)
    check_text_lengths(place, TEXT_LIMITS)
    place.full_clean(exclude=["slug"])
    save_with_slug(place, data.get("slug") or place.name)
    record(acting_user=acting_user, action=audit_actions.CREATE, target=place)
    sync_after_commit(place)
    return place


@transaction.atomic
def update_place(*, acting_user: User, place: Place, data: dict[str, Any]) -> Place:
    """Change the Place fields in ``data`` (and its slug when ``data["slug"]`` differs).

    Raises PermissionDenied unless can_edit_place; ValidationError naming the field."""
    if not permissions.can_edit_place(acting_user):
        raise PermissionDenied(_("Only staff can change places."))
    stored: Any = Place.objects.filter(pk=place.pk).values("name", "alternative_names").first() or {}
    for key in PLACE_FIELDS:
        if key in data:
            setattr(place, key, data[key])
    _tidy_place(place)
    _check_place(place)
    check_text_lengths(place, TEXT_LIMITS)
    place.full_clean(exclude=["slug"])
    _save(place, data, PLACE_FIELDS)
    record(acting_user=acting_user, action=audit_actions.EDIT, target=place)
    sync_after_commit(place)
    if stored != {"name": place.name, "alternative_names": place.alternative_names}:
        # Documents of what is located here carry the place's names (search finds a case in
        # Göteborg by "Gothenburg"): they follow a change of them.
        sync_located_after_commit(place.pk)
    return place


def _same_place(name: str, country: str) -> Place | None:
    """A place of ``country`` called ``name`` or having it among its other names (ignoring case)."""
    folded = name.casefold()
    candidates = Place.objects.filter(country=country).filter(
        models.Q(name__iexact=name) | models.Q(alternative_names__icontains=name)
    )
    for place in candidates.order_by("-verified", "pk"):
        if folded in (n.casefold() for n in place.all_names):
            return place
    return None


@transaction.atomic
def propose_place(
    *, acting_user: User, name: str, country: str, latitude: float | None = None, longitude: float | None = None
) -> Place:
    """A place a member needs for what they write and cannot find: the place of ``country``
    with that name (or other name) when there is one, else a new place marked not yet checked
    (``verified`` False, ``proposed_by`` the member), usable at once; staff later check it
    (``verify_place``) or merge it into the place it duplicates (``merge_places``).

    Raises PermissionDenied for someone who may not propose; ValidationError naming the field
    (``new_place_name``, ``new_place_country``, ``latitude``, ``longitude``)."""
    if not permissions.can_propose_place(acting_user):
        raise PermissionDenied(_("Sign in to propose a place."))
    name, country = " ".join((name or "").split()), (country or "").strip().upper()
    if not name:
        raise ValidationError({"new_place_name": _("Enter the name of the new place")})
    if country_name(country) == country:
        raise ValidationError({"new_place_country": _("Choose the country of the new place")})
    existing = _same_place(name, country)
    if existing is not None:
        return existing
    place = Place(
        name=name[:200], country=country, kind=Place.Kind.CITY, latitude=latitude, longitude=longitude,
        verified=False, proposed_by=acting_user,
    )
    _check_place(place)
    save_with_slug(place, place.name)
    record(acting_user=acting_user, action=audit_actions.CREATE, target=place, reason="proposed by a member")
    sync_after_commit(place)
    return place


@transaction.atomic
def verify_place(*, acting_user: User, place: Place) -> Place:
    """Staff confirm a proposed place (after correcting it if need be). PermissionDenied unless
    can_edit_place."""
    if not permissions.can_edit_place(acting_user):
        raise PermissionDenied(_("Only staff can change places."))
    if not place.verified:
        place.verified = True
        place.save(update_fields=["verified"])
        record(acting_user=acting_user, action=audit_actions.EDIT, target=place, reason="checked")
        sync_after_commit(place)
    return place


@transaction.atomic
def delete_place(*, acting_user: User, place: Place) -> None:
    """Delete a place nothing points at any more. Refused (ValidationError naming what) while
    hubs, organisations, people, cases or reflections are still in it: deleting would take
    hubs with it or silently unlocate content. PermissionDenied unless can_delete_place."""
    if not permissions.can_delete_place(acting_user):
        raise PermissionDenied(_("Only staff can delete places."))
    place = Place.objects.select_for_update().get(pk=place.pk)
    _refuse_if_referenced(place)
    record(acting_user=acting_user, action=audit_actions.DELETE, target=place)
    sync_after_commit(place)  # removes it from search once the delete has committed
    place.delete()


@transaction.atomic
def update_place_from_import(*, acting_user: User | None = None, place: Place, fields: dict[str, Any]) -> Place:
    """A correction an importer makes to a place it matched (a postcode left in the name, a
    country recorded as a region): only ``name`` and ``kind``; the slug is kept so addresses
    stay. ``acting_user`` None is the system; a member must be staff (PermissionDenied)."""
    if acting_user is not None and not permissions.can_edit_place(acting_user):
        raise PermissionDenied(_("Only staff can change places."))
    names = [name for name in ("name", "kind") if name in fields]
    for name in names:
        setattr(place, name, fields[name])
    place.full_clean(exclude=["slug"])
    place.save(update_fields=names)
    sync_after_commit(place)
    content_changed_after_commit()
    return place


@transaction.atomic
def merge_places(*, acting_user: User | None, keep: Place, duplicates: Iterable[Place]) -> int:
    """Fold ``duplicates`` into ``keep``: every row that points at a duplicate (hubs,
    organisations, people, cases, reflections, exchanges: every reverse relation, asked
    through the model's meta so apps above are not imported) points at ``keep`` instead,
    ``keep`` gets the coordinates, region and population it lacked, and the duplicates are
    deleted. Returns how many were merged.

    ``acting_user`` None is the system (an importer matching places by name and country);
    a member must be staff (PermissionDenied otherwise). One audit row per duplicate."""
    if acting_user is not None and not permissions.can_delete_place(acting_user):
        raise PermissionDenied(_("Only staff can merge places."))
    others = [place for place in duplicates if place.pk != keep.pk]
    if not others:
        return 0
    keep = Place.objects.select_for_update().get(pk=keep.pk)
    changed: list[str] = []
    for other in others:
        for name in ("latitude", "longitude", "population"):
            if getattr(keep, name) is None and getattr(other, name) is not None:
                if name in {"latitude", "longitude"} and (other.latitude is None or other.longitude is None):
                    continue
                setattr(keep, name, getattr(other, name))
                changed.append(name)
        if not keep.region and other.region:
            keep.region = other.region
            changed.append("region")
        move_references(duplicate=other, keep=keep)
        record(
            acting_user=acting_user, action=audit_actions.DELETE, target=other,
            reason=f"merged into {keep.name} ({keep.pk})",
        )
        sync_after_commit(other)
        other.delete()
    if changed:
        keep.save(update_fields=sorted(set(changed)))
    sync_after_commit(keep)
    content_changed_after_commit()
    return len(others)


# --- Hubs ---------------------------------------------------------------------------------


@transaction.atomic
def create_hub(
    *, acting_user: User, place: Place, data: dict[str, Any], organisations: Iterable[Organisation] = ()
) -> Hub:
    """A hub in `place`, with no members yet: people join through join_hub, which keeps
    Hub.member_count, and staff then make coordinators with change_member_role."""
    if not permissions.can_create_hub(acting_user):
        raise PermissionDenied(_("Only staff can open a hub."))
    hub = Hub(place=place, **{key: data[key] for key in HUB_FIELDS if key in data})
    hub.name = (hub.name or "").strip()
    check_text_lengths(hub, TEXT_LIMITS)
    hub.full_clean(exclude=["slug"])
    save_with_slug(hub, data.get("slug") or hub.name)
    hub.organisations.set(list(organisations))
    record(acting_user=acting_user, action=audit_actions.CREATE, target=hub, hub=hub)
    sync_after_commit(hub)
    return hub


@transaction.atomic
def update_hub(
    *,
    acting_user: User,
    hub: Hub,
    data: dict[str, Any],
    place: Place | None = None,
    organisations: Iterable[Organisation] | None = None,
) -> Hub:
    """Change a hub's name, tagline, description (``data``), its place and the organisations it
    lists (None: unchanged). ``data["version"]``, when given, is the version the form was opened
    at (EditConflict if someone saved since). Members and roles change through their services.

    Raises PermissionDenied unless can_edit_hub; ValidationError naming the field."""
    if not permissions.can_edit_hub(acting_user, hub):
        raise PermissionDenied(_("Only staff can change a hub."))
    claim_version(hub, expected=data.get("version"))
    for key in HUB_FIELDS:
        if key in data:
            setattr(hub, key, data[key])
    if place is not None:
        hub.place = place
    hub.name = (hub.name or "").strip()
    check_text_lengths(hub, TEXT_LIMITS)
    hub.full_clean(exclude=["slug"])
    _save(hub, data, [*HUB_FIELDS, "place"])
    if organisations is not None:
        hub.organisations.set(list(organisations))
    record(acting_user=acting_user, action=audit_actions.EDIT, target=hub, hub=hub)
    sync_after_commit(hub)
    return hub


@transaction.atomic
def delete_hub(*, acting_user: User, hub: Hub) -> None:
    """Delete a hub with its memberships and the list of its organisations. Refused
    (ValidationError naming what) while content still belongs to it: cases, reflections or
    series would lose their hub and the coordinators who moderate them. Audit rows of the hub
    stay (their hub becomes empty). PermissionDenied unless can_delete_hub."""
    if not permissions.can_delete_hub(acting_user, hub):
        raise PermissionDenied(_("Only staff can delete a hub."))
    hub = Hub.objects.select_for_update().get(pk=hub.pk)
    _refuse_if_referenced(hub, keep=HUB_DELETE_KEEPS)
    record(acting_user=acting_user, action=audit_actions.DELETE, target=hub, details={"members": hub.member_count})
    sync_after_commit(hub)
    hub.delete()


# --- Organisations ------------------------------------------------------------------------


def _check_original_language(data: dict[str, Any]) -> None:
    """An organisation's original language is one a form offers (core.locales)."""
    if "original_language" in data and data["original_language"] not in dict(global_settings.LANGUAGES):
        raise ValidationError({"original_language": _("Choose the language the name and description are written in.")})


@transaction.atomic
def create_organisation(*, acting_user: User, data: dict[str, Any]) -> Organisation:
    if not permissions.can_create_organisation(acting_user):
        raise PermissionDenied(_("Sign in to add an organisation."))
    _check_original_language(data)
    values = {key: data[key] for key in ORGANISATION_FIELDS if key in data}
    organisation = Organisation(**values, created_by=acting_user, is_published=True)
    check_text_lengths(organisation, TEXT_LIMITS)
    organisation.full_clean(exclude=["slug"])
    save_with_slug(organisation, data.get("slug") or organisation.name)
    record(acting_user=acting_user, action=audit_actions.CREATE, target=organisation)
    sync_after_commit(organisation)
    return organisation


@transaction.atomic
def update_organisation(*, acting_user: User, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    if not permissions.can_edit_organisation(acting_user, organisation):
        raise PermissionDenied(_("Only the person who added this organisation, or staff, can edit it."))
    claim_version(organisation, expected=data.get("version"))  # EditConflict from a stale form
    _check_original_language(data)
    for key in ORGANISATION_FIELDS:
        if key in data:
            setattr(organisation, key, data[key])
    check_text_lengths(organisation, TEXT_LIMITS)
    organisation.full_clean()
    # Only the fields a creator edits: whether it is published is staff's, and an instance read
    # before staff hid it must not publish it again.
    _save(organisation, data, [*ORGANISATION_FIELDS, "updated_at"])
    if {"name", "description"} & set(data):
        mark_organisation_translations_outdated(organisation)
    record(acting_user=acting_user, action=audit_actions.EDIT, target=organisation)
    _sync_organisation(organisation)
    return organisation


#: The fields an import owns on an organisation it created (edits to the rest survive a re-import).
IMPORTED_ORGANISATION_FIELDS = ("name", "kind", "description", "source_url", "attribution")


@transaction.atomic
def save_imported_organisation(
    *, acting_user: User | None, source_name: str, source_id: str, data: dict[str, Any]
) -> tuple[Organisation, str]:
    """Create or update the organisation imported from ``source_name`` entry ``source_id``.
    Returns ``(organisation, outcome)``, outcome "created", "updated" or "unchanged": a
    re-import of the same data writes nothing. ``data`` holds IMPORTED_ORGANISATION_FIELDS.

    ``acting_user`` None is the system (an importer run by an operator); a member must be
    staff (PermissionDenied). Raises ValidationError for a value the model refuses."""
    if acting_user is not None and not permissions.can_create_place(acting_user):
        raise PermissionDenied(_("Only staff can import organisations."))
    values = {key: data[key] for key in IMPORTED_ORGANISATION_FIELDS if key in data}
    organisation = (
        Organisation.objects.select_for_update().filter(source_name=source_name, source_id=source_id).first()
    )
    if organisation is None:
        organisation = Organisation(**values, source_name=source_name, source_id=source_id, is_published=True)
        check_text_lengths(organisation, TEXT_LIMITS)
        organisation.full_clean(exclude=["slug"])
        save_with_slug(organisation, organisation.name)
        _sync_organisation(organisation)
        content_changed_after_commit()
        return organisation, "created"
    changed = [key for key, value in values.items() if getattr(organisation, key) != value]
    if not changed:
        return organisation, "unchanged"
    for key in changed:
        setattr(organisation, key, values[key])
    check_text_lengths(organisation, TEXT_LIMITS)
    organisation.full_clean()
    organisation.save(update_fields=[*changed, "updated_at"])
    _sync_organisation(organisation)
    content_changed_after_commit()
    return organisation, "updated"


def _moderating_hub(acting_user: User, organisation: Organisation) -> Hub | None:
    """The hub a coordinator acts for (the audit row is theirs to read); None for staff."""
    if acting_user.is_staff:
        return None
    hubs = coordinated_hubs_listing(acting_user, organisation)
    return hubs[0] if hubs else None


def _set_published(
    *, acting_user: User, organisation: Organisation, published: bool, reason: str = ""
) -> Organisation:
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if current.is_published == published:
        organisation.is_published, organisation.version = current.is_published, current.version
        return organisation  # already so: nothing to record
    claim_version(organisation, expected=None)  # a form opened before this must not undo it
    Organisation.objects.filter(pk=organisation.pk).update(is_published=published, updated_at=Now())
    organisation.is_published = published
    record(
        acting_user=acting_user,
        action=audit_actions.PUBLISH if published else audit_actions.UNPUBLISH,
        target=organisation,
        hub=_moderating_hub(acting_user, organisation),
        reason=reason,
    )
    _sync_organisation(organisation)
    return organisation


@transaction.atomic
def publish_organisation(*, acting_user: User, organisation: Organisation) -> Organisation:
    """List the organisation again everywhere (pages, profiles, a case's organisers, search).
    Publishing one that is published changes nothing and records nothing.

    Raises PermissionDenied unless can_moderate_organisation."""
    if not permissions.can_moderate_organisation(acting_user, organisation):
        raise PermissionDenied(_("Only staff and the coordinators of a hub that lists it can publish an organisation."))
    return _set_published(acting_user=acting_user, organisation=organisation, published=True)


@transaction.atomic
def unpublish_organisation(*, acting_user: User, organisation: Organisation, reason: str) -> Organisation:
    """Take the organisation off every list and out of search; its page becomes a 404 for
    everyone but staff, its creator and the coordinators of hubs that list it. Links from hubs,
    cases and people are kept, only not shown, so publishing again restores them. The reason
    (required, at most MAX_REASON_LENGTH characters) goes into the audit log.

    Raises PermissionDenied unless can_moderate_organisation; ValidationError {"reason": ...}."""
    if not permissions.can_moderate_organisation(acting_user, organisation):
        raise PermissionDenied(
            _("Only staff and the coordinators of a hub that lists it can unpublish an organisation.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you are unpublishing this organisation.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({
            "reason": _("The reason must be %(max)d characters or fewer; it has %(n)d.")
            % {"max": MAX_REASON_LENGTH, "n": len(reason)}
        })
    return _set_published(acting_user=acting_user, organisation=organisation, published=False, reason=reason)


@transaction.atomic
def delete_organisation(*, acting_user: User, organisation: Organisation) -> None:
    """Delete an organisation nothing points at. Refused (ValidationError naming what) while
    hubs list it, cases name it as organiser or people give it as theirs: unpublish it instead
    to hide it without unlinking anything. PermissionDenied unless can_delete_organisation."""
    if not permissions.can_delete_organisation(acting_user, organisation):
        raise PermissionDenied(_("Only staff can delete an organisation."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    try:
        # Its translations go with it.
        _refuse_if_referenced(organisation, keep=("places.OrganisationTranslation.organisation",))
    except ValidationError as refused:
        raise ValidationError(
            [*refused.messages, _("To hide it without unlinking anything, unpublish it instead.")],
            code="still_referenced",
        ) from None
    record(acting_user=acting_user, action=audit_actions.DELETE, target=organisation)
    _sync_organisation(organisation)
    organisation.delete()


def get_organisation_for_edit(*, user: User, slug: str) -> Organisation:
    """Fetch-and-check: 404 for no such organisation, 403 when the user may not edit it."""
    from .selectors import organisation_by_slug

    organisation = organisation_by_slug(slug=slug, user=user)
    if not permissions.can_edit_organisation(user, organisation):
        raise PermissionDenied(_("Only the person who added this organisation, or staff, can edit it."))
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
        raise PermissionDenied(_("Only staff can add places."))
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


# --- Translations of an organisation ------------------------------------------------------------
# As for cases, methods and reflections (knowledge.services.translations): the organisation is
# always the original, in ``original_language``; each translation records who made it and from
# which version and text of the original, and an edit of the original marks it possibly outdated.

TRANSLATE = register_action("translate", gettext_lazy("translated"))


def save_organisation_translation(
    *,
    acting_user: User,
    organisation: Organisation,
    language: str,
    data: dict[str, Any],
    machine_translator: str = "",
) -> OrganisationTranslation:
    """Create or replace ``organisation``'s translation into ``language`` from ``data`` (name,
    description in Markdown; optionally ``version``, the translation's version its form was
    opened at). It records the original as it is now (version and organisation_text_hash) and
    is no longer outdated.

    Raises PermissionDenied unless the acting person may edit the organisation (its creator,
    staff: permissions.can_translate_organisation); ValidationError naming the field for a
    language that is not an interface language or is the original's, an empty name, a text past
    its limit, or a concurrent first translation; EditConflict when the translation was saved
    since the form was opened."""
    if not permissions.can_translate_organisation(acting_user, organisation):
        raise PermissionDenied(_("Only the person who added this organisation, or staff, can translate it."))
    language = check_translation_language(
        language, organisation.original_language,
        same_as_original=_("This organisation is described in %(language)s: choose another language."),
    )
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the name in this language.")})
    description = (data.get("description") or "").strip()
    with transaction.atomic():
        translation, creating = write_translation(
            original=organisation, language=language, acting_user=acting_user,
            machine_translator=machine_translator, expected_version=data.get("version"),
            values={"name": name, "description": description},
            check=lambda row: check_text_lengths(row, {"name": 250, **TEXT_LIMITS}),
        )
        record(
            acting_user=acting_user, action=TRANSLATE, target=organisation,
            details=translation_details(language, creating, machine_translator),
        )
        sync_after_commit(translation)
    return translation


def mark_organisation_translations_outdated(organisation: Organisation) -> int:
    """After an edit of ``organisation`` (inside its service's transaction): every translation
    made from another name and description than the original's now is marked possibly
    outdated. Returns how many were marked. One UPDATE."""
    return mark_outdated(organisation)
