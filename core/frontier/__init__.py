"""Capability boundaries: sigmoid quantile regression of benchmark score on log compute.

Method: Zhang, Jin, Kakade, Syrgkanis, *Prescriptive Scaling Reveals the Evolution of
Language Model Capabilities* (arXiv 2602.15327); see ``docs/method-frontier.md``.

Subpackages (one idea each; modules of one statistical idea inside)
-------------------------------------------------------------------
data       the model table, dates, the column mapping and its guesses, saved fits, the pool
boundary   loss, the sigmoid fit (``fit_frontier``), several τ, baselines, bootstrap band,
           bins, λ by cross-validation, the questions a boundary answers, new models' position
history    periods, per-period boundaries, the temporal backtest (``backtest_frontier``)
planning   the evaluation-budget design, adaptive planner and sweep
analyses   saturation and the contamination probe
present    result records, sentences, charts and the HTML report

The command line (``python -m core frontier`` and the others) lives in :mod:`core.cli`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.lazy_modules import lazy_names

if TYPE_CHECKING:
    from core.frontier.boundary.baselines import compare_baselines
    from core.frontier.boundary.bootstrap import BootstrapBand, bootstrap_frontier
    from core.frontier.boundary.several_taus import FrontierFamily, fit_frontier_family
    from core.frontier.boundary.sigmoid_fit import FrontierFit, fit_frontier
    from core.frontier.history.backtest import BacktestReport, backtest_frontier

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
    "BacktestReport": "core.frontier.history.backtest",
    "BootstrapBand": "core.frontier.boundary.bootstrap",
    "FrontierFamily": "core.frontier.boundary.several_taus",
    "FrontierFit": "core.frontier.boundary.sigmoid_fit",
    "backtest_frontier": "core.frontier.history.backtest",
    "bootstrap_frontier": "core.frontier.boundary.bootstrap",
    "compare_baselines": "core.frontier.boundary.baselines",
    "fit_frontier": "core.frontier.boundary.sigmoid_fit",
    "fit_frontier_family": "core.frontier.boundary.several_taus",
}


__getattr__, __dir__ = lazy_names(__name__, _HOMES)
