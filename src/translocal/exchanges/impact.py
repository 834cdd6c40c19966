"""Impact of exchanges: the chain session → lesson → commitment → follow-ups → outcome, and a
summary at the four levels of Kirkpatrick's model of training evaluation (Kirkpatrick &
Kirkpatrick, *Evaluating Training Programs*, 3rd ed., 2006):

1. **reaction**: the delegates' post-visit rating, 1 to 5 (mean and how many rated);
2. **learning**: lessons recorded, and how many the delegate marked as answering a learning
   goal they set before the exchange (of the delegates who set goals);
3. **behaviour**: commitments done, of those made (open ones past their date are overdue);
4. **results**: outcomes substantiated (a verifier confirmed them fully or partly), of those
   recorded (outcome harvesting's substantiation step, Wilson-Grau 2018).

Every item counted is one the viewer may see (``permissions.shared_journey_items_q``): never
a private one, so no figure can reveal it. The ratings are counted over accepted registrations
(a mean of at least ``MIN_RATINGS`` ratings; fewer are not shown, so no one's rating can be
read off the figure). A fixed number of queries per view, whatever the number of delegates.

A **funder copy** (the report as HTML or PDF) holds less than the page the same person sees:
the public items, plus the participants' items of the exchanges they organise
(``permissions.funder_copy_items_q``), and figures counted over exactly those items.
"""

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from translocal.accounts.types import AnyUser

from . import lineage
from .exports import Echo, csv_cell
from .models import (
    CLOSED_STATUSES,
    Commitment,
    CommitmentStatus,
    Exchange,
    FollowUp,
    Lesson,
    Outcome,
    Registration,
    Session,
    Substantiation,
)
from .permissions import funder_copy_items_q, shared_journey_items_q

#: Fewer ratings than this are not summarised (one or two would show a person's own rating).
MIN_RATINGS = 3
#: What the figures link to: ``?show=`` keeps only the items behind one figure.
SHOW_CHOICES = ("goals", "done", "overdue", "substantiated")
SUBSTANTIATING = (Substantiation.Answer.CONFIRMS, Substantiation.Answer.PARTLY)


@dataclass
class Figures:
    ratings: int = 0
    rating_mean: float | None = None
    delegates: int = 0
    delegates_with_goals: int = 0
    lessons: int = 0
    lessons_answering_goals: int = 0
    commitments: int = 0
    commitments_done: int = 0
    commitments_overdue: int = 0
    outcomes: int = 0
    outcomes_substantiated: int = 0


@dataclass
class CommitmentChain:
    commitment: Commitment
    overdue: bool
    outcomes: list[Outcome] = field(default_factory=list)


@dataclass
class LessonChain:
    lesson: Lesson | None
    commitments: list[CommitmentChain] = field(default_factory=list)


@dataclass
class SessionChain:
    session: Session | None
    lessons: list[LessonChain] = field(default_factory=list)


@dataclass
class Impact:
    figures: Figures
    sessions: list[SessionChain]
    outcomes_without_commitment: list[Outcome]
    show: str = ""
    funder_copy: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.sessions or self.outcomes_without_commitment)


def _substantiated(outcome: Outcome) -> bool:
    return any(s.answer in SUBSTANTIATING for s in outcome.substantiations.all())


def _overdue(commitment: Commitment, today: dt.date) -> bool:
    return commitment.status not in CLOSED_STATUSES and commitment.due_on < today


def exchange_impact(
    *, exchange: Exchange, viewer: AnyUser, show: str = "", today: dt.date | None = None, funder_copy: bool = False
) -> Impact:
    """The impact of one exchange as ``viewer`` may see it. Six queries: lessons,
    commitments, their follow-ups, outcomes, their substantiations, and one aggregate of the
    accepted registrations (ratings, delegates with goals). ``show`` (one of SHOW_CHOICES)
    keeps only the items behind that figure; the figures stay whole. ``funder_copy``: only what
    a report for a funder may hold (``permissions.funder_copy_items_q``)."""
    return _impact(
        Q(exchange_id=exchange.pk), Q(exchange_id=exchange.pk), viewer=viewer, show=show, today=today,
        funder_copy=funder_copy,
    )


