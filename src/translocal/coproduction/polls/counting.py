"""Counting poll ballots: pure functions over plain data (no database, no Django), so a count
can be checked by hand, re-run from an export, and tested against hand-worked examples.

Options are identified by ints (``PollOption`` ids). Ballot shapes, by poll kind:

- single choice and multiple choice: a collection of the chosen option ids;
- ranked choice: a sequence of option ids, most preferred first (a ballot may rank only some
  options; ranks 1..k without gaps, see ``ballot_errors``);
- score: a mapping option id -> score (an int from 0 to the poll's maximum, every option scored).

Ties in plurality, approval and score counts are reported as ties (every option with the top
figure is a winner), never broken silently: the process's organisers decide what a tie means.
Instant-runoff voting needs a tie-break to go on counting; its rule is stated in ``instant_runoff``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SINGLE = "single"
MULTIPLE = "multiple"
RANKED = "ranked"
SCORE = "score"


# --- Validity of one ballot -------------------------------------------------------------------


@dataclass(frozen=True)
class BallotError:
    """Why a ballot is not valid: ``option`` is the option id the message is about (None: the
    ballot as a whole); ``code`` is stable for tests and forms, ``params`` fill the message."""

    code: str
    option: int | None = None
    params: Mapping[str, int] = field(default_factory=dict)


def ballot_errors(
    *, kind: str, options: Sequence[int], marks: Mapping[int, int], max_choices: int | None = None,
    score_max: int = 5,
) -> list[BallotError]:
    """What is wrong with a ballot (empty list: it is valid).

    ``marks`` maps option id -> value: 1 for a chosen option (single, multiple), its rank
    (ranked: 1 = first preference), its score (score). Options not in ``marks`` are not chosen,
    not ranked or (score polls) not scored. Rules:

    - single: exactly one option chosen (code ``choose_one``);
    - multiple: at least one (``choose_some``), at most ``max_choices`` (``too_many``);
    - ranked: at least one option ranked (``rank_some``); each rank given to one option only
      (``duplicate_rank``, on the second option holding it); ranks run 1, 2, 3... without a gap
      (``rank_gap``: a rank k > 1 is given while k - 1 is not);
    - score: every option scored (``score_missing``), each from 0 to ``score_max`` (``score_range``);
    - any kind: only the poll's options (``unknown_option``), values are ints (``bad_value``).
    """
    known = set(options)
    errors = [BallotError("unknown_option", option) for option in marks if option not in known]
    errors += [BallotError("bad_value", option) for option, value in marks.items() if type(value) is not int]
    if errors:
        return errors
    if kind in (SINGLE, MULTIPLE):
        chosen = [option for option in options if marks.get(option) == 1]
        errors += [BallotError("bad_value", option) for option, value in marks.items() if value not in (0, 1)]
        if kind == SINGLE and len(chosen) != 1:
            errors.append(BallotError("choose_one"))
        elif kind == MULTIPLE and not chosen:
            errors.append(BallotError("choose_some"))
        elif kind == MULTIPLE and max_choices is not None and len(chosen) > max_choices:
            errors.append(BallotError("too_many", params={"max": max_choices}))
        return errors
    if kind == RANKED:
        ranked = sorted(((rank, option) for option in options if (rank := marks.get(option, 0))), key=lambda r: r[0])
        if not ranked:
            return [BallotError("rank_some")]
        seen: set[int] = set()
        for rank, option in ranked:
            if rank < 0:
                errors.append(BallotError("bad_value", option))
            elif rank in seen:
                errors.append(BallotError("duplicate_rank", option, {"rank": rank}))
            seen.add(rank)
        for rank, option in ranked:
            if rank > 1 and rank - 1 not in seen:
                errors.append(BallotError("rank_gap", option, {"rank": rank, "missing": rank - 1}))
                break
        return errors
    if kind == SCORE:
        for option in options:
            if option not in marks:
                errors.append(BallotError("score_missing", option))
            elif not 0 <= marks[option] <= score_max:
                errors.append(BallotError("score_range", option, {"max": score_max}))
        return errors
    raise ValueError(f"Unknown poll kind {kind!r}")


def ranking(marks: Mapping[int, int]) -> list[int]:
    """A ranked ballot's marks (option -> rank) as option ids, most preferred first."""
    return [option for option, rank in sorted(marks.items(), key=lambda item: item[1]) if rank > 0]


