"""Several candidates against one baseline on the degradation page.

Uploads (one baseline, one uploader per candidate: files, a folder's files or a zip), the
ranked table safest first with verdicts and sentences, the benchmarks x candidates chart,
the questions several candidates broke, downloads, and the full single-comparison view of
the candidate the user opens.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from core.degradation.candidates import CandidateFamily
from core.degradation.comparison import CompareOptions
from core.degradation.data.family_record import family_record, options_settings
from core.degradation.data.provenance import Provenance, compare_command, read_record
from core.degradation.present.family_report import build_family_html
from core.degradation.present.family_tables import VERDICT_LABELS, broken_frame, ranked_frame
from core.errors import InputError
from core.formatting import format_pvalue
from core.text_safety import escape_markdown, neutral_csv
from ui.degradation import view as view
from ui.degradation.candidates_inputs import (
    compare_cached,
    family_inputs,
    read_family,
    sample_family,
)
from ui.degradation.charts import family_svg, show_family_chart
from ui.degradation.downloads import render_downloads
from ui.degradation.loading import (
    SAMPLE_BASELINE,
    SAMPLE_CANDIDATES,
    sample_identity,
    sample_records,
    side_path,
    upload_records,
)
from ui.degradation.prewarm import prewarm_candidates
from ui.degradation.scoring_choices import (
    chosen_model,
    chosen_score_key,
    render_score_key_choice,
)

#: In the CSV and the JSON; on the page the sentences follow the table instead.
_HIDDEN = ("b (worse)", "c (better)", "combined p", "sentence")


def family_provenance(
    family: CandidateFamily, baseline_records, candidate_records, paths, baseline, runs
) -> dict:
    """The record of a family: every input with SHA-256, settings, the command, version, date."""
    level = family.compared[0].comparison.level if family.compared else "group"
    settings = options_settings(family.options, level)
    return family_record(paths, settings, baseline_records, candidate_records, baseline, runs)


def render_family(family: CandidateFamily, record: dict) -> None:
    """The verdict area: summary, ranked table, sentences, chart, broken questions, downloads."""
    banner = st.error if family.count("degraded") else st.success
    if not family.count("degraded") and (
        family.count("inconclusive") or family.count("no_verdict")
    ):
        banner = st.warning
    groups = [
        f"{VERDICT_LABELS[verdict]}: "
        + ", ".join(f"**{escape_markdown(c.name)}**" for c in family.ranked if c.verdict == verdict)
        for verdict in ("not_degraded", "inconclusive", "degraded", "no_verdict")
        if family.count(verdict)
    ]
    banner("  \n".join([escape_markdown(family.summary()), *groups]))
    frame = ranked_frame(family)
    number = st.column_config.NumberColumn
    formats = {
        "rank": number(width=45),
        "candidate": st.column_config.TextColumn(width=265),
        "verdict": st.column_config.TextColumn(width=115),
        "drop (points)": number(format="%+.2f", width=90),
    }
    for column in frame.columns:  # widths: the shown columns fit the page at 1280 px
        if column.startswith("CI "):
            formats[column] = number(format="%.2f", width=85)
        elif column in ("b (worse)", "c (better)"):
            formats[column] = number(format="localized")
        elif column in ("combined p", "adjusted p (Holm)"):
            formats[column] = number(format="%.3g", width=110)
    shown = [c for c in frame.columns if c not in _HIDDEN]
    shown_frame = frame
    if "adjusted p (Holm)" in frame.columns:  # the page's p wording, never "1.11e-14"
        words = ["" if pd.isna(p) else format_pvalue(p) for p in frame["adjusted p (Holm)"]]
        shown_frame = frame.assign(**{"adjusted p": words})
        formats["adjusted p"] = st.column_config.TextColumn(width=110, alignment="right")
        shown = ["adjusted p" if c == "adjusted p (Holm)" else c for c in shown]
    st.dataframe(shown_frame, hide_index=True, column_config=formats, column_order=shown)
    m = len(family.compared)
    for c in family.ranked:
        title, body = c.sentence(m, family.options.alpha)
        st.markdown(
            f"- **{escape_markdown(c.name)}** — {escape_markdown(title)}: {escape_markdown(body)}"
        )
    for warning in family.warnings:
        st.warning(escape_markdown(warning), icon="⚠️")
    st.caption(
        f"Adjusted p: Holm across the {m:,} compared candidates, so the chance of calling any "
        f"harmless candidate degraded stays at alpha {family.options.alpha:g}."
    )
    if m:
        st.markdown("**Drops by benchmark and candidate** (red: flagged within that candidate)")
        show_family_chart(family)
    if family.broken:
        title = (
            f"Questions several candidates got wrong but the baseline got right "
            f"({len(family.broken):,}): where to look first"
        )
        with st.expander(title):  # an engineer's next step; the ranking answers the manager
            st.dataframe(broken_frame(family), hide_index=True)
    columns = st.columns(3)
    columns[0].download_button(
        "Ranked table (CSV)",
        (_comment_lines(record) + neutral_csv(frame)).encode(),
        "candidates.csv",
        "text/csv",
        key="family_csv",
        on_click="ignore",
    )
    columns[1].download_button(
        "All candidates (JSON)",
        family.to_json(record).encode(),
        "candidates.json",
        "application/json",
        key="family_json",
        on_click="ignore",
    )
    columns[2].download_button(
        "All candidates report (HTML)",
        _html(family, record).encode(),
        "candidates_report.html",
        "text/html",
        key="family_html",
        on_click="ignore",
    )
    st.markdown("**The same comparison from a terminal**")
    st.code(record["command"], language="bash", wrap_lines=True)


def _comment_lines(record: dict) -> str:
    """The provenance record as ``#`` lines for the head of the CSV."""
    lines = [f"# Eval Verdict {record['app_version']}, {record['created']}"]
    lines.append(f"# command: {record['command']}")
    lines += [f"# setting {key}: {value}" for key, value in record["settings"].items()]
    for f in record["inputs"]["baseline"]:
        lines.append(f"# baseline file: {f['name']} sha256 {f['sha256']} ({f['size']} bytes)")
    for entry in record["inputs"]["candidates"]:
        for f in entry["files"]:
            lines.append(
                f"# candidate {entry['source']} file: {f['name']} sha256 {f['sha256']} "
                f"({f['size']} bytes)"
            )
    return "".join(line.replace("\n", " ") + "\n" for line in lines)


