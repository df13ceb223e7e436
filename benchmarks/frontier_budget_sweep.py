"""Budget sweep on OLL v2 with the paper's periods, next to Figure 6b, with run time.

Run: ``python benchmarks/frontier_budget_sweep.py [--batches 6] [--seeds 42,1,2,3]``. Uses
the test fixture (all 4,576 OLL v2 rows, 11 columns), so it runs without ``../shared``.
Prints the mean out-of-period pinball (6 tasks x t = 1, 2, 3) per budget for the paper's
one-shot balanced I-optimal design, for the batch-adaptive planner as it was (near-boundary
density per compute bin, 4 batches) and for the cost-aware adaptive planner
(``weighting="cost"``, steered from the start by the earlier periods' data,
``--batches`` batches), beside Figure 6b of Zhang et al. (arXiv 2602.15327).

Figures of 2026-11 (full data 0.00500; the one-shot design does not depend on the seed):

    budget  paper 6b  one-shot  adaptive (bin, 4)  cost+history, 6 batches
                                seed 42            seed 42   mean of seeds 42,1,2,3
       5%   0.0086    0.00777   0.00700            0.00576   0.00570 (x1.14)
      10%   0.0063    0.00631   0.00581            0.00537   0.00540 (x1.08)
      20%   0.0058    0.00584   0.00561            0.00558   0.00556 (x1.11)
      50%   0.0056    0.00568   0.00566            0.00486   (not run)

Issue 7's goal (within 10% of full data at a 10% budget, i.e. <= 0.00550) is met by the
cost-aware planner with history: x1.07 at seed 42 and x1.08 on average over four
tie-breaking seeds (range 0.00501-0.00577 per seed, so a single seed can miss it). The
20% budget is no better than 10%, and 50% (0.00486) beats full data: a subset enriched
in near-boundary models fits a slightly higher curve, which suits the next period's rising
boundary. The per-seed spread (~±0.0003) is as large as the differences between
budgets. Without history (``--no-history``, 4 batches) the cost weighting gives 0.00575
at 10% (mean of four seeds). More batches with the old bin weighting did not help (2-16
batches: 0.0058-0.0062).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from core.frontier.data.budget_pool import load_candidate_pool  # noqa: E402
from core.frontier.history.periods import paper_oll_periods  # noqa: E402
from core.frontier.planning.budget_sweep import PAPER_FIGURE_6B, budget_sweep  # noqa: E402

TASKS = ["IFEval Raw", "BBH Raw", "MATH Lvl 5 Raw", "GPQA Raw", "MUSR Raw", "MMLU-PRO Raw"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=6)
    parser.add_argument("--seeds", default="42", help="comma-separated tie-breaking seeds")
    parser.add_argument("--no-history", action="store_true")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    start = time.perf_counter()
    pool = load_candidate_pool(
        ROOT / "tests" / "fixtures" / "frontier" / "oll_v2_with_tokens_subset.csv",
        scores=TASKS,
        params="#Params (B)",
        tokens="Pretraining tokens (T)",
        date="Upload To Hub Date",
    )
    base = budget_sweep(pool, paper_oll_periods(), planners=("one-shot", "adaptive"))
    s = base.summary.set_index(["planner", "budget"])["pinball"]
    new = [
        budget_sweep(
            pool,
            paper_oll_periods(),
            planners=("adaptive",),
            budgets=[b for b in PAPER_FIGURE_6B if b < 1],
            batches=args.batches,
            seed=seed,
            adaptive_options={"weighting": "cost"},
            history=not args.no_history,
        ).summary.set_index("budget")["pinball"]
        for seed in seeds
    ]
    full = s[("one-shot", 1.0)]
    print(f"OLL v2, {pool.n} candidates, paper periods, tau 0.98, 6 tasks x 3 periods")
    print(
        f"cost-aware adaptive: {args.batches} batches, history {not args.no_history}, seeds {seeds}"
    )
    print("budget  paper 6b  one-shot (vs paper)   adaptive bin  cost-aware (x full)  per seed")
    for alpha, paper in PAPER_FIGURE_6B.items():
        one, ada = s[("one-shot", alpha)], s[("adaptive", alpha)]
        vals = np.array([n[alpha] for n in new]) if alpha < 1 else np.array([full])
        print(
            f"{100 * alpha:5.0f}%  {paper:.4f}    {one:.5f} ({one / paper - 1:+6.1%})"
            f"   {ada:.5f}       {vals.mean():.5f} ({vals.mean() / full:.2f})"
            f"      {' '.join(f'{v:.5f}' for v in vals)}"
        )
    print(f"total {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