# --- Plurality and approval -------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Votes per option, in the poll's option order, and the ballots counted."""

    votes: dict[int, int]
    ballots: int

    @property
    def winners(self) -> list[int]:
        """Every option with the most votes (more than one: a tie); none without votes."""
        top = max(self.votes.values(), default=0)
        return [option for option, votes in self.votes.items() if votes == top] if top else []

    def share(self, option: int) -> float:
        """The option's votes as a fraction of the ballots (0.0 without ballots)."""
        return self.votes[option] / self.ballots if self.ballots else 0.0


def approval(options: Sequence[int], ballots: Iterable[Collection[int]]) -> Tally:
    """Approval count: each ballot gives one vote to every option it chose (Brams and Fishburn,
    "Approval Voting", American Political Science Review 72(3), 1978). With one choice per
    ballot this is plurality ("first past the post"), which is how single-choice polls are
    counted; multiple-choice polls with a maximum N are "limited voting". A share is votes over
    ballots, so multiple-choice shares add up to more than 100%."""
    votes = {option: 0 for option in options}
    count = 0
    for ballot in ballots:
        count += 1
        for option in ballot:
            if option in votes:
                votes[option] += 1
    return Tally(votes=votes, ballots=count)


plurality = approval


# --- Score ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreLine:
    option: int
    total: int
    mean: float


@dataclass(frozen=True)
class ScoreResult:
    """Per option its total and mean score, in the poll's option order; the winners have the
    highest total (more than one: a tie)."""

    lines: list[ScoreLine]
    ballots: int

    @property
    def winners(self) -> list[int]:
        if not self.ballots:
            return []
        top = max(line.total for line in self.lines)
        return [line.option for line in self.lines if line.total == top]


def score(options: Sequence[int], ballots: Iterable[Mapping[int, int]]) -> ScoreResult:
    """Score (range) voting: every ballot scores every option; an option's total is the sum of
    its scores and its mean the total over the ballots (Smith, "Range voting", 2000; the rule is
    also described in Balinski and Laraki's "Majority Judgment", MIT Press 2010, ch. 1, as
    "evaluative voting"). Since every ballot scores every option, ranking by total and by mean
    agree."""
    totals = dict.fromkeys(options, 0)
    count = 0
    for ballot in ballots:
        count += 1
        for option, value in ballot.items():
            if option in totals:
                totals[option] += value
    return ScoreResult(
        lines=[ScoreLine(option, totals[option], totals[option] / count if count else 0.0) for option in options],
        ballots=count,
    )


