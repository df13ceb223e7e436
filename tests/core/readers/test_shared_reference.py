"""Every real file under ../shared/reference-data/formats/ is detected and read (or refused
with the documented reason). Skips without ../shared."""

from __future__ import annotations

import pytest

from core.errors import InputError
from core.readers import READERS, InputFile, read_path

EXPECTED_READER = {"lm-evaluation-harness": "lm-eval", "inspect_ai": "inspect", "helm": "helm"}
REFUSED = {
    "data_with_llm_scoring.json": "no per-sample data",
    "2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval": "unscored",
}


def test_every_real_file_is_claimed_by_its_reader(shared_dir):
    root = shared_dir / "reference-data" / "formats"
    checked = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name == "PROVENANCE.md":
            continue
        file = InputFile(path.name, path.read_bytes())
        owner = next((r.name for r in READERS if r.claims(file)), None)
        assert owner == EXPECTED_READER[path.relative_to(root).parts[0]], path
        checked += 1
    assert checked == 44  # every file except PROVENANCE.md


def test_every_real_log_and_run_reads(shared_dir):
    root = shared_dir / "reference-data" / "formats"
    inspect = [p for p in (root / "inspect_ai").rglob("*") if p.suffix in {".eval", ".json"}]
    for path in inspect:
        if path.name in REFUSED:
            with pytest.raises(InputError, match=REFUSED[path.name]):
                read_path(path)
        else:
            assert len(read_path(path).scores) > 0, path
    runs = [p for p in (root / "helm" / "every_eval_ever_runs").iterdir() if p.is_dir()]
    assert sorted(len(read_path(p).scores) for p in runs) == [4, 9, 10]
    pubmed = read_path(root / "inspect_ai/every_eval_ever_json_logs/data_pubmedqa_gpt4o_mini.json")
    assert sorted(pubmed.scores["item_id"]) == ["12377809", "26163474"]
    choices = read_path(root / "inspect_ai/inspect_ai_repo_test_logs/mmlu-summary-choices.eval")
    assert list(choices.scores["score"]) == [0.0]
