"""Grouped cross-validation of the penalty (core.frontier.boundary.lambda_cv): the phrase
that reports it, the grid edge, refusals, fold balance, ties.

Complements test_fit_settings.py (held-out loss by hand, families kept whole).
"""

from __future__ import annotations

import numpy as np
import pytest

from core.frontier.boundary import lambda_cv
from core.frontier.boundary.lambda_cv import LambdaChoice, choose_lambda, group_folds, pinball_loss


@pytest.mark.parametrize(
    ("choice", "text"),
    [
        (
            LambdaChoice(1e-3, (1e-4, 1e-3, 1e-2), (3, 1, 2), 5, 1_234, "family"),
            "chosen by 5-fold cross-validation over 1,234 families, each held out whole",
        ),
        (
            LambdaChoice(1e-2, (1e-4, 1e-3, 1e-2), (3, 2, 1), 3, 1, "family"),
            "chosen by 3-fold cross-validation over 1 family, each held out whole; "
            "the edge of the candidates tried",
        ),
        (
            LambdaChoice(1e-4, (1e-4, 1e-3), (1, 2), 5, 40, "model"),
            "chosen by 5-fold cross-validation over 40 models; the edge of the candidates tried",
        ),
        (
            LambdaChoice(1e-3, (1e-3,), (1,), 4, 1, "model"),
            "chosen by 4-fold cross-validation over 1 model",
        ),
    ],
)
def test_describe_words_plurals_and_the_grid_edge(choice, text):
    assert choice.describe() == text


def test_at_grid_edge_needs_more_than_one_candidate():
    assert LambdaChoice(1e-3, (1e-4, 1e-3, 1e-2), (3, 1, 2), 5, 9, "model").at_grid_edge is False
    assert LambdaChoice(1e-4, (1e-2, 1e-4, 1e-3), (1, 2, 3), 5, 9, "model").at_grid_edge is True
    assert LambdaChoice(1e-3, (1e-3,), (1,), 5, 9, "model").at_grid_edge is False


@pytest.mark.parametrize(("groups", "word"), [(None, "models"), (["a", "a", "b", "b"], "families")])
def test_fewer_than_three_groups_is_refused(groups, word):
    z = [20.0, 21.0] if groups is None else [20.0, 21.0, 22.0, 23.0]
    y = [0.1, 0.2] if groups is None else [0.1, 0.2, 0.3, 0.4]
    with pytest.raises(ValueError, match=f"at least 3 {word} to hold out, found 2; give --lambda"):
        choose_lambda(z, y, groups)


def test_folds_are_balanced_in_rows_and_seeded():
    groups = np.repeat(np.arange(12), [9, 8, 7, 6, 5, 4, 3, 3, 2, 2, 1, 1])
    fold = group_folds(groups, 3, seed=0)
    assert np.bincount(fold).tolist() == [17, 17, 17]
    assert group_folds(groups, 3, seed=0).tolist() == fold.tolist()
    for g in np.unique(groups):
        assert np.unique(fold[groups == g]).size == 1


def test_folds_never_exceed_the_groups():
    z = np.linspace(20, 25, 40)
    y = np.clip(0.1 + 0.5 / (1 + np.exp(-(z - 22.5))), 0, 1)
    groups = np.repeat(["a", "b", "c", "d"], 10)
    choice = choose_lambda(z, y, groups, tau=0.9, grid=(1e-3,), n_folds=10)
    assert (choice.n_folds, choice.n_groups, choice.grouped_by) == (4, 4, "family")


def test_ties_in_loss_prefer_the_larger_penalty(monkeypatch):
    class Flat:
        def predict(self, z):
            return np.full(np.shape(z), 0.5)

    monkeypatch.setattr(lambda_cv, "fit_frontier", lambda *a, **k: Flat())
    z = np.linspace(20, 25, 30)
    choice = choose_lambda(z, np.full(30, 0.4), grid=(1e-4, 1e-2, 1e-3))
    assert choice.lambda_b == 1e-2
    assert len(set(choice.cv_loss)) == 1
    expected = pinball_loss(np.full(30, -0.1), 0.98).sum() / 30
    assert choice.cv_loss[0] == pytest.approx(expected)


def test_pinball_loss_is_asymmetric_by_tau():
    assert pinball_loss([0.2, -0.2, 0.0], 0.75).tolist() == pytest.approx([0.15, 0.05, 0.0])
