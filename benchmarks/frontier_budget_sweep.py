"""Budget sweep on OLL v2 with the paper's periods, next to Figure 6b, with run time.

Run: ``python benchmarks/frontier_budget_sweep.py [--batches 4]``. Uses the test fixture
(all 4,576 OLL v2 rows, 11 columns), so it runs without ``../shared``. Prints the mean
out-of-period pinball and coverage error per budget for the paper's one-shot balanced
I-optimal design and for the batch-adaptive planner, beside Figure 6b of Zhang et al.
(arXiv 2602.15327).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.frontier.budget_pool import load_candidate_pool  # noqa: E402
from core.frontier.budget_sweep import PAPER_FIGURE_6B, budget_sweep  # noqa: E402
from core.frontier.periods import paper_oll_periods  # noqa: E402

TASKS = ["IFEval Raw", "BBH Raw", "MATH Lvl 5 Raw", "GPQA Raw", "MUSR Raw", "MMLU-PRO Raw"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=4)
    args = parser.parse_args()
    start = time.perf_counter()
    pool = load_candidate_pool(
        ROOT / "tests" / "fixtures" / "frontier" / "oll_v2_with_tokens_subset.csv",
        scores=TASKS,
        params="#Params (B)",
        tokens="Pretraining tokens (T)",
        date="Upload To Hub Date",
    )
    sweep = budget_sweep(
        pool, paper_oll_periods(), planners=("one-shot", "adaptive"), batches=args.batches
    )
    s = sweep.summary.set_index(["planner", "budget"])
    print(f"OLL v2, {pool.n} candidates, paper periods, tau 0.98, 6 tasks x 3 periods")
    print("budget  paper 6b  one-shot (vs paper)   adaptive  x full   cov.err one-shot/adaptive")
    for alpha, paper in PAPER_FIGURE_6B.items():
        one, ada = s.loc[("one-shot", alpha)], s.loc[("adaptive", alpha)]
        print(
            f"{100 * alpha:5.0f}%  {paper:.4f}    {one['pinball']:.5f} ({one['pinball'] / paper - 1:+6.1%})"
            f"   {ada['pinball']:.5f}  {ada['pinball_vs_full']:.2f}   "
            f"{one['coverage_error']:.3f}/{ada['coverage_error']:.3f}"
        )
    print(f"sweep {sweep.seconds:.1f} s, total {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
