from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .. import permissions
from ..completeness import case_completeness
from ..models import Case
from .common import reindex
from .entries import create_entry, publish_entry, unpublish_entry, update_entry

CASE_FIELDS: tuple[str, ...] = (
    "place",
    "location_name",
    "public_spectrum",
    "number_of_participants",
    "open_limited",
    "recruitment_method",
    "mode",
    "facilitated",
    "impact_evidence",
    "impact_description",
    "formal_evaluation",
    "funder",
    "start_date",
    "end_date",
    "ongoing",
    "links",
)
CASE_MANY: tuple[str, ...] = (
    "general_issues",
    "specific_topics",
    "scope_of_influence",
    "purposes",
    "approaches",
    "targeted_participants",
    "methods",
    "decision_methods",
    "voting_methods",
    "interactions",
    "outcomes",
    "change_types",
    "implementers",
    "organisations",
    "organizer_types",
    "funder_types",
)


def _clean_case(case: Case) -> None:
    if case.start_date and case.end_date and case.end_date < case.start_date:
        raise ValidationError({"end_date": "The end date must be the same as or after the start date."})
    links = case.links or []
    if not isinstance(links, list) or not all(isinstance(link, dict) and link.get("url") for link in links):
        raise ValidationError({"links": "Links must be a list of {url, title}."})


def _grade(case: Case) -> None:
    grade = case_completeness(case)
    if grade != case.completeness:
        case.completeness = grade
        Case.objects.filter(pk=case.pk).update(completeness=grade)


@transaction.atomic
def create_case(*, user: Any, data: dict[str, Any]) -> Case:
    """A new case, a draft unless ``data["publish"]`` is true. ``data`` holds model field
    values (instances for foreign keys, iterables for many-to-many)."""
    return create_entry(
        Case, user=user, data=data, fields=CASE_FIELDS, many=CASE_MANY, clean=_clean_case, after_save=_grade
    )


@transaction.atomic
def update_case(*, user: Any, case: Case, data: dict[str, Any]) -> Case:
    return update_entry(
        case, user=user, data=data, fields=CASE_FIELDS, many=CASE_MANY, clean=_clean_case, after_save=_grade
    )


@transaction.atomic
def publish_case(*, user: Any, case: Case) -> Case:
    return publish_entry(case, user=user)


@transaction.atomic
def unpublish_case(*, user: Any, case: Case) -> Case:
    return unpublish_entry(case, user=user)


@transaction.atomic
def set_case_featured(*, user: Any, case: Case, featured: bool) -> Case:
    """Feature a case on the home page, or stop featuring it. Not an edit of the case: its
    updated_at stays, and only published cases are ever shown as featured."""
    if not permissions.can_feature_case(user, case):
        raise PermissionDenied("Only staff can choose the featured cases.")
    if case.featured == featured:
        return case
    case.featured = featured
    case.save(update_fields=["featured"])
    reindex(case)
    return case
