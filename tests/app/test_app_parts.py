"""The page's parts: what it imports, and the Streamlit it was tested on (#24)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import streamlit
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).parents[2]
PAGE_FILES = [ROOT / "assistant_app.py", *sorted((ROOT / "ui").glob("*.py")), ROOT / "pages" / "1_Outcomes.py"]


def imported(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module.split(".")[0])
    return out


def test_the_page_renders_what_the_conversation_hands_over():
    """DESIGN.md's layers: the page talks to ``conversation``, never to ``rules`` or ``checks`` directly."""
    bad = {str(p.relative_to(ROOT)): sorted(imported(p) & {"rules", "checks"}) for p in PAGE_FILES}
    assert {k: v for k, v in bad.items() if v} == {}


def test_no_deprecated_component_api_is_used():
    """``st.components.v1`` is announced for removal; copy buttons are ``st.components.v2``."""
    for path in PAGE_FILES:
        text = path.read_text()
        assert "components.v1" not in text and "components.html" not in text, path


def test_streamlit_has_a_tested_upper_bound():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    req = next(Requirement(d) for d in deps if Requirement(d).name == "streamlit")
    uppers = [s for s in req.specifier if s.operator in ("<", "<=", "~=", "==")]
    assert uppers, f"no upper bound on {req}"
    assert Version(streamlit.__version__) in req.specifier, "the installed Streamlit is the one the bound names"
