"""Degradation page timings through AppTest (server-side script time, no browser).

- upload to verdict: both 25,282-sample lm-eval runs uploaded (zips of the bundled simulated
  baseline and KV-FP8 candidate), first run after the upload (parsing included);
- a widget change (alpha) afterwards: parsing is cached by content, so only the tests re-run.

Targets (issue "The degradation page"): upload to verdict under 3 s, a widget change under 0.5 s.
Run: ``python benchmarks/degradation_page.py``.
"""

from __future__ import annotations

import statistics
import time
import zipfile
from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_data" / "degradation"


def _open() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300).run()
    at.switch_page("app_pages/degradation_page.py").run()
    return at


def _folder_files(zip_path: Path, salt: int) -> list[tuple[str, bytes, str]]:
    """The files a folder upload gives (the zip's members), made unique per attempt."""
    with zipfile.ZipFile(zip_path) as archive:
        files = [
            (info.filename, archive.read(info)) for info in archive.infolist() if not info.is_dir()
        ]
    # a trailing newline per attempt changes the content, so the cache cannot answer
    return [(name, data + b"\n" * salt, "application/octet-stream") for name, data in files]


def _measure(kind: str, baseline, candidate) -> None:
    uploads, changes = [], []
    for attempt in range(3):
        at = _open()
        at.file_uploader(key="baseline_files").set_value(baseline(attempt))
        at.file_uploader(key="candidate_files").set_value(candidate(attempt))
        start = time.perf_counter()
        at.run()
        uploads.append(time.perf_counter() - start)
        assert not at.exception and "Degraded" in at.error[0].value, "no verdict"
        for alpha in (0.01, 0.05, 0.1):
            at.select_slider(key="alpha").set_value(alpha)
            start = time.perf_counter()
            at.run()
            changes.append(time.perf_counter() - start)
    runs = ", ".join(f"{t:.2f}" for t in uploads)
    print(
        f"{kind}: upload to verdict median {statistics.median(uploads):.2f} s (runs: {runs}); "
        f"widget change (alpha) median {statistics.median(changes):.3f} s, max {max(changes):.3f} s"
    )


def main() -> None:
    base_zip, cand_zip = SAMPLES / "baseline.zip", SAMPLES / "candidate_kv_fp8.zip"
    _measure(
        "two lm-eval folders (40 files each, 61 MB)",
        lambda i: _folder_files(base_zip, i),
        lambda i: _folder_files(cand_zip, i),
    )
    _measure(
        "two LZMA zips (2.9 MB each)",
        lambda i: [(f"b{i}.zip", base_zip.read_bytes() + b"\0" * i, "application/zip")],
        lambda i: [(f"c{i}.zip", cand_zip.read_bytes() + b"\0" * i, "application/zip")],
    )


if __name__ == "__main__":
    main()
