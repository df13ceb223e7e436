"""Component test of ui/frontier/budget_view.py: the Evaluation budget tab."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.frontier.analyses.groups import ROW_ID
from core.frontier.data.budget_pool import load_candidate_pool
from core.frontier.data.mapping import ColumnMapping, kept_rows

#: Undated on purpose: no backtest estimate, so the tab stays fast.
MAPPING = ColumnMapping(
    model="fullname",
    params="#Params (B)",
    tokens="Pretraining tokens (T)",
    scores=("BBH Raw",),
)


@pytest.fixture(scope="module")
def frame(fixtures_dir):
    table = pd.read_csv(fixtures_dir / "frontier" / "oll_v2_with_tokens_subset.csv")
    return table.iloc[:400]


@pytest.fixture(scope="module")
def n_pool(frame):
    """Models of the 400 rows with usable compute (repeated names counted once)."""
    pool = load_candidate_pool(
        kept_rows(frame, MAPPING, ROW_ID), cost=None, model="fullname", **MAPPING.compute_options()
    )
    return pool.n


def _app(frame, mapping):
    from ui.frontier.budget_view import render_budget

    render_budget(frame, "subset-400", mapping, 0.98, ("quarters", ()))


def test_selection_sentence_table_and_downloads(frame, n_pool):
    at = AppTest.from_function(_app, args=(frame, MAPPING), default_timeout=30).run()
    assert not at.exception
    assert at.selectbox(key="budget_cost").value == "#Params (B)"  # guessed
    heading = at.markdown[0].value
    assert heading.startswith("#### Evaluating these **") and f" of {n_pool:,} models**" in heading
    assert "covers the compute range as evenly as the budget allows." in heading
    assert "A date column and known scores give a backtest estimate" in at.info[0].value
    chosen = at.dataframe[0].value
    n_selected = int(heading.split("**")[1].split(" of ")[0].replace(",", ""))
    assert len(chosen) == n_selected
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Selection (CSV)", "Selection (JSON)"]


def test_counting_models_and_no_cost_column(frame, n_pool):
    at = AppTest.from_function(_app, args=(frame, MAPPING), default_timeout=30).run()
    at.selectbox(key="budget_cost").select("(1 per model)")
    at.select_slider(key="budget_percent").set_value(20).run()
    assert not at.exception
    assert "(20% of their total cost)" in at.markdown[0].value
    assert f"**{int(0.2 * n_pool)} of {n_pool:,} models**" in at.markdown[0].value
    at.selectbox(key="budget_cost").select("— choose a cost column —").run()
    assert at.error[0].value.startswith("**No cost column.**")
