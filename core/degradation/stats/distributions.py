"""The few distribution functions the binary compare path needs, without ``scipy.stats``.

``python -m core compare`` is a CI gate: importing ``scipy.stats`` (about 0.8 s),
``scipy.optimize`` (0.3 s) and ``statsmodels`` (1.1 s) used to cost several times the
reading of the files. The exact tests only need a handful of functions, and scipy computes
them with ``scipy.special`` ufuncs that load in a fraction of that time, so this module
calls the same ufuncs with the same argument handling:

* :data:`binom` — ``pmf``, ``logpmf``, ``sf``, ``logsf``, ``ppf``, ``isf`` of ``scipy.stats.binom``
  (Boost's binomial routines, which ``scipy.stats.binom`` calls through
  ``scipy.special._ufuncs``);
* :data:`norm` — ``cdf``, ``ppf``, ``isf`` of ``scipy.stats.norm`` (``ndtr``, ``ndtri``);
* :data:`chi2` — ``sf`` of ``scipy.stats.chi2`` (``chdtrc``);
* :func:`brentq` — a line-for-line port of scipy's C ``brentq`` (same iterates, same root);
* :func:`proportion_confint` — the Wilson interval of ``statsmodels``.

``tests/core/degradation/test_distributions.py`` checks every function against scipy and
statsmodels, bit for bit where the algorithm is the same.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from types import SimpleNamespace

import numpy as np
import scipy.special as special
import scipy.special._ufuncs as _ufuncs

__all__ = ["binom", "brentq", "chi2", "norm", "proportion_confint"]


def _valid(n, p):
    return (n >= 0) & (np.floor(n) == n) & (p >= 0) & (p <= 1)


def _finish(output: np.ndarray):
    return output[()] if output.ndim == 0 else output


def _binom_pmf(k, n, p):
    """``scipy.stats.binom.pmf``: P(X = k), 0 outside 0..n, nan for invalid n or p."""
    k, n, p = np.broadcast_arrays(*map(np.asarray, (k, n, p)))
    good = _valid(n, p)
    inside = good & (k >= 0) & (k <= n) & (np.floor(k) == k)
    output = np.zeros(k.shape)
    output[~good | np.isnan(k)] = np.nan
    if inside.any():
        output[inside] = np.clip(_ufuncs._binom_pmf(k[inside], n[inside], p[inside]), 0, 1)
    return _finish(output)


def _binom_logpmf(k, n, p):
    """``scipy.stats.binom.logpmf`` (log-gamma form, finite far in the tails)."""
    k, n, p = np.broadcast_arrays(*map(np.asarray, (k, n, p)))
    good = _valid(n, p)
    inside = good & (k >= 0) & (k <= n) & (np.floor(k) == k)
    output = np.full(k.shape, -np.inf)
    output[~good | np.isnan(k)] = np.nan
    if inside.any():
        kk, nn, pp = k[inside], n[inside], p[inside]
        combiln = special.gammaln(nn + 1) - (special.gammaln(kk + 1) + special.gammaln(nn - kk + 1))
        output[inside] = combiln + special.xlogy(kk, pp) + special.xlog1py(nn - kk, -pp)
    return _finish(output)


def _binom_sf(k, n, p):
    """``scipy.stats.binom.sf``: P(X > k)."""
    k, n, p = np.broadcast_arrays(*map(np.asarray, (k, n, p)))
    good = _valid(n, p)
    inside = good & (k >= 0) & (k < n) & np.isfinite(k)
    output = np.zeros(k.shape)
    output[~good | np.isnan(k)] = np.nan
    output[good & ((k < 0) | np.isneginf(k))] = 1.0
    if inside.any():
        output[inside] = np.clip(_ufuncs._binom_sf(np.floor(k[inside]), n[inside], p[inside]), 0, 1)
    return _finish(output)


def _binom_logsf(k, n, p):
    """``scipy.stats.binom.logsf``: scipy's generic ``log(sf)`` (``-inf`` where sf is 0)."""
    with np.errstate(divide="ignore"):
        return np.log(_binom_sf(k, n, p))


