"""Drill-down text of lm-eval samples, decoded again only for the items that are shown.

Reading keeps, per record, only where it is in its file (a line's byte offset, or a record's
position in an early JSON array); the file's bytes are already in memory or mapped, so no
prompt or response is copied while reading. :class:`LmEvalDetails` is the run's
``SampleScores.details``: :meth:`LmEvalDetails.rows` decodes the asked-for records and applies
the same bounds as every reader (prompt tail of ``DETAIL_CHARS``, ``short_text`` otherwise).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import orjson

from core.readers.files.jsonl import DETAIL_CHARS, load_json, short_text
from core.readers.files.sources import InputFile
from core.samples import DETAIL_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

_BOM = b"\xef\xbb\xbf"
_TEXT_COLUMNS = ["prompt", "target", "response"]


def record_texts(record: dict) -> tuple[str, str, str]:
    """A record's bounded (prompt, target, response) for the drill-down."""
    get = record.get
    target, response = get("target"), get("filtered_resps")
    if not (type(target) is str and len(target) <= DETAIL_CHARS):
        target = short_text(target)
    if type(response) is list and len(response) == 1 and type(response[0]) is str:
        response = response[0]
    if not (type(response) is str and len(response) <= DETAIL_CHARS):
        response = short_text(response)
    return prompt_of(get("arguments")), target, response


def prompt_of(arguments: object) -> str:
    """The first request's context, tail-bounded (0.4.3+: ``{"gen_args_0": {"arg_0": ...}}``)."""
    first = arguments
    if type(first) is dict and first:
        first = next(iter(first.values()))
    if type(first) is dict:
        first = first.get("arg_0")
    while isinstance(first, list) and first:
        first = first[0]
    if type(first) is not str:
        return ""
    return first if len(first) <= DETAIL_CHARS else "…" + first[-(DETAIL_CHARS - 1) :]


def detail_frame(task: str, ids: Sequence[str], texts: Sequence[tuple[str, str, str]]):
    """A details frame (:data:`DETAIL_COLUMNS`) of one task from ids and (prompt, target, response)."""
    import pandas as pd

    details = pd.DataFrame(texts, columns=_TEXT_COLUMNS, dtype="string")
    details.insert(0, "item_id", pd.array(ids, dtype="string"))
    details.insert(0, "task", task)
    return details


class TaskTexts:
    """Where the kept records of one task are in its samples file.

    Parameters
    ----------
    task : str
    file : InputFile
        The samples file; only a reference to its bytes is kept.
    item_ids : list of str
        The records' item ids, in file order.
    positions : sequence of int
        Per record, the byte offset of its line, or (``in_array``) its 1-based position in the
        file's JSON array.
    in_array : bool
        Whether the file is one JSON array (lm-eval 0.4.0-0.4.2).
    """

    def __init__(
        self,
        task: str,
        file: InputFile,
        item_ids: list[str],
        positions: Sequence[int],
        in_array: bool = False,
    ) -> None:
        self.task = task
        self.file = file
        self.item_ids = item_ids
        self.positions = np.asarray(positions, dtype=np.int64)
        self.in_array = in_array

    def __len__(self) -> int:
        return len(self.item_ids)

    def rows(self, wanted: dict[str, set[str]] | None) -> pd.DataFrame:
        """The details rows of the records whose item id ``wanted[task]`` holds (all if None)."""
        if wanted is None:
            index = range(len(self.item_ids))
        else:
            ids = wanted.get(self.task, ())
            index = [i for i, item in enumerate(self.item_ids) if item in ids] if ids else []
        texts = self._texts(self.positions[np.asarray(index, dtype=np.int64)].tolist())
        return detail_frame(self.task, [self.item_ids[i] for i in index], texts)

    def _texts(self, positions: list[int]) -> list[tuple[str, str, str]]:
        if not positions:
            return []
        if self.in_array:
            array = load_json(self.file)
            return [record_texts(array[p - 1]) for p in positions]
        data, out = self.file.data, []
        for start in positions:
            end = data.find(b"\n", start)
            line = data[start : end if end >= 0 else len(data)]
            if start == 0 and line.startswith(_BOM):
                line = line[3:]
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:  # the file changed on disk since it was read
                record = None
            out.append(record_texts(record) if type(record) is dict else ("", "", ""))
        return out