# --- Instant runoff ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    """One round of an instant-runoff count.

    ``votes``: each continuing option's votes this round (ballots whose highest-ranked continuing
    option it is), in the poll's option order; ``exhausted``: ballots that rank no continuing
    option any more (counted from the start, so it only grows); ``continuing``: ballots counted
    for some option this round; ``elected``: the winner decided this round, if any;
    ``eliminated``: the option excluded at the end of this round, if any; ``tie_break``: how a
    tie for exclusion was settled ("previous_rounds" or "lot"), None when there was none."""

    number: int
    votes: dict[int, int]
    exhausted: int
    continuing: int
    elected: int | None = None
    eliminated: int | None = None
    tie_break: str | None = None


@dataclass(frozen=True)
class RunoffResult:
    rounds: list[Round]
    winner: int | None
    ballots: int


def instant_runoff(options: Sequence[int], ballots: Iterable[Sequence[int]], *, seed: int = 0) -> RunoffResult:
    """Instant-runoff voting (the alternative vote): single winner from ranked ballots.

    The rule, as in the Australian House of Representatives count (Commonwealth Electoral Act
    1918, s 274) and the ranked-choice laws that define "continuing" and "exhausted" ballots
    (e.g. Maine Revised Statutes, title 21-A, s 723-A):

    1. Each round, every ballot counts for its highest-ranked option still in the count
       (continuing). A ballot that ranks no continuing option is **exhausted** and counts for
       no one from then on; the exhausted ballots are reported in every round.
    2. An option with more than half of the continuing ballots of the round wins. So does the
       last continuing option.
    3. Otherwise the option with the fewest votes is excluded (one per round, also when several
       have none) and its ballots go to their next continuing preference.
    4. **Ties for exclusion** are broken by the earlier rounds: the tied option that had fewer
       votes in the most recent round where the tied options' counts differed is excluded
       (s 274(7)'s rule). Tied in every round, the excluded option is drawn **by lot** with a
       pseudo-random generator seeded with ``seed`` (the poll's id): anyone re-running the count
       from the exported ballots gets the same draw. ``Round.tie_break`` says which rule settled it.

    No continuing ballots at all (every ballot exhausted, or no ballots): no winner.

    ``ballots``: rankings, most preferred first; options not in ``options`` and repeated options
    are skipped. Returns every round and the winner (None when none).
    """
    prepared: list[list[int]] = []
    known = set(options)
    for ballot in ballots:
        seen: set[int] = set()
        clean = []
        for option in ballot:
            if option in known and option not in seen:
                clean.append(option)
                seen.add(option)
        prepared.append(clean)
    continuing = list(options)
    rounds: list[Round] = []
    history: list[dict[int, int]] = []
    lot = random.Random(seed)  # noqa: S311 - a reproducible draw by lot, not a secret
    while continuing:
        alive = set(continuing)
        votes = dict.fromkeys(continuing, 0)
        exhausted = 0
        for ballot in prepared:
            top = next((option for option in ballot if option in alive), None)
            if top is None:
                exhausted += 1
            else:
                votes[top] += 1
        counted = len(prepared) - exhausted
        number = len(rounds) + 1
        history.append(votes)
        if counted == 0:
            rounds.append(Round(number, votes, exhausted, counted))
            return RunoffResult(rounds, None, len(prepared))
        leader = max(continuing, key=lambda option: votes[option])
        if votes[leader] * 2 > counted or len(continuing) == 1:
            rounds.append(Round(number, votes, exhausted, counted, elected=leader))
            return RunoffResult(rounds, leader, len(prepared))
        fewest = min(votes.values())
        tied = [option for option in continuing if votes[option] == fewest]
        tie_break = None
        if len(tied) > 1:
            tied, tie_break = _break_exclusion_tie(tied, history[:-1], lot)
        excluded = tied[0]
        rounds.append(Round(number, votes, exhausted, counted, eliminated=excluded, tie_break=tie_break))
        continuing.remove(excluded)
    return RunoffResult(rounds, None, len(prepared))  # pragma: no cover - the loop always returns


def _break_exclusion_tie(
    tied: list[int], earlier: list[dict[int, int]], lot: random.Random
) -> tuple[list[int], str]:
    """The one option to exclude among ``tied``: fewest votes in the latest earlier round where
    the tied options' counts differ (keeping all who share that fewest, then going further
    back), else drawn by lot."""
    for votes in reversed(earlier):
        fewest = min(votes[option] for option in tied)
        lowest = [option for option in tied if votes[option] == fewest]
        if len(lowest) < len(tied):
            tied = lowest
            if len(tied) == 1:
                return tied, "previous_rounds"
    return [lot.choice(sorted(tied))], "lot"


def first_preferences(ballots: Iterable[Sequence[int]]) -> Counter[int]:
    """How many ballots rank each option first."""
    return Counter(ballot[0] for ballot in ballots if ballot)
