from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.services import record
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH
from translocal.places import services as place_services

from .. import permissions
from ..completeness import case_completeness
from ..models import CASE_VOCABULARY_FIELDS, Case
from .common import RenderedBody, reindex, render_body_ahead
from .entries import create_entry, lift_entry_moderation, publish_entry, unpublish_entry, update_entry

CASE_FIELDS: tuple[str, ...] = (
    "place",
    "location_name",
    "address",
    "is_component_of",
    "public_spectrum",
    "number_of_participants",
    "open_limited",
    "recruitment_method",
    "mode",
    "facilitated",
    "facilitator_training",
    "legality",
    "staff",
    "volunteers",
    "impact_evidence",
    "impact_description",
    "formal_evaluation",
    "funder",
    "start_date",
    "end_date",
    "ongoing",
    "time_limited",
    "links",
    "evaluation_links",
)
CASE_MANY: tuple[str, ...] = (*CASE_VOCABULARY_FIELDS, "methods", "organisations")
CASE_TEXT_LIMITS: dict[str, int] = {"impact_description": MAX_DESCRIPTION_LENGTH}


#: How many "part of" steps a chain of cases may have before the check gives up (a real chain
#: is two or three deep; this bounds the queries of the cycle check).
MAX_COMPONENT_DEPTH = 50


def _check_links(value: Any, name: str) -> None:
    if not isinstance(value or [], list) or not all(
        isinstance(link, dict) and link.get("url") for link in value or []
    ):
        raise ValidationError({name: "Links must be a list of {url, title}."})


def _check_component_of(case: Case, acting_user: User) -> None:
    """A case can be part of another visible case, but never of itself or of one of its own
    components (directly or further down): the "part of" links must form a tree."""
    parent = case.is_component_of
    if parent is None:
        return
    if case.pk is not None and parent.pk == case.pk:
        raise ValidationError({"is_component_of": "A case cannot be a component of itself."})
    if case.pk is None:
        if not permissions.can_view(acting_user, parent):
            raise ValidationError({"is_component_of": "Choose a published case as the larger case."})
        return  # a new case has no components yet, so it cannot close a loop
    unchanged = Case.objects.filter(pk=case.pk, is_component_of_id=parent.pk).exists()
    if not unchanged and not permissions.can_view(acting_user, parent):
        # Keeping a link made earlier is fine even if that case was unpublished since.
        raise ValidationError({"is_component_of": "Choose a published case as the larger case."})
    seen, current = {parent.pk}, parent.is_component_of_id
    for _depth in range(MAX_COMPONENT_DEPTH):
        if current is None:
            return
        if current == case.pk:
            raise ValidationError({
                "is_component_of": (
                    f"“{parent.title}” is itself part of this case, so this case cannot be part of it. "
                    "Choose a case that is not one of its components."
                )
            })
        if current in seen:
            return  # a loop elsewhere in the data; not one this edit makes
        seen.add(current)
        current = Case.objects.filter(pk=current).values_list("is_component_of_id", flat=True).first()
    raise ValidationError({"is_component_of": "The chain of larger cases is too deep to check."})


def _clean_case(case: Case, acting_user: User) -> None:
    if case.start_date and case.end_date and case.end_date < case.start_date:
        raise ValidationError({"end_date": "The end date must be the same as or after the start date."})
    _check_links(case.links, "links")
    _check_links(case.evaluation_links, "evaluation_links")
    if case.facilitated is False and case.facilitator_training:
        raise ValidationError({
            "facilitator_training": "Leave the facilitators' training empty for a case without facilitators."
        })
    _check_component_of(case, acting_user)


def _grade(case: Case) -> None:
    grade = case_completeness(case)
    if grade != case.completeness:
        case.completeness = grade
        Case.objects.filter(pk=case.pk).update(completeness=grade)


def _with_proposed_place(data: dict[str, Any], acting_user: User) -> dict[str, Any]:
    """``data["new_place_name"]`` and ``["new_place_country"]`` (the form's "Propose a new
    place", when no place was chosen) become ``data["place"]``: the place of that name in that
    country, or a new one waiting for staff's check (places.services.propose_place)."""
    name = (data.get("new_place_name") or "").strip()
    if not name or data.get("place"):
        return data
    place = place_services.propose_place(
        acting_user=acting_user, name=name, country=data.get("new_place_country") or ""
    )
    return {**data, "place": place}


def create_case(*, acting_user: User, data: dict[str, Any], rendered: RenderedBody | None = None) -> Case:
    """A new case, a draft unless ``data["publish"]`` is true. ``data`` holds model field
    values (instances for foreign keys, iterables for many-to-many). The body is rendered
    before the transaction opens (or given as ``rendered``, by a caller that renders it before
    its own transaction: the Django admin)."""
    rendered = rendered or render_body_ahead(data, acting_user=acting_user)
    with transaction.atomic():
        data = _with_proposed_place(data, acting_user)
        return create_entry(
            Case, acting_user=acting_user, data=data, fields=CASE_FIELDS, many=CASE_MANY,
            clean=lambda case: _clean_case(case, acting_user), after_save=_grade,
            text_limits=CASE_TEXT_LIMITS, rendered=rendered,
        )


def update_case(
    *, acting_user: User, case: Case, data: dict[str, Any], rendered: RenderedBody | None = None
) -> Case:
    rendered = rendered or render_body_ahead(data, entry=case, acting_user=acting_user)
    with transaction.atomic():
        data = _with_proposed_place(data, acting_user)
        return update_entry(
            case, acting_user=acting_user, data=data, fields=CASE_FIELDS, many=CASE_MANY,
            clean=lambda case: _clean_case(case, acting_user), after_save=_grade,
            text_limits=CASE_TEXT_LIMITS, rendered=rendered,
        )


@transaction.atomic
def publish_case(*, acting_user: User, case: Case) -> Case:
    return publish_entry(case, acting_user=acting_user)


@transaction.atomic
def unpublish_case(*, acting_user: User, case: Case, reason: str) -> Case:
    """A moderator takes the case down, saying why (see entries.unpublish_entry)."""
    return unpublish_entry(case, acting_user=acting_user, reason=reason)


@transaction.atomic
def lift_case_moderation(*, acting_user: User, case: Case) -> Case:
    """Lift a moderator's takedown and publish the case again (see entries.lift_entry_moderation)."""
    return lift_entry_moderation(case, acting_user=acting_user)


@transaction.atomic
def set_case_featured(*, acting_user: User, case: Case, featured: bool) -> Case:
    """Feature a case on the home page, or stop featuring it. Not an edit of the case: its
    updated_at stays, and only published cases are ever shown as featured. Staff only
    (PermissionDenied); a change is logged in the audit log ("feature" / "unfeature")."""
    if not permissions.can_feature_case(acting_user, case):
        raise PermissionDenied(_("Only staff can choose the featured cases."))
    # From the database under a row lock: an instance read earlier (or changed by a bound
    # form) must not make a real change look like none, nor log one twice.
    case.featured = Case.objects.select_for_update().filter(pk=case.pk).values_list("featured", flat=True).get()
    if case.featured == featured:
        return case
    case.featured = featured
    case.save(update_fields=["featured"])
    record(acting_user=acting_user, action=audit_actions.FEATURE if featured else audit_actions.UNFEATURE, target=case)
    reindex(case)
    return case
