"""The budget design's fast greedy step chooses exactly what the direct formula chooses.

``select_models`` scores every candidate by j'Q j through the ten products of j's entries
(``_quadratic_forms``) instead of ``V = J @ Minv``; this file keeps the direct formula of
the paper's greedy step (the code before the speed-up) as the reference and checks the
chosen models are the same, in the same order, on the bundled OLL v2 pool and on seeded
pools with tied compute.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.frontier.boundary.binning import equal_mass_edges
from core.frontier.data.budget_pool import load_candidate_pool
from core.frontier.planning.budget_design import (
    DesignPrior,
    _pair_products,
    _quadratic_forms,
    select_models,
)


def reference_selection(z, cost, budget, *, objective="i_optimal_balanced", weights=None, seed=42):
    """The greedy I-optimal design computed directly (V = J Minv), as before h13fr."""
    prior = DesignPrior()
    n = z.size
    J = prior.jacobian(z)
    if weights is not None:
        J = J * np.sqrt(weights)[:, None]
    rng = np.random.default_rng(seed)
    z_code = z - prior.offset
    edges = equal_mass_edges(z_code, 10, 1)
    mids = 0.5 * (edges[:-1] + edges[1:])
    Jg = prior.jacobian(mids + prior.offset)
    A = Jg.T @ Jg / mids.size
    k = np.clip(np.searchsorted(edges, z_code, side="right") - 1, 0, mids.size - 1)
    counts = np.zeros(mids.size)
    Minv = np.eye(4) / 1e-9
    used = np.zeros(n, bool)
    order = []

    def add(i):
        nonlocal Minv
        v = Minv @ J[i]
        Minv = Minv - np.outer(v, v) / (1.0 + J[i] @ v)
        used[i] = True
        counts[k[i]] += 1

    spent = 0.0
    base_perm = rng.permutation(n)
    mid = -prior.a / prior.b
    for t in [z_code.min(), z_code.max(), mid - 1.543 / prior.b, mid + 1.543 / prior.b]:
        for i in np.lexsort((base_perm, np.abs(z_code - t))):
            if not used[i] and spent + cost[i] <= budget:
                add(i)
                order.append(int(i))
                spent += cost[i]
                break
    while budget - spent > 0:
        ok = ~used & (cost <= budget - spent)
        if not ok.any():
            break
        V = J @ Minv
        denom = 1.0 + np.einsum("ij,ij->i", V, J)
        if objective == "d_optimal":
            gain = np.log(denom)
        else:
            gain = np.einsum("ij,jk,ik->i", V, A, V) / denom
            if objective == "i_optimal_balanced":
                nk = counts[k]
                gain = gain + 1e-3 * (np.log(nk + 1.0 + 1e-6) - np.log(nk + 1e-6))
        score = np.where(ok, gain / cost, -np.inf)
        perm = rng.permutation(n)
        best = score.max()
        if not best > 0:
            break
        position = np.empty(n, int)
        position[perm] = np.arange(n)
        ties = np.flatnonzero(score == best)
        i = int(ties[np.argmin(position[ties])])
        add(i)
        order.append(i)
        spent += cost[i]
    return tuple(order)


def test_quadratic_forms_equal_the_direct_product():
    rng = np.random.default_rng(3)
    J = rng.normal(size=(50, 4))
    Q = rng.normal(size=(4, 4))
    Q = Q + Q.T
    np.testing.assert_allclose(
        _quadratic_forms(_pair_products(J), Q), np.einsum("ij,jk,ik->i", J, Q, J), rtol=1e-12
    )
    # equal rows give bit-equal values, so exact ties stay ties
    twice = _quadratic_forms(_pair_products(np.vstack([J, J])), Q)
    assert np.array_equal(twice[:50], twice[50:])


@pytest.fixture(scope="module")
def oll_pool(oll_path):
    return load_candidate_pool(
        oll_path, scores=[], params="#Params (B)", tokens="Pretraining tokens (T)"
    )


@pytest.mark.parametrize("objective", ["i_optimal_balanced", "i_optimal", "d_optimal"])
@pytest.mark.parametrize("share", [0.05, 0.2])
def test_same_models_as_the_direct_formula_on_oll(oll_pool, objective, share):
    z, cost = oll_pool.log10_flops, oll_pool.cost
    budget = share * cost.sum()
    fast = select_models(z, cost, budget, objective=objective)
    assert fast.selected == reference_selection(z, cost, budget, objective=objective)
    assert fast.n_selected > 50


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_same_models_with_ties_and_weights(seed):
    rng = np.random.default_rng(seed)
    z = np.round(rng.uniform(21, 25, 400), 1)  # many exact ties in compute
    cost = np.round(10 ** (z - 22), 3)
    weights = np.round(rng.uniform(0.5, 1.5, 400), 1)
    for w in (None, weights):
        budget = 0.3 * cost.sum()
        fast = select_models(z, cost, budget, weights=w, seed=seed)
        assert fast.selected == reference_selection(z, cost, budget, weights=w, seed=seed)
