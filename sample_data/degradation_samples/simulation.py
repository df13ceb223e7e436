"""Seeded per-item outcomes: the baseline's answers and each candidate's flips.

Every random draw comes from :func:`rng_for`, seeded by :data:`~.layout.SEED` and the draw's
role, so the output is the same on every run for a given numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .items import make_doc
from .layout import SEED, Task, Variant
from .lm_eval_records import record


def rng_for(*keys: int) -> np.random.Generator:
    return np.random.default_rng([SEED, *keys])


@dataclass
class TaskState:
    task: Task
    docs: list[dict]
    targets: list[str]
    gold: np.ndarray  # gold choice index (MC)
    base_right: np.ndarray  # bool
    base_pred: np.ndarray  # MC: predicted choice; math: unused
    base_scores: np.ndarray | None  # MC: normalised log-likelihoods (n, k)
    base_inst: list[list[bool]]  # ifeval strict instruction results


def init_task(ti: int, task: Task) -> TaskState:
    rng = rng_for(1, ti)
    n = task.size
    k = max(len(task.choices), 1)
    gold = rng.integers(0, k, n)
    docs, targets = [], []
    for d in range(n):
        doc, tgt = make_doc(task, d, int(gold[d]), rng)
        docs.append(doc)
        targets.append(tgt)
    n_right = round(task.acc * n)
    right = np.zeros(n, dtype=bool)
    right[rng.choice(n, n_right, replace=False)] = True
    pred = gold.copy()
    if k > 1:
        wrong_off = rng.integers(1, k, n)
        pred = np.where(right, gold, (gold + wrong_off) % k)
    scores = None
    if task.kind in ("bbh", "gpqa", "musr", "mmlu_pro"):
        scores = -rng.gamma(2.0, 1.5, (n, k)) - 0.05
        top = scores.max(axis=1) + rng.uniform(0.05, 1.0, n)
        scores[np.arange(n), pred] = top
    inst: list[list[bool]] = []
    if task.kind == "ifeval":
        for d in range(n):
            m = len(docs[d]["instruction_id_list"])
            inst.append(_inst_pattern(bool(right[d]), m, rng))
    return TaskState(task, docs, targets, gold, right, pred, scores, inst)


def _inst_pattern(right: bool, m: int, rng: np.random.Generator) -> list[bool]:
    if right:
        return [True] * m
    pat = (rng.random(m) < 0.5).tolist()
    pat[int(rng.integers(0, m))] = False
    return [bool(x) for x in pat]


def allocate(
    total: int, weights: np.ndarray, capacity: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Multinomial split of ``total`` over tasks by ``weights``, respecting ``capacity``."""
    if total > capacity.sum():
        raise ValueError("not enough items to place the flips")
    counts = rng.multinomial(total, weights / weights.sum())
    while (counts > capacity).any():
        excess = int((counts - capacity).clip(min=0).sum())
        counts = np.minimum(counts, capacity)
        room = capacity - counts
        w = np.where(room > 0, weights, 0.0)
        counts = counts + rng.multinomial(excess, w / w.sum())
    return counts


def flip_plan(vi: int, variant: Variant, states: list[TaskState]) -> list[tuple[set, set]]:
    """For each task, the doc_ids flipped right->wrong (b) and wrong->right (c)."""
    rng = rng_for(2, vi)
    sizes = np.array([s.task.size for s in states], dtype=float)
    jitter = rng.lognormal(0.0, 0.15, len(states))
    bw = sizes * jitter * np.array([variant.b_weight.get(s.task.kind, 1.0) for s in states])
    cw = sizes * jitter * np.array([variant.c_weight.get(s.task.kind, 1.0) for s in states])
    n_right = np.array([int(s.base_right.sum()) for s in states])
    n_wrong = sizes.astype(int) - n_right
    b_t = allocate(variant.b, bw, n_right, rng)
    c_t = allocate(variant.c, cw, n_wrong, rng)
    plan = []
    for s, bt, ct in zip(states, b_t, c_t):
        right_ids = np.flatnonzero(s.base_right)
        wrong_ids = np.flatnonzero(~s.base_right)
        b_ids = set(rng.choice(right_ids, int(bt), replace=False).tolist())
        c_ids = set(rng.choice(wrong_ids, int(ct), replace=False).tolist())
        plan.append((b_ids, c_ids))
    return plan


def variant_records(
    vi: int, variant: Variant, states: list[TaskState], plan: list[tuple[set, set]] | None
) -> dict[str, list[dict]]:
    rng = rng_for(3, vi)
    out: dict[str, list[dict]] = {}
    lossy = variant.noise > 0.005
    for ti, s in enumerate(states):
        task = s.task
        b_ids, c_ids = plan[ti] if plan is not None else (set(), set())
        k = max(len(task.choices), 1)
        recs = []
        for d in range(task.size):
            base_r = bool(s.base_right[d])
            right = (base_r and d not in b_ids) or (not base_r and d in c_ids)
            pred = int(s.base_pred[d])
            if d in b_ids:
                pred = int((s.gold[d] + rng.integers(1, k)) % k) if k > 1 else pred
            elif d in c_ids:
                pred = int(s.gold[d])
            elif lossy and not base_r and k > 2 and rng.random() < 0.1:
                # both wrong, but a different wrong answer: not a discordant pair
                alt = [i for i in range(k) if i not in (int(s.gold[d]), pred)]
                pred = int(alt[int(rng.integers(0, len(alt)))])
            scores = None
            if s.base_scores is not None:
                scores = s.base_scores[d].copy()
                if plan is not None:
                    scores = scores + rng.normal(0.0, variant.noise, k)
                # the recorded prediction stays the clear argmax after jitter
                others = np.delete(scores, pred).max() if k > 1 else scores[pred] - 1.0
                if scores[pred] < others + 0.05:
                    scores[pred] = others + rng.uniform(0.05, 0.5)
            inst = None
            loose_extra = False
            if task.kind == "ifeval":
                m = len(s.docs[d]["instruction_id_list"])
                if d in b_ids or d in c_ids:
                    inst = _inst_pattern(right, m, rng)
                else:
                    inst = s.base_inst[d]
                loose_extra = bool(((d * 7 + 3) % 10) < 3)  # same rule for all variants
            rec, _ = record(s, d, right, pred, scores, inst, loose_extra)
            recs.append(rec)
        out[task.name] = recs
    return out


def discordant(
    base: dict[str, list[dict]], cand: dict[str, list[dict]], tasks: list[Task]
) -> dict[str, tuple[int, int]]:
    out = {}
    for t in tasks:
        m = base[t.name][0]["metrics"][0]
        b = c = 0
        for rb, rc in zip(base[t.name], cand[t.name]):
            yb, yc = bool(rb[m]), bool(rc[m])
            b += yb and not yc
            c += yc and not yb
        out[t.name] = (b, c)
    return out
