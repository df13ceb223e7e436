"""Stanford HELM run directories: ``per_instance_stats.json`` plus ``run_spec.json``.

Detection (from content)
    A JSON list whose head shows ``instance_id`` and ``stats`` (per-instance stats). The
    other files of a run directory are claimed too so that a whole folder can be given:
    ``run_spec.json`` and ``scenario_state.json`` (objects with ``adapter_spec``), the
    aggregate ``stats.json`` and ``scenario.json``. They are read for names and text only.
Item key
    ``instance_id``; ``train_trial_index`` goes to ``run`` (reruns, averaged by pairing).
    Rows with a ``perturbation`` are robustness variants of an instance and are excluded.
Choices
    The metric (stat name; default the first of exact_match, quasi_exact_match,
    prefix_exact_match, quasi_prefix_exact_match, f1_score, rouge_l present) and the split
    (``ReadOptions.filter``; default ``test`` when present, otherwise the first seen).
Task and model
    The task is the run name without its ``model=`` part; the model is
    ``adapter_spec.model`` of ``run_spec.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from core.errors import InputError
from core.readers import runs as run_choice
from core.readers.files.jsonl import (
    first_char,
    has_pattern,
    head,
    load_json,
    short_text,
    structure_errors,
)
from core.readers.files.sources import InputFile, describe
from core.readers.gather import Gathered, refuse_unknown, refuse_without_items, requested
from core.samples import DETAIL_COLUMNS, SampleScores, TaskInfo, make_score_frame

if TYPE_CHECKING:
    import pandas as pd

_DEFAULT_METRICS = (
    "exact_match",
    "quasi_exact_match",
    "prefix_exact_match",
    "quasi_prefix_exact_match",
    "f1_score",
    "rouge_l",
)
_BOOKKEEPING = (
    "num_",
    "finish_reason_",
    "training_",
    "batch_size",
    "inference_runtime",
    "prompt_truncated",
    "max_prob",
    "logprob",
)


def _kind(file: InputFile) -> str | None:
    start = first_char(file)
    top = head(file, 64 * 1024)
    if start == b"[":
        if has_pattern(top, r'"instance_id"\s*:') and has_pattern(top, r'"stats"\s*:'):
            return "per_instance_stats"
        if has_pattern(top, r'^\s*\[\s*\{\s*"name"\s*:\s*\{\s*"name"\s*:'):
            return "stats"
    elif start == b"{":
        if has_pattern(top, r'"adapter_spec"\s*:'):
            return "scenario_state" if file.data.find(b'"request_states"') >= 0 else "run_spec"
        if has_pattern(top, r'"(class_name|definition_path)"\s*:\s*"[^"]*helm'):
            return "scenario"
    return None


class HelmReader:
    """Reader for HELM run directories."""

    name = "helm"
    #: Reading options the format does not have: refused by :func:`core.readers.read_run`.
    absent_options = ("score_key",)
    #: The format's files in words, one and several (for that refusal).
    described = ("a HELM run", "HELM results")

    def claims(self, file: InputFile) -> bool:
        """Any file of a HELM run directory, recognised from its content."""
        return _kind(file) is not None

    def read(self, files: Sequence[InputFile], options: object) -> SampleScores:
        """Read each run directory's per-instance stats as one task."""
        by_dir: dict[PurePosixPath, dict[str, InputFile]] = {}
        for file in files:
            kind = _kind(file)
            if kind:
                by_dir.setdefault(PurePosixPath(file.name).parent, {})[kind] = file
        runs = {d: kinds for d, kinds in by_dir.items() if "per_instance_stats" in kinds}
        if not runs:
            refuse_without_items(
                files,
                "these HELM files hold no per-instance scores (scenario_state.json has prompts "
                "and completions only). Give per_instance_stats.json from the same run "
                "directory (benchmark_output/runs/<suite>/<run>/).",
            )
        named = []
        for folder, kinds in sorted(runs.items()):
            stats_file = kinds["per_instance_stats"]
            with structure_errors(stats_file.name, "a HELM per_instance_stats.json"):
                task, model = _names(folder, kinds.get("run_spec") or kinds.get("scenario_state"))
            named.append((folder, kinds, task, model))
        named, selection = run_choice.choose(
            named, lambda run: run_choice.RunRef(run[3]), describe(files), options
        )
        gathered = Gathered("helm", "runs")
        for _folder, kinds, task, model in named:
            stats_file = kinds["per_instance_stats"]
            with structure_errors(stats_file.name, "a HELM per_instance_stats.json"):
                frame, info = _read_stats(stats_file, task, options, gathered.warnings)
                detail = _details(kinds.get("scenario_state"), task)
            gathered.refuse_repeat(task, stats_file.name, "Give one run directory per task.")
            gathered.add(task, info, frame, model, detail)
        return gathered.result(files, selection)