class LmEvalDetails:
    """``SampleScores.details`` of an lm-eval run: rows built from the files when asked for.

    :meth:`rows` builds the rows of some (task, item_id) keys (what the drill-down of flipped
    items needs); :meth:`frame` builds them all, as one details frame. Any other attribute
    (``set_index``, ``loc``, ``memory_usage``, ...) is that of :meth:`frame`, built once, so the
    object can be used where a details frame is expected. It pickles as the built frame
    (bounded text, never the files' bytes), e.g. for ``st.cache_data``.
    """

    def __init__(self, parts: Sequence[TaskTexts | pd.DataFrame]) -> None:
        self._parts = list(parts)
        self._frame: pd.DataFrame | None = None

    def __len__(self) -> int:
        return sum(len(part) for part in self._parts)

    def __repr__(self) -> str:
        return f"<LmEvalDetails: {len(self):,} rows in {len(self._parts)} part(s)>"

    def rows(self, keys: pd.DataFrame) -> pd.DataFrame:
        """The rows whose (task, item_id) is a row of ``keys``, in the order of :meth:`frame`.

        When nothing matches, the key columns take the dtypes of those of ``keys``: merging
        on them then gives the same frame as merging with :meth:`frame` (pandas keeps the
        left dtypes only for an empty right side).
        """
        wanted: dict[str, set[str]] = {}
        for task, item in zip(keys["task"], keys["item_id"]):
            wanted.setdefault(str(task), set()).add(str(item))
        rows = _stack([_rows_of(part, wanted) for part in self._parts])
        if len(rows):
            return rows
        return rows.astype({"task": keys["task"].dtype, "item_id": keys["item_id"].dtype})

    def kept_bytes(self) -> int:
        """Memory this object holds: item ids and offsets (the files' bytes are shared)."""
        total = 0
        for part in self._parts:
            if isinstance(part, TaskTexts):
                ids = part.item_ids
                total += part.positions.nbytes + sys.getsizeof(ids) + sum(map(sys.getsizeof, ids))
            else:
                total += int(part.memory_usage(deep=True).sum())
        if self._frame is not None:
            total += int(self._frame.memory_usage(deep=True).sum())
        return total

    def frame(self) -> pd.DataFrame:
        """Every row: the details frame (:data:`DETAIL_COLUMNS`), built once and kept."""
        if self._frame is None:
            self._frame = self._build()
        return self._frame

    def _build(self) -> pd.DataFrame:
        if self._frame is not None:
            return self._frame
        return _stack([_rows_of(part, None) for part in self._parts])

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.frame(), name)

    def __getitem__(self, key):
        return self.frame()[key]

    def __reduce__(self):
        return _from_frame, (self._build(),)


def _from_frame(frame: pd.DataFrame) -> LmEvalDetails:
    return LmEvalDetails([frame])


def _rows_of(part: TaskTexts | pd.DataFrame, wanted: dict[str, set[str]] | None) -> pd.DataFrame:
    if isinstance(part, TaskTexts):
        return part.rows(wanted)
    if wanted is None:
        return part
    mask = [item in wanted.get(task, ()) for task, item in zip(part["task"], part["item_id"])]
    return part.loc[np.asarray(mask, dtype=bool)]


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    filled = [frame for frame in frames if len(frame)] or frames[:1]
    if not filled:
        return detail_frame("", [], [])
    import pandas as pd

    return pd.concat(filled, ignore_index=True)[list(DETAIL_COLUMNS)]
