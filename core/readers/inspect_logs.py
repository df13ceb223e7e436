"""UK AISI inspect_ai evaluation logs: ``.eval`` (zip, deflate or zstd) and ``.json``.

Detection (from content)
    A zip holding ``header.json`` or ``_journal/start.json`` (an ``.eval`` log, finished or
    not); a JSON object whose head has ``"eval": {`` with a ``"task"`` key.
Item key
    ``str(id)`` (ids may be integers or strings); ``run`` is the epoch minus one, so pairing
    averages epochs per sample. ``item_hash`` is a hash of the input's first 1,024
    characters and the target, so two logs of different datasets do not pair silently.
Values (as Inspect's ``value_to_float``)
    ``C`` 1, ``I`` 0, ``P`` 0.5, ``N`` 0; numbers and booleans; ``"yes"``/``"true"`` 1,
    ``"no"``/``"false"`` 0, numeric strings; dict values give the key ``ReadOptions.score_key``,
    chosen once for both sides (default: the only key; several keys and no choice are
    refused with the keys, never taken in dict order, which differs between logs). The
    scorer is ``ReadOptions.metric`` (default: the first).
Partial logs
    Cancelled or errored logs are read for the samples they hold, with a warning; samples
    with ``error`` set are skipped and counted; a log with only ``reductions`` is read from
    those; a header-only or unscored log is refused with what to do.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import replace

from core.errors import InputError
from core.readers import gather, runs
from core.readers.files.jsonl import (
    content_hash,
    first_char,
    has_pattern,
    head,
    short_text,
    structure_errors,
)
from core.readers.files.sources import InputFile, UnpackBudget, archive_stream, describe
from core.readers.gather import Gathered
from core.readers.inspect_files import InspectLog, open_eval_log, open_json_log
from core.samples import DETAIL_COLUMNS, SampleScores, TaskInfo, make_score_frame

_LETTERS = {"C": 1.0, "I": 0.0, "P": 0.5, "N": 0.0}
_WORDS = {"yes": 1.0, "true": 1.0, "no": 0.0, "false": 0.0}


class InspectReader:
    """Reader for Inspect ``.eval`` and ``.json`` logs."""

    name = "inspect"
    #: Reading options the format does not have: refused by :func:`core.readers.read_run`.
    absent_options = ("filter",)
    #: The format's files in words, one and several (for that refusal).
    described = ("an Inspect log", "Inspect logs")

    def claims(self, file: InputFile) -> bool:
        """An ``.eval`` zip with a header or journal, or a JSON log with ``eval.task``."""
        if bytes(file.data[:4]) == b"PK\x03\x04":
            try:
                with zipfile.ZipFile(archive_stream(file.data)) as archive:
                    names = set(archive.namelist())
            except (zipfile.BadZipFile, ValueError, OSError, EOFError):
                return False
            return "header.json" in names or "_journal/start.json" in names
        if first_char(file) != b"{":
            return False
        top = head(file)
        return has_pattern(top, r'"eval"\s*:\s*\{') and has_pattern(top, r'"task"\s*:')

    def read(self, files: Sequence[InputFile], options: object) -> SampleScores:
        """Read one or more logs of one model into per-sample scores."""
        logs = []
        budget = UnpackBudget()  # shared by every .eval log of the side
        for file in files:
            with structure_errors(file.name, "an Inspect log"):
                log = (
                    open_eval_log(file, budget)
                    if bytes(file.data[:2]) == b"PK"
                    else open_json_log(file)
                )
            logs.append((file, log))
        logs, selection = runs.choose(logs, _ref_of, describe(files), options, "log")
        key = _score_key([log for _, log in logs], options, describe(files))
        gathered = Gathered("inspect", "logs")
        for file, log in logs:
            with structure_errors(file.name, "an Inspect log"):
                frame, detail, info, model = _read_log(
                    file.name, log, options, gathered.warnings, key
                )
            task = str(frame["task"].iloc[0])
            if task in gathered.tasks:
                earlier = gathered.tasks[task].source_files
                gathered.warnings.append(
                    f"task {task} appears in {earlier[0]} and {file.name}; "
                    "both are kept, so pairing will count the repeated ids as duplicates."
                )
                info = replace(info, source_files=(*earlier, file.name))
            gathered.add(task, info, frame, model, detail)
        result = gathered.result(files, selection)
        return replace(result, score_key=key) if key else result


def _ref_of(entry: tuple[InputFile, InspectLog]) -> runs.RunRef:
    evaluation = entry[1].header.get("eval")
    model = evaluation.get("model") if isinstance(evaluation, dict) else None
    return runs.RunRef(model if isinstance(model, str) and model else None)


def _scorer_values(log: InspectLog, options: object) -> tuple[str | None, list[object]]:
    """The scorer a log will be read with (as :func:`_read_log` picks it) and its values."""
    evaluation = log.header.get("eval") if isinstance(log.header.get("eval"), dict) else {}
    requested = gather.requested(options, "metric", str(evaluation.get("task")))
    if log.samples:
        scorers: dict[str, None] = {}
        for sample in log.samples:
            if isinstance(sample, dict) and isinstance(sample.get("scores"), dict):
                scorers.update(dict.fromkeys(sample["scores"]))
        scorer = requested if requested in scorers else next(iter(scorers), None)
        values = [
            (sample.get("scores") or {}).get(scorer, {}).get("value")
            for sample in log.samples
            if isinstance(sample, dict)
            and isinstance((sample.get("scores") or {}).get(scorer), dict)
        ]
        return scorer, values
    if isinstance(log.reductions, list):
        by_scorer = {
            r.get("scorer"): r.get("samples") or [] for r in log.reductions if isinstance(r, dict)
        }
        scorer = requested if requested in by_scorer else next(iter(by_scorer), None)
        samples = by_scorer.get(scorer) or []
        return scorer, [s.get("value") for s in samples if isinstance(s, dict)]
    return None, []


def _score_key(logs: list[InspectLog], options: object, source: str) -> str | None:
    """The one key taken from dict-valued scores, for every sample of every log.

    Real logs list a dict's keys in different orders, so the key is never taken from the
    order: the user's ``score_key``, else the only key there is, else a refusal that lists
    the keys (one key for both sides: the option is shared).
    """
    keys: dict[str, None] = {}
    scorers: dict[str, None] = {}
    for log in logs:
        scorer, values = _scorer_values(log, options)
        for value in values:
            if isinstance(value, dict):
                keys.update(dict.fromkeys(map(str, value)))
                scorers[str(scorer)] = None
    requested = getattr(options, "score_key", None)
    if not keys:
        return None
    listed = ", ".join(sorted(keys))
    if requested:
        if requested not in keys:
            raise InputError(
                f"{source}: score key {requested!r} is not in the dict scores of scorer "
                f"{', '.join(scorers)}; choose one of {listed} with --score-key."
            )
        return requested
    if len(keys) == 1:
        return next(iter(keys))
    raise runs.AmbiguousChoiceError(
        f"{source}: scorer {', '.join(scorers)} gives dict scores with {len(keys)} keys "
        f"({listed}). Choose the one to compare with --score-key KEY; it is used for both sides.",
        kind="score_key",
        choices=sorted(keys),
        source=source,
    )


def value_to_float(value: object, key: str | None) -> float:
    """One Inspect score value as a number, the way Inspect's ``value_to_float`` does.

    Raises
    ------
    ValueError
        When the value has no numeric meaning (the caller names the file and sample).
    """
    if isinstance(value, dict):
        if not value:
            raise ValueError("an empty dict")
        if key is None and len(value) > 1:  # never by dict order: keys come in any order
            raise ValueError(f"a dict with several keys ({', '.join(map(str, value))})")
        chosen = key if key is not None else next(iter(value))
        if chosen not in value:
            raise ValueError(f"a dict without key {chosen!r} (keys: {', '.join(map(str, value))})")
        value = value[chosen]
    if isinstance(value, bool | int | float):
        return float(value)
    if isinstance(value, str):
        if value in _LETTERS:
            return _LETTERS[value]
        lowered = value.strip().lower()
        if lowered in _WORDS:
            return _WORDS[lowered]
        try:
            return float(lowered)
        except ValueError:
            pass
    raise ValueError(f"the value {str(value)[:40]!r}")


def _input_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # chat messages
        parts = [m.get("content") for m in value if isinstance(m, dict)]
        return "\n".join(p if isinstance(p, str) else short_text(p, 1024) for p in parts)
    return ""


def _read_log(name: str, log: InspectLog, options: object, warnings: list[str], key: str | None):
    evaluation = log.header["eval"]
    task, model = str(evaluation["task"]), evaluation.get("model")
    status = log.header.get("status")
    samples = log.samples or []
    if not samples and not log.reductions:
        raise InputError(
            f"{name}: this Inspect log of task {task} holds no per-sample data (a header-only "
            "log, or one cancelled before any sample finished). Give the full log: the .eval "
            "file, or a .json written with its samples."
        )
    requested = gather.requested(options, "metric", task)
    if samples:
        rows, scorers, skipped = _sample_rows(name, samples, requested, key)
    else:
        rows, scorers, skipped = _reduction_rows(name, log.reductions, requested, key)
        warnings.append(
            f"{name}: the log holds no samples, only its epoch-reduced scores (reductions); "
            "those are read, one value per sample."
        )
    if status not in (None, "success"):
        warnings.append(
            f"{name}: the log's status is {status!r}; the {len(rows):,} scored "
            f"{'sample it holds is' if len(rows) == 1 else 'samples it holds are'} read. "
            "Re-run the task to compare complete results."
        )
    if skipped["error"]:
        warnings.append(
            f"{name}: {skipped['error']} sample(s) ended with an error and are skipped."
        )
    if skipped["unscored"]:
        warnings.append(
            f"{name}: {skipped['unscored']} sample(s) have no {scorers[0] if scorers else ''} "
            "score and are skipped."
        )
    if not rows:
        raise InputError(
            f"{name}: the log of task {task} is unscored (no sample has a score). Score it "
            "first, e.g. with `inspect score`, then give the scored log."
        )
    scorer = requested or scorers[0]
    ids, runs, values, hashes, texts = zip(*rows)
    frame = make_score_frame(task, list(ids), list(values), run=list(runs), item_hash=list(hashes))
    import pandas as pd

    details = pd.DataFrame(
        [(task, i, *t) for i, r, t in zip(ids, runs, texts) if t is not None],
        columns=list(DETAIL_COLUMNS),
        dtype="string",
    ).drop_duplicates(subset=["task", "item_id"])
    config = evaluation.get("config") if isinstance(evaluation.get("config"), dict) else {}
    epochs = config.get("epochs")
    _, raw = _scorer_values(log, options)
    info = TaskInfo(
        metric=scorer,
        metric_choices=tuple(scorers),
        score_key=key if any(isinstance(v, dict) for v in raw) else None,
        n_shot=None,
        version=None if epochs in (None, 1) else f"epochs={epochs}",
        source_files=(name,),
    )
    return frame, details, info, model if isinstance(model, str) else None


def _pick_scorer(name: str, scorers: list[str], requested: str | None) -> str:
    if requested and requested not in scorers:
        raise InputError(
            f"{name}: scorer {requested!r} is not in the log; choose one of {', '.join(scorers)}."
        )
    return requested or scorers[0]


def _sample_rows(name, samples, requested, key):
    scorers: dict[str, None] = {}
    for sample in samples:
        if isinstance(sample, dict) and isinstance(sample.get("scores"), dict):
            scorers.update(dict.fromkeys(sample["scores"]))
    skipped = {"error": 0, "unscored": 0}
    if not scorers:
        return [], [], skipped
    scorer = _pick_scorer(name, list(scorers), requested)
    rows = []
    for sample in samples:
        if sample.get("error"):
            skipped["error"] += 1
            continue
        score = (sample.get("scores") or {}).get(scorer)
        if not isinstance(score, dict) or "value" not in score:
            skipped["unscored"] += 1
            continue
        try:
            value = value_to_float(score["value"], key)
        except ValueError as error:
            raise InputError(
                f"{name}: sample {sample.get('id')!r} (epoch {sample.get('epoch')}): scorer "
                f"{scorer!r} gives {error}, which is not a score. Pick another scorer or key."
            ) from None
        text = _input_text(sample.get("input"))
        target = sample.get("target")
        rows.append(
            (
                str(sample["id"]),
                int(sample.get("epoch") or 1) - 1,
                value,
                content_hash(text[:1024], target),
                (short_text(text, tail=True), short_text(target), short_text(score.get("answer"))),
            )
        )
    return rows, list(scorers), skipped


def _reduction_rows(name, reductions, requested, key):
    if not isinstance(reductions, list):
        raise InputError(f"{name}: 'reductions' is not a list. Give the unedited log.")
    by_scorer = {r["scorer"]: r.get("samples") or [] for r in reductions if isinstance(r, dict)}
    skipped = {"error": 0, "unscored": 0}
    if not by_scorer:
        return [], [], skipped
    scorer = _pick_scorer(name, list(by_scorer), requested)
    rows = []
    for sample in by_scorer[scorer]:
        try:
            value = value_to_float(sample["value"], key)
        except ValueError as error:
            raise InputError(
                f"{name}: reduced sample {sample.get('sample_id')!r} gives {error}, which is "
                "not a score. Pick another scorer or key."
            ) from None
        rows.append((str(sample["sample_id"]), 0, value, None, None))
    return rows, list(by_scorer), skipped


READER = InspectReader()