def hub_impact(
    *, hub_id: int, viewer: AnyUser, show: str = "", today: dt.date | None = None, funder_copy: bool = False
) -> Impact:
    """The same over every exchange hosted by a hub (seven queries)."""
    return _impact(
        Q(exchange__hub_id=hub_id), Q(exchange__hub_id=hub_id), viewer=viewer, show=show, today=today,
        funder_copy=funder_copy,
    )


def place_impact(
    *, place_id: int, viewer: AnyUser, show: str = "", today: dt.date | None = None, funder_copy: bool = False
) -> Impact:
    """The same over every exchange hosted in a place (seven queries)."""
    return _impact(
        Q(exchange__place_id=place_id), Q(exchange__place_id=place_id), viewer=viewer, show=show, today=today,
        funder_copy=funder_copy,
    )


def person_impact(
    *, user_id: int, viewer: AnyUser, show: str = "", today: dt.date | None = None, funder_copy: bool = False
) -> Impact:
    """One person's journeys across the exchanges they took part in (seven queries)."""
    return _impact(
        Q(registration__user_id=user_id), Q(user_id=user_id), viewer=viewer, show=show, today=today,
        funder_copy=funder_copy,
    )


def _journey_items(model: type, scope: Q, shared: Q) -> QuerySet:
    return model.objects.filter(scope).filter(shared)  # type: ignore[attr-defined]


def _impact(
    scope: Q, registration_scope: Q, *, viewer: AnyUser, show: str, today: dt.date | None, funder_copy: bool = False
) -> Impact:
    today = today or timezone.localdate()
    show = show if show in SHOW_CHOICES else ""
    shared = funder_copy_items_q(viewer) if funder_copy else shared_journey_items_q(viewer)
    lessons = list(
        _journey_items(Lesson, scope, shared)
        .select_related("session", "case", "method", "place", "registration__user", "exchange")
        .order_by("session__starts_at", "session_id", "created_at", "id")
    )
    commitments = list(
        _journey_items(Commitment, scope, shared)
        .select_related("registration__user", "hub", "organisation", "exchange")
        .prefetch_related(Prefetch("follow_ups", queryset=FollowUp.objects.order_by("written_on", "id")))
        .order_by("due_on", "id")
    )
    lineage.became(commitments, viewer, confirmed_only=funder_copy)
    outcomes = list(
        _journey_items(Outcome, scope, shared)
        .select_related("registration__user", "exchange")
        .prefetch_related(Prefetch("substantiations", queryset=Substantiation.objects.order_by("requested_at", "id")))
        .order_by("observed_on", "id")
    )
    accepted = Registration.objects.filter(registration_scope, status=Registration.Status.ACCEPTED)
    ratings = accepted.aggregate(
        count=Count("post_visit_rating"),
        mean=Avg("post_visit_rating"),
        delegates=Count("id"),
        with_goals=Count("id", filter=~Q(learning_goals="")),
    )
    figures = Figures(
        ratings=ratings["count"] or 0,
        rating_mean=round(ratings["mean"], 1)
        if ratings["mean"] is not None and ratings["count"] >= MIN_RATINGS
        else None,
        delegates=ratings["delegates"] or 0,
        delegates_with_goals=ratings["with_goals"] or 0,
        lessons=len(lessons),
        lessons_answering_goals=sum(1 for lesson in lessons if lesson.answers_goal),
        commitments=len(commitments),
        commitments_done=sum(1 for c in commitments if c.status == CommitmentStatus.DONE),
        commitments_overdue=sum(1 for c in commitments if _overdue(c, today)),
        outcomes=len(outcomes),
        outcomes_substantiated=sum(1 for o in outcomes if _substantiated(o)),
    )
    return Impact(
        figures=figures,
        show=show,
        funder_copy=funder_copy,
        **_chains(lessons, commitments, outcomes, show=show, today=today),
    )


