"""Write the SIMULATED degradation sample data: a baseline and three candidates in lm-eval layout.

Nothing here is a real model output. The script simulates per-item results over the Open LLM
Leaderboard v2 task layout (as lm-evaluation-harness names the tasks) so that, pooled over all
25,282 items, the discordant counts of each candidate against the baseline equal the (b, c)
reconstructed from the case study of Kübler et al., arXiv 2602.10144 (CC BY 4.0), Llama-3.1-8B
rows (see ``../shared/reference-data/degradation/case_study_llama31_8b_pooled.csv``):

- ``candidate_lossless_rerun``: b = 163, c = 168 (baseline rerun)
- ``candidate_kv_fp8``: b = 1241, c = 1042 (FP8 KV cache)
- ``candidate_w4a16``: b = 1816, c = 1378 (4-bit weights)

b counts items the baseline got right and the candidate wrong; c the reverse.

Each variant becomes an lm-eval ``--log_samples`` output folder
``<variant>/<model_name_sanitized>/{results_<date_id>.json, samples_<task>_<date_id>.jsonl}``
shaped like lm-eval 0.4.9 output (records carry ``filter`` and ``metrics``), zipped as
``<out>/<variant>.zip`` (what zipping a folder for a browser upload gives). A small
``manifest.json`` beside the zips lists the variants, labels them as simulated and states the
expected counts.

Run from the repository root::

    python sample_data/make_degradation_samples.py            # writes sample_data/degradation/
    python sample_data/make_degradation_samples.py --out DIR  # somewhere else
    python sample_data/make_degradation_samples.py --folders  # also keep the unzipped folders

The output is byte-for-byte deterministic for a given numpy and zlib (only numpy and the
standard library are used).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import re
import shutil
import string
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SEED = 20260210
LM_EVAL_VERSION = "0.4.9.1"
N_TOTAL = 25_282
SOURCE = "Kübler et al., arXiv 2602.10144 (CC BY 4.0), case study, Llama-3.1-8B rows"

# --------------------------------------------------------------------------------------------
# Task layout: Open LLM Leaderboard v2 as lm-eval names it, with real per-subtask sizes.
# MATH uses the sizes of the full MATH test set (5,000 items), which is what the paper's
# N = 25,282 implies; lm-eval's leaderboard_math_*_hard subtasks hold only the Level-5 items.
# --------------------------------------------------------------------------------------------

LETTERS = string.ascii_uppercase


def _paren(k: int) -> list[str]:
    return [f"({LETTERS[i]})" for i in range(k)]


@dataclass(frozen=True)
class Task:
    name: str
    group: str
    size: int
    kind: str  # "bbh", "gpqa", "musr", "mmlu_pro", "math", "ifeval"
    acc: float  # simulated baseline accuracy
    choices: tuple[str, ...] = ()
    topic: str = ""


# (subtask, size, baseline acc_norm, choices)
BBH = [
    ("boolean_expressions", 250, 0.80, ["False", "True"]),
    ("causal_judgement", 187, 0.60, ["Yes", "No"]),
    ("date_understanding", 250, 0.48, _paren(6)),
    ("disambiguation_qa", 250, 0.55, _paren(3)),
    ("formal_fallacies", 250, 0.54, ["valid", "invalid"]),
    ("geometric_shapes", 250, 0.30, _paren(11)),
    ("hyperbaton", 250, 0.66, _paren(2)),
    ("logical_deduction_five_objects", 250, 0.40, _paren(5)),
    ("logical_deduction_seven_objects", 250, 0.38, _paren(7)),
    ("logical_deduction_three_objects", 250, 0.62, _paren(3)),
    ("movie_recommendation", 250, 0.62, _paren(5)),
    ("navigate", 250, 0.58, ["Yes", "No"]),
    ("object_counting", 250, 0.40, [str(i) for i in range(19)]),
    ("penguins_in_a_table", 146, 0.48, _paren(5)),
    ("reasoning_about_colored_objects", 250, 0.60, _paren(18)),
    ("ruin_names", 250, 0.56, _paren(4)),
    ("salient_translation_error_detection", 250, 0.48, _paren(6)),
    ("snarks", 178, 0.62, _paren(2)),
    ("sports_understanding", 250, 0.76, ["yes", "no"]),
    ("temporal_sequences", 250, 0.30, _paren(4)),
    ("tracking_shuffled_objects_five_objects", 250, 0.18, _paren(5)),
    ("tracking_shuffled_objects_seven_objects", 250, 0.16, _paren(7)),
    ("tracking_shuffled_objects_three_objects", 250, 0.30, _paren(3)),
    ("web_of_lies", 250, 0.50, ["Yes", "No"]),
]
GPQA = [("diamond", 198, 0.31), ("extended", 546, 0.29), ("main", 448, 0.30)]
MATH = [
    ("algebra", 1187, 0.56, "Algebra"),
    ("counting_and_prob", 474, 0.38, "Counting & Probability"),
    ("geometry", 479, 0.33, "Geometry"),
    ("intermediate_algebra", 903, 0.22, "Intermediate Algebra"),
    ("num_theory", 540, 0.38, "Number Theory"),
    ("prealgebra", 871, 0.60, "Prealgebra"),
    ("precalculus", 546, 0.22, "Precalculus"),
]
MUSR = [
    ("murder_mysteries", 250, 0.53, 2),
    ("object_placements", 256, 0.30, 5),
    ("team_allocation", 250, 0.33, 3),
]


def build_tasks() -> list[Task]:
    tasks: list[Task] = []
    for name, n, acc, choices in BBH:
        tasks.append(
            Task(f"leaderboard_bbh_{name}", "leaderboard_bbh", n, "bbh", acc, tuple(choices), name)
        )
    for name, n, acc in GPQA:
        tasks.append(
            Task(
                f"leaderboard_gpqa_{name}",
                "leaderboard_gpqa",
                n,
                "gpqa",
                acc,
                tuple(_paren(4)),
                name,
            )
        )
    tasks.append(Task("leaderboard_ifeval", "leaderboard_ifeval", 541, "ifeval", 0.78))
    for name, n, acc, typ in MATH:
        tasks.append(
            Task(f"leaderboard_math_{name}_hard", "leaderboard_math_hard", n, "math", acc, (), typ)
        )
    tasks.append(
        Task(
            "leaderboard_mmlu_pro",
            "leaderboard_mmlu_pro",
            12_032,
            "mmlu_pro",
            0.376,
            tuple(LETTERS[:10]),
        )
    )
    for name, n, acc, k in MUSR:
        tasks.append(
            Task(
                f"leaderboard_musr_{name}",
                "leaderboard_musr",
                n,
                "musr",
                acc,
                tuple(str(i) for i in range(k)),
                name,
            )
        )
    return tasks


GROUP_ORDER = [
    "leaderboard_bbh",
    "leaderboard_gpqa",
    "leaderboard_ifeval",
    "leaderboard_math_hard",
    "leaderboard_mmlu_pro",
    "leaderboard_musr",
]
GROUPS_WITH_SUBTASKS = [
    "leaderboard_bbh",
    "leaderboard_gpqa",
    "leaderboard_math_hard",
    "leaderboard_musr",
]

# --------------------------------------------------------------------------------------------
# Variants. `b_weight` / `c_weight` scale a task family's share of the flips (beyond its size).
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    key: str
    label: str
    model_name: str
    model_args: str
    date_id: str
    b: int
    c: int
    b_weight: dict = field(default_factory=dict, compare=False, hash=False)
    c_weight: dict = field(default_factory=dict, compare=False, hash=False)
    noise: float = 0.02  # log-likelihood jitter on unflipped items


BASE_MODEL = "meta-llama/Llama-3.1-8B-Instruct"
VLLM_ARGS = "dtype=bfloat16,tensor_parallel_size=1,gpu_memory_utilization=0.9,max_model_len=4096"

BASELINE = Variant(
    "baseline",
    "Llama-3.1-8B-Instruct, BF16 baseline (simulated)",
    BASE_MODEL,
    f"pretrained={BASE_MODEL},{VLLM_ARGS}",
    "2026-11-02T10-15-30.123456",
    0,
    0,
)
CANDIDATES = [
    Variant(
        "candidate_lossless_rerun",
        "Baseline rerun, lossless (simulated)",
        BASE_MODEL,
        f"pretrained={BASE_MODEL},{VLLM_ARGS}",
        "2026-11-02T14-02-11.908172",
        163,
        168,
        noise=0.002,
    ),
    Variant(
        "candidate_kv_fp8",
        "KV-cache FP8 (simulated)",
        f"{BASE_MODEL}-KV-FP8",
        f"pretrained={BASE_MODEL}-KV-FP8,{VLLM_ARGS},kv_cache_dtype=fp8",
        "2026-11-03T09-41-07.551920",
        1241,
        1042,
        b_weight={"math": 1.15, "ifeval": 1.15},
    ),
    Variant(
        "candidate_w4a16",
        "4-bit weights, w4a16 (simulated)",
        f"{BASE_MODEL}-w4a16",
        f"pretrained={BASE_MODEL}-w4a16,{VLLM_ARGS}",
        "2026-11-03T16-27-45.004318",
        1816,
        1378,
        b_weight={"math": 1.6, "mmlu_pro": 1.35},
        c_weight={"math": 1.1},
    ),
]
VARIANTS = [BASELINE, *CANDIDATES]


def sanitize_model_name(name: str) -> str:
    """lm-eval's ``sanitize_model_name``."""
    return re.sub(r"[\"<>:/|\\?*\[\]]+", "__", name)


