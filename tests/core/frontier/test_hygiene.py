"""Data hygiene, reported: repeated models, percent scores, the minimum table, bad tables,
several tau levels in one run."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from core.cli import main
from core.errors import InputError
from core.frontier.boundary.questions import compute_needed
from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.data.mapping import ColumnMapping, display_names, prepare_benchmarks
from core.frontier.data.table import MIN_ROWS, load_boundary_tables
from core.frontier.present.results import BenchmarkBoundary, period_labels, points_frame
from core.frontier.present.sentences import compute_needed_sentence

FLOPS = ["--flops", "flops"]


def _models(n=80, seed=3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    z = rng.uniform(21, 25, n)
    top = 0.1 + 0.8 / (1 + np.exp(-1.5 * (z - 23)))
    return pd.DataFrame(
        {
            "model": [f"org/m{i}" for i in range(n)],
            "flops": 10.0**z,
            "acc": np.clip(top - rng.exponential(0.08, n), 0, 1),
        }
    )


def _cli(argv, capsys):
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_a_repeated_top_row_is_counted_once(tmp_path, capsys):
    frame = _models()
    low = int(frame["flops"].idxmin())
    frame.loc[low, "acc"] = 0.99  # one strong small model, listed three times
    best = frame.iloc[[low]]
    doubled = pd.concat([frame, best, best], ignore_index=True)
    path = tmp_path / "models.csv"
    doubled.to_csv(path, index=False)
    (once,) = load_boundary_tables(path, ["acc"], flops="flops")
    (every,) = load_boundary_tables(path, ["acc"], flops="flops", duplicates="all")
    (clean,) = load_boundary_tables(frame, ["acc"], flops="flops")
    assert once.n == 80 and once.dropped["repeated model name"] == 2
    assert every.n == 82 and every.dropped["repeated model name"] == 0
    assert np.array_equal(once.score, clean.score)  # the first row of each model kept
    fit_once = fit_frontier(once.log10_flops, once.score)
    fit_every = fit_frontier(every.log10_flops, every.score)
    fit_clean = fit_frontier(clean.log10_flops, clean.score)
    z = np.array([21.5, 23.0, 24.5])
    assert fit_once.predict(z) == pytest.approx(fit_clean.predict(z), abs=1e-9)
    assert abs(fit_every.predict([21.5])[0] - fit_once.predict([21.5])[0]) > 0.01
    status, out, _ = _cli(
        ["frontier", str(path), "--score", "acc", *FLOPS, "--n-boot", "0"], capsys
    )
    assert status == 0
    assert "2 rows with a repeated model name left out (kept the first usable row" in out
    status, out, _ = _cli(
        ["frontier", str(path), "--score", "acc", *FLOPS, "--n-boot", "0", "--keep-duplicates"],
        capsys,
    )
    assert status == 0 and "n = 82" in out and "repeated" not in out


def test_text_output_says_when_scores_were_percent(fixtures_dir, capsys):
    path = fixtures_dir / "frontier" / "oll_v1_with_tokens_sample600.csv"
    argv = ["frontier", str(path), "--score", "ARC", "--n-boot", "0"]
    status, out, _ = _cli(argv, capsys)
    assert status == 0
    assert "note: scores in 'ARC' read as percent (divided by 100)" in out
    status, out, _ = _cli([*argv, "--format", "json"], capsys)
    assert json.loads(out)["percent_scaled"] is True


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: f.head(3), "only 3 usable rows; a boundary needs at least 20"),
        (lambda f: f.assign(flops=1e24), "every model has the same compute (1e24 FLOPs)"),
        (lambda f: f.assign(acc=0.5), "every model has the same score (0.5)"),
        (
            lambda f: f.assign(acc=np.where(np.arange(len(f)) % 4 == 0, f["acc"] * 100, f["acc"])),
            "mixes fractions and percentages",
        ),
    ],
    ids=["3 rows", "same compute", "same score", "percent and fraction"],
)
@pytest.mark.parametrize("command", ["frontier", "backtest", "saturation"])
def test_bad_tables_exit_2_with_one_line(tmp_path, capsys, change, message, command):
    frame = change(_models()).assign(date="2024-07-01")
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    extra = ["--date", "date"] if command == "backtest" else []
    status, _, err = _cli([command, str(path), "--score", "acc", *FLOPS, *extra], capsys)
    assert status == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert "bad.csv" in err


def test_the_same_bad_tables_are_messages_per_benchmark_on_the_page():
    good = _models()
    mapping = ColumnMapping(model="model", flops="flops", scores=("acc",))
    cases = {
        "only 3 usable rows": good.head(3),
        "same compute": good.assign(flops=1e24),
        "same score": good.assign(acc=0.5),
        "mixes fractions and percentages": good.assign(
            acc=np.where(np.arange(80) % 4 == 0, good["acc"] * 100, good["acc"])
        ),
    }
    for words, frame in cases.items():
        prepared = prepare_benchmarks(frame, mapping)
        assert not prepared.tables
        (problem,) = prepared.problems
        assert words in problem.message, (words, problem.message)
    assert MIN_ROWS == 20
    assert prepare_benchmarks(good.head(MIN_ROWS), mapping).tables  # exactly the minimum fits
    assert not prepare_benchmarks(good.head(MIN_ROWS - 1), mapping).tables


def test_page_tables_keep_one_row_per_model_unless_asked():
    frame = _models()
    doubled = pd.concat([frame, frame.head(5)], ignore_index=True)
    mapping = ColumnMapping(model="model", flops="flops", scores=("acc",))
    (table,) = prepare_benchmarks(doubled, mapping).tables
    assert table.n == 80 and table.dropped["repeated model name"] == 5
    (table,) = prepare_benchmarks(doubled, mapping, duplicates="all").tables
    assert table.n == 85
    with pytest.raises(InputError, match="duplicates must be one of"):
        load_boundary_tables(frame, ["acc"], flops="flops", duplicates="last")


def test_several_taus_in_one_run_never_cross(tmp_path, capsys):
    path = tmp_path / "m.csv"
    _models(200).to_csv(path, index=False)
    argv = ["frontier", str(path), "--score", "acc", *FLOPS, "--n-boot", "0"]
    status, out, _ = _cli([*argv, "--tau", "0.98,0.5,0.9", "--at", "1e21", "1e23", "3e25"], capsys)
    assert status == 0
    status, out, _ = _cli(
        [*argv, "--tau", "0.98,0.5,0.9", "--at", "1e21", "1e23", "3e25", "--format", "json"], capsys
    )
    objects = json.loads(out)
    assert [o["tau"] for o in objects] == [0.5, 0.9, 0.98]
    scores = np.array([[p["score"] for p in o["predictions"]] for o in objects])
    assert (np.diff(scores, axis=0) >= 0).all()
    # each level alone gives the same boundary where nothing needed rearranging
    status, out, _ = _cli([*argv, "--tau", "0.9", "--at", "1e23", "--format", "json"], capsys)
    alone = json.loads(out)["predictions"][0]["score"]
    assert objects[1]["predictions"][1]["score"] == pytest.approx(alone, abs=1e-12)


@pytest.mark.parametrize(
    "command, tau, message",
    [
        ("frontier", "0.5,x", "--tau takes numbers"),
        ("frontier", "0.9,0.9", "lists a level twice"),
        ("frontier", "0.9,1.2", "between 0.5 and 1"),
        ("backtest", "0.5,0.9", "this command takes one level"),
    ],
)
def test_bad_tau_lists(tmp_path, capsys, command, tau, message):
    path = tmp_path / "m.csv"
    _models().assign(date="2024-07-01").to_csv(path, index=False)
    extra = ["--date", "date"] if command == "backtest" else []
    status, _, err = _cli(
        [command, str(path), "--score", "acc", *FLOPS, *extra, "--tau", tau], capsys
    )
    assert status == 2 and message in err and err.count("\n") == 1


def test_points_without_dates_have_one_period_label_per_model():
    (table,) = load_boundary_tables(_models(), ["acc"], flops="flops")
    result = BenchmarkBoundary("acc", table, fit_frontier(table.log10_flops, table.score))
    assert len(points_frame(result)) == 80
    assert period_labels(None, None, 4).tolist() == ["no date"] * 4


def test_display_name_of_a_lone_generic_score_column_comes_from_the_file():
    assert display_names(["score"], "points_GPQA_diamond.csv") == ["GPQA_diamond"]
    assert display_names(["BBH Raw", "score"], "x.csv") == ["BBH", "score"]
    assert display_names(["MMLU"], "points_GPQA_diamond.csv") == ["MMLU"]


def test_compute_below_the_smallest_model_is_called_below():
    (table,) = load_boundary_tables(_models(), ["acc"], flops="flops")
    fit = fit_frontier(table.log10_flops, table.score)
    target = float(fit.predict([fit.log10_flops_min - 0.5])[0])
    needed = compute_needed(fit, target)
    assert needed.extrapolated and needed.log10_flops < fit.log10_flops_min
    text = compute_needed_sentence("acc", needed, fit.ceiling, fit.log10_flops_min)
    assert "below the compute of the smallest model" in text and "beyond" not in text
    high = compute_needed(fit, float(fit.predict([fit.log10_flops_max + 0.3])[0]))
    text = compute_needed_sentence("acc", high, fit.ceiling, fit.log10_flops_min)
    assert "beyond the compute of the models" in text


def test_a_flat_boundary_answers_instead_of_dividing_by_zero():
    # Epoch AI MATH level 5 at the default settings fits y0 = 1.0, L = 0 (a flat line).
    (table,) = load_boundary_tables(_models(), ["acc"], flops="flops")
    flat = replace(fit_frontier(table.log10_flops, table.score), y0=1.0, L=0.0)
    assert compute_needed(flat, 0.7).status == "at or below floor"
    assert compute_needed(replace(flat, y0=0.5), 0.7).status == "above ceiling"
