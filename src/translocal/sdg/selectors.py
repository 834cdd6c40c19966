"""Reads of SDG localisation: the local report of a place or hub, an object's pending
suggestions, indicators."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.functional import Promise

from translocal.taxonomy.models import Term, Vocabulary
from translocal.taxonomy.selectors import terms_for

from . import registry
from .labels import GOAL_COLOURS, GOAL_LABELS, target_label, target_order
from .models import Indicator, IndicatorValue, LocalTarget, Suggestion, SuggestionStatus


def pending_suggestions(*, kind: str, object_id: int) -> list[Suggestion]:
    """The suggestions awaiting a decision for one object, goals first then targets, best
    first (one query)."""
    rows = list(
        Suggestion.objects.filter(kind=kind, object_id=object_id, status=SuggestionStatus.PENDING)
        .select_related("term")
        .order_by("-score", "pk")
    )
    return sorted(rows, key=lambda s: (s.term.parent_id is not None, -s.score))


def local_targets_of_hub(*, hub: Any) -> list[LocalTarget]:
    """A hub's local targets with their official target and values, oldest value first (three
    queries)."""
    return list(
        LocalTarget.objects.filter(hub=hub)
        .select_related("target")
        .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("date", "pk")))
        .order_by("code")
    )


def indicators_of_target(*, target: Term) -> QuerySet[Indicator]:
    return Indicator.objects.filter(target=target).order_by("position")


def goal_of(term: Term) -> int | None:
    """The goal number of a goal or target term ("11" or "11.3" -> 11)."""
    head = term.slug.split(".")[0]
    return int(head) if head.isdigit() and 1 <= int(head) <= 17 else None


@dataclass
class ReportEntry:
    kind: str
    title: str
    url: str
    targets: list[str]
    #: What the source adds under the title (a result's progress, a commitment's follow-ups).
    note: str = ""


@dataclass
class Trend:
    """Values of one indicator or local target, oldest first, with an SVG polyline's points
    (``points``, in a 120 x 40 box) when there are two or more."""

    code: str
    title: str
    description: str
    values: list[IndicatorValue]
    points: str = ""

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def first(self) -> IndicatorValue | None:
        return self.values[0] if self.values else None


def _points(values: list[IndicatorValue]) -> str:
    if len(values) < 2:
        return ""
    numbers = [float(v.value) for v in values]
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = 116 / (len(numbers) - 1)
    return " ".join(f"{2 + i * step:.1f},{38 - (n - low) / span * 36:.1f}" for i, n in enumerate(numbers))


@dataclass
class GoalSection:
    number: int
    label: str
    concise: str | Promise
    colour: str
    kinds: list[tuple[str, str | Promise, list[ReportEntry]]] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(entries) for _kind, _label, entries in self.kinds)


@dataclass
class LocalReport:
    """Goal by goal (only goals with something to show), with totals per kind."""

    goals: list[GoalSection]
    totals: list[tuple[str | Promise, int]]
    local_target_count: int

    @property
    def empty(self) -> bool:
        return not self.goals


def local_report(*, place: Any = None, hub: Any = None) -> LocalReport:
    """The voluntary-local-review style report of a place (its cases, reflections and its
    hubs' entries, its hubs' local targets, indicator values recorded for the place or its
    hubs) or of a hub, and what the pillars registered (registry.py: co-production's processes
    and results, exchanges' commitments with their follow-ups). Public content only. Queries:
    the sources' (at most six for the knowledge commons, four for co-production, three for
    exchanges; fewer when a kind has nothing tagged) + goals (1) + local targets (1) + values
    (1), whatever the number of items."""
    if (place is None) == (hub is None):
        raise ValueError("Give a place or a hub.")
    goals = {
        goal_of(term): term for term in terms_for(Vocabulary.SDG).filter(parent__isnull=True) if goal_of(term)
    }
    entries: dict[int, dict[str, list[ReportEntry]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[str, str | Promise] = {}
    totals: dict[str, int] = defaultdict(int)
    for source in registry.report_sources():
        for kind, objects in source.fetch(place=place, hub=hub).items():
            labels[kind] = source.labels.get(kind, kind)
            totals[kind] += len(objects)
            for obj in objects:
                by_goal: dict[int, list[str]] = defaultdict(list)
                for term in obj.sdgs.all():
                    number = goal_of(term)
                    if number is None:
                        continue
                    if term.parent_id is not None:
                        by_goal[number].append(term.slug)
                    else:
                        by_goal.setdefault(number, [])
                for number, targets in by_goal.items():
                    entries[number][kind].append(
                        ReportEntry(kind=kind, title=obj.title, url=obj.get_absolute_url(), targets=targets,
                                    note=getattr(obj, "sdg_report_note", ""))
                    )

    local_scope = Q(hub=hub) if hub is not None else Q(hub__place=place)
    local_targets = list(LocalTarget.objects.filter(local_scope).select_related("target").order_by("code"))
    value_scope = (
        Q(local_target__in=local_targets)
        | Q(indicator__isnull=False, hub=hub) if hub is not None
        else Q(local_target__in=local_targets) | Q(indicator__isnull=False) & (Q(place=place) | Q(hub__place=place))
    )
    values_by: dict[tuple[str, int], list[IndicatorValue]] = defaultdict(list)
    indicators: dict[int, Indicator] = {}
    for value in IndicatorValue.objects.filter(value_scope).select_related("indicator__target").order_by("date", "pk"):
        if value.local_target_id:
            values_by[("local", value.local_target_id)].append(value)
        elif value.indicator is not None:
            indicators[value.indicator.pk] = value.indicator
            values_by[("indicator", value.indicator.pk)].append(value)

    trends: dict[int, list[Trend]] = defaultdict(list)
    for local in local_targets:
        number = goal_of(local.target)
        values = values_by.get(("local", local.pk), [])
        if number:
            trends[number].append(
                Trend(code=local.code, title=local.title, description=local.description, values=values,
                      points=_points(values))
            )
    for indicator in sorted(indicators.values(), key=lambda i: i.position):
        number = goal_of(indicator.target)
        values = values_by[("indicator", indicator.pk)]
        if number:
            trends[number].append(
                Trend(code=indicator.code, title=indicator.title(), description="", values=values,
                      points=_points(values))
            )

    sections = []
    for number in range(1, 18):
        if not entries.get(number) and not trends.get(number):
            continue
        term = goals.get(number)
        section = GoalSection(
            number=number,
            label=term.display_label if term else str(number),
            concise=GOAL_LABELS[number],
            colour=GOAL_COLOURS[number],
            trends=trends.get(number, []),
        )
        for kind, label in labels.items():
            if entries[number].get(kind):
                section.kinds.append((kind, label, entries[number][kind]))
        sections.append(section)
    return LocalReport(
        goals=sections,
        totals=[(labels[kind], totals[kind]) for kind in labels],
        local_target_count=len(local_targets),
    )


@dataclass
class GoalOverview:
    """A goal on the goals page: our concise label, the official title and description in the
    reader's language, and how many targets it has."""

    number: int
    term: Term
    concise: str | Promise
    colour: str
    target_count: int


