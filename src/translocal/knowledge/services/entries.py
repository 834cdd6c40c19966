"""The life cycle every entry type shares (create, update, publish, unpublish, lift a
takedown), written once and wrapped by the typed services in cases.py, methods.py and
reflections.py.

Every write to an existing entry first re-reads its life-cycle state (status, publication date,
takedown record) under a row lock, so an edit made from a form opened before a moderator took
the entry down can neither publish it again nor wipe the takedown record.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.services import record
from translocal.core.slugs import check_chosen_slug, save_with_slug
from translocal.core.text_limits import check_text_lengths
from translocal.core.versioning import claim_version
from translocal.places.selectors import is_hub_coordinator

from .. import permissions
from ..models import Status
from ..models.base import Entry
from .common import (
    ENTRY_TEXT_LIMITS,
    RenderedBody,
    apply_fields,
    mark_published,
    reindex,
    render_body,
    set_many,
)
from .translations import mark_translations_outdated

#: A concrete entry type (Case, Method, Reflection): the services return what they were given.
E = TypeVar("E", bound=Entry)

ENTRY_FIELDS: tuple[str, ...] = ("title", "summary", "body", "original_language", "hub")
ENTRY_MANY: tuple[str, ...] = ("themes", "sdgs")
#: What only the life-cycle services below write: never copied from a form or an import.
LIFECYCLE_FIELDS: tuple[str, ...] = (
    "status", "published_at", "moderated_by", "moderated_at", "moderation_reason", "moderation_hub",
)
TAKEDOWN_FIELDS: tuple[str, ...] = ("moderated_by", "moderated_at", "moderation_reason", "moderation_hub")
#: Longest takedown reason, in characters (the model field's max_length).
MAX_REASON_LENGTH = 2000
LIFT_MODERATION = audit_actions.register_action("lift_moderation", gettext_lazy("lifted the takedown of"))


def lock_lifecycle(entry: Any) -> None:
    """Re-read `entry`'s status and takedown record under a row lock (SELECT ... FOR UPDATE on
    PostgreSQL; SQLite's IMMEDIATE transactions already hold the write lock), overwriting what
    the in-memory instance says. Call inside the service's transaction. The lead image (set on
    the entry's images page, services/images.py) is re-read too, so a save never undoes it."""
    if entry.pk is None:
        return
    names = [*LIFECYCLE_FIELDS, *(["lead_image"] if hasattr(type(entry), "lead_image") else [])]
    attnames = [entry._meta.get_field(name).attname for name in names]
    current = type(entry)._default_manager.select_for_update().filter(pk=entry.pk).values(*attnames).get()
    for attname, value in current.items():
        setattr(entry, attname, value)


def takedown_hub_name(entry: Any) -> str:
    hub = entry.moderation_hub if entry.moderation_hub_id else None
    return hub.name if hub else _("staff")


def _validate_title(entry: Entry) -> None:
    entry.title = (entry.title or "").strip()
    if not entry.title:
        raise ValidationError({"title": "Enter a title."})


def _check_lengths(entry: Entry, extra: Mapping[str, int] | None) -> None:
    title_limit = type(entry)._meta.get_field("title").max_length or 300
    check_text_lengths(entry, {"title": title_limit, **ENTRY_TEXT_LIMITS, **(extra or {})})


