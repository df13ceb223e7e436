"""Benchmark: read two lm-eval ``--log_samples`` folders of 25,282 docs each (~64 MB a side).

Compares ``core.readers.read_path`` on each folder with a plain loop that decodes the same
lines with orjson and pulls ``doc_id`` and the metric (the floor any reader must pay), and
measures the reader's peak Python-heap allocation (tracemalloc) and the process's peak RSS.

    python benchmarks/readers_speed.py [--docs 25282] [--repeat 3]

The target (issue 3): reader time <= 1.5x the plain loop; peak memory well below the files'
size. The folders are generated into a temporary directory with realistic records: a
few-shot prompt of ~1.8 kB, four choices, per-choice log-likelihood responses, hashes.

Figures (2 x 25,282 docs, 67 MB a side, shared 2-core machine, three runs each):

* before (drill-down texts built for every record while reading): plain loop 0.28 s,
  readers 0.50-0.51 s, ratio 1.82x / 2.41x (machine busy) / 1.79x; peak Python heap
  48.8 MB (36% of the files); kept in the results 32.9 MB (scores and every text).
* after (the lm-eval reader keeps each record's line offset; ``LmEvalDetails`` decodes only
  the records the drill-down shows): plain loop 0.28 s, readers 0.35-0.37 s, ratio
  1.24x-1.32x over nine runs (1.29x / 1.28x / 1.29x in the last three, varying with the
  machine's load); peak Python heap 19.2 MB (14% of the files); kept in the results
  13.9 MB (scores, and per record an item id and a line offset); drill-down rows for
  1,000 items in about 22 ms.

The heap figures are tracemalloc's (Arrow string buffers are not traced); the RSS includes
the mapped pages of both files.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import orjson
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.readers import read_path  # noqa: E402
from core.samples import detail_rows  # noqa: E402

WORDS = (
    "the of and to in is was for on that with as by at from which model answer question "
    "energy cell water light plant animal earth force heat system number value result"
).split()
DATE = "2025-09-09T13-31-53.431753"


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def write_run(folder: Path, docs: int, seed: int, accuracy: float) -> int:
    """Write one lm-eval run (samples + results) and return the samples file's size."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    shots = "\n\n".join(
        f"Question: {_sentence(rng, 12)}\nAnswer: {_sentence(rng, 3)}" for _ in range(2)
    )
    path = folder / f"samples_arc_easy_{DATE}.jsonl"
    with path.open("wb") as out:
        for doc_id in range(docs):
            question = _sentence(rng, 25)
            choices = [_sentence(rng, 8) for _ in range(4)]
            context = f"{shots}\n\nQuestion: {question}\nAnswer:"
            gold = rng.randrange(4)
            correct = rng.random() < accuracy
            lls = [[f"{-rng.uniform(1, 20):.6f}", "False"] for _ in choices]
            record = {
                "doc_id": doc_id,
                "doc": {
                    "id": f"Mercury_{doc_id}",
                    "question": question,
                    "choices": {"text": choices, "label": list("ABCD")},
                    "answerKey": "ABCD"[gold],
                },
                "target": str(gold),
                "arguments": {
                    f"gen_args_{i}": {"arg_0": context, "arg_1": " " + c}
                    for i, c in enumerate(choices)
                },
                "resps": [[pair] for pair in lls],
                "filtered_resps": lls,
                "filter": "none",
                "metrics": ["acc", "acc_norm"],
                "doc_hash": hashlib.sha256(question.encode()).hexdigest(),
                "prompt_hash": hashlib.sha256(context.encode()).hexdigest(),
                "target_hash": hashlib.sha256(str(gold).encode()).hexdigest(),
                "acc": float(correct),
                "acc_norm": float(correct or rng.random() < 0.1),
            }
            out.write(orjson.dumps(record) + b"\n")
    results = {
        "results": {"arc_easy": {"acc,none": accuracy}},
        "configs": {"arc_easy": {}},
        "versions": {"arc_easy": 1.0},
        "n-shot": {"arc_easy": 5},
        "group_subtasks": {"arc_easy": []},
        "model_name": f"model-{seed}",
        "n-samples": {"arc_easy": {"original": docs, "effective": docs}},
    }
    (folder / f"results_{DATE}.json").write_bytes(orjson.dumps(results))
    return path.stat().st_size


def plain_loop(folder: Path) -> int:
    """The floor: decode every line with orjson and pull doc_id and the metric."""
    total = 0
    for path in sorted(folder.glob("samples_*.jsonl")):
        with path.open("rb") as handle:
            for line in handle:
                record = orjson.loads(line)
                total += record["doc_id"] + int(record["acc"])
    return total


def timed(function, *args) -> float:
    gc.collect()
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=25_282)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sides = [Path(tmp) / "baseline", Path(tmp) / "candidate"]
        sizes = [
            write_run(side, args.docs, seed, acc)
            for side, seed, acc in zip(sides, (1, 2), (0.8, 0.78))
        ]
        print(f"files: 2 x {args.docs} docs, {sizes[0] / 1e6:.1f} + {sizes[1] / 1e6:.1f} MB")

        def both_plain() -> None:
            for side in sides:
                plain_loop(side)

        def both_reader() -> None:
            for side in sides:
                read_path(side)

        plain = reader = float("inf")
        for _ in range(args.repeat):  # interleaved, best of each: robust to a busy machine
            plain = min(plain, timed(both_plain))
            reader = min(reader, timed(both_reader))
        print(
            f"plain orjson loop: {plain:.2f} s   readers: {reader:.2f} s   "
            f"ratio: {reader / plain:.2f}x (target <= 1.5x)"
        )
        gc.collect()
        tracemalloc.start()
        results = [read_path(side) for side in sides]
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        kept = sum(
            r.scores.memory_usage(deep=True).sum()
            + (
                r.details.kept_bytes()  # lm-eval: ids and line offsets, texts built on demand
                if hasattr(r.details, "kept_bytes")
                else r.details.memory_usage(deep=True).sum()
            )
            for r in results
        )
        rng = random.Random(0)
        keys = pd.DataFrame(
            {
                "task": pd.array(["arc_easy"] * 1000, dtype="string"),
                "item_id": pd.array(
                    [str(i) for i in rng.sample(range(args.docs), 1000)], dtype="string"
                ),
            }
        )
        start = time.perf_counter()
        shown = detail_rows(results[0].details, keys)
        drill = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"peak Python heap while reading both sides: {peak / 1e6:.1f} MB "
            f"({peak / sum(sizes):.0%} of the files' {sum(sizes) / 1e6:.0f} MB); "
            f"kept in the results: {kept / 1e6:.1f} MB; process peak RSS: {rss:.0f} MB "
            "(includes the memory-mapped file pages, which the OS can drop)"
        )
        print(f"drill-down rows for {len(shown):,} items: {drill * 1000:.0f} ms")
        assert all(len(r.scores) == args.docs for r in results) and len(shown) == 1000


if __name__ == "__main__":
    main()
