"""One call for the whole degradation check: :func:`compare_runs`.

It does what ``python -m core compare BASELINE CANDIDATE`` does (read each side, pair the
items, run the tests, keep a record of the inputs) and returns a :class:`RunComparison` that
renders itself as a sentence, text, Markdown, JSON (the command's ``--format json``, key for
key) or an HTML page. The pieces stay available for finer control:
:func:`core.readers.read_path`, :func:`core.degradation.data.pairing.pair_runs`,
:func:`core.degradation.compare.compare_paired` and :mod:`core.degradation.present.report`.

Examples
--------
The bundled sample data (simulated: a 4-bit candidate of Llama-3.1-8B-Instruct against its
BF16 baseline):

>>> from core.degradation import compare_runs
>>> result = compare_runs(
...     "sample_data/degradation/baseline.zip", "sample_data/degradation/candidate_w4a16.zip"
... )
>>> result.verdict
'degraded'
>>> print(result.summary)  # doctest: +ELLIPSIS
Degraded: accuracy fell 1.73 points (95% CI 1.30 to 2.17) over 25,282 questions ...
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from core.samples import SampleScores

if TYPE_CHECKING:
    from core.degradation.comparison import CombineRule, Comparison, Verdict
    from core.degradation.data.pairing import Level
    from core.degradation.data.provenance import Provenance
    from core.degradation.stats.mcnemar import Alternative

#: What :func:`compare_runs` accepts for a side: a path (file, folder or ``.zip``) or a run
#: already read (:func:`core.readers.read_path` / :func:`core.readers.read_run`).
Side = str | os.PathLike | SampleScores


@dataclass(frozen=True)
class RunComparison:
    """The result of :func:`compare_runs`: the statistics and where they came from.

    Attributes
    ----------
    comparison : core.degradation.comparison.Comparison
        Every figure at full precision: verdict, per-unit rows, pooled, Max-Drop, Fisher,
        combined p-values, detectable drop, pairing report.
    provenance : core.degradation.data.provenance.Provenance or None
        The input files with their SHA-256, every setting and the equivalent command; set
        when both sides were given as paths (a run already read has no files to record).
    """

    comparison: Comparison
    provenance: Provenance | None = None

    @property
    def verdict(self) -> Verdict:
        """``"degraded"``, ``"not_degraded"`` or ``"inconclusive"``."""
        return self.comparison.verdict

    @property
    def summary(self) -> str:
        """The verdict in one plain sentence (the first line of every report)."""
        from core.degradation.present.verdict_words import verdict_sentence

        return verdict_sentence(self.comparison)

    def to_text(self) -> str:
        """The report the command prints (``--format text``)."""
        from core.degradation.present.report import to_text

        return to_text(self.comparison)

    def to_markdown(self) -> str:
        """The report as Markdown (``--format markdown``), e.g. for a pull-request comment."""
        from core.degradation.present.report import to_markdown

        return to_markdown(self.comparison)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``--format json``, with the provenance record when there is one."""
        from core.degradation.present.report import to_dict

        return to_dict(self.comparison, provenance=self.provenance)

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as strict JSON text (the command writes the same, plus a newline)."""
        from core.degradation.present.report import to_json

        return to_json(self.comparison, indent=indent, provenance=self.provenance)

    def to_html(self, *, title: str = "Eval Verdict: degradation check", note: str = "") -> str:
        """One self-contained HTML page (the app's download), with a "Reproduce" section.

        Parameters
        ----------
        title : str
            Page heading.
        note : str
            A line under the heading, e.g. ``"sample data (simulated)"``.
        """
        from core.degradation.present.html_report import build_html_report

        return build_html_report(
            self.comparison, title=title, note=note, provenance=self.provenance
        )


def compare_runs(
    baseline: Side,
    candidate: Side,
    *,
    level: Level = "group",
    alpha: float = 0.05,
    margin: float = 0.01,
    alternative: Alternative = "greater",
    mid_p: bool = False,
    combine: CombineRule = "calibrated",
    metric: str | Mapping[str, str] | None = None,
    filter: str | Mapping[str, str] | None = None,
    score_key: str | None = None,
    baseline_run: str | None = None,
    candidate_run: str | None = None,
    resamples: int = 20_000,
    seed: int = 0,
) -> RunComparison:
    """Is the candidate model worse than the baseline? The whole check in one call.

    Each keyword is the ``python -m core compare`` option of the same name, with the same
    default, so the JSON (:meth:`RunComparison.to_json`) equals the command's.

    Parameters
    ----------
    baseline, candidate : str, path-like or SampleScores
        A result file, a folder or a ``.zip`` holding one model's results, or a run already
        read with :func:`core.readers.read_path`.
    level : {"group", "task"}, default "group"
        Test unit: whole benchmarks, or each subtask.
    alpha : float, default 0.05
        False-positive rate of the verdict.
    margin : float, default 0.01
        The drop (a fraction: 0.01 = 1 point) that must be ruled out before "no degradation".
    alternative : {"greater", "two-sided"}, default "greater"
        The paper's one-sided test for a drop, or a two-sided test.
    mid_p : bool, default False
        Mid-p values instead of exact ones (departs from the paper).
    combine : {"calibrated", "paper"}, default "calibrated"
        The calibrated min-p of pooled, Max-Drop and Fisher, or the paper's 3 x smallest p.
    metric, filter : str or mapping of task to str, optional
        The metric to test and the lm-eval filter: one name for every task, or one per task.
    score_key : str, optional
        Inspect: the key to read from dict-valued scores, the same for both sides.
    baseline_run, candidate_run : str, optional
        Which model or run to read when a side's files hold several (a model name, its
        folder, a run's date id or ``MODEL@RUN_ID``).
    resamples : int, default 20000
        Sign-flip draws for non-binary scores.
    seed : int, default 0
        Seed of those draws and of the calibration's.

    Returns
    -------
    RunComparison

    Raises
    ------
    core.errors.InputError
        A side cannot be read or paired, an option is out of range, or a reading option
        (``metric``, ``filter``, ``score_key``, ``*_run``) was given for a run already read.
    """
    # The keywords are named as the command's options: the same Namespace as the command's.
    keywords = dict(locals())
    from core.degradation.compare import compare_paired
    from core.degradation.data.pairing import pair_runs
    from core.degradation.data.provenance import (
        Provenance,
        compare_command,
        read_record,
        records_from_path,
    )
    from core.degradation.settings import compare_options, read_options_of, settings_of
    from core.readers import read_path

    keywords.update(metric=_as_flags(metric), filter=_as_flags(filter), fail_inconclusive=False)
    args = argparse.Namespace(**keywords)
    _refuse_reading_options_for_read_runs(args)
    options = compare_options(args)
    read_options = read_options_of(args)
    runs = {}
    for side, run_id in (("baseline", baseline_run), ("candidate", candidate_run)):
        given = getattr(args, side)
        if isinstance(given, SampleScores):
            runs[side] = given
        else:
            run = read_path(os.fspath(given), replace(read_options, run_id=run_id), side=side)
            runs[side] = replace(run, details=None)  # no drill-down text: free the bytes
    paired = pair_runs(runs["baseline"], runs["candidate"], level=level)
    comparison = compare_paired(paired, options)
    provenance = None
    if not any(isinstance(given, SampleScores) for given in (baseline, candidate)):
        settings = settings_of(args)
        provenance = Provenance(
            baseline=records_from_path(baseline),
            candidate=records_from_path(candidate),
            settings=settings,
            command=compare_command(os.fspath(baseline), os.fspath(candidate), settings),
            read={side: read_record(run) for side, run in runs.items()},
        )
    return RunComparison(comparison, provenance)


def _as_flags(value: str | Mapping[str, str] | None) -> list[str] | None:
    """``metric="acc"`` or ``metric={"gsm8k": "exact_match"}`` as the command's repeated flag."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        return [f"{task}={name}" for task, name in value.items()]
    return [value]


def _refuse_reading_options_for_read_runs(args: argparse.Namespace) -> None:
    """A run already read cannot take a reading option: refuse rather than ignore it."""
    from core.errors import InputError

    for side in ("baseline", "candidate"):
        if not isinstance(getattr(args, side), SampleScores):
            continue
        given = [
            name
            for name in ("metric", "filter", "score_key", f"{side}_run")
            if getattr(args, name) not in (None, [])
        ]
        if given:
            raise InputError(
                f"{side}: the run was already read, so {', '.join(given)} cannot apply to it "
                "(they choose what is read). Pass them to core.readers.read_path as "
                "ReadOptions, or give the path instead."
            )
