"""lm-eval per-record values: choosing one filter and one metric per task, and checking them.

Split from :mod:`core.readers.lm_eval` (files, runs and metadata) to keep both short.
Rules are those of docs/formats.md §2.3: binary metrics go to McNemar, probabilities and
per-doc means of instruction lists go to the permutation test, and values that only make
sense in aggregate (tuples, log-likelihood pairs, predict-only ``bypass``) are refused with
the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

from core.errors import InputError
from core.readers import gather
from core.readers.files.sources import InputFile
from core.readers.lm_eval_details import TaskTexts
from core.score_columns import ScoreColumns

#: Record keys that are never metrics (for records older than 0.4.7, without ``metrics``).
NON_METRIC_KEYS = frozenset(
    {
        "doc_id",
        "doc",
        "target",
        "arguments",
        "resps",
        "filtered_resps",
        "filter",
        "metrics",
        "doc_hash",
        "prompt_hash",
        "target_hash",
        "task_name",
        "doc_hash_id",
    }
)
#: Metrics whose per-record values are not per-item scores (docs/formats.md §2.3).
AGGREGATE_ONLY = {
    "f1": "stores (gold, prediction) pairs that only make sense as a corpus F1",
    "mcc": "stores (gold, prediction) pairs for a corpus-level correlation",
    "bleu": "stores (reference, prediction) pairs for corpus BLEU",
    "rouge": "stores (reference, prediction) pairs for corpus ROUGE",
    "chrf": "stores (reference, prediction) pairs for corpus chrF",
    "ter": "stores (reference, prediction) pairs for corpus TER",
    "brier_score": "stores (gold, probabilities) pairs for an aggregate score",
    "perplexity": "stores a log-likelihood that is only transformed after averaging",
    "word_perplexity": "stores (log-likelihood, word count) pairs",
    "byte_perplexity": "stores (log-likelihood, byte count) pairs",
    "bits_per_byte": "stores (log-likelihood, byte count) pairs",
    "bypass": "is written by --predict_only runs and holds no score",
}
_DEFAULT_FILTERS = ("strict-match", "none")
_DEFAULT_METRICS = ("acc", "acc_norm", "exact_match")


class ParsedSamples:
    """The records of one samples file, reduced to what selection and pairing need.

    Texts are not kept: ``positions`` says where each record is (its line's byte offset, or
    its 1-based position in a JSON array), and the drill-down decodes the few records it
    shows again (:mod:`core.readers.lm_eval_details`).
    """

    def __init__(self, file: InputFile) -> None:
        self.file = file
        self.name = file.name
        self.numbered_by = "line"
        self.positions: Sequence[int] = ()
        self.doc_ids: Sequence[str] = ()
        self.filters: Sequence[str | None] = ()
        self.filter_order: tuple[str | None, ...] = ()
        self.doc_hashes: Sequence[str | None] = ()
        self.prompt_hashes: Sequence[str | None] = ()
        self.names: Sequence[tuple[str, ...]] = ()
        self.vals: Sequence[tuple] = ()
        self.metric_order: dict[str, None] = {}

    def collect(self, records: Iterable[tuple[int, dict]]) -> None:
        """Keep each ``(position, record)``: id, filter, hashes, metric names and values."""
        kept: list[tuple] = []
        append, order = kept.append, self.metric_order
        last_names: object = None
        key: tuple[str, ...] = ()
        for position, record in records:
            get = record.get
            names = get("metrics")
            if type(names) is not list:
                names = [k for k in record if k not in NON_METRIC_KEYS]
            if names != last_names:  # usually the same list on every record
                last_names = names
                key = tuple(n for n in names if isinstance(n, str))
                for name in key:
                    order.setdefault(name, None)
            append(
                (
                    position,
                    record["doc_id"],
                    get("filter"),
                    get("doc_hash"),
                    get("prompt_hash"),
                    key,
                    tuple(map(get, key)),
                )
            )
        if kept:
            positions, ids, filters, doc_hashes, prompt_hashes, names, vals = zip(*kept)
            self.positions, self.names, self.vals = positions, names, vals
            self.doc_hashes, self.prompt_hashes = doc_hashes, prompt_hashes
            self.doc_ids = list(map(str, ids))
            self.filters = [f if f is None or type(f) is str else str(f) for f in filters]
            self.filter_order = tuple(dict.fromkeys(self.filters))

    def rows_of(self, chosen_filter: str | None) -> Sequence[int]:
        """The indices of the records of one filter (a ``range`` when that is all of them)."""
        if self.filter_order == (chosen_filter,):
            return range(len(self.filters))
        return [i for i, f in enumerate(self.filters) if f == chosen_filter]

    def number(self, i: int) -> int:
        """The line (or array record) number of record ``i``, for messages."""
        position = self.positions[i]
        if self.numbered_by == "record":
            return position
        return bytes(self.file.data[:position]).count(b"\n") + 1

    def column(self, rows: Sequence[int], metric: str) -> list:
        """The raw values of ``metric`` in ``rows`` (``None`` where absent)."""
        names, vals = take(self.names, rows), take(self.vals, rows)
        keys = set(names)
        if len(keys) == 1 and metric in (key := next(iter(keys))):
            out = list(map(itemgetter(key.index(metric)), vals))
        else:
            where: dict[tuple[str, ...], int | None] = {}
            out = []
            for key, row in zip(names, vals):
                j = where.get(key, -1)
                if j == -1:
                    j = where[key] = key.index(metric) if metric in key else None
                out.append(None if j is None else row[j])
        return out

    def present(self, rows: Sequence[int]) -> tuple[str, ...]:
        """The metrics listed by at least one record of ``rows``, in first-seen order."""
        keys = set(take(self.names, rows))
        return tuple(m for m in self.metric_order if any(m in key for key in keys))


def take(values: Sequence, rows: Sequence[int]) -> Sequence:
    """``values`` at ``rows``: the sequence itself when ``rows`` is all of it."""
    if isinstance(rows, range) and rows == range(len(values)):
        return values
    return [values[i] for i in rows]


@dataclass(frozen=True)
class Selection:
    """The filter and metric chosen for a task, with the alternatives."""

    metric: str
    metric_choices: tuple[str, ...]
    filter: str | None
    filter_choices: tuple[str, ...]


def _choose_filter(parsed: ParsedSamples, task: str, options: object) -> str | None:
    seen = list(dict.fromkeys(parsed.filters))
    named = [f for f in seen if f is not None]
    requested = gather.requested(options, "filter", task)
    if not named:
        _refuse_ambiguous_duplicates(parsed)
        if requested and requested != "none":
            raise InputError(
                f"{parsed.name}: the records carry no filter name (lm-eval before 0.4.7), so "
                f"filter {requested!r} cannot be chosen. Leave the filter unset for {task}."
            )
        return None
    if requested:
        if requested not in named:
            raise InputError(
                f"{parsed.name}: filter {requested!r} is not in the file; choose one of "
                f"{', '.join(named)} for task {task}."
            )
        return requested
    return next((f for f in _DEFAULT_FILTERS if f in named), named[0])


def _refuse_ambiguous_duplicates(parsed: ParsedSamples) -> None:
    seen: dict[str, int] = {}
    for i, doc_id in enumerate(parsed.doc_ids):
        if doc_id in seen:
            raise InputError(
                f"{parsed.name}: doc_id {doc_id} appears on {parsed.numbered_by}s "
                f"{parsed.number(seen[doc_id])} and {parsed.number(i)}, and the records carry no "
                "filter name (lm-eval before 0.4.7), so the filters cannot be told apart. Re-run "
                "with lm-eval 0.4.7 or later, or keep one record per doc_id."
            )
        seen[doc_id] = i


def _is_binary(raw: object) -> bool:
    if isinstance(raw, bool):
        return True
    return isinstance(raw, int | float) and raw in (0, 1)


def _all_binary(values: list) -> bool:
    try:
        distinct = set(values)  # JSON numbers: equal values are equally binary
    except TypeError:  # lists
        distinct = values
    return all(map(_is_binary, distinct))


def _choose_metric(
    parsed: ParsedSamples, rows: Sequence[int], column, task: str, options: object
) -> str:
    present = parsed.present(rows)
    requested = gather.requested(options, "metric", task)
    if requested:
        if requested not in present:
            raise InputError(
                f"{parsed.name}: metric {requested!r} is not in the records of task {task}; "
                f"choose one of {', '.join(present) or '(none)'}."
            )
        return requested
    usable = [m for m in present if m not in AGGREGATE_ONLY]
    for metric in usable:
        if _all_binary(column(metric)):
            return metric
    fallback = next((m for m in _DEFAULT_METRICS if m in usable), usable[0] if usable else None)
    if fallback is None:
        reasons = "; ".join(f"{m} {AGGREGATE_ONLY[m]}" for m in present if m in AGGREGATE_ONLY)
        raise InputError(
            f"{parsed.name}: task {task} has no per-item metric ({reasons or 'no metric values'}). "
            "Evaluate with a per-item metric such as acc or exact_match."
        )
    return fallback


def to_score(raw: object, metric: str) -> tuple[float | None, str | None]:
    """One record's metric value as a float, or ``(None, reason)`` when it is not a score."""
    if isinstance(raw, bool):
        return float(raw), None
    if isinstance(raw, int | float):
        return float(raw), None
    if raw is None:
        return None, "is missing (null); predict-only runs store no scores"
    if isinstance(raw, list) and raw and all(isinstance(v, bool) for v in raw):
        return sum(raw) / len(raw), "mean"
    if isinstance(raw, list):
        return None, "is a list/tuple that only makes sense in aggregate"
    return None, f"is a {type(raw).__name__}, not a number"


