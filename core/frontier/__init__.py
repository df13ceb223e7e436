"""Capability boundaries: sigmoid quantile regression of benchmark score on log compute.

Method: Zhang, Jin, Kakade, Syrgkanis, *Prescriptive Scaling Reveals the Evolution of
Language Model Capabilities* (arXiv 2602.15327); see ``docs/frontier-method.md``.

Modules (one statistical idea each)
-----------------------------------
table         read CSV/Parquet, compute from FLOPs or 6*N*D, drop counts (``BoundaryTable``)
loss          smoothed pinball loss, sigmoid curve, objective and gradient
sigmoid_fit   the fast fit (``fit_frontier`` -> ``FrontierFit``)
several_taus  non-crossing boundaries at several tau (``fit_frontier_family``)
baselines     null, per-bin constant, linear QuantReg (``compare_baselines``)
bootstrap     clustered bootstrap band (``bootstrap_frontier`` -> ``BootstrapBand``)
questions     attainable score, compute needed, ceiling
binning       tie-aware equal-mass bins
periods       period schemes (cuts, quarters, the paper's OLL periods)
backtest      temporal backtest (``backtest_frontier`` -> ``BacktestReport``)
command       ``python -m core frontier`` and ``python -m core backtest``
"""
