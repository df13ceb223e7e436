"""Every method or format document the code cites exists, and so does the section it cites.

Docstrings cite ``docs/method-degradation.md §7``, ``docs/method-frontier.md §6.2`` or
``docs/formats.md §2.3``; this test resolves each citation in ``core/``, ``ui/``,
``app_pages/`` and the README against the files' headings (``## 7.``, ``### 6.2``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted((REPO / "core").rglob("*.py")),
    *sorted((REPO / "ui").rglob("*.py")),
    *sorted((REPO / "app_pages").rglob("*.py")),
    REPO / "README.md",
]
CITATION = re.compile(r"docs/([\w.-]+\.md)`{0,2}(?:\s*§\s*([\d.]+\d))?")
HEADING = re.compile(r"^#{2,4} (\d+(?:\.\d+)*)\.? ", re.MULTILINE)
#: Names of the team's notes outside the repository, which readers of the code cannot open.
OUTSIDE = re.compile(r"(?<!docs/)\b(degradation-method|frontier-method|result-formats)\.md")


def _citations() -> list[tuple[str, str, str | None]]:
    found = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for match in CITATION.finditer(text):
            found.append((str(path.relative_to(REPO)), match[1], match[2]))
    return found


CITATIONS = _citations()


def _sections(name: str) -> set[str]:
    return set(HEADING.findall((REPO / "docs" / name).read_text(encoding="utf-8")))


def test_the_method_documents_are_cited():
    cited = {name for _, name, _ in CITATIONS}
    assert {"method-degradation.md", "method-frontier.md", "formats.md"} <= cited


@pytest.mark.parametrize(("source", "name", "section"), CITATIONS)
def test_each_citation_resolves(source, name, section):
    assert (REPO / "docs" / name).is_file(), f"{source} cites docs/{name}, which is missing"
    if section is not None:
        assert section in _sections(name), f"{source} cites docs/{name} §{section}"


def test_no_code_cites_a_document_outside_the_repository():
    offenders = [
        f"{path.relative_to(REPO)}: {match[0]}"
        for path in SOURCES
        for match in OUTSIDE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


#: Sphinx-style cross-references to the project's own objects, e.g. :func:`core.x.y`.
CROSS_REFERENCE = re.compile(r":(?:func|class|mod|meth|data|attr|exc):`~?((?:core|ui)\.[\w.]+)`")


def _resolves(dotted: str) -> bool:
    """Whether ``dotted`` names a module, or an attribute reachable from the longest
    importable module prefix."""
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            if not hasattr(target, part):
                return False
            target = getattr(target, part)
        return True
    return False


def test_every_cross_reference_to_the_code_names_something_that_exists():
    """A renamed function leaves its old name in other docstrings (``could_share_files``
    stayed in ``core/readers/files/digests.py`` after it became ``compare_digests``)."""
    broken = sorted(
        {
            f"{path.relative_to(REPO)}: {match[1]}"
            for path in SOURCES
            if path.suffix == ".py"
            for match in CROSS_REFERENCE.finditer(path.read_text(encoding="utf-8"))
            if not _resolves(match[1])
        }
    )
    assert broken == []
