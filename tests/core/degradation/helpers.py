"""Build paired runs with given discordant counts, for engine tests."""

from __future__ import annotations

import numpy as np

from core.samples import SampleScores, TaskInfo, make_score_frame


def runs_from_counts(units: dict[str, tuple[int, int, int]], accuracy: float = 0.6, seed: int = 0):
    """Baseline and candidate runs whose unit ``name`` has (N, b, c) as given.

    The concordant items are split into both-right and both-wrong at ``accuracy``.
    """
    rng = np.random.default_rng(seed)
    tasks, ids, base, cand = [], [], [], []
    for name, (n, b, c) in units.items():
        concordant = n - b - c
        right = int(round(concordant * accuracy))
        pairs = [(1, 0)] * b + [(0, 1)] * c + [(1, 1)] * right + [(0, 0)] * (concordant - right)
        order = rng.permutation(len(pairs))
        tasks += [name] * n
        ids += [str(i) for i in range(n)]
        base += [pairs[i][0] for i in order]
        cand += [pairs[i][1] for i in order]
    info = {name: TaskInfo(metric="acc") for name in units}
    baseline = SampleScores(
        make_score_frame(tasks, ids, base), "baseline", "test", "base-model", info
    )
    candidate = SampleScores(
        make_score_frame(tasks, ids, cand), "candidate", "test", "cand-model", info
    )
    return baseline, candidate