def _binom_quantile(ufunc, at_zero: str):
    def quantile(q, n, p):
        q, n, p = np.broadcast_arrays(*map(np.asarray, (q, n, p)))
        good = _valid(n, p)
        output = np.full(q.shape, np.nan)
        low, high = good & (q == 0), good & (q == 1)
        output[low] = -1.0 if at_zero == "low" else n[low]
        output[high] = n[high] if at_zero == "low" else -1.0
        inside = good & (q > 0) & (q < 1)
        if inside.any():
            output[inside] = ufunc(q[inside], n[inside], p[inside])
        return _finish(output)

    return quantile


#: ``scipy.stats.binom``'s pmf, logpmf, sf, ppf and isf, computed as scipy computes them.
binom = SimpleNamespace(
    pmf=_binom_pmf,
    logpmf=_binom_logpmf,
    sf=_binom_sf,
    logsf=_binom_logsf,
    ppf=_binom_quantile(_ufuncs._binom_ppf, "low"),
    isf=_binom_quantile(_ufuncs._binom_isf, "high"),
)

#: ``scipy.stats.norm``'s cdf, ppf and isf (the standard normal).
norm = SimpleNamespace(
    cdf=special.ndtr,
    ppf=special.ndtri,
    isf=lambda q: -special.ndtri(q),
)

#: ``scipy.stats.chi2``'s survival function, ``chi2.sf(x, df)``.
chi2 = SimpleNamespace(sf=lambda x, df: special.chdtrc(df, x))

_RTOL = 4 * np.finfo(float).eps


def brentq(
    f: Callable[[float], float],
    a: float,
    b: float,
    xtol: float = 2e-12,
    rtol: float = _RTOL,
    maxiter: int = 100,
) -> float:
    """A root of ``f`` in ``[a, b]`` by Brent's method, as ``scipy.optimize.brentq``.

    A port of scipy's ``Zeros/brentq.c`` (same steps, so the same root to the last bit);
    ``scipy.optimize`` itself takes about 0.3 s to import.

    Raises
    ------
    ValueError
        When ``f(a)`` and ``f(b)`` have the same sign.
    RuntimeError
        When ``maxiter`` iterations do not converge.
    """
    xpre, xcur = float(a), float(b)
    xblk = fblk = spre = scur = 0.0
    fpre, fcur = float(f(xpre)), float(f(xcur))
    if fpre == 0:
        return xpre
    if fcur == 0:
        return xcur
    if math.copysign(1.0, fpre) == math.copysign(1.0, fcur):
        raise ValueError("f(a) and f(b) must have different signs")
    for _ in range(maxiter):
        if fpre != 0 and fcur != 0 and math.copysign(1.0, fpre) != math.copysign(1.0, fcur):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:  # interpolate
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            else:  # extrapolate
                dpre = (fpre - fcur) / (xpre - xcur)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):  # good short step
                spre, scur = scur, stry
            else:
                spre = scur = sbis
        else:
            spre = scur = sbis
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0 else -delta)
        fcur = float(f(xcur))
    raise RuntimeError(f"brentq did not converge in {maxiter} iterations")


def proportion_confint(
    count: float, nobs: float, alpha: float = 0.05, method: str = "wilson"
) -> tuple[float, float]:
    """Wilson's two-sided interval for a proportion, as ``statsmodels``' ``proportion_confint``.

    Only ``method="wilson"`` is provided (the one the paired intervals use).
    """
    if method != "wilson":
        raise NotImplementedError(f"method {method} is not available here; use statsmodels")
    q = count / nobs
    crit = float(norm.isf(alpha / 2.0))
    crit2 = crit**2
    denom = 1 + crit2 / nobs
    center = (q + crit2 / (2 * nobs)) / denom
    dist = crit * np.sqrt(q * (1.0 - q) / nobs + crit2 / (4.0 * nobs**2)) / denom
    return float(np.clip(center - dist, 0, 1)), float(np.clip(center + dist, 0, 1))
