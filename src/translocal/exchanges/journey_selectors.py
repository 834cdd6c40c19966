"""Reads of learning journeys, each shaped for one page with a fixed number of queries."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from translocal.knowledge import selectors as knowledge_selectors

from .models import Commitment, FollowUp, Lesson, Outcome, Registration, Session, Substantiation


@dataclass
class Journey:
    registration: Registration
    lessons: list[Lesson]
    commitments: list[Commitment]
    outcomes: list[Outcome]


def lessons_with_sources() -> QuerySet[Lesson]:
    return Lesson.objects.select_related("session", "case", "method", "place", "harvested_case")


def commitments_with_follow_ups() -> QuerySet[Commitment]:
    return Commitment.objects.select_related("lesson", "hub", "organisation").prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.order_by("written_on", "id"))
    )


def outcomes_with_substantiations() -> QuerySet[Outcome]:
    return Outcome.objects.select_related("commitment").prefetch_related(
        Prefetch("substantiations", queryset=Substantiation.objects.order_by("requested_at", "id"))
    )


def journey_of(*, registration: Registration) -> Journey:
    """Everything of one delegate's journey, for its owner and the organisers (private items
    included). Five queries: lessons, commitments, their follow-ups, outcomes, their
    substantiations."""
    return Journey(
        registration=registration,
        lessons=list(lessons_with_sources().filter(registration=registration).order_by("created_at", "id")),
        commitments=list(commitments_with_follow_ups().filter(registration=registration).order_by("due_on", "id")),
        outcomes=list(outcomes_with_substantiations().filter(registration=registration).order_by("observed_on", "id")),
    )


def lesson_sources(*, registration: Registration) -> tuple[list[Any], list[Any]]:
    """The published cases and methods a lesson of this exchange may cite: those linked to its
    sessions, and the cases of its host place. Three queries."""
    exchange = registration.exchange
    links = Session.cases.through.objects.filter(session__exchange_id=exchange.pk).values_list("case_id", flat=True)
    method_links = Session.methods.through.objects.filter(session__exchange_id=exchange.pk).values_list(
        "method_id", flat=True
    )
    cases = knowledge_selectors.published_entries_for_choice(kind="case", ids=links, place=exchange.place)
    methods = knowledge_selectors.published_entries_for_choice(kind="method")
    if method_links.exists():
        linked = set(method_links)
        methods.sort(key=lambda m: (m.pk not in linked, m.title))
    return cases, methods


def lesson_of(*, registration: Registration, lesson_id: int) -> Lesson | None:
    return lessons_with_sources().filter(registration=registration, pk=lesson_id).first()


def commitment_of(*, registration: Registration, commitment_id: int) -> Commitment | None:
    return Commitment.objects.filter(registration=registration, pk=commitment_id).first()


def outcome_of(*, registration: Registration, outcome_id: int) -> Outcome | None:
    return Outcome.objects.filter(registration=registration, pk=outcome_id).first()


def commitment_for_link(*, commitment_id: int, user_id: int) -> Commitment | None:
    """The commitment a signed follow-up link names, if it still belongs to that person."""
    return (
        Commitment.objects.select_related("registration", "registration__user", "exchange")
        .filter(pk=commitment_id, registration__user_id=user_id)
        .first()
    )


def substantiation_for_link(*, substantiation_id: int, email: str) -> Substantiation | None:
    return (
        Substantiation.objects.select_related("outcome", "outcome__exchange", "outcome__registration__user")
        .filter(pk=substantiation_id, verifier_email=email)
        .first()
    )


def follow_up_with_document(*, follow_up_id: int) -> FollowUp | None:
    return (
        FollowUp.objects.select_related("commitment", "commitment__registration", "commitment__exchange")
        .exclude(evidence_document="")
        .filter(pk=follow_up_id)
        .first()
    )
