"""Work for the candidates the user has not opened yet, done after the page is shown.

Opening another candidate's full analysis draws its forest plot as PNG and SVG for the
downloads (vl-convert, ~0.2 s each on the 2-core machine) and builds the flipped questions
of its most suspicious benchmark. One background thread does that for the other compared
candidates once per family and options, into the same content-keyed caches the page reads
(``core.degradation.present.charts`` remembers conversions by spec, ``ui.degradation.view`` the flips
by pairing), so the later switch finds them made. Only core functions run in the thread,
never ``st.*``; a failure there only means the page does the work itself later.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from core.chart_export import chart_png
from core.degradation.present.charts import forest_plot
from core.degradation.present.html_report import forest_svg

_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="degradation-prewarm")
_SEEN: set[tuple] = set()
_LOCK = threading.Lock()


def prewarm_candidates(family, paired, opened: str, flips) -> None:
    """Queue the images and flips of every compared candidate other than ``opened``.

    Parameters
    ----------
    family : CandidateFamily
    paired : mapping of str to PairedSamples
        By shown name, as the family's comparison returned them.
    opened : str
        The candidate shown now (its work is done by the page itself).
    flips : callable
        ``flips(paired, unit)``, the page's cached flipped-questions builder.
    """
    for candidate in family.compared:
        if candidate.name == opened or candidate.name not in paired:
            continue
        result = candidate.comparison
        key = (id(result), candidate.name)
        with _LOCK:
            if key in _SEEN:
                continue
            if len(_SEEN) > 256:
                _SEEN.clear()
            _SEEN.add(key)
        _POOL.submit(_warm, result, paired[candidate.name], flips)


def _warm(result, pairing, flips) -> None:
    try:
        chart_png(forest_plot(result))
        forest_svg(result)
        first = min(result.units, key=lambda row: row.pvalue).unit
        flips(pairing, first)
    except Exception:  # noqa: BLE001 - best effort: the page builds it when asked
        pass