def create_entry(
    model: type[E],
    *,
    acting_user: User,
    data: Mapping[str, Any],
    fields: Iterable[str],
    many: Iterable[str],
    clean: Callable[[E], None] | None = None,
    after_save: Callable[[E], None] | None = None,
    text_limits: Mapping[str, int] | None = None,
    rendered: RenderedBody | None = None,
) -> E:
    """Create an entry of `model` from `data`. `rendered` is the body rendered before the
    transaction (``render_body_ahead``); `text_limits` adds the type's own text fields.
    ``data["slug"]``, when given (the Django admin), is used as typed once checked
    (core.slugs.check_chosen_slug); otherwise the slug is made from the title."""
    if not permissions.can_create(acting_user):
        raise PermissionDenied(_("Sign in to add to the knowledge commons."))
    entry = model(created_by=acting_user, status=Status.DRAFT)
    many_values = apply_fields(entry, data, fields=(*ENTRY_FIELDS, *fields), many=(*ENTRY_MANY, *many))
    _validate_title(entry)
    _check_lengths(entry, text_limits)
    if clean:
        clean(entry)
    render_body(entry, rendered)
    if data.get("slug"):
        _save_with_chosen_slug(entry, data["slug"])
    else:
        save_with_slug(entry, entry.title)
    set_many(entry, many_values)
    if after_save:
        after_save(entry)
    if data.get("publish"):
        mark_published(entry)
        entry.save(update_fields=["status", "published_at"])
        record(acting_user=acting_user, action=audit_actions.PUBLISH, target=entry)
    reindex(entry)
    return entry


def update_entry(
    entry: E,
    *,
    acting_user: User,
    data: Mapping[str, Any],
    fields: Iterable[str],
    many: Iterable[str],
    clean: Callable[[E], None] | None = None,
    after_save: Callable[[E], None] | None = None,
    text_limits: Mapping[str, int] | None = None,
    rendered: RenderedBody | None = None,
) -> E:
    """Apply an edit. ``data["version"]``, when given, is the version the edit form was opened
    at: raises core.versioning.EditConflict (nothing written) if someone saved since."""
    lock_lifecycle(entry)
    if not permissions.can_edit(acting_user, entry):
        raise PermissionDenied(_("Only the authors can edit this entry."))
    if data.get("publish") and entry.status != Status.PUBLISHED and not permissions.can_publish(acting_user, entry):
        if entry.status == Status.UNPUBLISHED:
            # A form error, not a 403: the edit itself is allowed and what was typed is kept.
            raise ValidationError(_taken_down_message(entry))
        raise PermissionDenied(_("Only the authors can publish this entry."))
    # First write of the transaction: a save from a stale form stops here, before anything changes.
    claim_version(entry, expected=data.get("version"))
    many_values = apply_fields(entry, data, fields=(*ENTRY_FIELDS, *fields), many=(*ENTRY_MANY, *many))
    _validate_title(entry)
    _check_lengths(entry, text_limits)
    if clean:
        clean(entry)
    if "body" in data:
        render_body(entry, rendered)
    if data.get("slug") and data["slug"] != entry.slug:
        _save_with_chosen_slug(entry, data["slug"])
    else:
        entry.save()
    if {"title", "summary", "body"} & set(data):
        mark_translations_outdated(entry)
    set_many(entry, many_values)
    if after_save:
        after_save(entry)
    if data.get("publish") and entry.status == Status.UNPUBLISHED:
        _lift(entry, acting_user)
    elif data.get("publish") and entry.status != Status.PUBLISHED:
        mark_published(entry)
        entry.save(update_fields=["status", "published_at"])
        record(acting_user=acting_user, action=audit_actions.PUBLISH, target=entry)
    reindex(entry)
    return entry


def _save_with_chosen_slug(entry: Entry, slug: str) -> None:
    """Save `entry` under the slug a person typed (the Django admin): ValidationError on
    "slug" when it is malformed, a route's word ("new") or taken, a concurrent taker included."""
    entry.slug = check_chosen_slug(type(entry), slug, exclude_pk=entry.pk)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        if type(entry)._default_manager.filter(slug=entry.slug).exclude(pk=entry.pk).exists():
            raise ValidationError({"slug": _("“%(slug)s” is already used by another entry.") % {"slug": slug}}) from exc
        raise


def _taken_down_message(entry: Any) -> str:
    return _(
        "A moderator (%(hub)s) took this down: only a coordinator of that hub or staff can publish it "
        "again. You can still save your changes."
    ) % {"hub": takedown_hub_name(entry)}


