"""Several candidates against one baseline as JSON, text and Markdown
(core/degradation/present/family_text.py).

Flips are counted again from the runs' score frames, the change in points is (c - b) / n,
the adjusted p-values are Holm's from statsmodels.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from core.degradation.candidates import compare_candidates
from core.degradation.comparison import CompareOptions
from core.degradation.present.family_text import (
    broken_lines,
    family_dict,
    family_markdown,
    family_text,
    table_rows,
)

from .helpers import runs_from_counts

WORSE = "worse|x *b*.jsonl"  # Markdown characters in a file name


def _family(options=None):
    baseline, worse = runs_from_counts({"arc": (400, 60, 5)}, seed=1)
    _, other = runs_from_counts({"arc": (400, 6, 6)}, seed=1)  # paired with another baseline
    candidates = [(WORSE, worse, None), ("other.jsonl", other, None), ("gone.zip", None, "bad zip")]
    family, _ = compare_candidates(
        baseline, candidates, options or CompareOptions(), baseline_source="base"
    )
    return family, baseline, {WORSE: worse, "other.jsonl": other}


@pytest.fixture(scope="module")
def family():
    return _family()


def _flips(baseline, candidate) -> tuple[int, int]:
    merged = baseline.scores.merge(candidate.scores, on=["task", "item_id"])
    b = int(((merged.score_x == 1) & (merged.score_y == 0)).sum())
    c = int(((merged.score_x == 0) & (merged.score_y == 1)).sum())
    return b, c


def test_json_rows_with_holm_adjusted_pvalues(family):
    fam, _, _ = family
    data = family_dict(fam, provenance={"command": "python -m core compare ..."})
    assert json.loads(json.dumps(data)) == data
    assert data["baseline"] == {"name": "base-model", "source": "base"}
    assert (data["alpha"], data["adjustment"], data["n_compared"]) == (0.05, "holm", 2)
    assert data["provenance"] == {"command": "python -m core compare ..."}
    rows = {row["candidate"]: row for row in data["candidates"]}
    raw = [rows[WORSE]["combined_p_value"], rows["other.jsonl"]["combined_p_value"]]
    holm = multipletests(raw, method="holm")[1]
    assert rows[WORSE]["p_value_adjusted"] == pytest.approx(holm[0], rel=1e-12)
    assert rows["other.jsonl"]["p_value_adjusted"] == pytest.approx(holm[1], rel=1e-12)
    assert rows[WORSE]["rank"] == 2 and rows["other.jsonl"]["rank"] == 1  # safest first
    assert rows[WORSE]["sentence"].startswith("Degraded: accuracy fell 13.75 points")
    assert rows["gone.zip"] == {
        "candidate": "gone.zip",
        "source": "gone.zip",
        "verdict": None,
        "problem": "bad zip",
        "p_value_adjusted": None,
        "rank": None,
    }
    assert "provenance" not in family_dict(fam)


def test_table_rows_pinned_to_counts(family):
    fam, baseline, runs = family
    rows = {row[1]: row for row in table_rows(fam)}
    for name, run in runs.items():
        b, c = _flips(baseline, run)
        assert rows[name][3] == f"{b:,} / {c:,}"
        points = 100 * (c - b) / 400
        assert rows[name][2].startswith(f"fell {abs(points):.2f} (95% CI ")
    assert _flips(baseline, runs[WORSE]) == (60, 5)
    assert [row[0] for row in table_rows(fam)] == ["1", "2", "-"]
    assert rows["gone.zip"] == ("-", "gone.zip", "-", "-", "-", "-", "no verdict: bad zip")
    assert rows[WORSE][6] == "degraded"


def test_confidence_level_follows_the_options():
    fam, _, _ = _family(CompareOptions(confidence_level=0.9))
    cells = [row[2] for row in table_rows(fam) if row[0] != "-"]
    assert all("(90% CI " in cell for cell in cells)
    assert "95%" not in family_text(fam).split("\n\n")[1]


def test_text_report(family):
    fam, _, _ = family
    text = family_text(fam)
    lines = text.splitlines()
    assert lines[0] == fam.summary()
    assert lines[2].split() == [
        "rank", "candidate", "accuracy", "change,", "points", "flips", "b", "/", "c",
        "combined", "p", "adjusted", "p", "verdict",
    ]  # fmt: skip
    assert f"{WORSE} — DEGRADED: accuracy fell 13.75 points" in text
    assert "gone.zip — NO VERDICT: bad zip" in text
    assert "(6; most-broken first)" in text
    assert f"  arc #5: 2 candidates ({WORSE}, other.jsonl)" in text
    assert text.endswith("\n")


def test_markdown_report_escapes_names(family):
    fam, _, _ = family
    markdown = family_markdown(fam)
    assert markdown.startswith("### Candidates against the baseline\n")
    rows = [line for line in markdown.splitlines() if line.startswith("| 2 |")]
    assert len(rows) == 1
    # The pipe in the name must not split the row: 7 cells, 8 unescaped pipes.
    assert rows[0].replace("\\|", "").count("|") == 8
    assert WORSE not in markdown  # always escaped
    assert "\\*b\\*" in markdown


def test_broken_lines_limit_and_count(family):
    fam, _, _ = family
    assert broken_lines((), str) == []
    lines = broken_lines(fam.broken, str, limit=4)
    assert lines[1].endswith("(6; most-broken first):")
    assert len(lines) == 2 + 4 + 1
    assert lines[-1] == "  … and 2 more (all under broken_by_several in JSON)"
    assert len(broken_lines(fam.broken, str, limit=6)) == 2 + 6
    assert broken_lines(fam.broken, str, limit=5)[-1] == (
        "  … and 1 more (all under broken_by_several in JSON)"
    )
    ids = np.array([q.item_id for q in fam.broken])
    assert [line.split("#")[1].split(":")[0] for line in lines[2:6]] == list(ids[:4])
