"""One model per side, never a silent pick: which model and which run a side's files hold.

A side (a file list, a folder, a zip) may hold runs of several models (lm-eval's output
root with one folder per model, a baseline folder into which the candidate's run was
copied, Inspect logs of different ``eval.model``, a CSV with a model column). Reading the
newest run whatever its model silently compares a model with itself, so :func:`choose`
refuses with the models and runs found and how to choose, unless the user chose.

Several runs of the *same* model (lm-eval or lighteval date ids) keep the readers' habit:
the newest is read, with a warning that names it and the others, unless the user picks one.

The user's choice is a *selector* (``ReadOptions.run_id``, ``--baseline-run``): a model
name, a model folder name, a run id (a date id; a unique prefix is enough) or
``MODEL@RUN``. ``ReadOptions.model`` names the model exactly (the page's model picker).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from core.errors import InputError

Part = TypeVar("Part")

#: What a refusal asks the user to choose: the model of a side, or the key of dict scores.
ChoiceKind = Literal["model", "score_key"]

#: How the command line names the choice; the page shows a picker instead.
RUN_FLAG = "--baseline-run/--candidate-run"


@dataclass(frozen=True)
class RunRef:
    """Where one part of a side's files comes from.

    Attributes
    ----------
    model : str or None
        The model name the files give (``None`` when they name none).
    run_id : str
        The run (e.g. an lm-eval date id); ``""`` when the format has no run ids.
    aliases : tuple of str
        Other names a user may choose the model by (e.g. its folder).
    """

    model: str | None
    run_id: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selection:
    """What :func:`choose` took.

    Attributes
    ----------
    model : str or None
        The model read.
    run_id : str or None
        The run read, when the chosen model has several (else ``None``).
    models : tuple of str
        Every model the side holds, when more than one (so a page can offer them).
    run_ids : tuple of str
        Every run of the chosen model, oldest first, when more than one.
    warnings : tuple of str
        What the user should know about the choice (which run was taken).
    """

    model: str | None
    run_id: str | None = None
    models: tuple[str, ...] = ()
    run_ids: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


class AmbiguousChoiceError(InputError):
    """A side holds several models (or an Inspect score several keys) and none was chosen.

    The message is one line listing the choices and how to make one; ``kind`` and
    ``choices`` let a page offer a picker instead.

    Attributes
    ----------
    kind : {"model", "score_key"}
    choices : tuple of str
    source : str
        The files, for messages.
    """

    def __init__(
        self, message: str, *, kind: ChoiceKind, choices: Sequence[str], source: str
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.choices = tuple(choices)
        self.source = source


class UnknownChoiceError(InputError):
    """The model or run the user chose is not in the files (e.g. after other files came)."""


def _label(model: str | None) -> str:
    return model if model else "(model not named)"


def _runs_text(refs: Sequence[RunRef]) -> str:
    runs = sorted({ref.run_id for ref in refs if ref.run_id})
    if not runs:
        return ""
    if len(runs) == 1:
        return f" (run {runs[0]})"
    return f" ({len(runs)} runs: {', '.join(runs)})"


def models_message(source: str, refs: Sequence[RunRef], flag: str = RUN_FLAG) -> str:
    """The one-line refusal for a side holding several models."""
    by_model: dict[str | None, list[RunRef]] = {}
    for ref in refs:
        by_model.setdefault(ref.model, []).append(ref)
    listed = "; ".join(
        f"{_label(model)}{_runs_text(found)}"
        for model, found in sorted(by_model.items(), key=lambda kv: _label(kv[0]))
    )
    return (
        f"{source}: the files hold runs of {len(by_model)} models: {listed}. A side must be "
        f"one model: choose one with {flag} MODEL (or RUN_ID), or give only that model's "
        "folder."
    )


def _matches(ref: RunRef, selector: str) -> bool:
    if selector in (ref.model, *ref.aliases):
        return True
    if ref.run_id and (ref.run_id == selector or ref.run_id.startswith(selector)):
        return True
    model, at, run = selector.rpartition("@")
    return bool(at) and model in (ref.model, *ref.aliases) and ref.run_id.startswith(run)


def choose(
    parts: Sequence[Part],
    ref_of: Callable[[Part], RunRef],
    source: str,
    options: object,
    unit: str = "run",
) -> tuple[list[Part], Selection]:
    """Keep the parts of one model and one run, or refuse with the choices.

    Parameters
    ----------
    parts : sequence
        The units a reader read or is about to read (files, run folders, row groups).
    ref_of : callable
        The :class:`RunRef` of a part.
    source : str
        The side's files, for messages.
    options : ReadOptions or object
        ``model`` (exact model name) and ``run_id`` (a selector, see the module docstring).
    unit : str
        What a part is called in messages ("run", "log", "file", "table").

    Returns
    -------
    (list, Selection)
        The parts of the chosen run, and what was chosen.

    Raises
    ------
    AmbiguousChoiceError
        The parts are of several models and the options choose none.
    InputError
        The options name a model or run that is not there.
    """
    refs = [ref_of(part) for part in parts]
    all_models = tuple(sorted({ref.model for ref in refs if ref.model}))
    keep = list(range(len(parts)))
    model = getattr(options, "model", None)
    if model:
        keep = [i for i in keep if refs[i].model == model or refs[i].model is None]
        if not any(refs[i].model == model for i in keep):
            raise UnknownChoiceError(
                f"{source}: model {model!r} is not in these files; they hold "
                f"{', '.join(all_models) or 'no named model'}."
            )
    selector = getattr(options, "run_id", None)
    if selector:
        matched = [i for i in keep if _matches(refs[i], selector)]
        if not matched:
            raise UnknownChoiceError(
                f"{source}: {selector!r} names none of the models or runs found "
                f"({_choices_text([refs[i] for i in keep])}). Pick one of those."
            )
        keep = matched
    named = sorted({refs[i].model for i in keep if refs[i].model})
    if len(named) > 1:
        raise AmbiguousChoiceError(
            models_message(source, [refs[i] for i in keep]),
            kind="model",
            choices=named,
            source=source,
        )
    chosen_model = named[0] if named else None
    runs = sorted({refs[i].run_id for i in keep})
    warnings: list[str] = []
    run_id = None
    if len(runs) > 1:
        if selector and not any(selector in (refs[i].model, *refs[i].aliases) for i in keep):
            raise InputError(
                f"{source}: {selector!r} matches {len(runs)} runs ({', '.join(runs)}). "
                "Give the whole run id."
            )
        run_id = runs[-1]
        others = ", ".join(r or "(no date)" for r in runs[:-1])
        warnings.append(
            f"the files hold {len(runs)} runs of {_label(chosen_model)}; the newest "
            f"({run_id}) is read and {others} ignored. Choose another run to compare a "
            "different one."
        )
        keep = [i for i in keep if refs[i].run_id == run_id]
    elif selector and runs and runs[0]:
        run_id = runs[0]
    if len(all_models) > 1:
        others = [model for model in all_models if model != chosen_model]
        skipped = sum(1 for ref in refs if ref.model and ref.model != chosen_model)
        warnings.insert(
            0,
            f"the files hold runs of {len(all_models)} models; {_label(chosen_model)} is read as "
            f"chosen and {skipped:,} {unit}{'' if skipped == 1 else 's'} of "
            f"{', '.join(others)} {'is' if skipped == 1 else 'are'} not.",
        )
    all_runs = tuple(
        sorted({ref.run_id for ref in refs if ref.model == chosen_model or ref.model is None})
    )
    return [parts[i] for i in keep], Selection(
        model=chosen_model,
        run_id=run_id if len(all_runs) > 1 else None,
        models=all_models if len(all_models) > 1 else (),
        run_ids=all_runs if len(all_runs) > 1 else (),
        warnings=tuple(warnings),
    )


def _choices_text(refs: Sequence[RunRef]) -> str:
    by_model: dict[str | None, list[RunRef]] = {}
    for ref in refs:
        by_model.setdefault(ref.model, []).append(ref)
    return "; ".join(
        f"{_label(model)}{_runs_text(found)}"
        for model, found in sorted(by_model.items(), key=lambda kv: _label(kv[0]))
    )
