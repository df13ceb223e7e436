"""What is simulated: the task layout, the variants and the fixed constants.

The Open LLM Leaderboard v2 tasks as lm-evaluation-harness names them, with their real
per-subtask sizes, and the baseline and three candidates with the discordant counts (b, c)
each must reproduce.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

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
