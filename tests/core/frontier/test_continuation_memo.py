"""The continuation memo: fits at other τ resume after the stages they share, and every fit
is the one ``fit_frontier`` makes without it, bit for bit (every field compared exactly)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from core.frontier.boundary import sigmoid_fit
from core.frontier.boundary.fit_newton import FitProblem
from core.frontier.boundary.several_taus import ContinuationMemo, fit_frontier_family
from core.frontier.boundary.sigmoid_fit import continuation_stages, fit_frontier
from tests.core.frontier.sigmoid_rows import sigmoid_rows


@pytest.fixture(scope="module")
def rows():
    z, y, w = sigmoid_rows(600, ties=True, seed=4)
    return z, y, w


@pytest.fixture
def counted(monkeypatch) -> Counter:
    """Counts the shape screenings and the Newton refinements (by (tau, kappa) stage)."""
    calls: Counter = Counter()
    screen, newton = sigmoid_fit._screen, FitProblem.newton

    def counted_screen(*args, **kwargs):
        calls["screen"] += 1
        return screen(*args, **kwargs)

    def counted_newton(self, phi, tau, kappa, *args, **kwargs):
        calls[(tau, kappa)] += 1
        return newton(self, phi, tau, kappa, *args, **kwargs)

    monkeypatch.setattr(sigmoid_fit, "_screen", counted_screen)
    monkeypatch.setattr(FitProblem, "newton", counted_newton)
    return calls


# One memo for every fit below, in this order: each option that changes the numbers must
# keep a fit from resuming another's states (a missing part of the key fails here).
SEQUENCE = [
    dict(tau=0.98, method="sharp"),
    dict(tau=0.95, method="sharp"),
    dict(tau=0.9, method="sharp"),
    dict(tau=0.99, method="sharp"),
    dict(tau=0.98, method="sharp"),  # everything stored: no stage runs again
    dict(tau=0.95, method="paper"),  # its last stage is final (tighter tolerance)
    dict(tau=0.98, method="paper"),
    dict(tau=0.75, method="sharp"),
    dict(tau=0.98, method="sharp", kappa=30.0),
    dict(tau=0.98, method="sharp", lambda_b=1e-4),
    dict(tau=0.95, method="sharp", seed=3),
    dict(tau=0.95, method="sharp", n_survivors=2),
    dict(tau=0.95, method="sharp", screen_points=128),
    dict(tau=0.95, method="sharp", weights="w"),
    dict(tau=0.95, method="sharp", weights="2w"),  # the same normalised weights
    dict(tau=0.95, method="sharp", extra_starts="fit"),
    dict(tau=0.95, method="sharp", scores="other"),
]


def _options(options: dict, rows, first_fit) -> tuple[np.ndarray, dict]:
    z, y, w = rows
    options = dict(options)
    weights = options.pop("weights", None)
    if weights is not None:
        positive = w + 1.0  # no zero weight: the fit sees the same rows as without weights
        options["weights"] = positive if weights == "w" else 2 * positive
    if options.pop("extra_starts", None) == "fit":
        options["extra_starts"] = (first_fit,)
    if options.pop("scores", None) == "other":
        y = np.clip(y + 0.01, 0.0, 1.0)
    return y, options


def test_every_fit_through_one_memo_is_the_fit_without_it(rows):
    z = rows[0]
    memo = ContinuationMemo()
    first_fit = fit_frontier(z, rows[1], tau=0.9)
    for options in SEQUENCE:
        y, kwargs = _options(options, rows, first_fit)
        assert fit_frontier(z, y, memo=memo, **kwargs) == fit_frontier(z, y, **kwargs), options


def test_a_fit_at_another_tau_runs_only_the_stages_it_does_not_share(rows, counted):
    z, y, _ = rows
    memo = ContinuationMemo()
    fit_frontier(z, y, tau=0.98, method="sharp", memo=memo)
    assert counted["screen"] == 1
    counted.clear()
    fit_frontier(z, y, tau=0.95, method="sharp", memo=memo)
    # 0.98's continuation ran (0.9, 10/25/50) and (0.95, 50): only 0.95's sharp end is left,
    # one refinement each (the sharp stages refine the best state only)
    assert counted == Counter({(0.95, 200.0): 1, (0.95, 1000.0): 1, (0.95, 5000.0): 1})
    counted.clear()
    fit_frontier(z, y, tau=0.95, method="sharp", memo=memo)
    assert counted == Counter()  # all stored
    fit_frontier(z, y, tau=0.75, method="sharp", memo=memo)
    assert counted["screen"] == 1  # 0.75 starts at 0.75: nothing shared
    stages = continuation_stages(0.75, method="sharp")
    assert all(counted[stage] >= 1 for stage in stages)


def test_the_memo_keeps_at_most_its_entries_and_still_gives_the_same_fits(rows):
    z, y, _ = rows
    memo = ContinuationMemo(max_entries=3)
    for tau in (0.98, 0.95, 0.98):
        assert fit_frontier(z, y, tau=tau, memo=memo) == fit_frontier(z, y, tau=tau)
        assert len(memo) == 3


def test_a_family_shares_the_stages_and_each_fit_is_the_fit_alone(rows, counted):
    z, y, _ = rows
    fit_frontier(z, y, tau=0.9, method="sharp")
    one = Counter(counted)
    counted.clear()
    family = fit_frontier_family(z, y, (0.99, 0.9, 0.95), method="sharp")
    assert counted["screen"] == 1  # the three levels start at 0.9: one screening
    for stage in [(0.9, 10.0), (0.9, 25.0), (0.9, 50.0)]:  # shared: run once, as for one fit
        assert counted[stage] == one[stage] > 0
    alone = tuple(fit_frontier(z, y, tau=t, method="sharp") for t in (0.9, 0.95, 0.99))
    assert family.fits == alone


@pytest.mark.parametrize(
    "options",
    [
        dict(seed=3),
        dict(n_survivors=2),
        dict(screen_points=128),
        dict(lambda_b=1e-4),
        dict(weights="w"),
        dict(extra_starts="fit"),
        dict(scores="other"),
    ],
)
def test_a_fit_whose_starts_differ_does_not_resume_another_fits_states(rows, counted, options):
    # Even where the continuation would end at the same optimum from the other fit's
    # states, the starts are those options' own: the fit screens its shapes afresh.
    z = rows[0]
    memo = ContinuationMemo()
    first_fit = fit_frontier(z, rows[1], tau=0.9, memo=memo)
    y, kwargs = _options(options, rows, first_fit)
    counted.clear()
    fit_frontier(z, y, tau=0.9, memo=memo, **kwargs)
    assert counted["screen"] == 1


def test_a_fit_with_another_kappa_shares_the_stages_before_it(rows, counted):
    z, y, _ = rows
    memo = ContinuationMemo()
    fit_frontier(z, y, tau=0.9, kappa=50.0, memo=memo)
    counted.clear()
    fit_frontier(z, y, tau=0.9, kappa=30.0, memo=memo)
    # the starts and the stages at kappa 10 and 25 are the same numbers for both
    assert counted["screen"] == 0 and counted[(0.9, 10.0)] == counted[(0.9, 25.0)] == 0
    assert counted[(0.9, 30.0)] >= 1