def _chains(
    lessons: list[Lesson], commitments: list[Commitment], outcomes: list[Outcome], *, show: str, today: dt.date
) -> dict:
    """The items arranged as session → lesson → commitment → outcomes, filtered by ``show``.
    A commitment whose lesson the viewer may not see hangs under no lesson; an outcome whose
    commitment they may not see (or without one) is listed on its own."""
    lesson_ids = {lesson.pk for lesson in lessons}
    commitment_ids = {commitment.pk for commitment in commitments}
    outcomes_of: dict[int | None, list[Outcome]] = {}
    for outcome in outcomes:
        if show == "" or (show == "substantiated" and _substantiated(outcome)):
            key = outcome.commitment_id if outcome.commitment_id in commitment_ids else None
            outcomes_of.setdefault(key, []).append(outcome)
    commitments_of: dict[int | None, list[CommitmentChain]] = {}
    for commitment in commitments:
        overdue = _overdue(commitment, today)
        chain = CommitmentChain(commitment=commitment, overdue=overdue, outcomes=outcomes_of.get(commitment.pk, []))
        keep = {
            "": True,
            "goals": False,
            "done": commitment.status == CommitmentStatus.DONE,
            "overdue": overdue,
            "substantiated": bool(chain.outcomes),
        }[show]
        if keep:
            lesson_id = commitment.lesson_id if commitment.lesson_id in lesson_ids else None
            commitments_of.setdefault(lesson_id, []).append(chain)
    sessions: dict[int | None, SessionChain] = {}
    for lesson in lessons:
        chains = commitments_of.pop(lesson.pk, [])
        keep = {"": True, "goals": lesson.answers_goal}.get(show, bool(chains))
        if keep:
            group = sessions.setdefault(lesson.session_id, SessionChain(session=lesson.session))
            group.lessons.append(LessonChain(lesson=lesson, commitments=chains))
    loose = [chain for group in commitments_of.values() for chain in group]
    ordered = [group for key, group in sessions.items() if key is not None]
    ordered.sort(key=lambda g: (g.session.starts_at, g.session.pk) if g.session else (timezone.now(), 0))
    if None in sessions or loose:
        rest = sessions.get(None) or SessionChain(session=None)
        if loose:
            rest.lessons.append(LessonChain(lesson=None, commitments=loose))
        ordered.append(rest)
    return {"sessions": ordered, "outcomes_without_commitment": outcomes_of.get(None, [])}


def impact_csv(impact: Impact) -> Iterator[str]:
    """The chain as CSV rows (formula-safe): one row per commitment (with its lesson and
    session) and outcome; lessons without commitments and outcomes without a commitment get a
    row of their own."""
    writer = csv.writer(Echo())
    yield "\ufeff"
    yield writer.writerow(
        [
            _("Exchange"),
            _("Delegate"),
            _("Session"),
            _("Lesson"),
            _("Answers a learning goal"),
            _("Commitment"),
            _("Due"),
            _("Status"),
            _("Overdue"),
            _("Latest follow-up"),
            _("Outcome"),
            _("What changed"),
            _("Who changed"),
            _("Substantiation"),
        ]
    )

    def outcome_cells(outcome: Outcome | None) -> list[object]:
        if outcome is None:
            return ["", "", "", ""]
        answers = "; ".join(
            f"{s.verifier_name}: {s.get_answer_display() if s.answer else _('no answer yet')}"
            for s in outcome.substantiations.all()
        )
        return [outcome.description, outcome.get_kind_display(), outcome.who_changed, answers]

    for group in impact.sessions:
        for lesson_chain in group.lessons:
            lesson = lesson_chain.lesson
            lesson_cells: list[object] = [
                group.session.title if group.session else "",
                lesson.title if lesson else "",
                (_("yes") if lesson.answers_goal else _("no")) if lesson else "",
            ]
            if not lesson_chain.commitments and lesson is not None:
                row = [lesson.exchange.title, lesson.registration.display_name, *lesson_cells, *[""] * 5]
                yield writer.writerow([csv_cell(v) for v in [*row, *outcome_cells(None)]])
            for chain in lesson_chain.commitments:
                commitment = chain.commitment
                follow_ups = list(commitment.follow_ups.all())
                row = [
                    commitment.exchange.title,
                    commitment.registration.display_name,
                    *lesson_cells,
                    commitment.title,
                    commitment.due_on.isoformat(),
                    commitment.get_status_display(),
                    _("yes") if chain.overdue else _("no"),
                    follow_ups[-1].note if follow_ups else "",
                ]
                shown: list[Outcome | None] = list(chain.outcomes) or [None]
                for outcome in shown:
                    yield writer.writerow([csv_cell(v) for v in [*row, *outcome_cells(outcome)]])
    for outcome in impact.outcomes_without_commitment:
        row = [outcome.exchange.title, outcome.registration.display_name, *[""] * 8]
        yield writer.writerow([csv_cell(v) for v in [*row, *outcome_cells(outcome)]])
