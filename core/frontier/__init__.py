"""Capability boundaries: sigmoid quantile regression of benchmark score on log compute.

Method: Zhang, Jin, Kakade, Syrgkanis, *Prescriptive Scaling Reveals the Evolution of
Language Model Capabilities* (arXiv 2602.15327); see ``docs/method-frontier.md``.

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

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.frontier.backtest import BacktestReport, backtest_frontier
    from core.frontier.baselines import compare_baselines
    from core.frontier.bootstrap import BootstrapBand, bootstrap_frontier
    from core.frontier.several_taus import FrontierFamily, fit_frontier_family
    from core.frontier.sigmoid_fit import FrontierFit, fit_frontier

__all__ = [
    "BacktestReport",
    "BootstrapBand",
    "FrontierFamily",
    "FrontierFit",
    "backtest_frontier",
    "bootstrap_frontier",
    "compare_baselines",
    "fit_frontier",
    "fit_frontier_family",
]

#: Where each public name lives; imported on first use (``python -m core --help`` stays light).
_HOMES = {
    "BacktestReport": "core.frontier.backtest",
    "BootstrapBand": "core.frontier.bootstrap",
    "FrontierFamily": "core.frontier.several_taus",
    "FrontierFit": "core.frontier.sigmoid_fit",
    "backtest_frontier": "core.frontier.backtest",
    "bootstrap_frontier": "core.frontier.bootstrap",
    "compare_baselines": "core.frontier.baselines",
    "fit_frontier": "core.frontier.sigmoid_fit",
    "fit_frontier_family": "core.frontier.several_taus",
}


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
