from typing import Any

from django.db import transaction

from ..models import Method
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


@transaction.atomic
def create_method(*, user: Any, data: dict[str, Any]) -> Method:
    return create_entry(Method, user=user, data=data, fields=METHOD_FIELDS, many=METHOD_MANY)


@transaction.atomic
def update_method(*, user: Any, method: Method, data: dict[str, Any]) -> Method:
    return update_entry(method, user=user, data=data, fields=METHOD_FIELDS, many=METHOD_MANY)


@transaction.atomic
def publish_method(*, user: Any, method: Method) -> Method:
    return publish_entry(method, user=user)


@transaction.atomic
def unpublish_method(*, user: Any, method: Method) -> Method:
    return unpublish_entry(method, user=user)
