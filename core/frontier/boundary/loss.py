"""The softplus-smoothed pinball loss and the sigmoid boundary curve it is fitted with.

One idea: the objective of Zhang et al. (arXiv 2602.15327, §3 of
``docs/method-frontier.md``), with its analytic gradient. Every estimator in
``core.frontier`` is scored with :func:`smoothed_pinball_loss`, so numbers are comparable.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

#: Final smoothing of the pinball loss (bandwidth about 1/kappa = 0.02 accuracy units).
DEFAULT_KAPPA = 50.0
#: Ridge penalty on the slope b (per decade of compute), the paper's value for OLL data.
DEFAULT_LAMBDA_B = 1e-3


def smoothed_pinball_loss(residual, tau: float, kappa: float = DEFAULT_KAPPA) -> np.ndarray:
    """Elementwise smoothed pinball loss ``softplus(kappa*u)/kappa + (tau - 1)*u``.

    Parameters
    ----------
    residual : array_like
        u = y - q(z), observed score minus boundary.
    tau : float
        Quantile level in (0, 1).
    kappa : float
        Smoothing; the loss tends to the check loss ``u*(tau - 1{u<0})`` as kappa grows.

    Returns
    -------
    numpy.ndarray
        The loss of each residual (always > 0, because softplus > max(0, t)).

    Notes
    -----
    softplus is computed as ``logaddexp(0, kappa*u)``, so large ``|kappa*u|`` never
    overflows. The derivative in u is ``expit(kappa*u) + tau - 1``
    (:func:`smoothed_pinball_derivative`).
    """
    u = np.asarray(residual, dtype=float)
    return np.logaddexp(0.0, kappa * u) / kappa + (tau - 1.0) * u


def smoothed_pinball_derivative(residual, tau: float, kappa: float = DEFAULT_KAPPA) -> np.ndarray:
    """Derivative of :func:`smoothed_pinball_loss` with respect to the residual."""
    u = np.asarray(residual, dtype=float)
    return expit(kappa * u) + (tau - 1.0)


def sigmoid_boundary(log10_flops, y0: float, L: float, z_star: float, b: float) -> np.ndarray:
    """The boundary curve ``y0 + L * expit(b * (z - z_star))`` at ``z = log10 FLOPs``."""
    z = np.asarray(log10_flops, dtype=float)
    return y0 + L * expit(b * (z - z_star))


def mean_loss(y, q, tau: float, kappa: float = DEFAULT_KAPPA, weights=None) -> float:
    """Mean (or weight-normalised) smoothed pinball loss of predictions ``q`` for scores ``y``."""
    loss = smoothed_pinball_loss(np.asarray(y, float) - np.asarray(q, float), tau, kappa)
    if weights is None:
        return float(np.mean(loss))
    w = np.asarray(weights, dtype=float)
    return float(np.sum(w * loss) / np.sum(w))


def objective_and_gradient(
    theta,
    log10_flops,
    score,
    tau: float,
    kappa: float = DEFAULT_KAPPA,
    lambda_b: float = DEFAULT_LAMBDA_B,
    weights=None,
) -> tuple[float, np.ndarray]:
    """Objective J(theta) and its gradient, theta = (y0, L, z_star, log b).

    ``J = sum_i w_i rho(y_i - q(z_i)) / sum_i w_i + lambda_b * b**2`` with equal weights
    when ``weights`` is None.

    Returns
    -------
    objective : float
    gradient : numpy.ndarray, shape (4,)
        Derivatives with respect to y0, L, z_star and log b.
    """
    y0, L, z_star, log_b = (float(v) for v in theta)
    b = np.exp(log_b)
    z = np.asarray(log10_flops, dtype=float)
    y = np.asarray(score, dtype=float)
    dz = z - z_star
    s = expit(b * dz)
    u = y - y0 - L * s
    ku = kappa * u
    loss = np.logaddexp(0.0, ku) / kappa + (tau - 1.0) * u
    r = expit(ku) + (tau - 1.0)
    if weights is None:
        w = np.full(z.shape, 1.0 / z.size)
    else:
        w = np.asarray(weights, dtype=float)
        w = w / w.sum()
    slope = L * b * s * (1.0 - s)
    objective = float(w @ loss) + lambda_b * b * b
    wr = w * r
    gradient = np.array(
        [
            -wr.sum(),
            -(wr @ s),
            wr @ slope,
            -(wr @ (slope * dz)) + 2.0 * lambda_b * b * b,
        ]
    )
    return objective, gradient
