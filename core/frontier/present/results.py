"""What the frontier page shows for one benchmark, and the tables and JSON it offers.

:class:`BenchmarkBoundary` bundles a benchmark's table with its fit and, when computed,
its bootstrap band, baselines and backtest. The frame builders here feed the charts and
the downloads; they keep full precision (rounding happens on the page and in reports).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.frontier.boundary.baselines import (
    ConstantBaseline,
    LinearQuantileBaseline,
    PerBinBaseline,
)
from core.frontier.boundary.bootstrap import BootstrapBand
from core.frontier.boundary.sigmoid_fit import FrontierFit
from core.frontier.data.table import BoundaryTable
from core.frontier.history.backtest import BacktestReport
from core.frontier.history.periods import PeriodScheme

NO_DATE = "no date"
NO_PERIOD = "outside the periods"


@dataclass(frozen=True, slots=True)
class BaselineCurves:
    """The reference curves drawn next to the sigmoid (``core.frontier.boundary.baselines``)."""

    constant: ConstantBaseline
    per_bin: PerBinBaseline
    linear: LinearQuantileBaseline


@dataclass(frozen=True, slots=True)
class BenchmarkBoundary:
    """One benchmark on the page.

    Attributes
    ----------
    name : str
        Display name ("BBH" for the column "BBH Raw").
    table : BoundaryTable
        The usable rows (``date`` may hold NaT).
    fit : FrontierFit
    band : BootstrapBand or None
        Sampling variability of the boundary; only for the benchmark in focus.
    baselines : BaselineCurves or None
    backtest : BacktestReport or None
    periods : PeriodScheme or None
        The scheme the points are coloured by.
    """

    name: str
    table: BoundaryTable
    fit: FrontierFit
    band: BootstrapBand | None = None
    baselines: BaselineCurves | None = None
    backtest: BacktestReport | None = None
    periods: PeriodScheme | None = None


def period_labels(dates, scheme: PeriodScheme | None, n: int | None = None) -> np.ndarray:
    """Period label of each date; "no date" for NaT, "outside the periods" for none.

    Without dates, ``n`` (the number of rows) gives the length of the all-"no date" result.
    """
    n = (0 if dates is None else len(dates)) if n is None else n
    if dates is None or scheme is None:
        return np.full(n, NO_DATE, dtype=object)
    index = scheme.assign(dates)
    labels = np.array([*scheme.labels, NO_PERIOD], dtype=object)[index]
    labels[pd.isna(pd.Series(dates)).to_numpy()] = NO_DATE
    return labels


def points_frame(result: BenchmarkBoundary) -> pd.DataFrame:
    """One row per model: name, date, period, compute, score and the boundary there."""
    t = result.table
    dates = pd.to_datetime(pd.Series(t.date)) if t.date is not None else pd.Series([pd.NaT] * t.n)
    return pd.DataFrame(
        {
            "benchmark": result.name,
            "model": t.model.astype(str),
            "date": dates.dt.strftime("%Y-%m-%d").fillna("").to_numpy(),
            "period": period_labels(t.date, result.periods, t.n),
            "log10_flops": t.log10_flops,
            "flops": 10.0**t.log10_flops,
            "score": t.score,
            "boundary": result.fit.predict(t.log10_flops),
        }
    )


def curve_frame(result: BenchmarkBoundary, grid_points: int = 200) -> pd.DataFrame:
    """The boundary on a grid over the training compute range, with the band when present."""
    fit = result.fit
    z = np.linspace(fit.log10_flops_min, fit.log10_flops_max, grid_points)
    frame = pd.DataFrame(
        {"benchmark": result.name, "log10_flops": z, "flops": 10.0**z, "boundary": fit.predict(z)}
    )
    if result.band is not None:
        low, high = result.band.interval(z)
        frame["band_low"], frame["band_high"] = low, high
    return frame


def params_frame(results) -> pd.DataFrame:
    """One row per benchmark: fitted parameters, ceiling, data counts, band settings."""
    rows = []
    for r in results:
        f, t = r.fit, r.table
        rows.append(
            {
                "benchmark": r.name,
                "score_column": t.score_column,
                "tau": f.tau,
                "y0": f.y0,
                "L": f.L,
                "z_star": f.z_star,
                "b": f.b,
                "ceiling": f.ceiling,
                "kappa": f.kappa,
                "lambda_b": f.lambda_b,
                "objective": f.objective,
                "converged": f.converged,
                "n": t.n,
                "n_dropped": t.n_dropped,
                **{f"dropped: {k}": v for k, v in t.dropped.items()},
                "log10_flops_min": f.log10_flops_min,
                "log10_flops_max": f.log10_flops_max,
                "compute": t.compute_description,
                "percent_scaled": t.percent_scaled,
                "band_resamples": r.band.n_resamples if r.band else 0,
            }
        )
    return pd.DataFrame(rows)


def predictions_frame(results) -> pd.DataFrame:
    """Every model of every benchmark with the boundary at its compute."""
    frames = [points_frame(r) for r in results]
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames, ignore_index=True)
    out["above_boundary"] = out["score"] > out["boundary"]
    return out


def _clean(value):
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def to_json(results) -> str:
    """Parameters, data counts, band and backtest of every benchmark (full precision)."""
    out = []
    for r, row in zip(results, params_frame(results).to_dict("records")):
        item = {k: _clean(v) for k, v in row.items() if not k.startswith("dropped: ")}
        item["dropped"] = {k: int(v) for k, v in r.table.dropped.items()}
        if r.band is not None:
            item["band"] = {
                "n_resamples": r.band.n_resamples,
                "confidence_level": r.band.confidence_level,
                "resampled_by": "family" if r.band.clustered else "model",
                "seed": r.band.seed,
            }
        if r.backtest is not None:
            item["backtest"] = [
                {k: _clean(v) for k, v in p.items()} for p in r.backtest.summary.to_dict("records")
            ]
        out.append(item)
    return json.dumps(out, indent=2)
