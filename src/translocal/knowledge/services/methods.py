from typing import Any

from django.db import transaction

from translocal.accounts.models import User

from ..models import Method
from .common import render_body_ahead
from .entries import create_entry, publish_entry, unpublish_entry, update_entry

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


def create_method(*, acting_user: User, data: dict[str, Any]) -> Method:
    rendered = render_body_ahead(data)  # before the transaction: no CPU work under the write lock
    with transaction.atomic():
        return create_entry(
            Method, acting_user=acting_user, data=data, fields=METHOD_FIELDS, many=METHOD_MANY, rendered=rendered
        )


def update_method(*, acting_user: User, method: Method, data: dict[str, Any]) -> Method:
    rendered = render_body_ahead(data, entry=method)
    with transaction.atomic():
        return update_entry(
            method, acting_user=acting_user, data=data, fields=METHOD_FIELDS, many=METHOD_MANY, rendered=rendered
        )


@transaction.atomic
def publish_method(*, acting_user: User, method: Method) -> Method:
    return publish_entry(method, acting_user=acting_user)


@transaction.atomic
def unpublish_method(*, acting_user: User, method: Method) -> Method:
    return unpublish_entry(method, acting_user=acting_user)