def hash_string(s: str) -> str:
    """A 40-hex-digit content hash, as in the lm-eval 0.4.9.x reference files.

    Current lm-eval computes SHA-256 (64 hex digits); the reference ``--log_samples`` files
    the team collected carry 40 hex digits. A shorter hash also keeps the zips small. Readers
    must only compare these values for equality.
    """
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def rng_for(*keys: int) -> np.random.Generator:
    return np.random.default_rng([SEED, *keys])


# --------------------------------------------------------------------------------------------
# Synthetic docs (short, visibly synthetic text)
# --------------------------------------------------------------------------------------------

WORDS = (
    "red blue green small large first last left right north south river tower lamp "
    "book coin seed stone cloud glass apple train field clock paper"
).split()
NAMES = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace"]
PLACES = ["drawer", "shelf", "basket", "box", "table"]
IFEVAL_INSTR = [
    ("punctuation:no_comma", {}),
    ("length_constraints:number_words", {"num_words": 300, "relation": "at least"}),
    ("detectable_format:title", {}),
    ("change_case:english_lowercase", {}),
    ("keywords:existence", {"keywords": ["lamp", "river"]}),
    ("detectable_format:number_bullet_lists", {"num_bullets": 3}),
    ("startend:end_checker", {"end_phrase": "Is there anything else I can help with?"}),
]
MMLU_CATS = [
    "biology",
    "business",
    "chemistry",
    "computer science",
    "economics",
    "engineering",
    "health",
    "history",
    "law",
    "math",
    "other",
    "philosophy",
    "physics",
    "psychology",
]


