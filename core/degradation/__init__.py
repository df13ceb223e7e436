"""Paired tests of a candidate model against its baseline (Kübler et al., arXiv 2602.10144).

Modules, one statistical idea each:

- :mod:`~core.degradation.binomial_tail` — exact Bin(n, 1/2) tails, in log space when tiny;
- :mod:`~core.degradation.mcnemar` — the exact McNemar test per unit (one-sided by default);
- :mod:`~core.degradation.paired_interval` — Tango and Newcombe intervals for the paired
  accuracy difference;
- :mod:`~core.degradation.permutation` — the paired sign-flip test for non-binary scores;
- :mod:`~core.degradation.aggregate` — pooled, Max-Drop and Fisher across units, combined;
- :mod:`~core.degradation.calibrated_min_p` (with :mod:`~core.degradation.combined_rule`) — the
  calibrated combined test (null distribution of the smallest of the three, given each
  unit's flips);
- :mod:`~core.degradation.power` — detectable drop and required sample size;
- :mod:`~core.degradation.pairing` — pairing a baseline run with a candidate run;
- :mod:`~core.degradation.compare` — the whole comparison and its verdict;
- :mod:`~core.degradation.data_warnings` — data-quality warnings grouped by kind;
- :mod:`~core.degradation.report` — text, Markdown and JSON renderings of a comparison.
"""
