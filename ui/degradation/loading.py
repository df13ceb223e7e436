"""Cached reading of result files for the pages.

Parsing is cached by file content and reader options (``st.cache_data``), so changing alpha,
the level or any other option re-renders without re-reading files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

import streamlit as st

from core.degradation.data.provenance import record_bytes, records_from_path
from core.readers import InputFile, ReadOptions, read_run
from core.samples import SampleScores

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO / "sample_data" / "degradation"

#: Bundled simulated runs: label -> file name.
SAMPLE_CANDIDATES = {
    "FP8 KV-cache (simulated)": "candidate_kv_fp8.zip",
    "4-bit weights, w4a16 (simulated)": "candidate_w4a16.zip",
    "Lossless rerun (simulated)": "candidate_lossless_rerun.zip",
}
SAMPLE_BASELINE = "baseline.zip"

Choice = tuple[tuple[str, str], ...]


def _options(
    metric: Choice,
    filter_: Choice,
    score_key: str | None,
    run_id: str | None,
    model: str | None = None,
) -> ReadOptions:
    return ReadOptions(
        metric=dict(metric) or None,
        filter=dict(filter_) or None,
        score_key=score_key,
        run_id=run_id,
        model=model,
    )


@st.cache_data(max_entries=12, show_spinner="Reading result files…")
def _read_uploaded_cached(
    content_key: tuple[tuple[str, str], ...],
    _files: tuple[tuple[str, bytes], ...],
    metric: Choice,
    filter_: Choice,
    score_key: str | None,
    run_id: str | None,
    model: str | None,
    side: str | None,
) -> SampleScores:
    # ``content_key`` (names and content digests) is the cache key; ``_files`` is not hashed.
    files = [InputFile(name, data) for name, data in _files]
    return read_run(files, _options(metric, filter_, score_key, run_id, model), side=side)


def read_uploaded(
    files: tuple[tuple[str, str, bytes], ...],
    metric: Choice = (),
    filter_: Choice = (),
    score_key: str | None = None,
    run_id: str | None = None,
    model: str | None = None,
    side: str | None = None,
) -> SampleScores:
    """Read uploads (name, digest, bytes) into per-sample scores, cached by content and options."""
    key = tuple((name, digest) for name, digest, _ in files)
    data = tuple((name, payload) for name, _, payload in files)
    return _read_uploaded_cached(key, data, metric, filter_, score_key, run_id, model, side)


def uploaded_payload(uploads: Sequence | None) -> tuple[tuple[str, str, bytes], ...]:
    """Turn ``st.file_uploader`` values into (name, content digest, bytes) triples.

    The digest of each upload is computed once and remembered for its ``file_id``, so a
    widget change does not re-hash tens of megabytes on every rerun. Uses ``getvalue()``,
    which never moves the read cursor (streamlit #2168).
    """
    if not uploads:
        return ()
    if not isinstance(uploads, list):
        uploads = [uploads]
    digests: dict[str, str] = st.session_state.setdefault("_upload_digests", {})
    out = []
    for upload in uploads:
        data = upload.getvalue()
        digest = digests.get(upload.file_id)
        if digest is None:
            digest = digests[upload.file_id] = hashlib.blake2b(data, digest_size=16).hexdigest()
        out.append((upload.name, digest, data))
    return tuple(sorted(out))


def upload_records(files: tuple[tuple[str, str, bytes], ...]) -> tuple:
    """Provenance records (name, SHA-256, size) of uploads, cached by their digests."""
    return _records(tuple((name, digest) for name, digest, _ in files), files)


@st.cache_data(max_entries=16, show_spinner=False)
def _records(key: tuple, _files: tuple[tuple[str, str, bytes], ...]) -> tuple:
    return tuple(record_bytes(name, data) for name, _, data in _files)


def sample_records(file_name: str) -> tuple:
    """Provenance records of a bundled sample file, named by its path in the repository.

    Cached by the file's name, size and modification time: hashing the four 3 MB samples
    on every rerun was a noticeable part of the page's render.
    """
    stat = (SAMPLE_DIR / file_name).stat()
    return _sample_records(file_name, stat.st_size, stat.st_mtime_ns)


@st.cache_data(max_entries=8, show_spinner=False)
def _sample_records(file_name: str, size: int, mtime_ns: int) -> tuple:
    path = SAMPLE_DIR / file_name
    (record,) = records_from_path(path)
    return (replace(record, name=path.relative_to(REPO).as_posix()),)


def side_path(files: tuple[tuple[str, str, bytes], ...], side: str) -> str:
    """What to type for a side in the equivalent command: the file, or the folder of the files."""
    if len(files) == 1:
        return files[0][0]
    tops = {PurePosixPath(name).parts[0] for name, _, _ in files if "/" in name}
    return f"{tops.pop()}/" if len(tops) == 1 else f"{side}/"


def sample_identity() -> tuple[tuple[str, str], ...]:
    """The bundled samples' names and SHA-256 digests: the cache key of their comparisons."""
    names = (SAMPLE_BASELINE, *SAMPLE_CANDIDATES.values())
    return tuple((record.name, record.sha256) for name in names for record in sample_records(name))


def samples_available() -> bool:
    """Whether the bundled sample data are present."""
    return (SAMPLE_DIR / SAMPLE_BASELINE).is_file()