def _words(rng: np.random.Generator, k: int) -> str:
    return " ".join(WORDS[i] for i in rng.integers(0, len(WORDS), k))


def _question(task: Task, doc_id: int, rng: np.random.Generator) -> str:
    return (
        f"Simulated {task.kind} item {doc_id}: which answer fits the "
        f"{_words(rng, 4)} pattern described here?"
    )


def make_doc(task: Task, doc_id: int, gold: int, rng: np.random.Generator) -> tuple[dict, str]:
    """Return (doc, target) for one item; ``gold`` indexes ``task.choices`` where relevant."""
    q = _question(task, doc_id, rng)
    if task.kind == "bbh":
        return {"input": q, "target": task.choices[gold]}, task.choices[gold]
    if task.kind == "gpqa":
        doc = {"Question": q}
        for i in range(4):
            doc[f"choice{i + 1}"] = _words(rng, 2)
        doc["answer"] = task.choices[gold]
        return doc, task.choices[gold]
    if task.kind == "musr":
        pool = NAMES if task.topic != "object_placements" else PLACES
        opts = [pool[(doc_id + i) % len(pool)] for i in range(len(task.choices))]
        doc = {
            "narrative": f"Simulated story {doc_id} about the {_words(rng, 3)}.",
            "question": q,
            "choices": str(opts),
            "answer_index": gold,
            "answer_choice": opts[gold],
        }
        return doc, opts[gold]
    if task.kind == "mmlu_pro":
        cat = MMLU_CATS[doc_id % len(MMLU_CATS)]
        doc = {
            "question_id": 70 + doc_id,
            "question": q,
            "options": [f"option {LETTERS[i].lower()}" for i in range(10)],
            "answer": LETTERS[gold],
            "answer_index": gold,
            "cot_content": "",
            "category": cat,
            "src": f"simulated-{cat.replace(' ', '_')}",
        }
        return doc, LETTERS[gold]
    if task.kind == "math":
        ans = str(int(rng.integers(2, 200)))
        doc = {
            "problem": q,
            "solution": f"Simulated solution. The answer is $\\boxed{{{ans}}}$.",
            "answer": ans,
        }
        return doc, ans
    if task.kind == "ifeval":
        k = int(rng.integers(1, 4))
        picks = sorted(rng.choice(len(IFEVAL_INSTR), size=k, replace=False).tolist())
        doc = {
            "key": 1000 + doc_id,
            "prompt": f"Simulated instruction {doc_id}: write about the {_words(rng, 3)}.",
            "instruction_id_list": [IFEVAL_INSTR[i][0] for i in picks],
            "kwargs": [IFEVAL_INSTR[i][1] for i in picks],
        }
        return doc, "0"
    raise ValueError(task.kind)


