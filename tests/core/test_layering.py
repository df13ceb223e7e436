"""core/ is pure Python: it never imports streamlit (DEVELOPERS.md, style-examples.md §1)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "core"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_streamlit():
    offenders = [
        str(path.relative_to(CORE.parent))
        for path in sorted(CORE.rglob("*.py"))
        if any(
            name == "streamlit" or name.startswith("streamlit.") for name in _imported_modules(path)
        )
    ]
    assert offenders == [], f"core modules import streamlit: {offenders}"


def test_core_has_modules_to_check():
    assert len(list(CORE.rglob("*.py"))) >= 5