def select(
    parsed: ParsedSamples, task: str, source: str, options: object, group: str, warnings: list[str]
) -> tuple[ScoreColumns, TaskTexts, Selection]:
    """Choose the filter and metric of one task; build its score columns and where its texts are.

    The columns hold both hash columns (``None`` where a record has none) as the records
    give them; :func:`plain_hashes` tells whether they are all strings.

    Raises
    ------
    InputError
        For an unknown filter or metric, a metric with no per-item values, or ambiguous
        duplicates in records without filter names.
    """
    chosen_filter = _choose_filter(parsed, task, options)
    rows = parsed.rows_of(chosen_filter)
    columns: dict[str, list] = {}

    def column(name: str) -> list:
        if name not in columns:
            columns[name] = parsed.column(rows, name)
        return columns[name]

    metric = _choose_metric(parsed, rows, column, task, options)
    if metric in AGGREGATE_ONLY:
        raise InputError(
            f"{source}: metric {metric!r} of task {task} {AGGREGATE_ONLY[metric]}; it has no "
            "per-item score to compare. Choose a per-item metric such as acc or exact_match."
        )
    raw = column(metric)
    averaged = 0
    if set(map(type, raw)) <= {float, int, bool}:  # plain numbers: to_score is float()
        scores = list(map(float, raw))
    else:
        scores = []
        for i, value in zip(rows, raw):
            value, note = to_score(value, metric)
            if value is None:
                raise InputError(
                    f"{source}: {parsed.numbered_by} {parsed.number(i)}: metric {metric!r} of "
                    f"task {task} {note}. Choose another metric ({', '.join(parsed.metric_order)})."
                )
            averaged += note == "mean"
            scores.append(value)
    if averaged:
        warnings.append(
            f"task {task}: metric {metric} holds a list of booleans per doc; the per-doc mean is "
            "used (permutation test). Pick the prompt-level metric for a McNemar test."
        )
    elif not set(scores) <= {0.0, 1.0}:
        warnings.append(
            f"task {task}: metric {metric} is not 0/1 (e.g. a probability); the paired "
            "permutation test applies instead of McNemar."
        )
    ids = list(take(parsed.doc_ids, rows))
    zeros = np.zeros(len(ids), dtype=np.int64)
    frame = ScoreColumns(
        task_names=(task,),
        task=zeros,
        group_names=(group,),
        group=zeros,
        item_id=ids,
        run=zeros,
        score=np.asarray(scores, dtype=np.float64),
        item_hash=list(take(parsed.doc_hashes, rows)),
        prompt_hash=list(take(parsed.prompt_hashes, rows)),
    )
    in_array = parsed.numbered_by == "record"
    details = TaskTexts(task, parsed.file, ids, take(parsed.positions, rows), in_array)
    filter_choices = tuple(f for f in parsed.filter_order if f is not None)
    return frame, details, Selection(metric, parsed.present(rows), chosen_filter, filter_choices)


def plain_hashes(columns: ScoreColumns) -> bool:
    """Whether every hash is a string or missing (else pandas converts them, as it always did)."""
    return all(
        value is None or type(value) is str
        for values in columns.hashes.values()
        for value in values
    )
