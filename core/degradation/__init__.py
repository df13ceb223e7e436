"""Paired tests of a candidate model against its baseline (Kübler et al., arXiv 2602.10144).

Start with :func:`compare_runs` (:mod:`~core.degradation.api`): two paths (or runs already
read) and the options in, a :class:`RunComparison` out, which renders itself as a sentence
(``summary``), text, Markdown, JSON and HTML. The method is described in
``docs/method-degradation.md``.

Modules, one statistical idea each:

- :mod:`~core.degradation.stats.binomial_tail` — exact Bin(n, 1/2) tails, in log space when tiny;
- :mod:`~core.degradation.stats.mcnemar` — the exact McNemar test per unit (one-sided by default);
- :mod:`~core.degradation.stats.paired_interval` — Tango and Newcombe intervals for the paired
  accuracy difference;
- :mod:`~core.degradation.stats.permutation` — the paired sign-flip test for non-binary scores;
- :mod:`~core.degradation.stats.aggregate` — pooled, Max-Drop and Fisher across units, combined;
- :mod:`~core.degradation.stats.calibrated_min_p` (with :mod:`~core.degradation.stats.combined_rule`) — the
  calibrated combined test (null distribution of the smallest of the three, given each
  unit's flips);
- :mod:`~core.degradation.stats.power` — detectable drop and required sample size;
- :mod:`~core.degradation.data.pairing` — pairing a baseline run with a candidate run;
- :mod:`~core.degradation.compare` — the whole comparison and its verdict;
- :mod:`~core.degradation.data.data_warnings` — data-quality warnings grouped by kind;
- :mod:`~core.degradation.present.report` — text, Markdown and JSON renderings of a comparison.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.lazy_modules import lazy_names

if TYPE_CHECKING:
    from core.degradation.api import RunComparison, compare_runs
    from core.degradation.compare import CompareOptions, Comparison, compare_paired
    from core.degradation.data.pairing import PairedSamples, pair_runs

__all__ = [
    "CompareOptions",
    "Comparison",
    "PairedSamples",
    "RunComparison",
    "compare_paired",
    "compare_runs",
    "pair_runs",
]

#: Where each public name lives. They are imported on first use, so that importing one
#: module of the package (the command line's ``--help``) does not load numpy and pandas.
_HOMES = {
    "CompareOptions": "core.degradation.compare",
    "Comparison": "core.degradation.compare",
    "PairedSamples": "core.degradation.data.pairing",
    "RunComparison": "core.degradation.api",
    "compare_paired": "core.degradation.compare",
    "compare_runs": "core.degradation.api",
    "pair_runs": "core.degradation.data.pairing",
}


__getattr__, __dir__ = lazy_names(__name__, _HOMES)