def goals_overview() -> list[GoalOverview]:
    """The 17 goals in order, with their target counts (one query)."""
    rows = terms_for(Vocabulary.SDG).filter(parent__isnull=True).annotate(target_count=Count("children"))
    goals = []
    for term in rows:
        number = goal_of(term)
        if number is not None and term.slug.isdigit():
            goals.append(
                GoalOverview(number=number, term=term, concise=GOAL_LABELS[number], colour=GOAL_COLOURS[number],
                             target_count=term.target_count)
            )
    return sorted(goals, key=lambda g: g.number)


@dataclass
class IndicatorRow:
    indicator: Indicator
    title: str
    values: list[IndicatorValue]


@dataclass
class TargetRow:
    term: Term
    concise: str
    indicators: list[IndicatorRow] = field(default_factory=list)
    local_targets: list[LocalTarget] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The target's fragment on its goal's page ("target-11-3")."""
        return "target-" + self.term.slug.replace(".", "-")




@dataclass
class GoalPage:
    goal: GoalOverview
    targets: list[TargetRow]


def goal_page(*, number: int, language: str) -> GoalPage | None:
    """One goal with its targets, each with its official indicators (titles in ``language``),
    the values recorded for them (any hub or place), and the local targets hubs set under it
    with their values. None for a goal that is not imported. Five queries: the goal, its
    targets, their indicators, the local targets (with their hubs), the values."""
    goal_term = (
        terms_for(Vocabulary.SDG).filter(parent__isnull=True, slug=str(number))
        .annotate(target_count=Count("children")).first()
    )
    if goal_term is None or not 1 <= number <= 17:
        return None
    overview = GoalOverview(number=number, term=goal_term, concise=GOAL_LABELS[number],
                            colour=GOAL_COLOURS[number], target_count=goal_term.target_count)
    targets = sorted(Term.objects.filter(parent=goal_term), key=lambda t: target_order(t.slug))
    rows = {t.pk: TargetRow(term=t, concise=target_label(t.slug)) for t in targets}
    indicators = list(Indicator.objects.filter(target__in=targets).order_by("position", "code"))
    locals_ = list(
        LocalTarget.objects.filter(target__in=targets).select_related("hub").order_by("hub__name", "code")
    )
    values: dict[tuple[str, int], list[IndicatorValue]] = defaultdict(list)
    if indicators or locals_:
        for value in (
            IndicatorValue.objects.filter(Q(indicator__in=indicators) | Q(local_target__in=locals_))
            .select_related("hub", "place").order_by("date", "pk")
        ):
            key = ("local", value.local_target_id) if value.local_target_id else ("indicator", value.indicator_id)
            values[key].append(value)  # type: ignore[index]
    for indicator in indicators:
        rows[indicator.target_id].indicators.append(
            IndicatorRow(indicator=indicator, title=indicator.title(language),
                         values=values.get(("indicator", indicator.pk), []))
        )
    for local in locals_:
        local.recorded = values.get(("local", local.pk), [])  # type: ignore[attr-defined]
        rows[local.target_id].local_targets.append(local)
    return GoalPage(goal=overview, targets=list(rows.values()))
