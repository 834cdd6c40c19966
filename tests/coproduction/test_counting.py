"""The poll counts against examples worked out by hand (the working is in each docstring)."""

from __future__ import annotations

import pytest

from translocal.coproduction.polls import counting
from translocal.coproduction.polls.counting import BallotError, ballot_errors, instant_runoff

A, B, C, D = 1, 2, 3, 4


def _ballots(*groups: tuple[int, list[int]]) -> list[list[int]]:
    return [list(ranking) for count, ranking in groups for _ in range(count)]


# --- Instant runoff ---------------------------------------------------------------------------


def test_irv_transfers_and_reports_exhausted_ballots_each_round():
    """14 ballots: 5 x [A], 4 x [B, C], 3 x [C, B], 2 x [D].

    Round 1: A 5, B 4, C 3, D 2; 14 continuing, a majority needs more than 7: none. D has the
    fewest and is excluded.
    Round 2: both D ballots rank no one else: 2 exhausted. A 5, B 4, C 3; 12 continuing, more
    than 6 needed: none. C is excluded.
    Round 3: the 3 C ballots go to B. A 5, B 7; still 2 exhausted, 12 continuing; B has 7 > 6
    and wins, although A led on first preferences."""
    result = instant_runoff([A, B, C, D], _ballots((5, [A]), (4, [B, C]), (3, [C, B]), (2, [D])))
    assert [r.votes for r in result.rounds] == [
        {A: 5, B: 4, C: 3, D: 2},
        {A: 5, B: 4, C: 3},
        {A: 5, B: 7},
    ]
    assert [r.exhausted for r in result.rounds] == [0, 2, 2]
    assert [r.continuing for r in result.rounds] == [14, 12, 12]
    assert [r.eliminated for r in result.rounds] == [D, C, None]
    assert result.rounds[-1].elected == B == result.winner
    assert all(r.tie_break is None for r in result.rounds)


def test_irv_tie_for_exclusion_is_broken_by_the_previous_round():
    """15 ballots: 6 x [A], 4 x [B], 3 x [C], 1 x [D, C], 1 x [D].

    Round 1: A 6, B 4, C 3, D 2; more than 7.5 needed: none; D excluded.
    Round 2: [D, C] goes to C, [D] is exhausted (1). A 6, B 4, C 4; 14 continuing, more than 7
    needed: none. B and C tie for the fewest (4). In round 1 they differed: B 4, C 3, so C,
    who had fewer, is excluded ("previous_rounds").
    Round 3: the four ballots now with C rank no one else: exhausted 1 + 4 = 5. A 6, B 4;
    10 continuing; A has 6 > 5 and wins."""
    result = instant_runoff([A, B, C, D], _ballots((6, [A]), (4, [B]), (3, [C]), (1, [D, C]), (1, [D])))
    assert [r.votes for r in result.rounds] == [{A: 6, B: 4, C: 3, D: 2}, {A: 6, B: 4, C: 4}, {A: 6, B: 4}]
    assert [r.exhausted for r in result.rounds] == [0, 1, 5]
    assert result.rounds[1].eliminated == C
    assert result.rounds[1].tie_break == "previous_rounds"
    assert result.winner == A


def test_irv_tie_in_every_round_is_drawn_by_lot_reproducibly():
    """7 ballots: 2 x [A, C], 2 x [B, C], 3 x [C].

    Round 1: A 2, B 2, C 3; more than 3.5 needed: none. A and B tie for the fewest and there is
    no earlier round: one is drawn by lot. Either way its 2 ballots go to C.
    Round 2: C 5 against 2; C wins. The draw depends on the seed only: the same seed draws the
    same option again, and some seeds draw A, others B."""
    ballots = _ballots((2, [A, C]), (2, [B, C]), (3, [C]))
    drawn = {}
    for seed in range(20):
        result = instant_runoff([A, B, C], ballots, seed=seed)
        assert result.rounds[0].tie_break == "lot"
        assert result.winner == C
        assert result.rounds[1].votes[C] == 5
        drawn[seed] = result.rounds[0].eliminated
        assert instant_runoff([A, B, C], ballots, seed=seed).rounds[0].eliminated == drawn[seed]
    assert set(drawn.values()) == {A, B}


def test_irv_majority_in_the_first_round_ends_the_count():
    """3 x [A, B], 1 x [B]: A has 3 of 4 > 2 in round 1."""
    result = instant_runoff([A, B], _ballots((3, [A, B]), (1, [B])))
    assert len(result.rounds) == 1
    assert result.winner == A


def test_irv_with_every_ballot_exhausted_has_no_winner():
    """Three empty rankings: round 1 counts no continuing ballot (3 exhausted): no winner."""
    result = instant_runoff([A, B], [[], [], []])
    assert result.winner is None
    assert result.rounds[0].exhausted == 3
    assert instant_runoff([A, B], []).winner is None


