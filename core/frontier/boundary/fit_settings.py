"""The knobs of a boundary fit, read from the command line and shown with every fit.

Settings: tau, the smoothing kappa, the slope penalty lambda_b (a number or "auto",
chosen by grouped cross-validation in :mod:`core.frontier.boundary.lambda_cv`), the estimator
("sharp", the product default, or "paper") and the level of the bootstrap band.
Defaults are the paper's kappa 50 and lambda_b 1e-3 (its Open LLM Leaderboard setting;
the paper uses 1e-4 for Epoch AI frontier data).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.errors import InputError
from core.formatting import format_number
from core.frontier.boundary.lambda_cv import LambdaChoice, choose_lambda
from core.frontier.boundary.loss import DEFAULT_KAPPA, DEFAULT_LAMBDA_B
from core.frontier.boundary.sigmoid_fit import METHODS, FrontierFit, fit_frontier

#: Default estimator of the command line and the page (see ``fit_frontier``).
DEFAULT_METHOD = "sharp"
#: Default level of the bootstrap band of the boundary.
DEFAULT_BAND_LEVEL = 0.90


@dataclass(frozen=True, slots=True)
class FitSettings:
    """What a boundary fit is asked to do.

    ``lambda_b`` is None when it is to be chosen by cross-validation ("auto").
    """

    tau: float = 0.98
    kappa: float = DEFAULT_KAPPA
    lambda_b: float | None = DEFAULT_LAMBDA_B
    method: str = DEFAULT_METHOD
    band_level: float = DEFAULT_BAND_LEVEL


def parse_kappa(value) -> float:
    """``--kappa``: a positive number (the paper's is 50)."""
    try:
        kappa = float(value)
    except (TypeError, ValueError):
        raise InputError(f"--kappa takes a positive number such as 50, got {value!r}") from None
    if not (math.isfinite(kappa) and kappa > 0):
        raise InputError(f"--kappa takes a positive number such as 50, got {value!r}")
    return kappa


def parse_lambda(value) -> float | None:
    """``--lambda``: a non-negative number, or "auto" (None: cross-validate)."""
    if str(value).strip().lower() == "auto":
        return None
    try:
        lam = float(value)
    except (TypeError, ValueError):
        raise InputError(
            f"--lambda takes a number such as 1e-3 or the word auto, got {value!r}"
        ) from None
    if not (math.isfinite(lam) and lam >= 0):
        raise InputError(f"--lambda must be 0 or more (e.g. 1e-3) or auto, got {value!r}")
    return lam


def parse_level(value) -> float:
    """``--level``: the band level, a fraction in (0.5, 1) such as 0.90."""
    try:
        level = float(value)
    except (TypeError, ValueError):
        raise InputError(f"--level takes a fraction such as 0.90, got {value!r}") from None
    if not 0.5 <= level < 1.0:
        raise InputError(f"--level takes a fraction between 0.5 and 1 such as 0.90, got {value!r}")
    return level


def add_fit_arguments(parser, method: bool = True) -> None:
    """Add ``--kappa`` and ``--lambda`` (and ``--method`` when ``method``) to a parser."""
    parser.add_argument(
        "--kappa", default=str(DEFAULT_KAPPA), help="smoothing of the pinball loss (default 50)"
    )
    parser.add_argument(
        "--lambda",
        dest="lambda_b",
        default=str(DEFAULT_LAMBDA_B),
        help="slope penalty (default 1e-3, the paper's for OLL; 1e-4 for Epoch AI data), or "
        "auto: cross-validation holding out whole families",
    )
    if method:
        parser.add_argument(
            "--method",
            choices=METHODS,
            default=DEFAULT_METHOD,
            help="sharp (default): continue to an almost unsmoothed loss, so the boundary and "
            "its band sit on the true quantile; paper: the paper's exact smoothed estimator",
        )


def settings_from_args(args, tau: float) -> FitSettings:
    """FitSettings from parsed arguments (missing ones take their defaults)."""
    return FitSettings(
        tau=tau,
        kappa=parse_kappa(getattr(args, "kappa", DEFAULT_KAPPA)),
        lambda_b=parse_lambda(getattr(args, "lambda_b", DEFAULT_LAMBDA_B)),
        method=getattr(args, "method", "paper"),
        band_level=parse_level(getattr(args, "level", DEFAULT_BAND_LEVEL)),
    )


def fixed_knobs(args, command: str) -> dict:
    """``{"kappa": ..., "lambda_b": ...}`` from arguments, for commands without "auto"."""
    kappa = parse_kappa(getattr(args, "kappa", DEFAULT_KAPPA))
    lam = parse_lambda(getattr(args, "lambda_b", DEFAULT_LAMBDA_B))
    if lam is None:
        raise InputError(f"{command} takes --lambda as a number such as 1e-3, not auto")
    return {"kappa": kappa, "lambda_b": lam}


def resolve_lambda(settings: FitSettings, z, y, groups=None) -> tuple[float, LambdaChoice | None]:
    """The penalty to use: the given one, or the cross-validated choice when "auto"."""
    if settings.lambda_b is not None:
        return settings.lambda_b, None
    try:
        choice = choose_lambda(
            z, y, groups, tau=settings.tau, kappa=settings.kappa, method=settings.method
        )
    except ValueError as error:
        raise InputError(f"--lambda auto: {error}") from error
    return choice.lambda_b, choice


def fit_with_settings(settings: FitSettings, z, y, groups=None):
    """Fit one boundary; returns (FrontierFit, LambdaChoice or None)."""
    lam, choice = resolve_lambda(settings, z, y, groups)
    fit = fit_frontier(
        z, y, tau=settings.tau, kappa=settings.kappa, lambda_b=lam, method=settings.method
    )
    return fit, choice


def settings_record(fit: FrontierFit, choice: LambdaChoice | None, band_level=None) -> dict:
    """The settings of a fit as a JSON-ready dict (full precision)."""
    return {
        "tau": fit.tau,
        "kappa": fit.kappa,
        "lambda_b": fit.lambda_b,
        "lambda_chosen_by": "given" if choice is None else "cross-validation",
        "lambda_cv": None
        if choice is None
        else {
            "grid": list(choice.grid),
            "cv_pinball_loss": list(choice.cv_loss),
            "n_folds": choice.n_folds,
            "n_groups": choice.n_groups,
            "held_out_by": choice.grouped_by,
        },
        "method": fit.method,
        "band_level": band_level,
    }


def describe_settings(fit: FrontierFit, choice: LambdaChoice | None) -> str:
    """One line, e.g. 'tau 0.98, kappa 50, lambda 1e-3 (given), sharp estimator'."""
    how = "given" if choice is None else choice.describe()
    estimator = "the paper's smoothed estimator" if fit.method == "paper" else "sharp estimator"
    return (
        f"tau {format_number(fit.tau)}, kappa {format_number(fit.kappa)}, "
        f"lambda {format_number(fit.lambda_b)} ({how}), {estimator}"
    )
