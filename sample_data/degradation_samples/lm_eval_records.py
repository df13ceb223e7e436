"""lm-eval ``--log_samples`` records: one JSON object per item, as lm-eval 0.4.9 writes them."""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING

import numpy as np

from .items import context, continuations

if TYPE_CHECKING:
    from .simulation import TaskState


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