def _html(family: CandidateFamily, record: dict) -> str:
    files = [f["sha256"] for f in record["inputs"]["baseline"]]
    files += [f["sha256"] for entry in record["inputs"]["candidates"] for f in entry["files"]]
    return _html_cached("|".join([record["command"], *files]), family, record)


@st.cache_data(max_entries=8, show_spinner="Preparing the report…")
def _html_cached(identity: str, _family: CandidateFamily, _record: dict) -> str:
    """The HTML report, cached by the command and the inputs' SHA-256 (``identity``)."""
    svg = family_svg(_family) if _family.compared else None
    return build_family_html(_family, _record, svg)


def render_several(options: CompareOptions, level: str) -> None:
    """The whole several-candidates mode of the page (its own uploaders)."""
    render_candidates(options, level, *family_inputs())


def render_sample_candidates(options: CompareOptions, level: str) -> None:
    """The first screen: the bundled baseline against its three simulated candidates."""
    st.info(
        "**You are looking at simulated sample data**: the Llama-3.1-8B-Instruct baseline "
        f"against {len(SAMPLE_CANDIDATES)} optimizations of it "
        f"({', '.join(SAMPLE_CANDIDATES)}), reproducing the paper's counts. Upload a baseline "
        "and a candidate above, or turn on *Several candidates against one baseline*.",
        icon="🧪",
    )
    render_candidates(options, level, (), [(label, ()) for label in SAMPLE_CANDIDATES], True)


def render_candidates(options: CompareOptions, level: str, baseline_files, candidates, sample):
    """Ranked table, chart and downloads of a family, then the full view of one candidate."""
    asked: set[str] = set()
    try:
        if sample:
            baseline, read, family, paired = sample_family(sample_identity(), options, level)
        else:
            baseline, read = read_family(baseline_files, candidates, asked)
            keys = st.session_state.get("_family_score_keys")
            if keys and chosen_score_key() and "score_key" not in asked:
                render_score_key_choice(keys)  # keep showing the choice made
            identity = (
                tuple((n, d) for n, d, _ in baseline_files),
                tuple(tuple((n, d) for n, d, _ in files) for _, files in candidates),
                tuple(chosen_model(label) for label, _ in candidates),
                chosen_model("baseline"),
                chosen_score_key(),
            )
            family, paired = compare_cached(
                identity, options, level, _baseline_path(baseline_files, False), baseline, read
            )
    except InputError as error:
        st.error(f"**These files cannot be compared.** {escape_markdown(error)}", icon="🚫")
        st.stop()
    if sample:
        baseline_records = sample_records(SAMPLE_BASELINE)
        candidate_records = [sample_records(source) for source, _, _ in read]
    else:
        baseline_records = upload_records(baseline_files)
        candidate_records = [upload_records(files) for _, files in candidates]
    paths = [_baseline_path(baseline_files, sample), *(source for source, _, _ in read)]
    if sample:  # the command runs from the repository's root
        paths = [records[0].name for records in (baseline_records, *candidate_records)]
    runs = [run for _, run, _ in read]
    record = family_provenance(family, baseline_records, candidate_records, paths, baseline, runs)
    render_family(family, record)
    _render_one(
        family, paired, baseline, runs, (baseline_records, candidate_records), paths, record, sample
    )


def _baseline_path(files, sample: bool) -> str:
    return SAMPLE_BASELINE if sample else side_path(files, "baseline")


def _render_one(family, paired, baseline, runs, records, paths, record, sample=False):
    baseline_records, candidate_records = records
    st.divider()
    st.subheader("One candidate in full")
    names = [c.name for c in family.ranked if c.comparison is not None]
    chosen = st.selectbox("Open a candidate's full analysis", names, key="family_open")
    k = next(i for i, c in enumerate(family.candidates) if c.name == chosen)
    candidate = family.candidates[k]
    result = candidate.comparison
    if len(family.compared) > 1 and not math.isclose(
        candidate.pvalue_adjusted, result.combined.pvalue
    ):
        st.caption(
            f"Below: {escape_markdown(chosen)} on its own (combined p "
            f"{result.combined.pvalue:.3g}); across the candidates its Holm-adjusted p is "
            f"{candidate.pvalue_adjusted:.3g} and its verdict {VERDICT_LABELS[candidate.verdict]}."
        )
    settings = dict(record["settings"])
    provenance = Provenance(
        baseline=tuple(baseline_records),
        candidate=tuple(candidate_records[k]),
        settings=settings,
        command=compare_command(paths[0], paths[k + 1], settings),
        read={"baseline": read_record(baseline), "candidate": read_record(runs[k])},
    )

    def downloads() -> None:
        note = f"{chosen} against the baseline"
        if sample:
            note = f"Sample data (simulated): Llama-3.1-8B-Instruct baseline vs {chosen}"
        render_downloads(result, note, provenance)

    view.render_comparison(result, paired[chosen], downloads)
    prewarm_candidates(family, paired, chosen, view.flipped_table)
