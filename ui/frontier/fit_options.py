"""The "Advanced: fit settings" section of the frontier page, and fits that follow it.

Smoothing kappa, slope penalty lambda (the paper's values, or chosen by cross-validation
holding out whole families), the estimator (sharp by default, the paper's exact one a
click away) and the level of the band of the boundary. Fits and bands are cached by the
data and every setting, so changing one refits only what depends on it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

from core.frontier.boundary.bootstrap import BootstrapBand, bootstrap_frontier
from core.frontier.boundary.fit_settings import DEFAULT_METHOD, FitSettings, describe_settings
from core.frontier.boundary.lambda_cv import LambdaChoice, choose_lambda
from core.frontier.boundary.several_taus import ContinuationMemo
from core.frontier.boundary.sigmoid_fit import FrontierFit, fit_frontier
from core.frontier.data.table import BoundaryTable
from core.frontier.present.results import BenchmarkBoundary

#: The boundary levels the sidebar offers (the page's τ slider).
TAU_CHOICES = (0.5, 0.75, 0.9, 0.95, 0.98, 0.99)

LAMBDA_CHOICES = {
    "1e-3 (the paper's, for leaderboard data)": 1e-3,
    "1e-4 (the paper's, for Epoch AI frontier models)": 1e-4,
    "Choose from the data (cross-validation)": None,
}
METHOD_CHOICES = {
    "Sharp (default): sits on the true quantile": "sharp",
    "The paper's exact estimator": "paper",
}


def render_fit_options() -> FitSettings:
    """Sidebar expander with kappa, lambda, estimator and band level; returns the settings
    (at the default τ: the page sets the τ chosen above the chart)."""
    with st.expander("Advanced: fit settings"):
        kappa = st.number_input(
            "Smoothing κ",
            min_value=1.0,
            max_value=1000.0,
            value=50.0,
            step=5.0,
            key="fit_kappa",
            help="Smoothing of the pinball loss (about 1/κ in score units); the paper's is 50.",
        )
        lam_label = st.selectbox(
            "Slope penalty λ",
            list(LAMBDA_CHOICES),
            key="fit_lambda",
            help="Keeps the slope from running away on step-like data. Cross-validation "
            "holds out whole base-model families (or single models without a family column) "
            "and keeps the value with the lowest held-out pinball loss.",
        )
        method_label = st.radio(
            "Estimator",
            list(METHOD_CHOICES),
            index=list(METHOD_CHOICES.values()).index(DEFAULT_METHOD),
            key="fit_method",
            help="The paper's estimator stops at the smoothed loss, which puts the boundary "
            "a few points above the true quantile where many models crowd just below it. "
            "The sharp one continues to an almost unsmoothed loss.",
        )
        level = st.select_slider(
            "Band level", [0.8, 0.9, 0.95], 0.9, key="fit_level", format_func="{:.0%}".format
        )
    return FitSettings(
        kappa=float(kappa),
        lambda_b=LAMBDA_CHOICES[lam_label],
        method=METHOD_CHOICES[method_label],
        band_level=float(level),
    )


#: The fits' continuation states, shared by every session of this server: a τ change
#: resumes each benchmark's fit after the stages its fit at the previous τ already ran
#: (0.18 -> 0.05 s for the sample's six benchmarks at 0.98 -> 0.95; the same numbers).
CONTINUATIONS = ContinuationMemo()


def _codes(table: BoundaryTable):
    """Family labels as integer codes (hash stably in ``st.cache_data``); None without."""
    if table.family is None:
        return None
    return np.unique(table.family.astype(str), return_inverse=True)[1]


@st.cache_data(max_entries=64, show_spinner="Fitting the boundary…")
def cached_fit(
    z: np.ndarray, y: np.ndarray, codes, tau, kappa, lambda_b, method
) -> tuple[FrontierFit, LambdaChoice | None]:
    """One boundary under the given settings (lambda_b None: cross-validated)."""
    choice = None
    if lambda_b is None:
        try:
            choice = choose_lambda(z, y, codes, tau=tau, kappa=kappa, method=method)
        except ValueError:
            choice = None
        lambda_b = 1e-3 if choice is None else choice.lambda_b
    fit = fit_frontier(
        z, y, tau=tau, kappa=kappa, lambda_b=lambda_b, method=method, memo=CONTINUATIONS
    )
    return fit, choice


def fit_for(table: BoundaryTable, settings: FitSettings) -> tuple[FrontierFit, LambdaChoice | None]:
    """The fit of one benchmark under ``settings`` (cached)."""
    return cached_fit(
        table.log10_flops,
        table.score,
        _codes(table),
        settings.tau,
        settings.kappa,
        settings.lambda_b,
        settings.method,
    )


@st.cache_data(max_entries=16, show_spinner="Bootstrapping the band…")
def _cached_band(_fit: FrontierFit, key, z, y, codes, n_resamples, level) -> BootstrapBand:
    return bootstrap_frontier(
        z, y, _fit, clusters=codes, n_resamples=n_resamples, confidence_level=level, seed=0
    )


def with_band(
    result: BenchmarkBoundary, n_resamples: int, settings: FitSettings
) -> BenchmarkBoundary:
    """The result with its band of the boundary at the chosen level (cached)."""
    t, f = result.table, result.fit
    key = (f.tau, f.kappa, f.lambda_b, f.method, f.y0, f.L, f.z_star, f.b)
    band = _cached_band(f, key, t.log10_flops, t.score, _codes(t), n_resamples, settings.band_level)
    return replace(result, band=band)


def render_settings_caption(fit: FrontierFit, choice: LambdaChoice | None, wanted_auto: bool):
    """One caption line with the settings of the fit in focus."""
    text = f"Fit settings: {describe_settings(fit, choice)}."
    if wanted_auto and choice is None:
        text += " Cross-validation was not possible (too few families), so λ is the default."
    st.caption(text)
