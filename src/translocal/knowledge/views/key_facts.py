"""The key facts a case page opens with, above the story, as Participedia's case pages do:
where, when, how many took part, the methods, how it was decided and where it stands. A few
rows a reader scans before deciding to read on; the full structured description stays below
the story (facts.py).

Reads only what ``selectors.case_detail_queryset`` loaded (the place, the published methods,
the vocabulary prefetches): no queries. A fact the case does not record is left out, and a
case that records none of them has no box.
"""

from django.utils.formats import number_format
from django.utils.http import urlencode

from translocal.core.dates import DateMeaning, LabelledDate
from translocal.core.links import url_for

from ..models import Case
from .facts import Fact, Value, _, terms_of

#: At most this many terms in one row of the box; the full lists are in the facts below.
KEY_TERMS = 4


def _where(case: Case) -> list[Value]:
    place = case.place
    if place is None:
        return [Value(case.location_name)] if case.location_name else []
    where = [Value(place.name, place.get_absolute_url())]
    if place.country and place.country_name != place.name:
        country_url = f"{url_for('knowledge:case-list')}?{urlencode({'country': place.country})}"
        where.append(Value(place.country_name, country_url))
    return where


def _when(case: Case) -> list[Value]:
    dates = [LabelledDate.of(DateMeaning.STARTED, case.start_date), LabelledDate.of(DateMeaning.ENDED, case.end_date)]
    return [Value(date.__html__()) for date in dates if date is not None]


def _status(case: Case) -> list[Value]:
    """Whether the initiative still runs: Participedia's "ongoing", else an end date in the past."""
    if case.ongoing:
        return [Value(_("Ongoing"))]
    if case.ongoing is False or case.end_date is not None:
        return [Value(_("Ended"))]
    return []


def _participants(case: Case) -> list[Value]:
    if not case.number_of_participants:
        return []
    return [Value(number_format(case.number_of_participants, force_grouping=True))]


def _first(values: list[Value]) -> list[Value]:
    return values[:KEY_TERMS]


def _methods(case: Case) -> list[Value]:
    """The methods used (published ones, linked); else the general types of methods."""
    methods = [Value(m.title, m.get_absolute_url()) for m in case.methods.all()]
    return _first(methods or terms_of(case, "method_types"))


def _outcome(case: Case) -> list[Value]:
    """The kinds of change it brought, else whether there is evidence of impact."""
    changes = _first(terms_of(case, "change_types"))
    if changes:
        return changes
    if case.impact_evidence:
        return [Value(_("Evidence of impact: %(answer)s") % {"answer": case.get_impact_evidence_display()})]
    return []


def case_key_facts(case: Case) -> list[Fact]:
    """The rows of the key-facts box, in reading order; only those the case records."""
    rows = [
        (_("Where"), _where(case)),
        (_("When"), _when(case)),
        (_("Status"), _status(case)),
        (_("How many took part"), _participants(case)),
        (_("Methods"), _methods(case)),
        (_("How it was decided"), _first(terms_of(case, "decision_methods", "decision"))),
        (_("What changed"), _outcome(case)),
    ]
    return [Fact(label, values) for label, values in rows if values]
