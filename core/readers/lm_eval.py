"""EleutherAI lm-evaluation-harness ``--log_samples`` output, every version since 0.4.0.

Files (docs/formats.md §2)
    ``samples_<task>_<date_id>.jsonl`` (0.4.3+, one JSON object per line) and
    ``results_<date_id>.json`` beside them; 0.4.0-0.4.2 wrote ``<model_args>_<task>.jsonl``
    holding one JSON *array* and a ``results.json``.
Detection (from content)
    JSON Lines whose first object has ``doc_id`` and ``filtered_resps``/``resps``/
    ``arguments``; a JSON array whose head shows those keys; a JSON object with ``results``
    and ``configs`` (a results file, metadata only).
Item key
    ``doc_id`` within the task; ``doc_hash`` goes to ``item_hash`` and ``prompt_hash`` to
    ``prompt_hash`` so that pairing can check them.
Choices
    One filter per task (never pooled; default ``strict-match``, then ``none``, then the
    first seen) and one metric per task (default: the first binary metric of the record's
    ``metrics``, otherwise ``acc``, ``acc_norm``, ``exact_match``). Several runs in one folder
    are told apart by ``date_id``; the newest is read unless ``ReadOptions.run_id`` names one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath

import orjson

from core.errors import InputError
from core.readers import lm_eval_values as values
from core.readers import runs
from core.readers.files.jsonl import (
    RELEASE_STEP,
    decode_failed_line,
    first_char,
    first_line_object,
    has_pattern,
    head,
    load_json,
    raw_lines,
    release_pages,
    release_range,
    structure_errors,
)
from core.readers.files.sources import InputFile, describe
from core.readers.gather import refuse_repeat, refuse_without_items
from core.readers.lm_eval_details import LmEvalDetails
from core.samples import SampleScores, TaskInfo, check_scores
from core.score_columns import ScoreColumns

_DATE = r"\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?"
_SAMPLES_NAME = re.compile(rf"^samples_(?P<task>.+)_(?P<date>{_DATE})$")
_RESULTS_NAME = re.compile(rf"^results(?:_(?P<date>{_DATE}))?$")
_RESPONSE_KEYS = ("filtered_resps", "resps", "arguments")


class LmEvalReader:
    """Reader for lm-evaluation-harness samples and results files."""

    name = "lm-eval"
    #: Reading options the format does not have: refused by :func:`core.readers.read_run`.
    absent_options = ("score_key",)
    #: The format's files in words, one and several (for that refusal).
    described = ("an lm-eval samples file", "lm-eval results")

    def claims(self, file: InputFile) -> bool:
        """Samples files (JSON Lines or an early JSON array) and results files."""
        start = first_char(file)
        if start == b"{":
            first = first_line_object(file)
            if first is not None and "doc_id" in first and any(k in first for k in _RESPONSE_KEYS):
                return True
            return _is_results(file)
        if start == b"[":
            top = head(file, 1024 * 1024)
            return (
                has_pattern(top, r'"doc_id"\s*:')
                and has_pattern(top, r'"(filtered_resps|resps|arguments)"\s*:')
                and not has_pattern(top, r'"instance_id"\s*:')
            )
        return False

    def read(self, files: Sequence[InputFile], options: object) -> SampleScores:
        """Read one run (one ``date_id``) of lm-eval samples files into per-sample scores."""
        results = [f for f in files if _is_results(f)]
        samples = [f for f in files if f not in results]
        if not samples:
            refuse_without_items(
                results,
                "an lm-eval results file holds only aggregate scores, no per-sample data. Run "
                "lm_eval with --log_samples (and --output_path) and give the "
                "samples_<task>_<date>.jsonl files with it.",
            )
        groups = _runs(samples, results)
        chosen, selection = runs.choose(list(groups.items()), _ref_of, describe(samples), options)
        warnings = list(selection.warnings)
        run_files = [file for _, (files, _, _) in chosen for file in files]
        (_, (_, meta, meta_warnings)), *_ = chosen
        warnings.extend(meta_warnings)
        frames, details, tasks = [], [], {}
        for file in run_files:
            task = _task_name(file, meta)
            with structure_errors(file.name, "an lm-eval samples file"):
                parsed = _parse_samples(file)
            frame, detail, info = values.select(
                parsed, task, file.name, options, meta.group_of(task), warnings
            )
            refuse_repeat(tasks, task, file.name, "Give one samples file per task and run.")
            tasks[task] = TaskInfo(
                metric=info.metric,
                metric_choices=info.metric_choices,
                filter=info.filter,
                filter_choices=info.filter_choices,
                version=meta.versions.get(task),
                n_shot=meta.n_shot.get(task),
                source_files=(file.name,),
            )
            frames.append(frame)
            details.append(detail)
        missing = sorted(set(meta.sample_tasks) - set(tasks))
        if missing:
            shown = ", ".join(missing[:8]) + (" ..." if len(missing) > 8 else "")
            warnings.append(
                f"the results file lists {len(missing):,} task{'' if len(missing) == 1 else 's'} "
                f"without a samples file ({shown}); "
                "only tasks with samples files are compared."
            )
        for frame in frames:
            task, got = frame.task_names[0], len(frame)
            expected = meta.n_effective.get(task)
            if expected and got != expected:
                warnings.append(
                    f"task {task}: the results file counts {expected:,} docs but the samples "
                    f"file holds {got:,}; the samples are what is compared."
                )
        # records older than 0.4.3 carry no hashes
        scores = ScoreColumns.stack(frames).without_empty_hashes()
        if not values.plain_hashes(scores):  # pandas turns them into strings, as it always did
            scores = scores.to_frame()
        check_scores(scores, describe(run_files))
        return SampleScores(
            scores=scores,
            source=describe(run_files),
            source_format="lm-eval",
            model=meta.model,
            tasks=tasks,
            details=LmEvalDetails(details),
            warnings=tuple(warnings),
            run_ids=selection.run_ids,
            run_id=selection.run_id,
            models=selection.models,
        )


def _is_results(file: InputFile) -> bool:
    if first_char(file) != b"{" or len(file.data) > 64 * 1024**2:
        return False
    first = first_line_object(file)
    if first is not None and "doc_id" in first:  # a samples file
        return False
    data = file.data
    if data.find(b'"configs"') < 0 or data.find(b'"results"') < 0:
        return False
    try:
        value = load_json(file)
    except InputError:
        return False
    return isinstance(value, dict) and "results" in value and "configs" in value


def _date_of(file: InputFile) -> str:
    match = _SAMPLES_NAME.match(file.stem)
    return match["date"] if match else ""


def _runs(
    samples: list[InputFile], results: list[InputFile]
) -> dict[tuple[str, str], tuple[list[InputFile], _Meta, list[str]]]:
    """The runs of the files, keyed by (folder, date id): their files, metadata, warnings."""
    by_run: dict[tuple[str, str], list[InputFile]] = {}
    for file in samples:
        folder = str(PurePosixPath(file.name).parent)
        by_run.setdefault((folder, _date_of(file)), []).append(file)
    out = {}
    for (folder, date), files in sorted(by_run.items()):
        notes: list[str] = []
        out[(folder, date)] = (files, _results_for(results, date, files, notes), notes)
    return out


def _ref_of(run: tuple[tuple[str, str], tuple[list[InputFile], _Meta, list[str]]]) -> runs.RunRef:
    (folder, date), (_, meta, _) = run
    name = PurePosixPath(folder).name
    return runs.RunRef(meta.model, date, (name,) if name and name != "." else ())


class _Meta:
    """What the results file of a run says: model, groups, versions, n-shot."""

    def __init__(self, data: dict | None, fallback_model: str | None) -> None:
        data = data or {}
        model = data.get("model_name")
        config = data.get("config") if isinstance(data.get("config"), dict) else {}
        args = config.get("model_args")
        if not (isinstance(model, str) and model) and isinstance(args, str):  # before 0.4.3
            model = next(
                (a.split("=", 1)[1] for a in args.split(",") if a.startswith("pretrained=")), None
            )
        self.model = model if isinstance(model, str) and model else fallback_model
        self.versions = _str_map(data.get("versions"))
        self.n_shot = _str_map(data.get("n-shot"))
        self.parent: dict[str, str] = {}
        subtasks = data.get("group_subtasks")
        if isinstance(subtasks, dict):
            for group, members in subtasks.items():
                for member in members if isinstance(members, list) else ():
                    if isinstance(member, str):
                        self.parent.setdefault(member, str(group))
        # A suite (e.g. "leaderboard") groups whole benchmarks; its direct tasks (mmlu_pro,
        # ifeval) are benchmarks of their own, not subtasks of one "leaderboard" unit.
        if isinstance(subtasks, dict):
            with_members = {str(g) for g, m in subtasks.items() if isinstance(m, list) and m}
            suites = {g for g in with_members if any(m in with_members for m in subtasks[g])}
            self.parent = {
                task: group for task, group in self.parent.items() if group not in suites
            }
        results = data.get("results") if isinstance(data.get("results"), dict) else {}
        groups = set(data["groups"]) if isinstance(data.get("groups"), dict) else set()
        if isinstance(subtasks, dict):
            groups |= {g for g, m in subtasks.items() if m}
        self.sample_tasks = [t for t in results if t not in groups]
        self.task_names = sorted({*results, *self.parent}, key=len, reverse=True)
        n_samples = data.get("n-samples") if isinstance(data.get("n-samples"), dict) else {}
        self.n_effective = {
            t: v["effective"]
            for t, v in n_samples.items()
            if isinstance(v, dict) and isinstance(v.get("effective"), int)
        }

    def group_of(self, task: str) -> str:
        return self.parent.get(task, task)


def _str_map(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if v is not None}


def _results_for(
    results: list[InputFile], date: str, run_files: list[InputFile], warnings: list[str]
) -> _Meta:
    folder = PurePosixPath(run_files[0].name).parent
    fallback = folder.name or None
    match = [f for f in results if (_RESULTS_NAME.match(f.stem) or {"date": None})["date"] == date]
    if not match and not date:
        match = [f for f in results if f.stem == "results"]
    if not match:
        if results:
            warnings.append(
                f"no results file has the run's timestamp {date or '(none)'}; model name, "
                "groups and versions are unknown."
            )
        elif date:
            warnings.append(
                "no results_<date>.json beside the samples files; the model name is taken "
                f"from the folder ({fallback or 'unknown'}) and groups are unknown."
            )
        return _Meta(None, fallback)
    same_folder = [f for f in match if PurePosixPath(f.name).parent == folder]
    data = load_json((same_folder or match)[0])
    if not isinstance(data, dict):
        return _Meta(None, fallback)
    return _Meta(data, fallback)


def _task_name(file: InputFile, meta: _Meta) -> str:
    match = _SAMPLES_NAME.match(file.stem)
    if match:
        return match["task"]
    stem = file.stem
    for task in meta.task_names:  # 0.4.0-0.4.2: <model_args>_<task>.jsonl
        if stem == task or stem.endswith("_" + task):
            return task
    return stem.rsplit("_", 1)[-1] if "_" in stem else stem


def _parse_samples(file: InputFile) -> values.ParsedSamples:
    """Decode every record once, keeping where it is, ids, hashes and metric values."""
    parsed = values.ParsedSamples(file)
    if first_char(file) == b"[":
        parsed.numbered_by = "record"
        parsed.collect(_array_records(file, parsed))
    else:
        parsed.collect(_line_records(file, parsed))
    if not parsed.doc_ids:
        raise InputError(
            f"{file.name}: the samples file holds no records. Re-run with --log_samples."
        )
    release_pages(file)
    return parsed


def _array_records(file: InputFile, parsed: values.ParsedSamples) -> Iterator[tuple[int, dict]]:
    """``(number, record)`` of an early samples file holding one JSON array."""
    array = load_json(file)
    if not isinstance(array, list):
        raise InputError(f"{file.name}: expected a JSON array of lm-eval records.")
    for number, record in enumerate(array, 1):
        _check_record(file, parsed, number, record)
        yield number, record


def _line_records(file: InputFile, parsed: values.ParsedSamples) -> Iterator[tuple[int, dict]]:
    """``(byte offset, record)`` of each line of a JSON Lines samples file."""
    loads = orjson.loads
    offset = released = 0
    for number, line in enumerate(raw_lines(file), 1):
        start, offset = offset, offset + len(line)
        if start - released > RELEASE_STEP:  # parsed pages of a mapped file: out of memory
            released = release_range(file, released, start)
        try:
            record = loads(line)
        except orjson.JSONDecodeError as error:
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                record = load_json(InputFile(file.name, line[3:]))
            else:
                record = decode_failed_line(file, number, line, error)
                if record is None:
                    continue
        if type(record) is not dict or "doc_id" not in record:
            _check_record(file, parsed, number, record)
        yield start, record


def _check_record(file: InputFile, parsed: values.ParsedSamples, number: int, record) -> None:
    if not isinstance(record, dict) or "doc_id" not in record:
        raise InputError(
            f"{file.name}: {parsed.numbered_by} {number} is not an lm-eval sample record "
            "(no doc_id). Give the unedited samples file."
        )


READER = LmEvalReader()
