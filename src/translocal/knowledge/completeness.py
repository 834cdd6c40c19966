"""How complete a case's structured description is (stub / partial / complete).

Shared by the knowledge services (web edits) and the Participedia importer, so an imported
case and a hand-written one are graded by the same rule.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, OuterRef

from .models import Case, Completeness

#: Single-valued structured fields; "filled" means not empty/None.
SCALAR_FIELDS: tuple[str, ...] = (
    "place_id",
    "start_date",
    "end_date",
    "number_of_participants",
    "open_limited",
    "mode",
    "facilitated",
    "impact_evidence",
    "formal_evaluation",
    "public_spectrum_id",
    "recruitment_method_id",
    "time_limited",
    "legality",
    "facilitator_training",
    "staff",
    "volunteers",
)
#: Many-valued structured fields; "filled" means at least one value.
MANY_FIELDS: tuple[str, ...] = (
    "general_issues",
    "specific_topics",
    "scope_of_influence",
    "purposes",
    "approaches",
    "targeted_participants",
    "method_types",
    "methods",
    "tools_techniques_types",
    "learning_resources",
    "decision_methods",
    "interactions",
    "outcomes",
    "change_types",
    "implementers",
    "organizer_types",
)
STRUCTURED_FIELDS: tuple[str, ...] = SCALAR_FIELDS + MANY_FIELDS
# Not graded among the newer fields: the address (the place already counts), evaluation links
# (they follow a formal evaluation, which counts) and "part of a larger case" (most cases stand
# alone, and that is not a gap in their description).

#: Filled structured fields needed (with a body text) to count as complete. Participedia's own
#: best-documented cases fill about ten of these; asking for more would grade none complete.
COMPLETE_AT = 10
#: Fewer filled fields than this (or no text at all) is a stub.
STUB_BELOW = 4


def _filled(value: Any) -> bool:
    if value is None or value == "" or (value == 0 and not isinstance(value, bool)):
        return False
    if isinstance(value, list | tuple | set | frozenset | Mapping):
        return len(value) > 0
    return True


def completeness_from_values(values: Mapping[str, Any], *, has_text: bool) -> str:
    """Grade from a mapping of structured field name -> value, list of values or count.

    Keys may use either "place" or "place_id" style; missing keys count as empty. This is
    the entry point for importers that know their values before the case is saved.
    """
    filled = 0
    for name in STRUCTURED_FIELDS:
        value = values.get(name, values.get(name.removesuffix("_id")))
        if _filled(value):
            filled += 1
    if not has_text or filled < STUB_BELOW:
        return Completeness.STUB
    if filled >= COMPLETE_AT:
        return Completeness.COMPLETE
    return Completeness.PARTIAL


def case_completeness(case: Case) -> str:
    """Grade a saved case, reading its many-to-many fields in one query (or from a prefetch)."""
    values = _case_values(case)
    has_text = bool((case.body or "").strip() or (case.summary or "").strip())
    return completeness_from_values(values, has_text=has_text)


def case_missing_fields(case: Case) -> list[str]:
    """The structured fields the case leaves empty (names as in STRUCTURED_FIELDS, without
    "_id"), in the grading order: what a contributor could add to make it more complete."""
    values = _case_values(case)
    return [name.removesuffix("_id") for name in STRUCTURED_FIELDS if not _filled(values.get(name))]


def _case_values(case: Case) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(case, name) for name in SCALAR_FIELDS}
    prefetched = getattr(case, "_prefetched_objects_cache", {})
    missing = [name for name in MANY_FIELDS if name not in prefetched]
    for name in MANY_FIELDS:
        if name in prefetched:
            values[name] = len(prefetched[name])
    if missing:
        annotations = {}
        for name in missing:
            through = getattr(Case, name).through
            annotations[f"has_{name}"] = Exists(through.objects.filter(case_id=OuterRef("pk")))
        row = Case.objects.filter(pk=case.pk).annotate(**annotations).values(*annotations).first() or {}
        for name in missing:
            values[name] = 1 if row.get(f"has_{name}") else 0
    return values
