"""Time to count a participatory budget by both rules (most votes, Method of Equal Shares with
Add1 and greedy completion) with pabutools, on random knapsack ballots.

    .venv/bin/python bench/budget_outcomes.py PROJECTS BALLOTS     (e.g. 40 2000)

Projects cost 10,000-120,000; the budget is a third of their total; each voter picks up to 8
projects, popular ones more often (Pareto weights), within the budget. Needs the budgeting extra.
"""

import random
import sys
import time

import django


def main() -> None:
    django.setup()
    from translocal.coproduction.budgets import outcomes as budget_outcomes

    random.seed(7)
    n_projects, n_voters = int(sys.argv[1]), int(sys.argv[2])
    costs = [random.randint(10, 120) * 1000 for _ in range(n_projects)]
    total = sum(costs) // 3
    projects = [(i + 1, f"P{i}", cost) for i, cost in enumerate(costs)]
    popularity = [random.paretovariate(1.2) for _ in range(n_projects)]
    ballots = []
    for voter in range(n_voters):
        chosen: dict[int, int] = {}
        spent = 0
        for index in random.choices(range(n_projects), weights=popularity, k=8):
            if index + 1 not in chosen and spent + costs[index] <= total:
                chosen[index + 1] = 1
                spent += costs[index]
        ballots.append((voter + 1, chosen))
    election = budget_outcomes.build_election(total=total, projects=projects, ballots=ballots, style="knapsack")
    start = time.perf_counter()
    outcome = budget_outcomes.compute(election)
    seconds = time.perf_counter() - start
    print(
        f"{n_projects} projects, {n_voters} ballots: {seconds:.2f} s; share {float(outcome.initial_share):.0f} -> "
        f"{float(outcome.share):.0f} (Add1); most votes funds {len(outcome.greedy)}, Equal Shares "
        f"{len(outcome.equal_shares)} (+{len(outcome.equal_shares_completed)} by completion)"
    )


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")
    main()
