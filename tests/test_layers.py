"""The layers hold: imports point down only (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
# package -> packages it must never import
FORBIDDEN = {
    "knowledge": {"rules", "checks", "cases", "conversation", "ui", "streamlit"},
    "rules": {"checks", "cases", "conversation", "ui", "streamlit"},
    "checks": {"rules", "cases", "conversation", "ui", "streamlit"},
    "cases": {"rules", "conversation", "ui", "streamlit"},
    "conversation": {"ui", "streamlit"},
    "api": {"streamlit", "ui", "checks", "rules", "cases"},
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_down_only(package):
    bad = {}
    for path in (ROOT / package).rglob("*.py"):
        hit = imports(path) & FORBIDDEN[package]
        if hit:
            bad[str(path.relative_to(ROOT))] = sorted(hit)
    assert bad == {}


def test_the_page_decides_nothing_over_facts():
    page = (ROOT / "assistant_app.py").read_text()
    assert "facts[" not in page and ".facts.get(" not in page
    assert len(page.splitlines()) < 120
