"""Reads of polls, each with a fixed number of queries whatever the number of ballots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from translocal.accounts.types import AnyUser

from ..models import Ballot, Poll, PollOption, PollParticipation, Process
from ..translations.translatable import joined_in_reader_language, listed_in_reader_language
from . import counting


def _options() -> Prefetch:
    return Prefetch("options", queryset=PollOption.objects.order_by("position"))


def polls_in_process(*, process: Process) -> list[Poll]:
    """The process's polls, newest first (one query); their ``process`` is the instance given
    (its phases stay loaded)."""
    polls = list(listed_in_reader_language(Poll.objects.filter(process=process), ("question",)))
    for poll in polls:
        poll.process = process
    return polls


def poll_in_process(*, process: Process, pk: int) -> Poll:
    """Poll ``pk`` of ``process`` with its options (two queries); Http404 otherwise."""
    poll = joined_in_reader_language(Poll.objects.filter(process=process, pk=pk)).prefetch_related(_options()).first()
    if poll is None:
        raise Http404("No such poll")
    poll.process = process
    return poll


def poll_window_state(*, pk: int) -> str:
    """"phase" for a poll that follows the phases, else "upcoming", "open" or "closed" by its own
    dates now (one query; "" for no such poll): part of the poll pages' cache key."""
    dates = Poll.objects.filter(pk=pk).values_list("opens_at", "closes_at").first()
    if dates is None:
        return ""
    opens_at, closes_at = dates
    if opens_at is None or closes_at is None:
        return "phase"
    now = timezone.now()
    return "upcoming" if now < opens_at else "open" if now < closes_at else "closed"


def options_of(poll: Poll) -> list[PollOption]:
    """The poll's options in order (from the prefetch when there, else one query)."""
    return list(poll.options.all())


@dataclass(frozen=True)
class MyVote:
    """What the page tells a signed-in person of their own vote: whether they voted and, in a
    named poll, their marks ({option id: value}); an anonymous poll knows no marks of theirs."""

    voted: bool
    marks: dict[int, int]


def my_vote(*, user: AnyUser, poll: Poll) -> MyVote:
    """One query (none for anonymous visitors)."""
    if not user.is_authenticated:
        return MyVote(False, {})
    if poll.anonymous:
        return MyVote(PollParticipation.objects.filter(poll=poll, user_id=user.pk).exists(), {})
    marks = Ballot.objects.filter(poll=poll, voter_id=user.pk).values_list("marks", flat=True).first()
    return MyVote(marks is not None, {int(k): v for k, v in (marks or {}).items()})


def ballot_marks(*, poll: Poll) -> list[dict[int, int]]:
    """Every ballot's marks, in the random order of their keys (one query)."""
    return [
        {int(k): v for k, v in marks.items()}
        for marks in Ballot.objects.filter(poll=poll).order_by("id").values_list("marks", flat=True)
    ]


@dataclass(frozen=True)
class PollResults:
    """A poll's count: ``tally`` (single, multiple), ``runoff`` (ranked, with the first
    preferences in ``tally``) or ``scores`` (score); ``options`` in order."""

    poll: Poll
    options: list[PollOption]
    ballots: int
    tally: counting.Tally | None = None
    runoff: counting.RunoffResult | None = None
    scores: counting.ScoreResult | None = None

    def label(self, option_id: int | None) -> str:
        return next((o.label for o in self.options if o.pk == option_id), "")

    def rows(self) -> list[dict[str, Any]]:
        """The tally's lines for a table: option, votes, share (percent), winner."""
        if self.tally is None:
            return []
        winners = set(self.tally.winners)
        return [
            {"option": option, "votes": self.tally.votes[option.pk],
             "percent": round(100 * self.tally.share(option.pk)), "winner": option.pk in winners}
            for option in self.options
        ]

    def round_table(self) -> list[dict[str, Any]]:
        """The instant-runoff rounds as table rows: per option its votes in each round ("" once
        excluded)."""
        if self.runoff is None:
            return []
        return [
            {"option": option, "cells": [r.votes.get(option.pk, None) for r in self.runoff.rounds],
             "winner": option.pk == self.runoff.winner}
            for option in self.options
        ]


def poll_results(*, poll: Poll) -> PollResults:
    """Count the poll's ballots by its kind (options from the prefetch, one query for the ballots)."""
    options = options_of(poll)
    ids = [option.pk for option in options]
    ballots = ballot_marks(poll=poll)
    results: dict[str, Any] = {"poll": poll, "options": options, "ballots": len(ballots)}
    if poll.kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE):
        results["tally"] = counting.approval(ids, ([o for o, v in b.items() if v == 1] for b in ballots))
    elif poll.kind == Poll.Kind.RANKED:
        rankings = [counting.ranking(b) for b in ballots]
        results["tally"] = counting.plurality(ids, ([r[0]] for r in rankings if r))
        results["runoff"] = counting.instant_runoff(ids, rankings, seed=poll.pk)
    else:
        results["scores"] = counting.score(ids, ballots)
    return PollResults(**results)
