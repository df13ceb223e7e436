"""Save fitted boundaries to a JSON file and read them back (``frontier --save-fit``).

The file keeps every fitted parameter at full precision, the settings (tau, kappa,
lambda_b and how it was chosen, the estimator), the training compute range and a digest
of the data the fit saw, so a later ``position`` run can say which boundary it used.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict
from pathlib import Path

import numpy as np

from core.errors import InputError
from core.frontier.boundary.sigmoid_fit import METHODS, FrontierFit

#: Marks a file written by :func:`save_fits`.
FILE_KIND = "eval-verdict capability boundaries"
FILE_VERSION = 1


def data_digest(model, log10_flops, score) -> str:
    """SHA-256 of the fitted rows (model names, log10 FLOPs and scores, in table order)."""
    h = hashlib.sha256()
    for name in np.asarray(model).astype(str):
        h.update(name.encode("utf-8") + b"\0")
    h.update(np.ascontiguousarray(log10_flops, dtype="<f8").tobytes())
    h.update(np.ascontiguousarray(score, dtype="<f8").tobytes())
    return h.hexdigest()


def boundary_record(fit: FrontierFit, table, settings: dict | None = None) -> dict:
    """One boundary as a JSON-ready dict: parameters, settings, data description."""
    return {
        "task": table.score_column,
        "fit": asdict(fit),
        "settings": settings or {},
        "data": {
            "source": table.source,
            "score_column": table.score_column,
            "n": table.n,
            "compute": table.compute_description,
            "percent_scaled": table.percent_scaled,
            "sha256": data_digest(table.model, table.log10_flops, table.score),
        },
    }


def save_fits(path, records) -> Path:
    """Write boundary records (from :func:`boundary_record`) to ``path`` as JSON."""
    path = Path(path)
    document = {"kind": FILE_KIND, "version": FILE_VERSION, "boundaries": list(records)}
    path.write_text(json.dumps(document, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    return path


def _fit_from(entry, source) -> FrontierFit:
    values = entry.get("fit") if isinstance(entry, dict) else None
    if not isinstance(values, dict):
        raise InputError(f"{source}: a boundary has no 'fit' parameters")
    names = FrontierFit.__dataclass_fields__
    missing = [n for n in ("y0", "L", "z_star", "b", "tau") if n not in values]
    if missing:
        raise InputError(f"{source}: a boundary lacks {', '.join(missing)}")
    known = {k: v for k, v in values.items() if k in names}
    try:
        fit = FrontierFit(**known)
    except TypeError as error:
        raise InputError(f"{source}: a boundary's parameters are incomplete ({error})") from None
    numbers = (fit.y0, fit.L, fit.z_star, fit.b, fit.tau)
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in numbers):
        raise InputError(f"{source}: a boundary's parameters are not finite numbers")
    if fit.method not in METHODS:
        raise InputError(f"{source}: unknown estimator {fit.method!r}")
    return fit


def load_fits(path) -> list[tuple[str, FrontierFit, dict]]:
    """Read a file written by ``frontier --save-fit``: (task, fit, record) per boundary.

    Raises
    ------
    InputError
        The file is not JSON, not a boundaries file, or a boundary is incomplete.
    """
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path.name}: not a JSON file ({error.msg}, line {error.lineno})"
        ) from None
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: not a text (JSON) file") from None
    if not isinstance(document, dict) or document.get("kind") != FILE_KIND:
        raise InputError(
            f"{path.name}: not a boundaries file; write one with "
            "python -m core frontier TABLE --score COL --save-fit FIT.json"
        )
    entries = document.get("boundaries") or []
    if not entries:
        raise InputError(f"{path.name}: the file holds no boundary")
    return [(str(e.get("task", "")), _fit_from(e, path.name), e) for e in entries]
