"""The ``budget`` command's own contract (core.cli.budget): budget as a share or an amount,
cost 'none', the planner choices and their refusals, budget lists.

Runs on the real ObsScaling table of base models (tests/fixtures/frontier/PROVENANCE.md):
148 models, FLOPs in units of 1e21, sizes in billions.
"""

from __future__ import annotations

import json

import pytest

from core.cli import main
from core.cli.budget import _budgets
from core.errors import InputError

COMPUTE = ["--flops", "FLOPs (1E21)", "--flops-scale", "1e21", "--model", "Model"]


@pytest.fixture(scope="module")
def obs(fixtures_dir):
    return str(fixtures_dir / "frontier" / "obsscaling_base_llm_benchmark_eval.csv")


def _run(capsys, argv):
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_share_of_the_pools_cost_is_spent_within_it(obs, capsys):
    status, out, _ = _run(
        capsys,
        [
            "budget",
            obs,
            *COMPUTE,
            "--cost",
            "Model Size (B)",
            "--budget",
            "0.1",
            "--format",
            "json",
        ],
    )
    assert status == 0
    o = json.loads(out)
    assert o["budget"] == pytest.approx(0.1 * o["pool_cost"])
    assert o["budget_fraction"] == pytest.approx(0.1)
    assert o["spent"] <= o["budget"] + 1e-9
    assert o["spent"] == pytest.approx(sum(s["cost"] for s in o["selected"]))
    assert o["cost_column"] == "Model Size (B)"
    assert all(s["flops"] == pytest.approx(10 ** s["log10_flops"]) for s in o["selected"])


def test_cost_none_counts_models_and_a_budget_above_one_is_an_amount(obs, capsys):
    status, out, _ = _run(
        capsys, ["budget", obs, *COMPUTE, "--cost", "none", "--budget", "12", "--format", "json"]
    )
    assert status == 0
    o = json.loads(out)
    assert o["pool_cost"] == o["n_candidates"]
    assert o["budget"] == 12
    assert o["n_selected"] == 12 and o["spent"] == 12


def test_text_names_the_plan_and_the_budget(obs, capsys):
    status, out, _ = _run(capsys, ["budget", obs, *COMPUTE, "--cost", "none", "--budget", "0.5"])
    assert status == 0
    first = out.splitlines()[0]
    assert first.startswith("obsscaling_base_llm_benchmark_eval.csv: one-shot plan, ")
    assert "(50.0% of the pool's" in first and "cost = " in first


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--budget", "0"], "error: --budget must be positive"),
        (["--budget", "-1"], "error: --budget must be positive"),
        (
            ["--planner", "adaptive"],
            "error: --planner adaptive needs the scores of evaluated models",
        ),
        (["--planner", "both"], "error: --planner both only applies with --sweep"),
        (["--sweep", "--score", "MMLU"], "error: --sweep needs known scores and dates"),
        (["--batches", "0"], "error: --batches 0 is out of range"),
        (["--tau", "0.5,0.9"], "error: --tau 0.5,0.9: this command takes one level"),
    ],
)
def test_refusals_exit_2_with_one_line(obs, capsys, extra, message):
    status, out, err = _run(capsys, ["budget", obs, *COMPUTE, "--cost", "none", *extra])
    assert status == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "values"), [("5,10,20", (0.05, 0.1, 0.2)), ("100", (1.0,)), (" 50 ,", (0.5,))]
)
def test_budget_lists_are_percentages(text, values):
    assert _budgets(text) == pytest.approx(values)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5,ten", "--budgets takes percentages such as 5,10,20,50,100"),
        ("0,10", r"--budgets takes percentages in \(0, 100\], got '0,10'"),
        ("150", r"--budgets takes percentages in \(0, 100\]"),
        (",", r"--budgets takes percentages in \(0, 100\]"),
    ],
)
def test_bad_budget_lists_are_refused(text, message):
    with pytest.raises(InputError, match=message):
        _budgets(text)
