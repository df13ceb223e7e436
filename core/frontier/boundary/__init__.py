"""The boundary itself: smoothed pinball loss, the sigmoid fit, several τ without crossings,
baselines, the clustered bootstrap band, bins, λ by cross-validation, fit settings, the
questions a boundary answers and the position of new models against it.

Modules: baselines, binning, bootstrap, fit_newton, fit_settings, fit_terms, lambda_cv, loss, position, questions, several_taus, sigmoid_fit.
"""

from core.lazy_modules import lazy_submodules

__all__ = [
    "baselines",
    "binning",
    "bootstrap",
    "fit_newton",
    "fit_settings",
    "fit_terms",
    "lambda_cv",
    "loss",
    "position",
    "questions",
    "several_taus",
    "sigmoid_fit",
]

__getattr__, __dir__ = lazy_submodules(__name__, __all__)
