"""Metric and filter choice per task, where the files offer more than one."""

from __future__ import annotations

import streamlit as st

from core.samples import SampleScores

DEFAULT = "(default)"


def _choices(
    baseline: SampleScores, candidate: SampleScores, kind: str
) -> dict[str, tuple[list[str], str | None]]:
    """Per task: the options both runs offer, and the reader's default."""
    out = {}
    for task, info in baseline.tasks.items():
        other = candidate.tasks.get(task)
        offered = list(getattr(info, f"{kind}_choices"))
        if other is not None:
            offered = [
                name for name in offered if name in getattr(other, f"{kind}_choices")
            ] or offered
        if len(offered) > 1:
            out[task] = (offered, getattr(info, kind))
    return out


def render_scoring_choices(baseline: SampleScores, candidate: SampleScores):
    """Let the user pick metrics and filters; returns the (metric, filter, score_key) read options.

    Only choices that differ from the readers' defaults are returned, so a plain run needs no
    choice and is not re-read.
    """
    metrics = _choices(baseline, candidate, "metric")
    filters = _choices(baseline, candidate, "filter")
    if not metrics and not filters:
        return (), (), None
    picked_metrics: dict[str, str] = {}
    picked_filters: dict[str, str] = {}
    offers = [
        f"{len(found)} task{'s' if len(found) != 1 else ''} with several {kind}s"
        for kind, found in (("metric", metrics), ("filter", filters))
        if found
    ]
    with st.sidebar.expander(f"Scoring choices ({', '.join(offers)})"):
        st.caption(
            "Defaults: the first 0/1 metric each record lists, and the strict-match filter (else none). "
            "Filters are never pooled: each task is tested on one."
        )
        for kind, options, picked in (
            ("metric", metrics, picked_metrics),
            ("filter", filters, picked_filters),
        ):
            for task, (offered, default) in sorted(options.items()):
                index = offered.index(default) if default in offered else 0
                choice = st.selectbox(
                    f"{kind.title()} for {task}", offered, index=index, key=f"{kind}:{task}"
                )
                if choice != default:
                    picked[task] = choice
    return tuple(sorted(picked_metrics.items())), tuple(sorted(picked_filters.items())), None


def render_run_choices(
    baseline: SampleScores, candidate: SampleScores
) -> tuple[str | None, str | None]:
    """When a side's files hold several runs (lm-eval date ids), let the user pick one.

    Returns the run id per side that differs from the reader's default (the newest), else None.
    """
    picked: list[str | None] = []
    for side, run in (("Baseline", baseline), ("Candidate", candidate)):
        if len(run.run_ids) < 2:
            picked.append(None)
            continue
        newest = run.run_ids[-1]
        choice = st.sidebar.selectbox(
            f"{side} run ({len(run.run_ids)} of {run.model or 'the model'} in these files)",
            list(reversed(run.run_ids)),
            key=f"run:{side.lower()}",
            help="These files hold several runs of the model; the newest is compared by default.",
        )
        picked.append(None if choice == newest else choice)
    return picked[0], picked[1]


MODEL_KEY = "model:{side}"
SCORE_KEY = "score_key"


def chosen_model(side: str) -> str | None:
    """The model the user picked for a side (``"baseline"``/``"candidate"``), if any."""
    return st.session_state.get(MODEL_KEY.format(side=side))


def chosen_score_key() -> str | None:
    """The key of Inspect dict scores the user picked (one for both sides), if any."""
    return st.session_state.get(SCORE_KEY)


def render_model_choice(side: str, models: tuple[str, ...]) -> str | None:
    """A picker of the models a side's files hold; ``None`` until the user picks one.

    Never preselected: comparing the wrong model gives a confident, wrong verdict.
    """
    return st.sidebar.selectbox(
        f"{side.title()} model ({len(models)} in these files)",
        list(models),
        index=None,
        placeholder="Choose the model to compare…",
        key=MODEL_KEY.format(side=side),
        help="These files hold runs of several models; a side must be one model.",
    )


def render_score_key_choice(keys: tuple[str, ...]) -> str | None:
    """A picker of the keys of Inspect dict scores, used for both sides; ``None`` until picked."""
    return st.sidebar.selectbox(
        f"Score key ({len(keys)} in the dict scores)",
        list(keys),
        index=None,
        placeholder="Choose the score to compare…",
        key=SCORE_KEY,
        help="The Inspect scorer gives a dict of scores per sample; the same key is read "
        "for both sides (never the first key of each sample, whose order varies).",
    )
