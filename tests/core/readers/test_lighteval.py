"""lighteval details parquet (core.readers.lighteval): both schemas, metric choice, skipped
rows counted, names from the folders.

Parquet files are written here with pyarrow in lighteval's documented schemas
(result-formats.md §4); the built fixtures are read back with pyarrow as the reference.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.errors import InputError
from core.readers import InputFile, ReadOptions, read_path, read_run
from core.readers.lighteval import _as_dict, _gold, _model_from_path, _ref_of

NEW = "details/org/model-x/2025-06-01T10-00-00.000000/details_arith_2025-06-01T10-00-00.000000.parquet"


def _parquet(rows: list[dict], name: str = NEW) -> InputFile:
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), buffer)
    return InputFile(name, buffer.getvalue())


def _new_row(i, metric, task="lighteval|arith|0"):
    doc = {
        "query": f"q{i}",
        "choices": ["a", "b"],
        "gold_index": [1],
        "task_name": task,
        "id": str(i),
    }
    return {"doc": doc, "model_response": {"text": [f"r{i}"]}, "metric": metric}


def test_built_new_schema_scores_equal_the_parquet_metric(built):
    folder = built / "lighteval_0.11" / "baseline"
    (path,) = folder.rglob("*.parquet")
    rows = pq.read_table(path).to_pylist()
    result = read_path(folder)
    expected = {r["doc"]["id"]: r["metric"]["em"] for r in rows}
    assert dict(zip(result.scores["item_id"], result.scores["score"])) == expected
    details = result.details.set_index("item_id")
    first = rows[0]
    assert (
        details.loc[first["doc"]["id"], "target"]
        == first["doc"]["choices"][first["doc"]["gold_index"][0]]
    )


def test_default_metric_is_the_first_binary_one():
    rows = [_new_row(i, {"loss": 0.3 * i, "acc": float(i % 2)}) for i in range(4)]
    result = read_run([_parquet(rows)])
    info = result.tasks["lighteval|arith|0"]
    assert (info.metric, info.metric_choices) == ("acc", ("loss", "acc"))
    assert list(result.scores["score"]) == [0.0, 1.0, 0.0, 1.0]
    assert result.model == "org/model-x"


def test_rows_without_the_metric_are_skipped_and_counted():
    rows = [_new_row(0, {"acc": 1.0}), _new_row(1, {"acc": None}), _new_row(2, {"acc": None})]
    result = read_run([_parquet(rows)])
    assert list(result.scores["item_id"]) == ["0"]
    assert "lighteval|arith|0: 2 row(s) have no acc value and are skipped." in result.warnings


def test_unknown_and_empty_metrics_are_refused_with_choices():
    rows = [_new_row(i, {"acc": 1.0, "note": "x"}) for i in range(2)]
    with pytest.raises(
        InputError,
        match=r"metric 'f1' is not in the file; choose one of acc, note for lighteval\|arith\|0\.",
    ):
        read_run([_parquet(rows)], ReadOptions(metric="f1"))
    with pytest.raises(
        InputError,
        match=r"metric 'note' of lighteval\|arith\|0 holds no numbers; choose one of acc\.",
    ):
        read_run([_parquet(rows)], ReadOptions(metric="note"))
    text_only = [_new_row(i, {"note": "x"}) for i in range(2)]
    with pytest.raises(InputError, match="no numeric per-row metric"):
        read_run([_parquet(text_only)])


def test_rows_without_doc_id_are_refused():
    rows = [_new_row(0, {"acc": 1.0}), _new_row(1, {"acc": 0.0})]
    rows[1]["doc"]["id"] = ""
    with pytest.raises(InputError, match="some rows have no doc.id"):
        read_run([_parquet(rows)])


def test_old_schema_pairs_by_position_and_says_so():
    rows = [
        {"example": f"q{i}", "metrics": {"acc": float(i % 2)}, "gold": ["x"], "predictions": ["y"]}
        for i in range(3)
    ]
    name = "details_lighteval_arith_0_2024-05-01T09-00-00.000000.parquet"
    result = read_run([_parquet(rows, name)])
    assert list(result.tasks) == ["lighteval_arith_0"]
    assert list(result.scores["item_id"]) == ["0", "1", "2"]
    assert result.scores["item_hash"].nunique() == 3
    assert any("rows are paired by position" in w for w in result.warnings)


def test_same_task_in_two_files_is_refused():
    rows = [_new_row(0, {"acc": 1.0})]
    other = NEW.replace("details_arith_", "details_arith2_")
    with pytest.raises(InputError, match=r"task 'lighteval\|arith\|0' also comes from"):
        read_run([_parquet(rows), _parquet(rows, other)])


@pytest.mark.parametrize(
    ("choices", "gold", "expected"),
    [
        (["a", "b"], [1], "b"),
        (["a", "b"], 0, "a"),
        (["a", "b"], 5, 5),  # out of range: the raw value
        (["a", "b"], 2, 2),
        (["a", "b"], -1, -1),
        (["a", "b"], [0, 1], [0, 1]),  # several golds: kept as given
        (None, "x", "x"),
    ],
)
def test_gold(choices, gold, expected):
    assert _gold(choices, gold) == expected


def test_as_dict_reads_maps_json_and_junk():
    assert _as_dict({"a": 1}) == {"a": 1}
    assert _as_dict([("a", 1), ("b", 2)]) == {"a": 1, "b": 2}
    assert _as_dict('{"a": 1}') == {"a": 1}
    assert _as_dict("[1]") == {} and _as_dict(None) == {}


def test_model_and_run_from_the_folders():
    assert _model_from_path(NEW) == "org/model-x"
    assert _model_from_path("x/details_t_2024-01-01T00-00-00.parquet") is None
    ref = _ref_of(InputFile(NEW, b""))
    assert (ref.model, ref.run_id) == ("org/model-x", "2025-06-01T10-00-00.000000")
    flat = _ref_of(InputFile("details_t_2024-05-01T09-00-00.000000.parquet", b""))
    assert (flat.model, flat.run_id) == (None, "2024-05-01T09-00-00.000000")