def publish_entry(entry: E, *, acting_user: User, after_save: Callable[[E], None] | None = None) -> E:
    """Publish a draft. For an entry a moderator took down this is lifting the takedown, with
    the same permission (lift_entry_moderation)."""
    lock_lifecycle(entry)
    if entry.status == Status.PUBLISHED:
        return entry
    if entry.status == Status.UNPUBLISHED:
        return lift_entry_moderation(entry, acting_user=acting_user, after_save=after_save)
    if not permissions.can_publish(acting_user, entry):
        raise PermissionDenied(_("Only the authors can publish this entry."))
    mark_published(entry)
    entry.save(update_fields=["status", "published_at", "updated_at"])
    record(acting_user=acting_user, action=audit_actions.PUBLISH, target=entry)
    if after_save:
        after_save(entry)
    reindex(entry)
    return entry


def unpublish_entry(
    entry: E, *, acting_user: User, reason: str, after_save: Callable[[E], None] | None = None
) -> E:
    """A moderator takes a published entry down. `reason` (required, at most
    MAX_REASON_LENGTH characters) is shown to its authors. The takedown is recorded for the
    entry's hub when the moderator coordinates it, otherwise (staff) for staff alone.

    Raises PermissionDenied unless can_unpublish; ValidationError {"reason": ...} for a
    missing or too long reason."""
    lock_lifecycle(entry)
    if not permissions.can_unpublish(acting_user, entry):
        if entry.status == Status.UNPUBLISHED:
            raise ValidationError(_("This entry has already been taken down."))
        raise PermissionDenied(
            "Only staff and the coordinators of the entry's hub can unpublish a published entry."
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you are taking this down: its authors will see it.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({
            "reason": _("The reason must be %(max)d characters or fewer; it has %(n)d.")
            % {"max": MAX_REASON_LENGTH, "n": len(reason)}
        })
    entry.status = Status.UNPUBLISHED
    entry.moderated_by = acting_user
    entry.moderated_at = timezone.now()
    entry.moderation_reason = reason
    entry.moderation_hub_id = entry.hub_id if is_hub_coordinator(acting_user, entry.hub_id) else None
    entry.save(update_fields=["status", *TAKEDOWN_FIELDS, "updated_at"])
    record(
        acting_user=acting_user, action=audit_actions.UNPUBLISH, target=entry, reason=reason,
        details={"takedown_for": "hub" if entry.moderation_hub_id else "staff"},
    )
    if after_save:
        after_save(entry)
    reindex(entry)
    return entry


def _lift(entry: Any, acting_user: User) -> None:
    """Publish a taken-down entry again, clear its record and log who lifted it, for the hub it
    was taken down for (or, for a staff takedown, the entry's hub)."""
    hub = entry.moderation_hub if entry.moderation_hub_id else None
    record(
        acting_user=acting_user, action=LIFT_MODERATION, target=entry, hub=hub,
        details={"taken_down_at": entry.moderated_at, "reason": entry.moderation_reason},
    )
    mark_published(entry)
    entry.moderated_by = entry.moderated_at = entry.moderation_hub = None
    entry.moderation_reason = ""
    entry.save(update_fields=["status", "published_at", *TAKEDOWN_FIELDS, "updated_at"])


def lift_entry_moderation(entry: E, *, acting_user: User, after_save: Callable[[E], None] | None = None) -> E:
    """Lift a moderator's takedown: the entry is published again and its takedown record cleared.

    Raises ValidationError when the entry is not taken down, PermissionDenied unless
    can_lift_moderation (staff, or a coordinator of the hub it was taken down for who is not
    one of its authors)."""
    lock_lifecycle(entry)
    if entry.status != Status.UNPUBLISHED:
        raise ValidationError(_("This entry is not taken down."))
    if not permissions.can_lift_moderation(acting_user, entry):
        raise PermissionDenied(
            _(
                "A moderator (%(hub)s) took this down: only a coordinator of that hub who is not one of "
                "its authors, or staff, can lift the takedown."
            )
            % {"hub": takedown_hub_name(entry)}
        )
    _lift(entry, acting_user)
    if after_save:
        after_save(entry)
    reindex(entry)
    return entry
