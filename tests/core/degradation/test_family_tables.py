"""The ranked and broken-questions tables of several candidates, and the family's record."""

from __future__ import annotations

import shlex

import pytest

from core.degradation.candidates import compare_candidates
from core.degradation.comparison import CompareOptions
from core.degradation.data.family_record import family_command, family_record, options_settings
from core.degradation.data.provenance import InputRecord
from core.degradation.present.family_tables import VERDICT_LABELS, broken_frame, ranked_frame

from .helpers import runs_from_counts


@pytest.fixture(scope="module")
def family():
    baseline, worse = runs_from_counts({"arc": (400, 60, 5)}, seed=1)
    _, same = runs_from_counts({"arc": (400, 6, 6)}, seed=1)  # its 6 worse are among the 60
    candidates = [
        ("worse.jsonl", worse, None),
        ("same.jsonl", same, None),
        ("gone.zip", None, "unreadable"),
    ]
    family, _ = compare_candidates(baseline, candidates, CompareOptions(), baseline_source="base")
    return family, baseline, [worse, same, None]


def test_ranked_table_safest_first_with_full_precision(family):
    fam = family[0]
    frame = ranked_frame(fam)
    assert list(frame["rank"][:2]) == [1, 2] and frame["rank"].isna().sum() == 1  # no verdict
    assert set(frame["candidate"]) == {"worse.jsonl", "same.jsonl", "gone.zip"}
    worse = frame.set_index("candidate").loc["worse.jsonl"]
    result = next(c for c in fam.compared if c.name == "worse.jsonl").comparison
    assert worse["drop (points)"] == result.pooled.delta * 100
    assert worse["b (worse)"] == 60 and worse["c (better)"] == 5
    assert worse["verdict"] == VERDICT_LABELS["degraded"]
    assert "CI low (95%)" in frame.columns
    gone = frame.set_index("candidate").loc["gone.zip"]
    assert gone["verdict"] == "🚫 no verdict" and "unreadable" in gone["sentence"]


def test_ci_column_names_follow_the_level():
    baseline, run = runs_from_counts({"arc": (200, 20, 5)})
    fam, _ = compare_candidates(baseline, [("a", run, None)], CompareOptions(confidence_level=0.9))
    columns = list(ranked_frame(fam).columns)
    assert "CI low (90%)" in columns and "CI high (90%)" in columns


def test_broken_frame_lists_questions_and_candidates(family):
    fam = family[0]
    frame = broken_frame(fam)
    assert len(frame) == len(fam.broken) > 0
    assert list(frame.columns) == ["task", "item", "benchmark", "candidates", "which"]
    assert (frame["candidates"] == 2).all()
    assert set(frame["which"]) == {"worse.jsonl, same.jsonl"}


def test_settings_command_and_record(family):
    fam, baseline, runs = family
    settings = options_settings(fam.options, "group")
    assert settings == {
        "level": "group",
        "alpha": 0.05,
        "margin": 0.01,
        "alternative": "greater",
        "combine": "calibrated",
        "mid_p": False,
        "resamples": fam.options.n_resamples,
        "seed": fam.options.seed,
    }
    paths = ["base", "worse.jsonl", "same.jsonl", "gone zip"]
    command = family_command(paths, settings)
    assert shlex.split(command)[4:8] == paths
    files = [InputRecord("w.jsonl", "ab" * 32, 10)], [], []
    record = family_record(paths, settings, (), files, baseline, runs)
    assert record["command"] == command
    assert [c["source"] for c in record["inputs"]["candidates"]] == paths[1:]
    assert record["inputs"]["candidates"][0]["files"][0]["name"] == "w.jsonl"
    assert record["read"]["candidates"][2] is None
    assert len(record["read"]["candidates"]) == 3
