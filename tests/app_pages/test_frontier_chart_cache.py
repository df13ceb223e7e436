"""The cached chart specs of the frontier page: keyed by content, never stale."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.data.table import BoundaryTable
from ui.frontier.chart_cache import fingerprint

from .frontier_helpers import chart_specs, markdown_text, open_page, widget_key


def _table(model=("a", "b", "c", "d"), score=(0.1, 0.2, 0.3, 0.5)) -> BoundaryTable:
    return BoundaryTable(
        source="t.csv",
        score_column="acc",
        model=np.array(model, dtype=object),
        log10_flops=np.array([21.0, 22.0, 23.0, 24.0]),
        score=np.array(score),
        date=np.array(["2024-01-01", "NaT", "2024-03-01", "2024-04-01"], dtype="datetime64[ns]"),
        family=None,
        n_rows=4,
    )


def test_fingerprint_follows_every_part_of_the_content():
    base = _table()
    same = _table()  # equal content, other objects
    assert fingerprint(base, 0.98) == fingerprint(same, 0.98)
    changed = [
        _table(score=(0.1, 0.2, 0.3, 0.5000001)),  # one score, in the last digits
        _table(model=("a", "b", "c", "e")),  # one model name
        replace(base, date=base.date.copy()[::-1]),
        replace(base, dropped={"missing score": 1}),
        replace(base, percent_scaled=True),
    ]
    prints = {fingerprint(t, 0.98) for t in changed}
    assert len(prints) == len(changed) and fingerprint(base, 0.98) not in prints
    assert fingerprint(base, 0.98) != fingerprint(base, 0.95)  # an option
    assert fingerprint(base, None) != fingerprint(base, "None")
    frame = pd.DataFrame({"x": [1.0, 2.0]})
    assert fingerprint(frame) != fingerprint(frame.assign(x=[1.0, 2.5]))


def test_fingerprint_of_fits_differs_by_parameters():
    z = np.linspace(21, 25, 60)
    y = 0.2 + 0.6 / (1 + np.exp(-2 * (z - 23))) - np.linspace(0, 0.1, 60) % 0.07
    assert fingerprint(fit_frontier(z, y, tau=0.9)) != fingerprint(fit_frontier(z, y, tau=0.95))


def _datasets(at, index: int) -> dict[str, bytes]:
    return {d.name: d.data.data for d in at.get("vega_lite_chart")[index].proto.datasets}


def test_charts_follow_tau_and_focus_and_come_back_unchanged():
    at = open_page(180)
    first = chart_specs(at)
    first_data = [_datasets(at, 0), _datasets(at, 1)]
    assert first[0]["title"] == "IFEval (3,604 models)"  # τ is in the heading above it
    assert "IFEval at τ = 0.98: the boundary rises" in markdown_text(at)
    at.select_slider(key="tau").set_value(0.95)
    at.run()
    assert "IFEval at τ = 0.95: the boundary rises" in markdown_text(at)
    moved = chart_specs(at)
    # Both charts: the same spec for every τ (the browser keeps its view) with the lines'
    # data at the new level; the focus chart's band (its first layer) moves with τ too.
    assert moved == first
    moved_data = [_datasets(at, 0), _datasets(at, 1)]
    changed = [
        sorted(n for n in old if new[n] != old[n]) for old, new in zip(first_data, moved_data)
    ]
    assert [list(d) for d in moved_data] == [list(d) for d in first_data]
    assert changed[0] == ["p0_layer0", "p0_tau_0.95", "p0_tau_0.98"]
    assert changed[1] == sorted(f"p{p}_tau_{t}" for p in range(6) for t in ("0.95", "0.98"))
    focus = at.selectbox(key=widget_key(at, "focus"))
    focus.set_value(focus.options[2]).run()
    assert focus.options[2] in str(chart_specs(at)[0]["title"])
    at.select_slider(key="tau").set_value(0.98)
    at.selectbox(key=widget_key(at, "focus")).set_value(focus.options[0]).run()
    assert not at.exception
    assert chart_specs(at) == first  # the cached specs are the ones built the first time
    assert [_datasets(at, 0), _datasets(at, 1)] == first_data


def test_the_focus_chart_follows_the_band_level():
    # The focus chart's spec is cached apart from its line and band data; the band's level
    # is in its tooltip, so a new level must give a new spec.
    at = open_page(180)
    titles = [t.get("title") for t in chart_specs(at)[0]["layer"][0]["encoding"]["tooltip"]]
    assert titles == ["90% band of the boundary, low", "90% band of the boundary, high"]
    at.sidebar.select_slider(key="fit_level").set_value(0.8).run()
    assert not at.exception
    titles = [t.get("title") for t in chart_specs(at)[0]["layer"][0]["encoding"]["tooltip"]]
    assert titles == ["80% band of the boundary, low", "80% band of the boundary, high"]
