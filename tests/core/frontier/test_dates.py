"""Dates as people write them: one parser (core/frontier/data/dates.py) for every command and the page."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from core.cli import main
from core.errors import InputError
from core.frontier.data.dates import parse_date, parse_dates
from core.frontier.history.periods import periods_from_cuts, quarterly_periods

V1 = ["--params", "#Params (B)", "--tokens", "Pretraining tokens (T)"]


def _ts(text):
    return np.datetime64(text, "ns")


def test_iso_forms_mixed_in_one_column_become_naive_utc():
    parsed = parse_dates(
        [
            "2024-07-03",
            "2024-07-03T10:00:00Z",
            "2024-07-03 23:30:00-02:00",  # 01:30 UTC the next day
            "2024-07-03T10:00:00.5+05:30",
            "2024-07",
            "3 Jul 2024",
        ]
    )
    assert list(parsed.values) == [
        _ts("2024-07-03T00:00"),
        _ts("2024-07-03T10:00"),
        _ts("2024-07-04T01:30"),
        _ts("2024-07-03T04:30:00.5"),
        _ts("2024-07-01"),
        _ts("2024-07-03"),
    ]
    assert parsed.values.dtype == np.dtype("datetime64[ns]")
    assert (parsed.n_missing, parsed.n_unreadable, parsed.n_read) == (0, 0, 6)


def test_datetime_objects_aware_or_not():
    paris = pd.Timestamp("2024-01-01 00:30", tz="Europe/Paris")
    parsed = parse_dates([paris, dt.date(2024, 2, 2), dt.datetime(2024, 3, 3, 12), None])
    assert list(parsed.values[:3]) == [
        _ts("2023-12-31T23:30"),
        _ts("2024-02-02"),
        _ts("2024-03-03T12:00"),
    ]
    assert np.isnat(parsed.values[3]) and parsed.n_missing == 1
    aware = pd.Series(pd.to_datetime(["2024-01-01T05:00Z"]))
    assert list(parse_dates(aware).values) == [_ts("2024-01-01T05:00")]


def test_day_first_only_when_the_column_shows_it():
    day_first = parse_dates(["31/07/2024", "01/08/2024", "2024-08-02"])
    assert list(day_first.values) == [_ts("2024-07-31"), _ts("2024-08-01"), _ts("2024-08-02")]
    assert day_first.order == "day first"
    month_first = parse_dates(["07/31/2024", "08/01/2024"])
    assert list(month_first.values) == [_ts("2024-07-31"), _ts("2024-08-01")]
    assert month_first.order == "month first"
    ambiguous = parse_dates(["03/04/2024", "05/06/2024", "2024-01-01"])
    assert np.isnat(ambiguous.values[:2]).all() and ambiguous.n_unreadable == 2
    assert ambiguous.order == "ambiguous"
    assert "day and month cannot be told apart" in ambiguous.note("released")


def test_unreadable_dates_are_counted_and_named():
    parsed = parse_dates(["2024-01-01", "soon", "", "n/a", "Q3?", "soon"])
    assert (parsed.n_read, parsed.n_missing, parsed.n_unreadable) == (1, 2, 3)
    assert parsed.examples == ("soon", "Q3?")
    assert parsed.note("date") == "3 dates in 'date' could not be read (e.g. 'soon', 'Q3?')"
    assert parse_dates(["x", "2024-01-01"]).note("d").startswith("1 date in 'd'")
    assert parse_dates(["2024-01-01"]).note("d") == ""


def test_parse_date_for_cut_offs():
    assert parse_date("2025-02-06T00:00:00+01:00") == pd.Timestamp("2025-02-05 23:00")
    with pytest.raises(InputError, match="cannot read 'soon'"):
        parse_date("soon", "--cutoff")


def test_periods_take_mixed_dates_and_cuts_with_zones():
    scheme = periods_from_cuts(["2024-07-01T00:00:00Z", "2024-10-01"])
    index = scheme.assign(["2024-06-30T23:00:00-02:00", "2024-06-30", "2024-10-01T00:00Z"])
    assert index.tolist() == [1, 0, 2]
    assert quarterly_periods(
        ["2024-01-05T08:00Z", "2024-05-01T00:00:00+00:00"], min_size=1
    ).labels == (
        "2024Q1",
        "2024Q2",
    )
    with pytest.raises(ValueError, match="cut dates must look like 2024-07-01"):
        periods_from_cuts(["soon"])


@pytest.fixture
def v1_mixed(fixtures_dir, tmp_path):
    """The real OLL v1 sample ("Z" timestamps) with the same instants written three ways."""
    frame = pd.read_csv(fixtures_dir / "frontier" / "oll_v1_with_tokens_sample600.csv")
    stamps = pd.to_datetime(frame["date"], utc=True, format="ISO8601")
    mixed = frame["date"].copy()
    mixed[1::3] = stamps[1::3].dt.tz_convert("Asia/Kolkata").map(lambda t: t.isoformat())
    mixed[2::3] = stamps[2::3].dt.strftime("%Y-%m-%d %H:%M:%S")  # naive, in UTC
    mixed.iloc[5] = "unknown"
    naive = stamps.dt.strftime("%Y-%m-%d %H:%M:%S").astype(object)
    naive.iloc[5] = "unknown"
    paths = {}
    for label, column in (("mixed", mixed), ("naive", naive)):
        paths[label] = tmp_path / f"{label}.csv"
        frame.assign(date=column).to_csv(paths[label], index=False)
    return paths


def _run(argv, capsys):
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_backtest_and_frontier_read_mixed_zones_like_naive_utc(v1_mixed, capsys):
    results = {}
    for label, path in v1_mixed.items():
        argv = ["backtest", str(path), "--score", "MMLU", *V1, "--date", "date"]
        status, out, err = _run([*argv, "--format", "json"], capsys)
        assert status == 0, err
        results[label] = json.loads(out)
    assert results["mixed"] == results["naive"]
    assert results["mixed"]["dropped"]["missing or unreadable date"] == 1
    assert "1 date in 'date' could not be read (e.g. 'unknown')" in results["mixed"]["notes"]
    status, out, _ = _run(
        ["backtest", str(v1_mixed["mixed"]), "--score", "MMLU", *V1, "--date", "date"], capsys
    )
    assert status == 0 and "note: scores in 'MMLU' read as percent" in out


def test_budget_contamination_and_saturation_take_mixed_zones(v1_mixed, capsys):
    path = str(v1_mixed["mixed"])
    status, out, err = _run(
        ["budget", path, "--score", "MMLU", *V1, "--date", "date", "--budget", "300"], capsys
    )
    assert status == 0, err
    status, out, err = _run(
        ["contamination", path, "--x", "ARC", "--y", "GSM8K", "--date", "date"]
        + ["--cutoff", "2024-01-01T00:00:00+01:00", "--permutations", "99"],
        capsys,
    )
    assert status == 0, err
    assert "cut-off 2023-12-31" in out  # the cut-off converted to UTC too
    assert "note: 1 date in 'date' could not be read" in out
    status, out, err = _run(
        ["saturation", path, "--score", "MMLU", *V1, "--date", "date", "--size", "#Params (B)"],
        capsys,
    )
    assert status == 0, err
    assert "large models below the best small model" in out
