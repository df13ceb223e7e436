"""Saved boundaries (core.frontier.data.fit_file): the data digest against ``hashlib``,
a save/load round trip, and one-line refusals for every broken file."""

from __future__ import annotations

import hashlib
import json
import math
import struct
from dataclasses import asdict
from types import SimpleNamespace

import numpy as np
import pytest

from core.errors import InputError
from core.frontier.boundary.sigmoid_fit import FrontierFit
from core.frontier.data.fit_file import (
    FILE_KIND,
    boundary_record,
    data_digest,
    load_fits,
    save_fits,
)

FIT = FrontierFit(0.1, 0.6, 23.0, 1.5, 0.98, 50.0, 1e-3, 0.01, 65, 20.0, 25.0, True, 5)


def test_digest_is_sha256_of_names_then_little_endian_doubles():
    expected = hashlib.sha256(
        b"a\0b\0" + struct.pack("<2d", 22.5, 23.0) + struct.pack("<2d", 0.25, 0.5)
    ).hexdigest()
    assert data_digest(["a", "b"], [22.5, 23.0], [0.25, 0.5]) == expected


def test_digest_changes_with_order_names_and_values():
    base = data_digest(["a", "b"], [22.5, 23.0], [0.25, 0.5])
    assert data_digest(["b", "a"], [23.0, 22.5], [0.5, 0.25]) != base
    assert data_digest(["a", "c"], [22.5, 23.0], [0.25, 0.5]) != base
    assert data_digest(["a", "b"], [22.5, 23.0], [0.25, 0.5 + 1e-15]) != base
    assert data_digest(["ab", ""], [22.5, 23.0], [0.25, 0.5]) != base  # separators count


def _table():
    return SimpleNamespace(
        score_column="GPQA",
        source="points.csv",
        n=2,
        compute_description="FLOPs from column C",
        percent_scaled=False,
        model=np.array(["a", "b"]),
        log10_flops=np.array([22.5, 23.0]),
        score=np.array([0.25, 0.5]),
    )


def test_round_trip_keeps_every_parameter_and_the_record(tmp_path):
    record = boundary_record(FIT, _table(), {"lambda_b": 1e-3})
    assert record["data"]["sha256"] == data_digest(["a", "b"], [22.5, 23.0], [0.25, 0.5])
    path = save_fits(tmp_path / "fit.json", [record, record])
    document = json.loads(path.read_text())
    assert document["kind"] == FILE_KIND and document["version"] == 1
    loaded = load_fits(path)
    assert [task for task, _, _ in loaded] == ["GPQA", "GPQA"]
    assert loaded[0][1] == FIT
    assert loaded[0][2]["settings"] == {"lambda_b": 1e-3}


def test_a_non_finite_parameter_cannot_be_saved(tmp_path):
    broken = FrontierFit(*(math.nan if i == 0 else v for i, v in enumerate(asdict(FIT).values())))
    with pytest.raises(ValueError):
        save_fits(tmp_path / "fit.json", [boundary_record(broken, _table())])


def _write(tmp_path, content, name="fit.json"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def _document(**fit_changes):
    fit = {**asdict(FIT), **fit_changes}
    fit = {k: v for k, v in fit.items() if v is not ...}
    return json.dumps({"kind": FILE_KIND, "version": 1, "boundaries": [{"task": "t", "fit": fit}]})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"^fit\.json: not a JSON file \(.*, line 1\)$"),
        (b"\xff\xfe\x00", r"^fit\.json: not a text \(JSON\) file$"),
        (
            '{"kind": "other"}',
            r"^fit\.json: not a boundaries file; write one with python -m core frontier",
        ),
        ("[1, 2]", r"^fit\.json: not a boundaries file"),
        (
            json.dumps({"kind": FILE_KIND, "boundaries": []}),
            r"^fit\.json: the file holds no boundary$",
        ),
        (
            json.dumps({"kind": FILE_KIND, "boundaries": [{"task": "t"}]}),
            r"^fit\.json: a boundary has no 'fit' parameters$",
        ),
        (_document(L=..., tau=...), r"^fit\.json: a boundary lacks L, tau$"),
        (_document(n=...), r"^fit\.json: a boundary's parameters are incomplete \("),
        (_document(b="1.5"), r"^fit\.json: a boundary's parameters are not finite numbers$"),
        (_document(method="magic"), r"^fit\.json: unknown estimator 'magic'$"),
    ],
)
def test_broken_files_are_refused_in_one_line(tmp_path, content, message):
    with pytest.raises(InputError, match=message):
        load_fits(_write(tmp_path, content))


def test_unknown_keys_are_ignored(tmp_path):
    document = json.loads(_document())
    document["boundaries"][0]["fit"]["future_field"] = 1
    ((_, fit, _),) = load_fits(_write(tmp_path, json.dumps(document)))
    assert fit == FIT
