from typing import Any

from django.db import transaction

from translocal.accounts.models import User

from ..models import Method
from .common import RenderedBody, render_body_ahead
from .entries import create_entry, lift_entry_moderation, publish_entry, unpublish_entry, update_entry

METHOD_FIELDS: tuple[str, ...] = (
    "public_spectrum",
    "open_limited",
    "recruitment_method",
    "mode",
    "facilitated",
    "level_polarization",
    "level_complexity",
)
METHOD_MANY: tuple[str, ...] = (
    "method_types",
    "purposes",
    "scope_of_influence",
    "participant_numbers",
    "interactions",
    "decision_methods",
    "voting_methods",
)


def create_method(*, acting_user: User, data: dict[str, Any], rendered: RenderedBody | None = None) -> Method:
    # Before the transaction: no CPU work under the write lock.
    rendered = rendered or render_body_ahead(data, acting_user=acting_user)
    with transaction.atomic():
        return create_entry(
            Method, acting_user=acting_user, data=data, fields=METHOD_FIELDS, many=METHOD_MANY, rendered=rendered
        )


def update_method(
    *, acting_user: User, method: Method, data: dict[str, Any], rendered: RenderedBody | None = None
) -> Method:
    rendered = rendered or render_body_ahead(data, entry=method, acting_user=acting_user)
    with transaction.atomic():
        return update_entry(
            method, acting_user=acting_user, data=data, fields=METHOD_FIELDS, many=METHOD_MANY, rendered=rendered
        )


@transaction.atomic
def publish_method(*, acting_user: User, method: Method) -> Method:
    return publish_entry(method, acting_user=acting_user)


@transaction.atomic
def unpublish_method(*, acting_user: User, method: Method, reason: str) -> Method:
    """A moderator takes the method down, saying why (see entries.unpublish_entry)."""
    return unpublish_entry(method, acting_user=acting_user, reason=reason)


@transaction.atomic
def lift_method_moderation(*, acting_user: User, method: Method) -> Method:
    """Lift a moderator's takedown and publish the method again (see entries.lift_entry_moderation)."""
    return lift_entry_moderation(method, acting_user=acting_user)
