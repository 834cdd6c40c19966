"""The life cycle every entry type shares (create, update, publish, unpublish), written once
and wrapped by the typed services in cases.py, methods.py and reflections.py."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError

from translocal.accounts.models import User
from translocal.core.text_limits import check_text_lengths
from translocal.core.versioning import claim_version

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
    unique_slug,
)

#: A concrete entry type (Case, Method, Reflection): the services return what they were given.
E = TypeVar("E", bound=Entry)

ENTRY_FIELDS: tuple[str, ...] = ("title", "summary", "body", "original_language", "hub")
ENTRY_MANY: tuple[str, ...] = ("themes", "sdgs")


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
    transaction (``render_body_ahead``); `text_limits` adds the type's own text fields."""
    if not permissions.can_create(acting_user):
        raise PermissionDenied("Sign in to add to the knowledge commons.")
    entry = model(created_by=acting_user, status=Status.DRAFT)
    many_values = apply_fields(entry, data, fields=(*ENTRY_FIELDS, *fields), many=(*ENTRY_MANY, *many))
    _validate_title(entry)
    _check_lengths(entry, text_limits)
    if clean:
        clean(entry)
    entry.slug = unique_slug(model, entry.title)
    render_body(entry, rendered)
    entry.save()
    set_many(entry, many_values)
    if after_save:
        after_save(entry)
    if data.get("publish"):
        mark_published(entry)
        entry.save(update_fields=["status", "published_at"])
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
    if not permissions.can_edit(acting_user, entry):
        raise PermissionDenied("Only the authors can edit this entry.")
    if data.get("publish") and entry.status != Status.PUBLISHED and not permissions.can_publish(acting_user, entry):
        raise PermissionDenied("A moderator took this down; only a moderator can publish it again.")
    # First write of the transaction: a save from a stale form stops here, before anything changes.
    claim_version(entry, expected=data.get("version"))
    many_values = apply_fields(entry, data, fields=(*ENTRY_FIELDS, *fields), many=(*ENTRY_MANY, *many))
    _validate_title(entry)
    _check_lengths(entry, text_limits)
    if clean:
        clean(entry)
    if "body" in data:
        render_body(entry, rendered)
    entry.save()
    set_many(entry, many_values)
    if after_save:
        after_save(entry)
    if data.get("publish") and entry.status != Status.PUBLISHED:
        mark_published(entry)
        entry.save(update_fields=["status", "published_at"])
    reindex(entry)
    return entry


def publish_entry(entry: E, *, acting_user: User, after_save: Callable[[E], None] | None = None) -> E:
    if entry.status == Status.PUBLISHED:
        return entry
    if not permissions.can_publish(acting_user, entry):
        if entry.status == Status.UNPUBLISHED:
            raise PermissionDenied("A moderator took this down; only a moderator can publish it again.")
        raise PermissionDenied("Only the authors can publish this entry.")
    mark_published(entry)
    entry.save(update_fields=["status", "published_at", "updated_at"])
    if after_save:
        after_save(entry)
    reindex(entry)
    return entry


def unpublish_entry(entry: E, *, acting_user: User, after_save: Callable[[E], None] | None = None) -> E:
    if not permissions.can_unpublish(acting_user, entry):
        raise PermissionDenied(
            "Only staff and the coordinators of the entry's hub can unpublish a published entry."
        )
    entry.status = Status.UNPUBLISHED
    entry.save(update_fields=["status", "updated_at"])
    if after_save:
        after_save(entry)
    reindex(entry)
    return entry
