"""Core support of the frontier page: column guesses, per-benchmark problems, sentences,
charts and the HTML report (escaping)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from core.errors import InputError
from core.frontier.boundary.questions import attainable_score, compute_needed
from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.data.mapping import (
    ColumnMapping,
    benchmark_name,
    guess_mapping,
    prepare_benchmarks,
)
from core.frontier.present.charts import boundary_chart, coverage_chart, small_multiples
from core.frontier.present.html_report import build_html_report
from core.frontier.present.results import (
    BenchmarkBoundary,
    params_frame,
    predictions_frame,
    to_json,
)
from core.frontier.present.sentences import (
    attainable_sentence,
    compute_needed_sentence,
    format_flops,
    parse_flops,
)


def _frame(n=120, seed=0):
    rng = np.random.default_rng(seed)
    z = rng.uniform(21, 25, n)
    return pd.DataFrame(
        {
            "model": [f"<b>m{i}</b>" for i in range(n)],
            "Upload date": pd.date_range("2024-01-01", periods=n, freq="3D").astype(str),
            "#Params (B)": 10 ** (z - 21) / 6 / 2,
            "Tokens (T)": 2.0,
            "Flagged": [i % 10 == 0 for i in range(n)],
            "Task Raw": np.clip(
                0.2 + 0.6 / (1 + np.exp(-(z - 23))) - rng.exponential(0.05, n), 0, 1
            ),
        }
    )


def test_guess_and_prepare():
    frame = _frame()
    mapping = guess_mapping(frame)
    assert (mapping.params, mapping.tokens, mapping.flops) == ("#Params (B)", "Tokens (T)", None)
    assert mapping.scores == ("Task Raw",) and mapping.date == "Upload date"
    assert mapping.model == "model" and benchmark_name("Task Raw") == "Task"
    prepared = prepare_benchmarks(
        frame, ColumnMapping(**{**_asdict(mapping), "exclude": ("Flagged",)})
    )
    assert prepared.n_excluded == 12 and prepared.tables[0].n == 108
    assert prepared.tables[0].model[0] == "<b>m1</b>"


def _asdict(mapping):
    return {f: getattr(mapping, f) for f in mapping.__dataclass_fields__}


def test_problems_are_per_benchmark():
    frame = _frame()
    frame["Text Raw"] = "n/a"
    frame["Few Raw"] = np.where(np.arange(len(frame)) < 10, 0.5, np.nan)
    mapping = ColumnMapping(
        model="model",
        params="#Params (B)",
        tokens="Tokens (T)",
        scores=("Task Raw", "Text Raw", "Few Raw"),
    )
    prepared = prepare_benchmarks(frame, mapping)
    assert [t.score_column for t in prepared.tables] == ["Task Raw"]
    messages = {p.name: p.message for p in prepared.problems}
    assert "not numeric" in messages["Text"] and "only 10 usable rows" in messages["Few"]
    with pytest.raises(InputError, match="no compute column"):
        prepare_benchmarks(frame, ColumnMapping(scores=("Task Raw",)))


def test_flops_formatting_and_parsing():
    assert format_flops(3e24) == "3e24" and format_flops(2.4e25) == "2.4e25"
    assert parse_flops("3 x 10^24") == 3e24 and parse_flops("3E+24") == 3e24
    with pytest.raises(ValueError, match="like 3e24"):
        parse_flops("lots")
    with pytest.raises(ValueError):
        parse_flops("-1")


def _result():
    frame = _frame(300)
    mapping = guess_mapping(frame)
    table = prepare_benchmarks(frame, mapping).tables[0]
    return BenchmarkBoundary("Task", table, fit_frontier(table.log10_flops, table.score))


def test_sentences_read_like_the_issue():
    result = _result()
    (answer,) = attainable_score(result.fit, 1e23)
    text = attainable_sentence("Task", answer)
    assert text.startswith("At 1e23 FLOPs the Task boundary is 0.")
    low = replace(result.fit, y0=0.2, L=0.5)  # ceiling 0.70
    needed = compute_needed(low, 0.8)
    assert "levels off at 0.70, so no compute reaches 0.80" in compute_needed_sentence(
        "Task", needed, low.ceiling
    )
    needed = compute_needed(result.fit, float(result.fit.predict(23.5)))
    assert "you need about 3e23 FLOPs" in compute_needed_sentence("Task", needed, 1.0)


def test_charts_and_exports():
    result = _result()
    spec = boundary_chart(result).to_dict()
    marks = {layer["mark"]["type"] for layer in spec["layer"]}
    assert {"circle", "line"} <= marks
    assert len(small_multiples([result, result]).to_dict()["concat"]) == 2
    assert coverage_chart([result], 0.98).to_dict()["layer"]
    assert params_frame([result]).loc[0, "n"] == result.table.n
    assert predictions_frame([result])["above_boundary"].mean() < 0.1
    assert math.isclose(eval_json(to_json([result]))[0]["tau"], 0.98)


def eval_json(text):
    import json

    return json.loads(text)


def test_html_report_escapes_names():
    result = _result()
    page = build_html_report([result], "Task", note="<script>x</script>")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "data:image/png;base64," in page and "sampling variability only" in page