def context(task: Task, doc: dict) -> str:
    if task.kind == "bbh":
        return f"Q: {doc['input']}\nA:"
    if task.kind == "gpqa":
        opts = "".join(f"\n({LETTERS[i]}) {doc[f'choice{i + 1}']}" for i in range(4))
        return (
            f"What is the correct answer to this question:{doc['Question']}\nChoices:{opts}"
            "\nAnswer: "
        )
    if task.kind == "musr":
        return f"{doc['narrative']}\n\n{doc['question']}\n\nPick one of {doc['choices']}\nAnswer:"
    if task.kind == "mmlu_pro":
        opts = "".join(f"{LETTERS[i]}. {o}\n" for i, o in enumerate(doc["options"]))
        return f"{doc['question']}\n{opts}Answer:"
    if task.kind == "math":
        return f"Problem:\n{doc['problem']}\n\nSolution:"
    return doc["prompt"]


def continuations(task: Task, doc: dict) -> list[str]:
    if task.kind == "gpqa":
        return [" " + c for c in task.choices]  # default target_delimiter " "
    if task.kind == "musr":
        return list(json.loads(doc["choices"].replace("'", '"')))
    return list(task.choices)


# --------------------------------------------------------------------------------------------
# Per-item outcomes
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------

MC_METRIC = {"bbh": "acc_norm", "gpqa": "acc_norm", "musr": "acc_norm", "mmlu_pro": "acc"}
GEN_KWARGS = {
    "math": {"until": ["Problem:"], "do_sample": False, "temperature": 0.0, "max_gen_toks": 1024},
    "ifeval": {"until": [], "do_sample": False, "temperature": 0.0, "max_gen_toks": 1280},
}


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def record(
    s: TaskState,
    d: int,
    right: bool,
    pred: int,
    scores: np.ndarray | None,
    inst: list[bool] | None,
    loose_extra: bool,
) -> tuple[dict, dict]:
    """One samples record and its metric values (for the results file)."""
    task, doc = s.task, s.docs[d]
    ctx = context(task, doc)
    rec: dict = {"doc_id": d, "doc": doc, "target": s.targets[d]}
    values: dict = {}
    if task.kind in MC_METRIC:
        conts = continuations(task, doc)
        lengths = np.array([max(len(c), 1) for c in conts], dtype=float)
        # acc_norm ranks log-likelihood / continuation length; acc ranks raw log-likelihood
        lls = scores * lengths if MC_METRIC[task.kind] == "acc_norm" else scores
        rec["arguments"] = {
            f"gen_args_{i}": {"arg_0": ctx, "arg_1": c} for i, c in enumerate(conts)
        }
        pairs = [[_fmt(float(ll)), "True" if i == pred else "False"] for i, ll in enumerate(lls)]
        rec["resps"] = [[p] for p in pairs]
        rec["filtered_resps"] = pairs
        rec["filter"] = "none"
        metric = MC_METRIC[task.kind]
        rec["metrics"] = [metric]
        values[metric] = 1.0 if right else 0.0
    elif task.kind == "math":
        answer = s.targets[d] if right else str(int(s.targets[d]) + 1 + d % 7)
        text = f" Simulated working. Final Answer: The final answer is ${answer}$."
        rec["arguments"] = {"gen_args_0": {"arg_0": ctx, "arg_1": GEN_KWARGS["math"]}}
        rec["resps"] = [[text]]
        rec["filtered_resps"] = [text]
        rec["filter"] = "none"
        rec["metrics"] = ["exact_match"]
        values["exact_match"] = 1 if right else 0  # the leaderboard MATH task stores an int
    else:  # ifeval
        text = f"Simulated response {d}: {'follows' if right else 'misses'} the instructions."
        strict = list(inst)
        loose = [x or loose_extra for x in strict]
        rec["arguments"] = {"gen_args_0": {"arg_0": ctx, "arg_1": GEN_KWARGS["ifeval"]}}
        rec["resps"] = [[text]]
        rec["filtered_resps"] = [text]
        rec["filter"] = "none"
        rec["metrics"] = [
            "prompt_level_strict_acc",
            "inst_level_strict_acc",
            "prompt_level_loose_acc",
            "inst_level_loose_acc",
        ]
        values = {
            "prompt_level_strict_acc": all(strict),
            "inst_level_strict_acc": strict,
            "prompt_level_loose_acc": all(loose),
            "inst_level_loose_acc": loose,
        }
    rec["doc_hash"] = hash_string(json.dumps(doc, indent=2, ensure_ascii=False))
    rec["prompt_hash"] = hash_string(ctx)
    rec["target_hash"] = hash_string(str(s.targets[d]))
    rec.update(values)
    return rec, values


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


