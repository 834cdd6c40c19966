"""The structured facts of a case or method as labelled rows, grouped like Participedia's
pages, so the template stays a loop. Reads only prefetched data: no queries."""

from dataclasses import dataclass, field
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import date_format, number_format
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext

from translocal.core.links import url_for

from ..models import Case, Method, Status

#: The labels' translations, by (language, message): a case's facts name some 70 labels.
_TRANSLATED: dict[tuple[str | None, str], str] = {}


def _(message: str) -> str:
    """``gettext(message)``, kept per language (about a third of a case's facts was gettext's
    lookups through the active translation, for the same few dozen labels on every page)."""
    key = (get_language(), message)
    try:
        return _TRANSLATED[key]
    except KeyError:
        translated = _TRANSLATED[key] = gettext(message)
        return translated


@receiver(setting_changed)
def _forget_translations(*, setting: str, **kwargs: Any) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:  # what resets Django's catalogues
        _TRANSLATED.clear()


@dataclass
class Value:
    text: str
    url: str = ""
    #: The language of ``text`` when it is content (an organiser's name), not the interface's.
    lang: str = ""


@dataclass
class Fact:
    label: str
    values: list[Value] = field(default_factory=list)


@dataclass
class FactGroup:
    heading: str
    facts: list[Fact]


def terms_of(entry: Any, name: str, facet: str = "") -> list[Value]:
    """The terms of ``entry``'s many-to-many field ``name`` as shown facts, each linked to the
    case list filtered by it when ``facet`` names the list's parameter."""
    # The prefetched terms as they are: ``getattr(entry, name)`` builds a related manager.
    terms = getattr(entry, "_prefetched_objects_cache", {}).get(name)
    if terms is None:
        terms = getattr(entry, name).all()
    if not terms:
        return []
    base = url_for("knowledge:case-list") if facet else ""
    return [Value(term.display_label, f"{base}?{urlencode({facet: term.slug})}" if facet else "") for term in terms]


def _one(value: Any, text: str | None = None) -> list[Value]:
    if value in (None, ""):
        return []
    return [Value(text if text is not None else str(value))]


def _yes_no(value: bool | None) -> list[Value]:
    return [] if value is None else [Value(_("Yes") if value else _("No"))]


def _choice(entry: Any, name: str) -> list[Value]:
    """The label of a choice field, or nothing when it is empty."""
    return _one(getattr(entry, f"get_{name}_display")() if getattr(entry, name) else "")


def _links(links: Any) -> list[Value]:
    return [
        Value(link.get("title") or link["url"], link["url"])
        for link in links or []
        if isinstance(link, dict) and link.get("url")
    ]


def _cases(cases: Any) -> list[Value]:
    return [Value(c.title, c.get_absolute_url()) for c in cases]


def _larger_case(case: Case) -> list[Value]:
    """The case this one is part of, when the public may see it (the page body is cached for
    everyone, so a draft or unpublished parent is never named)."""
    parent = case.is_component_of if case.is_component_of_id else None
    return _cases([parent]) if parent is not None and parent.status == Status.PUBLISHED else []


def _components(case: Case) -> list[Value]:
    components = getattr(case, "published_components", None)
    if components is None:
        components = case.components.filter(status=Status.PUBLISHED).order_by("title")
    return _cases(components)


def _group(heading: str, rows: list[tuple[str, list[Value]]]) -> FactGroup | None:
    facts = [Fact(label, values) for label, values in rows if values]
    return FactGroup(heading, facts) if facts else None