def _names(folder: PurePosixPath, spec_file: InputFile | None) -> tuple[str, str | None]:
    run_name, model = folder.name, None
    if spec_file is not None:
        spec = load_json(spec_file)
        if isinstance(spec, dict):
            run_name = str(spec.get("name") or run_name)
            adapter = spec.get("adapter_spec")
            model = adapter.get("model") if isinstance(adapter, dict) else None
    if ":" not in run_name and "-" in run_name.split("=", 1)[0]:
        head_part, rest = run_name.split("=", 1)[0], run_name.split("=", 1)[1:]
        run_name = "=".join([head_part.replace("-", ":", 1), *rest]) if rest else run_name
    scenario, _, args = run_name.partition(":")
    kept = [a for a in args.split(",") if a and not a.startswith(("model=", "model_deployment="))]
    if model is None:
        model = next((a.split("=", 1)[1] for a in args.split(",") if a.startswith("model=")), None)
    return (f"{scenario}:{','.join(kept)}" if kept else scenario), model


def _read_stats(file: InputFile, task: str, options: object, warnings: list[str]):
    entries = load_json(file)
    if not isinstance(entries, list):
        raise InputError(f"{file.name}: expected a JSON list of instances. Give the unedited file.")
    rows: list[tuple[str, int, str, str, float | None]] = []
    perturbed = 0
    for entry in entries:
        if entry.get("perturbation"):
            perturbed += 1
            continue
        for stat in entry["stats"]:
            name = stat["name"]
            if name.get("perturbation"):
                continue
            mean = stat.get("mean") if stat.get("count", 0) else None
            rows.append(
                (
                    str(entry["instance_id"]),
                    int(entry.get("train_trial_index") or 0),
                    str(name["name"]),
                    str(name.get("split") or ""),
                    mean,
                )
            )
    splits = list(dict.fromkeys(r[3] for r in rows))
    metrics = list(
        dict.fromkeys(r[2] for r in rows if r[4] is not None and not r[2].startswith(_BOOKKEEPING))
    )
    if not rows or not metrics:
        raise InputError(
            f"{file.name}: no per-instance metric values. Give the file of a finished HELM run."
        )
    split = requested(options, "filter", task)
    if split and split not in splits:
        refuse_unknown(file.name, "split", split, splits, task)
    split = split or ("test" if "test" in splits else splits[0])
    metric = requested(options, "metric", task)
    if metric and metric not in metrics:
        refuse_unknown(file.name, "metric", metric, metrics, task)
    metric = metric or next((m for m in _DEFAULT_METRICS if m in metrics), None)
    if metric is None:
        raise InputError(
            f"{file.name}: no default metric for {task}; choose one of {', '.join(metrics)}."
        )
    chosen = [r for r in rows if r[2] == metric and r[3] == split]
    missing = sum(1 for r in chosen if r[4] is None)
    chosen = [r for r in chosen if r[4] is not None]
    other = len({r[0] for r in rows if r[3] != split})
    if other:
        warnings.append(
            f"{task}: {other:,} instance{'' if other == 1 else 's'} of other splits "
            f"({', '.join(s for s in splits if s != split)}) {'is' if other == 1 else 'are'} "
            "not read; the "
            f"{split!r} split is compared."
        )
    if perturbed:
        warnings.append(f"{task}: {perturbed} perturbed row(s) (robustness variants) excluded.")
    if missing:
        have = "instance has" if missing == 1 else "instances have"
        warnings.append(f"{task}: {missing:,} {have} no {metric} value (count 0).")
    if not chosen:
        raise InputError(f"{file.name}: no {metric} values in split {split!r}. Choose another.")
    ids, runs, _, _, means = zip(*chosen)
    frame = make_score_frame(task, list(ids), list(means), run=list(runs))
    info = TaskInfo(
        metric=metric,
        metric_choices=tuple(metrics),
        filter=split,
        filter_choices=tuple(splits),
        source_files=(file.name,),
    )
    return frame, info


def _details(file: InputFile | None, task: str) -> pd.DataFrame | None:
    if file is None:
        return None
    state = load_json(file)
    if not isinstance(state, dict) or not isinstance(state.get("request_states"), list):
        return None
    out: dict[str, tuple] = {}
    for request in state["request_states"]:
        instance = request.get("instance") or {}
        item = str(instance.get("id"))
        if item in out or instance.get("perturbation"):
            continue
        refs = [
            r.get("output", {}).get("text")
            for r in instance.get("references") or []
            if "correct" in (r.get("tags") or [])
        ]
        completions = (request.get("result") or {}).get("completions") or [{}]
        out[item] = (
            task,
            item,
            short_text((instance.get("input") or {}).get("text"), tail=True),
            short_text(refs[0] if len(refs) == 1 else refs),
            short_text(completions[0].get("text")),
        )
    import pandas as pd

    return pd.DataFrame(list(out.values()), columns=list(DETAIL_COLUMNS), dtype="string")


READER = HelmReader()