# --------------------------------------------------------------------------------------------
# Results file
# --------------------------------------------------------------------------------------------


def _stderr(vals: Sequence[float]) -> float:
    n = len(vals)
    if n < 2:
        return 0.0
    return float(np.std(np.asarray(vals, dtype=float), ddof=1) / math.sqrt(n))


def _task_config(task: Task) -> dict:
    if task.kind in MC_METRIC:
        dataset = {
            "bbh": "SaylorTwift/bbh",
            "gpqa": "Idavidrein/gpqa",
            "musr": "TAUR-Lab/MuSR",
            "mmlu_pro": "TIGER-Lab/MMLU-Pro",
        }[task.kind]
        metric = MC_METRIC[task.kind]
        cfg = {
            "task": task.name,
            "tag": [],
            "dataset_path": dataset,
            "dataset_name": task.topic or None,
            "test_split": "test",
            "doc_to_text": "<simulated>",
            "doc_to_target": "<simulated>",
            "doc_to_choice": "<simulated>",
            "description": "",
            "target_delimiter": " " if task.kind == "gpqa" else "",
            "fewshot_delimiter": "\n\n",
            "num_fewshot": 0,
            "metric_list": [{"metric": metric, "aggregation": "mean", "higher_is_better": True}],
            "output_type": "multiple_choice",
            "repeats": 1,
            "should_decontaminate": False,
            "metadata": {"version": 1.0},
        }
        return cfg
    if task.kind == "math":
        return {
            "task": task.name,
            "tag": [],
            "dataset_path": "lighteval/MATH-Hard",
            "dataset_name": task.topic,
            "test_split": "test",
            "doc_to_text": "<simulated>",
            "doc_to_target": "{{answer}}",
            "description": "",
            "target_delimiter": " ",
            "fewshot_delimiter": "\n\n",
            "num_fewshot": 0,
            "metric_list": [
                {"metric": "exact_match", "aggregation": "mean", "higher_is_better": True}
            ],
            "output_type": "generate_until",
            "generation_kwargs": GEN_KWARGS["math"],
            "repeats": 1,
            "should_decontaminate": False,
            "metadata": {"version": 1.0},
        }
    metrics = [
        "prompt_level_strict_acc",
        "inst_level_strict_acc",
        "prompt_level_loose_acc",
        "inst_level_loose_acc",
    ]
    return {
        "task": task.name,
        "dataset_path": "wis-k/instruction-following-eval",
        "test_split": "train",
        "doc_to_text": "prompt",
        "doc_to_target": 0,
        "description": "",
        "target_delimiter": " ",
        "fewshot_delimiter": "\n\n",
        "num_fewshot": 0,
        "metric_list": [
            {
                "metric": m,
                "aggregation": "mean" if "prompt" in m else "agg_inst_level_acc",
                "higher_is_better": True,
            }
            for m in metrics
        ],
        "output_type": "generate_until",
        "generation_kwargs": GEN_KWARGS["ifeval"],
        "repeats": 1,
        "should_decontaminate": False,
        "metadata": {"version": 2.0},
    }


