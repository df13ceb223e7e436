"""Build paired runs with given discordant counts, for engine tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.samples import SampleScores, TaskInfo, make_score_frame


def write_paper_layout(folder: Path, tasks: dict[str, np.ndarray]) -> Path:
    """The paper's CSV layout: one ``<task>.csv`` of ``prompt_id,score`` per task (0/1)."""
    folder.mkdir(parents=True, exist_ok=True)
    for task, scores in tasks.items():
        lines = "".join(f"{i},{int(s)}\n" for i, s in enumerate(scores))
        (folder / f"{task}.csv").write_text("prompt_id,score\n" + lines)
    return folder


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


#: Open LLM Leaderboard v2 task sizes (25,282 items in all), as in the bundled sample.
LEADERBOARD_SIZES = (5761, 1192, 541, 5000, 12032, 756)


def paired_from_arrays(unit_sizes, baseline, candidate):
    """A :class:`PairedSamples` straight from score arrays (fast, for seeded simulations).

    ``unit_sizes`` gives the items of each unit in order; ``baseline`` and ``candidate`` hold
    the scores of all items, unit after unit. Only what :func:`compare_paired` reads is
    filled in; the pairing report is empty.
    """
    import pandas as pd

    from core.degradation.data.pairing import PairedSamples
    from core.degradation.data.pairing_report import PairingReport

    names = [f"unit{k}" for k in range(len(unit_sizes))]
    units = np.repeat(names, unit_sizes)
    baseline = np.asarray(baseline, dtype=float)
    candidate = np.asarray(candidate, dtype=float)
    items = pd.DataFrame(
        {
            "unit": units,
            "task": units,
            "item_id": np.arange(units.size).astype(str),
            "baseline": baseline,
            "candidate": candidate,
        }
    )
    binary = []
    for name in names:
        mask = units == name
        values = np.concatenate([baseline[mask], candidate[mask]])
        binary.append(bool(np.isin(values, (0.0, 1.0)).all()))
    report = PairingReport((), None, None, "test", "test", "baseline", "candidate")
    return PairedSamples(items, tuple(names), tuple(binary), "group", report)


def simulate_pairs(rng, unit_sizes, flip_rate, drop=0.0, accuracy=0.6):
    """0/1 scores where each item flips with ``flip_rate``; flips go against the candidate
    with probability (1 + drop / flip_rate) / 2 (so the expected drop is ``drop``)."""
    n = int(np.sum(unit_sizes))
    flips = rng.random(n) < flip_rate
    against = rng.random(n) < (1.0 + drop / flip_rate) / 2.0
    same = (rng.random(n) < accuracy).astype(float)
    baseline = np.where(flips, against.astype(float), same)
    candidate = np.where(flips, 1.0 - against, same)
    return baseline, candidate
