"""Sentences and tables of the saturation, contamination and budget analyses."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from core.frontier.analyses.saturation import DominanceResult, SaturationSummary
from core.frontier.present import analysis_text as words
from core.frontier.present.analysis_text import PROBE_ALPHA

FLAT = SaturationSummary("MMLU", 0.81, 0.19, 0.012, 25.0, 0.95, 24.0, True, 0.004)
RISING = SaturationSummary("MATH", 0.6, 0.4, 0.153, 24.0, 0.95, 26.5, False, 0.21)


def test_saturation_sentences_follow_the_summary():
    flat = words.saturation_sentence("MMLU", FLAT)
    assert flat.startswith(
        "**MMLU is saturating:** its boundary reaches 95% of its rise at 1e24 FLOPs"
    )
    assert "add only 0.00 (ceiling 0.81)" in flat
    rising = words.saturation_sentence("MATH", RISING)
    assert rising.startswith("**MATH is not saturated:** its boundary still rises 0.15 per decade")
    assert "0.21 left below its ceiling of 0.60" in rising


def test_saturation_sentence_words_follow_the_flat_share():
    other = SaturationSummary("MMLU", 0.81, 0.19, 0.012, 25.0, 0.9, 24.0, True, 0.004)
    assert "reaches 90% of its rise" in words.saturation_sentence("MMLU", other)


def test_flattening_inside_and_beyond_the_data():
    assert words.flattening_text(RISING) == "beyond any compute in the data"
    assert words.flattening_text(FLAT) != "beyond any compute in the data"
    assert "24" in words.flattening_text(FLAT)


def test_saturation_tables_full_precision_and_text():
    full = words.saturation_table([FLAT, RISING])
    assert list(full["benchmark"]) == ["MMLU", "MATH"]
    assert full.loc[1, "slope per decade at max"] == 0.153
    assert full.loc[0, "max FLOPs"] == pytest.approx(1e25)
    assert full.loc[1, "flattens at FLOPs"] == pytest.approx(10**26.5)
    assert list(full["flattened in data"]) == [True, False]
    assert list(words.saturation_table([]).columns) == list(full.columns)
    text = words.saturation_report_table([RISING])
    assert text.loc[0, "ceiling"] == "0.600" and text.loc[0, "slope per decade at max"] == "0.153"
    assert text.loc[0, "flattens at"] == "beyond any compute in the data"


def test_dominance_words():
    assert words.dominance_skipped(None, None) == (
        "no date column (choose one under Columns) and no parameter column (choose one above); "
        "it compares large models with the best small model released before them."
    )
    assert words.dominance_skipped("size", None).startswith(
        "no date column (choose one under Columns);"
    )
    monthly = pd.DataFrame({"n_large": [10, 2, 2, 4], "n_dominated": [0, 1, 1, 2]})
    models = pd.DataFrame({"dominated": [True] * 4 + [False] * 14})
    d = DominanceResult(monthly, models, 13.0, 5, 1800, 0)
    assert words.dominance_sentence("BBH", d) == (
        "BBH: 22% of 1,800 large models score below the best small model released by then; "
        "50% in the last three months."
    )


def test_monotonicity_words():
    cmp = SimpleNamespace(adjacent_decrease_pretrained=0.25, adjacent_decrease_posttrained=0.4)
    assert words.monotonicity_sentence("GPQA", cmp) == (
        "GPQA: 25% of neighbouring official pretrained models drop in score as compute grows, "
        "against 40% of post-trained ones."
    )


def _probe(p, p_perm, gamma=0.5, alternative="greater"):
    return SimpleNamespace(
        pvalue=p,
        pvalue_permutation=p_perm,
        gamma=gamma,
        alternative=alternative,
        cutoff=pd.Timestamp("2024-06-26"),
        n_before=1234,
        n_after=56,
    )


def test_contamination_shift_needs_both_pvalues_below_the_level():
    assert PROBE_ALPHA == 0.05
    head = words.contamination_sentence(_probe(0.001, 0.004), "BBH", "MATH")
    assert head.startswith("Models released on or after 2024-06-26 score +0.50 logits on MATH")
    assert "(t-test p = 0.001, permutation p = 0.004; 1,234 before, 56 after)" in head
    assert "**That is a shift**" in head
    assert "No evidence" in words.contamination_sentence(_probe(0.001, 0.06), "BBH", "MATH")
    assert "No evidence" in words.contamination_sentence(_probe(0.001, 0.004, gamma=-0.5), "x", "y")


def test_contamination_level_and_its_words_follow_alpha():
    r = _probe(0.02, 0.03)
    assert "**That is a shift**" in words.contamination_sentence(r, "x", "y")
    strict = words.contamination_sentence(r, "x", "y", alpha=0.01)
    assert strict.endswith("**No evidence of a shift** at the 1% level.")
    assert words.contamination_sentence(_probe(0.2, 0.3), "x", "y").endswith("at the 5% level.")


def test_budget_sentence_with_and_without_backtest():
    design = SimpleNamespace(n_selected=1234, spent=25.0)
    pool = SimpleNamespace(n=4567, cost=np.array([50.0, 50.0, 100.0]))
    assert words.budget_sentence(design, pool, None) == (
        "Evaluating these **1,234 of 4,567 models** (12% of their total cost) covers the "
        "compute range as evenly as the budget allows."
    )
    estimate = pd.DataFrame({"pinball": [0.0123, 0.0100], "pinball_vs_full": [1.23, 1.0]})
    text = words.budget_sentence(design, pool, estimate)
    assert "to within 0.0023 pinball of the full data (0.0123 vs 0.0100, ×1.23)" in text


def test_selection_record_lists_exactly_the_selected_models(oll_path):
    from core.frontier.data.budget_pool import load_candidate_pool
    from core.frontier.planning.budget_design import select_models

    frame = pd.read_csv(oll_path).iloc[:300]
    pool = load_candidate_pool(
        frame, cost=None, model="fullname", params="#Params (B)", tokens="Pretraining tokens (T)"
    )
    design = select_models(pool.log10_flops, pool.cost, 0.1 * pool.cost.sum())
    record = words.selection_record(design, pool, 0.1)
    assert record["n_candidates"] == pool.n and record["n_selected"] == design.n_selected
    assert len(record["selected"]) == design.n_selected
    assert record["budget_fraction"] == 0.1 and record["pool_cost"] == float(pool.cost.sum())
    assert record["spent"] <= record["budget"]
    assert record["planner"] == "one-shot (balanced I-optimal)"
    assert "status" not in record["selected"][0]


def _prepared(repeated=0, duplicates="first", scaled=()):
    tables = [
        SimpleNamespace(
            dropped={"repeated model name": repeated} if repeated else {},
            score_column=name,
            percent_scaled=name in scaled,
        )
        for name in ("IFEval Raw", "Math*Bench Raw")
    ]
    return SimpleNamespace(tables=tables, duplicates=duplicates)


def test_reading_notes_keep_our_markup_and_escape_names_from_the_file():
    notes = words.reading_notes(_prepared(repeated=1, scaled=("Math*Bench Raw",)))
    assert notes[0].startswith("**1 row with a repeated model name left out:** the first")
    assert notes[1] == r"**Read as percent** (divided by 100): Math\*Bench."
    many = words.reading_notes(_prepared(repeated=1234))
    assert many[0].startswith("**1,234 rows with a repeated")
    assert words.reading_notes(_prepared(duplicates="all")) == [
        "**Every row kept**, repeated model names included."
    ]
    assert words.reading_notes(_prepared()) == []
