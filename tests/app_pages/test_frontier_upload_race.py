"""AppTest: a new upload never inherits the previous table's column choices (issue 11).

What the browser does when a second table is uploaded (seen in the server log of the browser
suite): the uploader first reports "no file", so one script run shows the bundled sample,
then a second run gets the new file. The browser's request for that second run can be sent
before it has received the first run's widgets, so it carries the previous table's widget
values (compute from "a FLOPs column", the old FLOPs column). When the new file was a copy of
the sample, its content key equalled that of the in-between sample run, the page took the
table for one it had already seen, kept those stale values and showed "no compute column".
The tests below replay exactly that sequence of requests.
"""

from __future__ import annotations

from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from .frontier_helpers import REPO, markdown_text, open_page, widget_key

EPOCH = REPO / "tests" / "fixtures" / "frontier" / "epoch_ai_points_GPQA_diamond.csv"
SAMPLE = REPO / "sample_data" / "frontier" / "oll_v2_with_tokens_reconstructed.csv"
OLL_COMPUTE = "6 × `#Params (B)` × `Pretraining tokens (T)`"


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def _stale_rerun(at: AppTest, stale: WidgetStates) -> AppTest:
    """Rerun with the uploader's current state and every other widget's stale value.

    This is the request a browser sends when it has not yet seen the last run's widgets.
    ``AppTest._run`` is the entry point that ``AppTest.run`` uses with the tree's states.
    """
    uploader = at.file_uploader(key="frontier_table")
    fresh = {w.id: w for w in at._tree.get_widget_states().widgets}
    states = WidgetStates()
    for widget in stale.widgets:
        if widget.id != uploader.id:
            states.widgets.add().CopyFrom(widget)
    states.widgets.add().CopyFrom(fresh[uploader.id])
    return at._run(states)


def _upload_after_epoch(name: str, data: bytes) -> AppTest:
    at = open_page(180)
    at.file_uploader(key="frontier_table").set_value((EPOCH.name, EPOCH.read_bytes(), "text/csv"))
    at.run()
    assert "compute = FLOPs from `training_compute_flop`" in _captions(at)
    stale = at._tree.get_widget_states()  # what the browser still holds
    # the uploader reports "no file" first: one run on the bundled sample ...
    at.file_uploader(key="frontier_table").set_value(None)
    at.run()
    assert OLL_COMPUTE in _captions(at)
    # ... then the new file, in a request carrying the Epoch AI table's widget values
    at.file_uploader(key="frontier_table").set_value((name, data, "text/csv"))
    return _stale_rerun(at, stale)


def test_a_copy_of_the_sample_uploaded_after_another_table_is_guessed_afresh():
    at = _upload_after_epoch(SAMPLE.name, SAMPLE.read_bytes())
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    captions = _captions(at)
    assert f"Table: {SAMPLE.name}" in captions
    assert "no compute column" not in captions
    assert OLL_COMPUTE in captions
    assert at.radio(key=widget_key(at, "fm_compute")).value == "parameters × tokens"
    assert "IFEval at τ = 0.98: the boundary rises from" in markdown_text(at)


def test_the_same_file_uploaded_again_is_a_new_table_for_the_widgets():
    at = open_page(180)
    data = EPOCH.read_bytes()
    at.file_uploader(key="frontier_table").set_value((EPOCH.name, data, "text/csv"))
    at.run()
    first = widget_key(at, "fm_compute")
    at.file_uploader(key="frontier_table").set_value((EPOCH.name, data, "text/csv"))
    at.run()
    assert widget_key(at, "fm_compute") != first  # a new upload: new widgets, no old state
    assert first not in at.session_state  # the previous table's choices are dropped
    assert "compute = FLOPs from `training_compute_flop`" in _captions(at)
