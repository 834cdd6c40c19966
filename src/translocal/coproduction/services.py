"""Writes for co-production spaces: the site, the Django admin, the demo and commands call these.

Each takes the acting user, checks permission first, runs in one transaction, writes an audit
row for what coordinators and staff do, and leaves caches and the search index to follow after
commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.core.caching import content_changed_after_commit
from translocal.core.slugs import save_with_slug
from translocal.places.models import Hub, Place
from translocal.places.permissions import can_create_hub
from translocal.places.selectors import is_hub_coordinator

from . import permissions
from .models import Feature, Phase, Process, ProcessRole

SET_PROCESS_ROLE = register_action("process.set_role", gettext_lazy("gave a role in a process to"))
REMOVE_PROCESS_ROLE = register_action("process.remove_role", gettext_lazy("removed a role in a process from"))

PROCESS_FIELDS = (
    "title", "summary", "description", "access", "is_published", "place", "supports_per_person", "support_threshold",
)


def can_create_process(user: User, hub: Hub) -> bool:
    """Coordinators of the hub and staff open processes in it."""
    return bool(user.is_authenticated and user.is_active and (can_create_hub(user) or is_hub_coordinator(user, hub.pk)))


@transaction.atomic
def create_process(
    *,
    acting_user: User,
    hub: Hub,
    title: str,
    summary: str = "",
    description: str = "",
    access: str = Process.Access.PUBLIC,
    is_published: bool = False,
    place: Place | None = None,
    supports_per_person: int | None = None,
    support_threshold: int | None = None,
) -> Process:
    """A new process in ``hub`` (a unique slug from the title). PermissionDenied unless the acting
    user coordinates the hub or is staff; ValidationError for a bad field."""
    if not can_create_process(acting_user, hub):
        raise PermissionDenied(_("Only the hub's coordinators can start a process in it."))
    process = Process(
        hub=hub, title=title.strip(), summary=summary.strip(), description=description, access=access,
        is_published=is_published, place=place, supports_per_person=supports_per_person,
        support_threshold=support_threshold, created_by=acting_user,
    )
    process.full_clean(exclude=["slug"])
    save_with_slug(process, process.title)
    record(acting_user=acting_user, action=audit_actions.CREATE, target=process, hub=hub)
    content_changed_after_commit()
    return process


@transaction.atomic
def update_process(*, acting_user: User, process: Process, data: dict[str, Any]) -> Process:
    """Change the fields named in ``data`` (a subset of PROCESS_FIELDS; others: ValueError)."""
    permissions.check(permissions.can_manage_process(acting_user, process))
    unknown = set(data) - set(PROCESS_FIELDS)
    if unknown:
        raise ValueError(f"Not process fields: {', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(process, name, value)
    process.full_clean(exclude=["slug"])
    process.save()
    record(acting_user=acting_user, action=audit_actions.EDIT, target=process, hub=process.hub,
           details={"fields": sorted(data)})
    content_changed_after_commit()
    return process


@transaction.atomic
def add_phase(
    *,
    acting_user: User,
    process: Process,
    name: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    features: set[str] | frozenset[str] = frozenset(),
    description: str = "",
) -> Phase:
    """Append a phase to the process (positions follow the order of addition).
    ValidationError when it ends before it starts or a feature is unknown."""
    permissions.check(permissions.can_manage_process(acting_user, process))
    unknown = set(features) - set(Feature.values)
    if unknown:
        raise ValidationError(_("Unknown features: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A phase must end after it starts.")})
    # Lock the process so two phases added at once do not take the same position.
    Process.objects.select_for_update().filter(pk=process.pk).first()
    last = Phase.objects.filter(process=process).aggregate(last=Max("position"))["last"]
    phase = Phase(
        process=process, position=(last or 0) + 1, name=name.strip(), description=description,
        starts_at=starts_at, ends_at=ends_at, **{feature: feature in features for feature in Feature.values},
    )
    phase.full_clean()
    phase.save()
    record(acting_user=acting_user, action=audit_actions.EDIT, target=process, hub=process.hub,
           details={"phase_added": phase.name})
    content_changed_after_commit()
    return phase


@transaction.atomic
def set_process_role(*, acting_user: User, process: Process, user: User, role: str) -> ProcessRole:
    """Invite ``user`` to the process or make them one of its moderators (replacing the role they had)."""
    permissions.check(permissions.can_manage_process(acting_user, process))
    if role not in ProcessRole.Role.values:
        raise ValidationError(_("Choose invited or moderator."))
    try:
        with transaction.atomic():
            entry, _created = ProcessRole.objects.update_or_create(process=process, user=user, defaults={"role": role})
    except IntegrityError:  # a concurrent writer created it first
        entry = ProcessRole.objects.get(process=process, user=user)
        entry.role = role
        entry.save(update_fields=["role"])
    record(acting_user=acting_user, action=SET_PROCESS_ROLE, target=user, hub=process.hub,
           details={"process": process.slug, "role": role})
    content_changed_after_commit()
    return entry


@transaction.atomic
def remove_process_role(*, acting_user: User, process: Process, user: User) -> None:
    permissions.check(permissions.can_manage_process(acting_user, process))
    deleted, _rows = ProcessRole.objects.filter(process=process, user=user).delete()
    if deleted:
        record(acting_user=acting_user, action=REMOVE_PROCESS_ROLE, target=user, hub=process.hub,
               details={"process": process.slug})
        content_changed_after_commit()
