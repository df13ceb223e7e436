"""lm-eval's ``results_<date_id>.json``: per-task, per-group and pooled metrics and configs."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .layout import GROUP_ORDER, GROUPS_WITH_SUBTASKS, LM_EVAL_VERSION, Task, Variant
from .lm_eval_records import GEN_KWARGS, MC_METRIC, hash_string, sanitize_model_name


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