def case_fact_groups(case: Case) -> list[FactGroup]:
    place: list[Value] = []
    if (where := case.place) is not None:
        place = [Value(where.name, where.get_absolute_url())]
        if where.country:
            url = f"{url_for('knowledge:case-list')}?{urlencode({'country': where.country})}"
            place.append(Value(where.country_name, url))
    dates = [
        (
            _("Start date"),
            _one(case.start_date, date_format(case.start_date) if case.start_date else ""),
        ),
        (_("End date"), _one(case.end_date, date_format(case.end_date) if case.end_date else "")),
        (_("Ongoing"), _yes_no(case.ongoing)),
        (_("Held once or repeated"), _choice(case, "time_limited")),
        (_("Place"), place),
        (_("Location"), _one(case.location_name)),
        (_("Address"), _one(case.address)),
    ]
    groups = [
        _group(
            _("Larger initiative and components"),
            [(_("Part of"), _larger_case(case)), (_("Has components"), _components(case))],
        ),
        _group(
            _("Issues and topics"),
            [
                (_("General issues"), terms_of(case, "general_issues", "issue")),
                (_("Specific topics"), terms_of(case, "specific_topics")),
                (_("Themes"), terms_of(case, "themes")),
                (_("Sustainable Development Goals"), terms_of(case, "sdgs")),
            ],
        ),
        _group(
            _("Purpose and approach"),
            [
                (_("Scope of influence"), terms_of(case, "scope_of_influence", "scope")),
                (_("Purposes"), terms_of(case, "purposes")),
                (_("Approaches"), terms_of(case, "approaches")),
                (_("Public participation spectrum"), _one(case.public_spectrum)),
            ],
        ),
        _group(
            _("Participants"),
            [
                (
                    _("Number of participants"),
                    _one(
                        case.number_of_participants,
                        (
                            number_format(case.number_of_participants, force_grouping=True)
                            if case.number_of_participants
                            else None
                        ),
                    ),
                ),
                (
                    _("Open to all or limited"),
                    _one(case.get_open_limited_display() if case.open_limited else ""),
                ),
                (_("Recruitment of participants"), _one(case.recruitment_method)),
                (_("Targeted participants"), terms_of(case, "targeted_participants")),
            ],
        ),
        _group(
            _("Process and methods"),
            [
                (_("General types of methods"), terms_of(case, "method_types")),
                (_("Methods used"), [Value(m.title, m.get_absolute_url()) for m in case.methods.all()]),
                (_("General types of tools and techniques"), terms_of(case, "tools_techniques_types")),
                (_("Legal"), _choice(case, "legality")),
                (_("Facilitated"), _yes_no(case.facilitated)),
                (_("Facilitator training"), _choice(case, "facilitator_training")),
                (_("Face to face, online or both"), _one(case.get_mode_display() if case.mode else "")),
                (_("Participant interactions"), terms_of(case, "interactions")),
                (_("Learning resources"), terms_of(case, "learning_resources")),
                (_("Decision methods"), terms_of(case, "decision_methods", "decision")),
                (_("If voting, how"), terms_of(case, "voting_methods")),
            ],
        ),
        _group(
            _("Organisers and funding"),
            [
                (
                    _("Primary organisers"),
                    [
                        Value(o.display_name, o.get_absolute_url(), o.display_language)
                        for o in case.organisations.all()
                    ],
                ),
                (_("Types of organiser"), terms_of(case, "organizer_types")),
                (_("Funder"), _one(case.funder)),
                (_("Types of funder"), terms_of(case, "funder_types")),
                (_("Paid staff"), _yes_no(case.staff)),
                (_("Volunteers"), _yes_no(case.volunteers)),
            ],
        ),
        _group(
            _("Outcomes and impact"),
            [
                (_("Insights and outcomes"), terms_of(case, "outcomes")),
                (_("Types of change"), terms_of(case, "change_types")),
                (_("Implementers of change"), terms_of(case, "implementers")),
                (
                    _("Evidence of impact"),
                    _one(case.get_impact_evidence_display() if case.impact_evidence else ""),
                ),
                (_("Impact"), _one(case.impact_description)),
                (
                    _("Formal evaluation"),
                    _one(case.get_formal_evaluation_display() if case.formal_evaluation else ""),
                ),
                (_("Evaluation reports"), _links(case.evaluation_links)),
            ],
        ),
        _group(_("Dates and place"), dates),
        _group(_("Links"), [(_("Links"), _links(case.links))]),
    ]
    return [g for g in groups if g is not None]


def method_fact_groups(method: Method) -> list[FactGroup]:
    groups = [
        _group(
            _("Purpose and approach"),
            [
                (_("Type of method"), terms_of(method, "method_types")),
                (_("Purposes"), terms_of(method, "purposes")),
                (_("Scope of influence"), terms_of(method, "scope_of_influence")),
                (_("Public participation spectrum"), _one(method.public_spectrum)),
                (_("Themes"), terms_of(method, "themes")),
                (_("Sustainable Development Goals"), terms_of(method, "sdgs")),
            ],
        ),
        _group(
            _("Participants"),
            [
                (_("Number of participants"), terms_of(method, "participant_numbers")),
                (
                    _("Open to all or limited"),
                    _one(method.get_open_limited_display() if method.open_limited else ""),
                ),
                (_("Recruitment of participants"), _one(method.recruitment_method)),
            ],
        ),
        _group(
            _("Process"),
            [
                (_("Participant interactions"), terms_of(method, "interactions")),
                (_("Face to face, online or both"), _one(method.get_mode_display() if method.mode else "")),
                (_("Facilitated"), _yes_no(method.facilitated)),
                (_("Decision methods"), terms_of(method, "decision_methods")),
                (_("If voting, how"), terms_of(method, "voting_methods")),
            ],
        ),
        _group(
            _("Suited to"),
            [
                (
                    _("Level of polarisation"),
                    _one(method.get_level_polarization_display() if method.level_polarization else ""),
                ),
                (
                    _("Level of complexity"),
                    _one(method.get_level_complexity_display() if method.level_complexity else ""),
                ),
            ],
        ),
    ]
    return [g for g in groups if g is not None]