def results_json(variant: Variant, tasks: list[Task], recs: dict[str, list[dict]]) -> dict:
    per_task: dict[str, dict] = {}
    pooled: dict[str, dict[str, list[float]]] = {}
    for task in tasks:
        entry: dict = {
            "alias": f" - {task.name.removeprefix(task.group + '_')}"
            if task.group != task.name
            else task.name
        }
        metrics = recs[task.name][0]["metrics"]
        for m in metrics:
            vals = [r[m] for r in recs[task.name]]
            if m.startswith("inst_level"):
                flat = [float(x) for v in vals for x in v]
                entry[f"{m},none"] = float(np.mean(flat))
                entry[f"{m}_stderr,none"] = "N/A"
            else:
                fv = [float(v) for v in vals]
                entry[f"{m},none"] = float(np.mean(fv))
                entry[f"{m}_stderr,none"] = _stderr(fv)
                pooled.setdefault(task.group, {}).setdefault(m, []).extend(fv)
        per_task[task.name] = entry
    results: dict[str, dict] = {}
    groups: dict[str, dict] = {}
    # top-level group "leaderboard": size-weighted over all leaves, per metric
    top: dict = {}
    for g in GROUP_ORDER:
        for m, v in pooled.get(g, {}).items():
            top.setdefault(m, []).extend(v)
    lb: dict = {"alias": "leaderboard"}
    for m in sorted(top):
        lb[f"{m},none"] = float(np.mean(top[m]))
        lb[f"{m}_stderr,none"] = _stderr(top[m])
    results["leaderboard"] = lb
    groups["leaderboard"] = lb
    for g in GROUP_ORDER:
        members = [t for t in tasks if t.group == g]
        if g in GROUPS_WITH_SUBTASKS:
            ge = {"alias": f" - {g}"}
            for m, v in pooled[g].items():
                ge[f"{m},none"] = float(np.mean(v))
                ge[f"{m}_stderr,none"] = _stderr(v)
            results[g] = ge
            groups[g] = ge
            for t in members:
                e = dict(per_task[t.name])
                e["alias"] = "  " + e["alias"]
                results[t.name] = e
        else:
            e = dict(per_task[members[0].name])
            e["alias"] = f" - {g}"
            results[g] = e
    group_subtasks: dict[str, list[str]] = {}
    for g in GROUP_ORDER:
        group_subtasks[g] = (
            [t.name for t in tasks if t.group == g] if g in GROUPS_WITH_SUBTASKS else []
        )
    group_subtasks["leaderboard"] = list(GROUP_ORDER)
    configs = {t.name: _task_config(t) for t in sorted(tasks, key=lambda t: t.name)}
    versions = {g: 1.0 for g in ["leaderboard", *GROUPS_WITH_SUBTASKS]}
    versions.update({t.name: configs[t.name]["metadata"]["version"] for t in tasks})
    versions = dict(sorted(versions.items()))
    hib: dict[str, dict] = {}
    for name in ["leaderboard", *GROUP_ORDER]:
        hib[name] = {}
    for t in tasks:
        ms = recs[t.name][0]["metrics"]
        hib[t.name] = {m: True for m in ms}
        hib[t.group].update({m: True for m in ms})
        hib["leaderboard"].update({m: True for m in ms})
    date = _epoch(variant.date_id)
    return {
        "results": results,
        "groups": groups,
        "group_subtasks": group_subtasks,
        "configs": configs,
        "versions": versions,
        "n-shot": {t.name: 0 for t in sorted(tasks, key=lambda t: t.name)},
        "higher_is_better": hib,
        "n-samples": {
            t.name: {"original": t.size, "effective": t.size}
            for t in sorted(tasks, key=lambda t: t.name)
        },
        "config": {
            "model": "vllm",
            "model_args": variant.model_args,
            "batch_size": "auto",
            "batch_sizes": [],
            "device": None,
            "use_cache": None,
            "limit": None,
            "bootstrap_iters": 100000,
            "gen_kwargs": None,
            "random_seed": 0,
            "numpy_seed": 1234,
            "torch_seed": 1234,
            "fewshot_seed": 1234,
        },
        "git_hash": None,
        "date": date,
        "transformers_version": "4.56.2",
        "lm_eval_version": LM_EVAL_VERSION,
        "upper_git_hash": None,
        "task_hashes": {
            t.name: hash_string(f"simulated:{t.name}:{t.size}")
            for t in sorted(tasks, key=lambda t: t.name)
        },
        "model_source": "vllm",
        "model_name": variant.model_name,
        "model_name_sanitized": sanitize_model_name(variant.model_name),
        "system_instruction": None,
        "system_instruction_sha": None,
        "fewshot_as_multiturn": False,
        "chat_template": None,
        "chat_template_sha": None,
        "start_time": 1000.0,
        "end_time": 4600.0,
        "total_evaluation_time_seconds": "3600.0",
    }


