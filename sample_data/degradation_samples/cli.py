"""``python sample_data/make_degradation_samples.py``: write the zips and the manifest."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from .layout import (
    BASELINE,
    CANDIDATES,
    GROUP_ORDER,
    N_TOTAL,
    SEED,
    SOURCE,
    VARIANTS,
    Task,
    Variant,
    build_tasks,
)
from .lm_eval_folder import variant_files, write_zip
from .simulation import discordant, flip_plan, init_task, variant_records

DESCRIPTION = (
    "Write the SIMULATED degradation sample data: a baseline and three candidates in lm-eval "
    "layout."
)

#: Where the app and the tests expect the zips: ``sample_data/degradation/``.
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "degradation"


class SampleDataError(RuntimeError):
    """The simulation did not produce what the sample data promise (a bug in the generator)."""


def check_layout(tasks: Sequence[Task]) -> None:
    """Refuse a task layout whose sizes do not add up to the paper's N = 25,282."""
    total = sum(task.size for task in tasks)
    if total != N_TOTAL:
        raise SampleDataError(f"the task sizes add up to {total:,} items, not {N_TOTAL:,}")


def check_counts(variant: Variant, per_task: dict[str, tuple[int, int]]) -> None:
    """Refuse a candidate whose pooled discordant counts differ from its (b, c)."""
    b = sum(v[0] for v in per_task.values())
    c = sum(v[1] for v in per_task.values())
    if (b, c) != (variant.b, variant.c):
        raise SampleDataError(
            f"{variant.key}: simulated b = {b}, c = {c}, expected b = {variant.b}, c = {variant.c}"
        )


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
    check_layout(tasks)
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
            check_counts(variant, per_task)
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
    ap = argparse.ArgumentParser(description=DESCRIPTION)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
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
