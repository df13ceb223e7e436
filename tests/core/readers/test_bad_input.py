"""Bad input ends in an InputError naming the file and saying what to do; fuzzing too."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InputError
from core.readers import READERS, InputFile, ReadOptions, files_from_path, read_path, read_run
from core.readers.files.sources import expand_files

GSM_TUNED = "lm-evaluation-harness/pyfade_gsm8k_pair/tuned_gemma3-12b-u1"


def _record(doc_id, **extra):
    return json.dumps(
        {
            "doc_id": doc_id,
            "doc": {},
            "target": "1",
            "arguments": [],
            "resps": [],
            "filtered_resps": ["1"],
            **extra,
        }
    )


def _samples(lines, name="samples_t_2025-01-01T00-00-00.000000.jsonl"):
    return InputFile(name, ("\n".join(lines) + "\n").encode())


def test_truncated_last_line_names_file_and_line():
    data = _samples([_record(0, acc=1.0)]).data + _record(1, acc=1.0)[:30].encode()
    with pytest.raises(InputError, match=r"x\.jsonl: line 2 .*truncated"):
        read_run([InputFile("x.jsonl", data)])


def test_invalid_middle_line_names_the_line():
    bad = _samples([_record(0, acc=1.0), "{not json", _record(2, acc=0.0)])
    with pytest.raises(InputError, match=r"line 2 is not valid JSON"):
        read_run([bad])


def test_non_utf8_line():
    data = (
        _samples([_record(0, acc=1.0)]).data + _record(1, acc=1.0).encode()[:-1] + b', "x": "\xe9"}'
    )
    with pytest.raises(InputError, match=r"line 2 is not UTF-8"):
        read_run([InputFile("samples_t_2025-01-01T00-00-00.jsonl", data)])


def test_png_renamed_jsonl():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(InputError, match=r"^samples_x\.jsonl: this is a PNG image"):
        read_run([InputFile("samples_x.jsonl", png)])
    lm_eval = next(r for r in READERS if r.name == "lm-eval")
    with pytest.raises(InputError, match="PNG image"):
        lm_eval.read([InputFile("samples_x.jsonl", png)], ReadOptions())


def test_empty_folder(tmp_path):
    with pytest.raises(InputError, match="empty"):
        read_path(tmp_path)


def test_zip_over_the_cap_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("run/samples_t_2025-01-01T00-00-00.jsonl", b" " * 5_000_000)
    with pytest.raises(InputError, match="limit"):
        expand_files([InputFile("up.zip", buffer.getvalue())], max_total_bytes=1_000_000)


def test_zip_of_a_folder_reads_like_the_folder(real):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((real / GSM_TUNED).iterdir()):
            archive.writestr(f"tuned/{path.name}", path.read_bytes())
    result = read_run([InputFile("tuned.zip", buffer.getvalue())])
    assert result.model == "gemma3:12b-u1" and len(result.scores) == 3


def test_two_formats_together_are_refused(real):
    files = files_from_path(real / GSM_TUNED) + [InputFile("a.csv", b"prompt_id,score\na,1\n")]
    with pytest.raises(InputError, match="several formats"):
        read_run(files)


def test_repeated_doc_id_without_filter_names_is_refused():
    with pytest.raises(InputError, match="filters cannot be told apart"):
        read_run([_samples([_record(0, exact_match=1.0), _record(0, exact_match=0.0)])])


def test_aggregate_only_and_predict_only_metrics_are_refused():
    tuples = _samples([_record(0, filter="none", metrics=["f1"], f1=["a", "b"])])
    with pytest.raises(InputError, match="no per-item metric"):
        read_run([tuples])
    bypass = _samples([_record(0, filter="none", metrics=["bypass"], bypass=None)])
    with pytest.raises(InputError, match="predict_only"):
        read_run([bypass])


def test_instruction_lists_become_per_doc_means_and_probabilities_pass():
    ifeval = _samples(
        [
            _record(
                0,
                filter="none",
                metrics=["inst_level_strict_acc"],
                inst_level_strict_acc=[True, False, True, True],
            )
        ]
    )
    result = read_run([ifeval])
    assert list(result.scores["score"]) == [0.75]
    assert any("per-doc mean" in w for w in result.warnings)
    mc2 = _samples([_record(0, filter="none", metrics=["acc"], acc=0.42)])
    assert any("permutation" in w for w in read_run([mc2]).warnings)


def test_default_metric_is_first_binary_then_filter_strict_match():
    lines = [
        _record(
            d,
            filter=f,
            metrics=["brier_score", "acc_norm", "acc"],
            brier_score=[0, [0.1]],
            acc_norm=0.5 if d else 1.0,
            acc=float(d % 2),
        )
        for d in range(3)
        for f in ("flexible-extract", "strict-match")
    ]
    result = read_run([_samples(lines)])
    info = result.tasks["t"]
    assert (info.metric, info.filter) == ("acc", "strict-match")
    assert info.filter_choices == ("flexible-extract", "strict-match")
    assert len(result.scores) == 3  # filters are never pooled


def _real_files(root: Path) -> list[InputFile]:
    return [
        InputFile(p.name, p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.stat().st_size < 200_000
    ]


_SEEDS = _real_files(Path(__file__).resolve().parents[2] / "fixtures" / "formats")


def _check_only_input_errors(file: InputFile) -> None:
    for reader in READERS:
        assert isinstance(reader.claims(file), bool)
        try:
            reader.read([file], ReadOptions())
        except InputError as error:
            assert str(error)
    try:
        read_run([file])
    except InputError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=2048),
    prefix=st.sampled_from([b"", b"PK\x03\x04", b"PAR1", b"{", b"[", b'{"doc_id": 1,']),
)
def test_fuzz_random_bytes_raise_only_input_errors(data, prefix):
    _check_only_input_errors(InputFile("fuzz.jsonl", prefix + data))


@pytest.mark.parametrize("data", [b"\r\x01", b"id,score\r1,1\r2,0\r"])
def test_a_bare_carriage_return_in_the_first_line_is_no_crash(data: bytes) -> None:
    """Found by the fuzz test: ``csv.reader`` raised ``csv.Error`` on a lone ``\\r`` while
    the CSV reader looked for a header, a traceback instead of a refusal."""
    for name in ("fuzz.jsonl", "fuzz.csv"):
        _check_only_input_errors(InputFile(name, data))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, len(_SEEDS) - 1),
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4),
)
def test_fuzz_mutated_real_files_raise_only_input_errors(index, cut, flips):
    seed = _SEEDS[index]
    data = bytearray(seed.data[: max(1, int(len(seed.data) * (0.5 + cut / 2)))])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    _check_only_input_errors(InputFile(seed.name, bytes(data)))


def test_simple_evals_output_is_refused_with_the_reason():
    data = b'{"score": 0.7, "metrics": {"accuracy": 0.7}, "htmls": ["<p>q</p>"], "convos": [[]]}'
    with pytest.raises(InputError, match="simple-evals.*no per-question scores"):
        read_run([InputFile("mmlu_gpt-4o.json", data)])