def _epoch(date_id: str) -> float:
    from datetime import UTC, datetime

    dt = datetime.strptime(date_id, "%Y-%m-%dT%H-%M-%S.%f").replace(tzinfo=UTC)
    return dt.timestamp()


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def variant_files(
    variant: Variant, tasks: list[Task], recs: dict[str, list[dict]]
) -> dict[str, bytes]:
    """Relative path -> bytes, for one variant's folder."""
    folder = f"{variant.key}/{sanitize_model_name(variant.model_name)}"
    files: dict[str, bytes] = {}
    res = results_json(variant, tasks, recs)
    files[f"{folder}/results_{variant.date_id}.json"] = (
        json.dumps(res, indent=2, ensure_ascii=False) + "\n"
    ).encode("utf-8")
    for task in tasks:
        lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in recs[task.name]]
        files[f"{folder}/samples_{task.name}_{variant.date_id}.jsonl"] = "".join(lines).encode(
            "utf-8"
        )
    return files


# LZMA (zip method 14) compresses these files about 35% better than deflate, which is what
# keeps all four zips under 15 MB, and it decompresses about 6x faster than bzip2 (0.2 s
# instead of 1.2 s a zip), which keeps the page's first render fast. Python's zipfile reads
# it without extra packages.
COMPRESSION = zipfile.ZIP_LZMA