def test_irv_skips_unknown_and_repeated_options():
    """[9, A, A, B] counts as [A, B]; [B] as [B]; [A] as [A]: A 2 of 3 wins round 1."""
    result = instant_runoff([A, B], [[9, A, A, B], [B], [A]])
    assert result.rounds[0].votes == {A: 2, B: 1}
    assert result.winner == A


def test_irv_excludes_one_option_a_round_even_when_several_have_no_votes():
    """2 x [A], 1 x [B]: C and D have none. Round 1: A 2 of 3 is a majority: A wins at once.
    With 1 x [A], 1 x [B], 1 x [C, A]: round 1 A 1, B 1, C 1, D 0: D is excluded alone; round 2
    A 1, B 1, C 1, all tied and tied before: one drawn by lot; the count goes on to a winner."""
    assert instant_runoff([A, B, C, D], _ballots((2, [A]), (1, [B]))).winner == A
    result = instant_runoff([A, B, C, D], _ballots((1, [A]), (1, [B]), (1, [C, A])), seed=3)
    assert result.rounds[0].eliminated == D
    assert result.rounds[1].tie_break == "lot"
    assert result.winner in (A, B, C)


# --- Plurality, approval, score ---------------------------------------------------------------


def test_plurality_counts_one_vote_per_ballot_and_reports_ties():
    """[A], [A], [B], [C], [A]: A 3, B 1, C 1; A wins with 3 of 5 = 60%. [A], [B]: a tie."""
    tally = counting.plurality([A, B, C], [[A], [A], [B], [C], [A]])
    assert tally.votes == {A: 3, B: 1, C: 1}
    assert tally.winners == [A]
    assert tally.share(A) == pytest.approx(0.6)
    assert counting.plurality([A, B], [[A], [B]]).winners == [A, B]
    assert counting.plurality([A, B], []).winners == []


def test_approval_counts_every_option_chosen():
    """[A, B], [B], [B, C], [A, C]: A 2, B 3, C 2 over 4 ballots; B wins with 75%."""
    tally = counting.approval([A, B, C], [[A, B], [B], [B, C], [A, C]])
    assert tally.votes == {A: 2, B: 3, C: 2}
    assert tally.winners == [B]
    assert tally.share(B) == pytest.approx(0.75)


def test_score_totals_and_means():
    """Scores (A, B): (5, 3), (0, 4), (4, 4): A 9 (mean 3.0), B 11 (mean 11/3); B wins."""
    result = counting.score([A, B], [{A: 5, B: 3}, {A: 0, B: 4}, {A: 4, B: 4}])
    assert [(line.option, line.total) for line in result.lines] == [(A, 9), (B, 11)]
    assert result.lines[0].mean == pytest.approx(3.0)
    assert result.lines[1].mean == pytest.approx(11 / 3)
    assert result.winners == [B]


# --- Valid ballots ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "marks", "want"),
    [
        ("single", {A: 1}, []),
        ("single", {A: 1, B: 1}, [BallotError("choose_one")]),
        ("single", {}, [BallotError("choose_one")]),
        ("multiple", {A: 1, B: 1}, []),
        ("multiple", {A: 1, B: 1, C: 1}, [BallotError("too_many", params={"max": 2})]),
        ("multiple", {}, [BallotError("choose_some")]),
        ("ranked", {A: 1, B: 2}, []),
        ("ranked", {A: 2, B: 1, C: 3, D: 4}, []),
        ("ranked", {A: 1, B: 1}, [BallotError("duplicate_rank", B, {"rank": 1})]),
        ("ranked", {A: 1, B: 3}, [BallotError("rank_gap", B, {"rank": 3, "missing": 2})]),
        ("ranked", {A: 2}, [BallotError("rank_gap", A, {"rank": 2, "missing": 1})]),
        ("ranked", {}, [BallotError("rank_some")]),
        ("score", {A: 0, B: 5, C: 3, D: 1}, []),
        ("score", {A: 0, B: 5, C: 3}, [BallotError("score_missing", D)]),
        ("score", {A: 0, B: 6, C: 3, D: 1}, [BallotError("score_range", B, {"max": 5})]),
        ("single", {9: 1}, [BallotError("unknown_option", 9)]),
        ("single", {A: True}, [BallotError("bad_value", A)]),
    ],
)
def test_ballot_rules(kind, marks, want):
    assert ballot_errors(kind=kind, options=[A, B, C, D], marks=marks, max_choices=2, score_max=5) == want


def test_ranking_orders_by_rank():
    assert counting.ranking({A: 2, B: 1, C: 3}) == [B, A, C]
