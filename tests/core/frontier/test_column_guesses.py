"""One home for column-name guesses: the command line and the page pick the same columns.

The command line guesses inside :func:`core.frontier.data.table.load_boundary_tables`
when a column is not named; the page proposes :func:`core.frontier.data.mapping.guess_mapping`
and builds its tables with :func:`core.frontier.data.mapping.prepare_benchmarks`. Both go
through :mod:`core.frontier.data.column_guesses`; these tests hold them together on real
tables (Epoch AI, ObsScaling, Open LLM Leaderboard v1 and v2) and check that no other
module keeps its own list of column names.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.cli import dispatch
from core.cli.frontier_args import load_tables
from core.frontier.data import column_guesses
from core.frontier.data.budget_pool import load_candidate_pool
from core.frontier.data.column_guesses import find_column, guess_compute, guess_family, guess_model
from core.frontier.data.mapping import guess_mapping, prepare_benchmarks, read_table_bytes
from core.frontier.data.table import load_boundary_tables

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "frontier"
SHARED_OLL_V2 = (
    REPO.parent / "shared/reference-data/frontier/oll/oll_v2_with_tokens_reconstructed.csv"
)

#: What a reader of each table would choose: (model, family, flops, params, tokens).
EXPECTED = {
    "epoch_ai_points_GPQA_diamond.csv": ("model", None, "training_compute_flop", None, None),
    "obsscaling_base_llm_benchmark_eval.csv": (
        "Model",
        "Model Family",
        None,
        "Model Size (B)",
        "Pretraining Data Size (T)",
    ),
    "oll_v1_with_tokens_sample600.csv": (
        "fullname",
        "Identified base model",
        None,
        "#Params (B)",
        "Pretraining tokens (T)",
    ),
    "oll_v2_with_tokens_subset.csv": (
        "fullname",
        "Identified base model",
        None,
        "#Params (B)",
        "Pretraining tokens (T)",
    ),
}


def _cli_tables(path: Path, scores):
    """The tables the ``frontier`` command reads when no column but the scores is named."""
    argv = ["frontier", str(path), "--score", ",".join(scores)]
    args = dispatch.build_parser(argv).parse_args(argv)
    return load_tables(args)


def _assert_same_tables(page_tables, cli_tables):
    assert [t.score_column for t in page_tables] == [t.score_column for t in cli_tables]
    for page, cli in zip(page_tables, cli_tables):
        assert page.n == cli.n > 0
        np.testing.assert_array_equal(page.model, cli.model)
        np.testing.assert_array_equal(page.log10_flops, cli.log10_flops)
        np.testing.assert_array_equal(page.score, cli.score)
        assert (page.family is None) == (cli.family is None)
        if cli.family is not None:
            np.testing.assert_array_equal(page.family.astype(str), cli.family.astype(str))
        assert page.compute_description == cli.compute_description
        assert dict(page.dropped) == dict(cli.dropped)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_and_page_guess_the_same_columns_on_real_tables(name):
    path = FIXTURES / name
    frame = read_table_bytes(name, path.read_bytes())
    mapping = guess_mapping(frame)
    model, family, flops, params, tokens = EXPECTED[name]
    assert (mapping.model, mapping.family) == (model, family)
    assert (mapping.flops, mapping.params, mapping.tokens) == (flops, params, tokens)
    assert mapping.scores
    prepared = prepare_benchmarks(frame, mapping)
    assert not prepared.problems
    cli_tables = _cli_tables(path, mapping.scores)
    _assert_same_tables(prepared.tables, cli_tables)
    # The candidate pool of the budget planner names models by the same column.
    pool = load_candidate_pool(path, cost=None, scores=mapping.scores[:1])
    names = set(pool.model.astype(str))
    assert set(cli_tables[0].model) <= names <= set(frame[model].astype(str))


@pytest.mark.skipif(
    not SHARED_OLL_V2.exists(), reason="needs ../shared/reference-data (full OLL v2)"
)
def test_full_leaderboard_table_with_three_family_and_two_model_columns():
    """37 columns: ``eval_name`` and ``fullname``; ``Base Model``, ``Base model family`` and
    ``Identified base model``: both sides take ``fullname`` and ``Identified base model``."""
    frame = read_table_bytes(SHARED_OLL_V2.name, SHARED_OLL_V2.read_bytes())
    mapping = guess_mapping(frame)
    assert (mapping.model, mapping.family) == ("fullname", "Identified base model")
    scores = mapping.scores[:2]
    (first, *_) = prepare_benchmarks(frame, mapping).tables
    (cli, *_) = _cli_tables(SHARED_OLL_V2, scores)
    np.testing.assert_array_equal(first.family.astype(str), cli.family.astype(str))
    np.testing.assert_array_equal(first.model, cli.model)


def test_family_columns_in_the_one_order():
    """The two readers once listed family names in different orders; one order now."""
    columns = ["model", "base_model", "Base model family", "flops", "acc"]
    assert guess_family(columns) == "Base model family"
    assert guess_family(["model", "family", "base_model"]) == "base_model"
    assert guess_family(["model family", "family"]) == "family"
    frame = pd.DataFrame(
        {
            "model": [f"m{i}" for i in range(30)],
            "base_model": [f"b{i % 3}" for i in range(30)],
            "Base model family": [f"f{i % 5}" for i in range(30)],
            "flops": np.logspace(21, 24, 30),
            "acc": np.linspace(0.1, 0.9, 30),
        }
    )
    mapping = guess_mapping(frame)
    assert mapping.family == "Base model family"
    (cli,) = load_boundary_tables(frame, ["acc"], flops_scale=1.0)
    (page,) = prepare_benchmarks(frame, mapping).tables
    np.testing.assert_array_equal(cli.family, frame["Base model family"].to_numpy())
    np.testing.assert_array_equal(page.family.astype(str), cli.family.astype(str))


def test_model_names_in_order_and_any_case():
    assert guess_model(["name", "Model", "fullname "]) == "fullname "
    assert guess_model(["eval_name", "model_id"]) == "model_id"
    assert guess_model(["x", "y"]) is None
    assert find_column(["#PARAMS (B)", "cost"], column_guesses.COST_NAMES) == "#PARAMS (B)"


def test_compute_guess_skips_text_columns_and_prefers_parameters_and_tokens():
    frame = pd.DataFrame(
        {
            "compute notes": ["from the paper", "estimated", "n/a"],
            "Training compute (FLOP)": [1e22, 1e23, 1e24],
            "acc": [0.1, 0.2, 0.3],
        }
    )
    assert guess_compute(frame) == ("Training compute (FLOP)", None, None)
    (table,) = load_boundary_tables(frame, ["acc"])  # the command line's guess
    assert table.compute_description.startswith("Training compute (FLOP)*")
    assert guess_mapping(frame).flops == "Training compute (FLOP)"
    frame["params_b"] = [1.0, 7.0, 70.0]
    frame["tokens_t"] = [1.0, 2.0, 15.0]
    assert guess_compute(frame) == (None, "params_b", "tokens_t")


# -- no other module keeps a list of column names ------------------------------------------

_GUESS_LISTS = (
    column_guesses.MODEL_NAMES,
    column_guesses.FAMILY_NAMES,
    column_guesses.COST_NAMES,
    column_guesses.TYPE_NAMES,
    column_guesses.OFFICIAL_NAMES,
    column_guesses.PROBE_DATE_NAMES,
)
_VOCABULARY = {name.lower() for names in _GUESS_LISTS for name in names}
#: Names that only a column guess uses; any other string literal equal to one is a guess.
_DISTINCTIVE = _VOCABULARY - {"model", "name", "family", "date", "type", "cost"}
#: Where model tables are read: the frontier engine, the command line and the page.
_FOLDERS = ("core/frontier", "core/cli", "ui/frontier", "app_pages")
#: Files still holding their own guesses, to be moved here by their owner (the UI page's
#: planning tabs). The list may only shrink: a listed file without a guess fails the test.
STILL_TO_MOVE: set[str] = set()


def _docstrings(tree) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _guesses_in(path: Path) -> list[str]:
    """String literals that look like a column-name guess: a distinctive name, or a tuple,
    list, set or call holding two names of the guess vocabulary, one of them distinctive."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if node.value.lower().strip() in _DISTINCTIVE:
                found.append(f"line {node.lineno}: {node.value!r}")
        items = (
            node.elts
            if isinstance(node, ast.Tuple | ast.List | ast.Set)
            else node.args
            if isinstance(node, ast.Call)
            else []
        )
        words = [
            e.value.lower()
            for e in items
            if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
        if sum(w in _VOCABULARY for w in words) >= 2 and any(w in _DISTINCTIVE for w in words):
            found.append(f"line {node.lineno}: {words}")
    return found


def _sources():
    home = Path(column_guesses.__file__).resolve()
    for folder in _FOLDERS:
        for path in sorted((REPO / folder).rglob("*.py")):
            if path.resolve() != home:
                yield path.relative_to(REPO).as_posix(), path


def test_no_other_module_defines_column_guesses():
    offenders = {
        name: hits
        for name, path in _sources()
        if (hits := _guesses_in(path)) and name not in STILL_TO_MOVE
    }
    assert not offenders, f"column-name guesses outside column_guesses.py: {offenders}"


def test_the_scan_finds_a_guess_list():
    """The scanner itself sees the old shape of the duplicated lists (and the ratchet holds)."""
    assert len(_guesses_in(Path(column_guesses.__file__))) >= 15  # the home itself
    for name in STILL_TO_MOVE:
        assert _guesses_in(REPO / name), f"{name} no longer guesses: remove it from STILL_TO_MOVE"


def test_the_scan_flags_a_copied_list(tmp_path):
    copied = tmp_path / "copy.py"
    copied.write_text(
        '"""fullname"""\n_NAMES = ("fullname", "model_id")\nx = pick(columns, "Base model family")\n',
        encoding="utf-8",
    )
    hits = _guesses_in(copied)
    assert len(hits) == 4  # the docstring is skipped; two names, their tuple, the call's name