def write_zip(path: Path, files: dict[str, bytes], date_id: str) -> None:
    stamp = tuple(int(x) for x in re.split(r"[-T]", date_id.split(".")[0]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = COMPRESSION
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, files[name], compress_type=COMPRESSION)
    path.write_bytes(buf.getvalue())


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


def generate(
    out_dir: Path,
    keep_folders: bool = False,
    verbose: bool = True,
    only: Sequence[str] | None = None,
) -> dict:
    """Write the zips (and manifest) into ``out_dir``; ``only`` limits which zips are written.

    Returns the per-task (b, c) of every candidate written.
    """
    tasks = build_tasks()
    assert sum(t.size for t in tasks) == N_TOTAL, sum(t.size for t in tasks)
    states = [init_task(ti, t) for ti, t in enumerate(tasks)]
    out_dir.mkdir(parents=True, exist_ok=True)
    all_recs = {}
    counts = {}
    for vi, variant in enumerate(VARIANTS):
        wanted = only is None or variant.key in only
        if not wanted and variant is not BASELINE:
            continue
        plan = None if variant is BASELINE else flip_plan(vi, variant, states)
        recs = variant_records(vi, variant, states, plan)
        all_recs[variant.key] = recs
        if not wanted:
            continue
        files = variant_files(variant, tasks, recs)
        write_zip(out_dir / f"{variant.key}.zip", files, variant.date_id)
        if keep_folders:
            shutil.rmtree(out_dir / variant.key, ignore_errors=True)
            for rel, data in files.items():
                p = out_dir / rel
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_bytes(data)
        if plan is not None:
            per_task = discordant(all_recs["baseline"], recs, tasks)
            b = sum(v[0] for v in per_task.values())
            c = sum(v[1] for v in per_task.values())
            assert (b, c) == (variant.b, variant.c), (variant.key, b, c)
            counts[variant.key] = per_task
    manifest = {
        "description": "SIMULATED lm-eval outputs (not real model outputs) reproducing the "
        f"pooled discordant counts of {SOURCE}.",
        "simulated": True,
        "generator": "sample_data/make_degradation_samples.py",
        "seed": SEED,
        "n_items": N_TOTAL,
        "baseline": {
            "file": "baseline.zip",
            "label": BASELINE.label,
            "model_name": BASELINE.model_name,
            "date_id": BASELINE.date_id,
        },
        "candidates": [
            {
                "file": f"{v.key}.zip",
                "label": v.label,
                "model_name": v.model_name,
                "date_id": v.date_id,
                "expected_b": v.b,
                "expected_c": v.c,
            }
            for v in CANDIDATES
        ],
    }
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if verbose:
        for v in VARIANTS:
            if only is not None and v.key not in only:
                continue
            size = (out_dir / f"{v.key}.zip").stat().st_size
            print(f"{v.key}.zip: {size / 1e6:.2f} MB")
    return counts


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "degradation")
    ap.add_argument("--folders", action="store_true", help="also write the unzipped folders")
    ap.add_argument("--table", action="store_true", help="print per-group discordant counts")
    ap.add_argument(
        "--only",
        action="append",
        choices=[v.key for v in VARIANTS],
        help="write only this variant's zip (repeatable)",
    )
    args = ap.parse_args(argv)
    counts = generate(args.out, keep_folders=args.folders, only=args.only)
    if args.table:
        tasks = build_tasks()
        by_group: dict[str, dict[str, list[int]]] = {}
        for key, per_task in counts.items():
            for t in tasks:
                g = by_group.setdefault(t.group, {}).setdefault(key, [0, 0])
                g[0] += per_task[t.name][0]
                g[1] += per_task[t.name][1]
        sizes = {g: sum(t.size for t in tasks if t.group == g) for g in GROUP_ORDER}
        keys = list(counts)
        print("| group | N | " + " | ".join(f"{k} b / c" for k in keys) + " |")
        print("|---|---|" + "---|" * len(keys))
        for g in GROUP_ORDER:
            cells = " | ".join(f"{by_group[g][k][0]} / {by_group[g][k][1]}" for k in keys)
            print(f"| {g} | {sizes[g]} | {cells} |")


if __name__ == "__main__":
    main()
