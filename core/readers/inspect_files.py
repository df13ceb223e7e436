"""Opening Inspect logs, whatever the container: a ``.json`` log or an ``.eval`` zip
(deflate or zstd; finished, or only journalled). :mod:`core.readers.inspect_logs` reads the
scores from what these return."""

from __future__ import annotations

from core.errors import InputError
from core.readers.files.jsonl import load_json
from core.readers.files.sources import InputFile, UnpackBudget, open_zip


class InspectLog:
    """The parts of a log the reader uses, whatever the container."""

    def __init__(self, header: dict, samples: list | None, reductions: object, kind: str):
        self.header = header
        self.samples = samples
        self.reductions = reductions
        self.kind = kind  # where the samples came from, for messages


def open_json_log(file: InputFile) -> InspectLog:
    """A ``.json`` Inspect log: its header, samples and reductions."""
    data = load_json(file)
    if not isinstance(data, dict) or not isinstance(data.get("eval"), dict):
        raise InputError(f"{file.name}: not an Inspect log (no 'eval' object). Give the log file.")
    samples = data.get("samples")
    return InspectLog(
        data, samples if isinstance(samples, list) else None, data.get("reductions"), "samples"
    )


def open_eval_log(file: InputFile, budget: UnpackBudget | None = None) -> InspectLog:
    """A ``.eval`` Inspect log (a zip): header (or journal start), summaries or samples, and
    reductions, each member read within the unpack budget."""
    budget = budget or UnpackBudget()
    archive = open_zip(file, ".eval zip", "Re-copy the log.")

    def member(name: str) -> object:
        data = budget.read_member(archive, archive.getinfo(name), file.name)
        return load_json(InputFile(f"{file.name}:{name}", data))

    with archive:
        names = archive.namelist()
        header_name = "header.json" if "header.json" in names else "_journal/start.json"
        header = member(header_name)
        if not isinstance(header, dict):
            raise InputError(f"{file.name}: {header_name} is not a JSON object. Re-copy the log.")
        if header_name != "header.json":
            header = {**header, "status": header.get("status", "started")}
        journal = sorted(
            (n for n in names if n.startswith("_journal/summaries/")), key=lambda n: (len(n), n)
        )
        sample_files = [n for n in names if n.startswith("samples/") and n.endswith(".json")]
        samples: list | None = None
        kind = "summaries"
        if "summaries.json" in names:
            samples = as_list(member("summaries.json"), file.name)
        elif journal:
            samples = [s for n in journal for s in as_list(member(n), file.name)]
        elif sample_files:
            samples, kind = [member(n) for n in sample_files], "samples"
        reductions = member("reductions.json") if "reductions.json" in names else None
    return InspectLog(header, samples, reductions, kind)


def as_list(value: object, name: str) -> list:
    """``value`` when it is a list; otherwise a one-line error naming the file."""
    if not isinstance(value, list):
        raise InputError(f"{name}: a summaries member is not a list. Re-copy the log.")
    return value
