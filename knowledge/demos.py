"""Trainer demo scenarios: the files in knowledge/scenarios/, as the page needs them.

A scenario either describes a Stripe account for the sandbox (``check: stripe``, the default:
the demo runs the real live check against it) or names a bundled export (``check: export``: the
demo runs the export analysis on it, e.g. PayPal's activity download). This module reads what the
picker and the conversation need.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from knowledge import HERE, KnowledgeError, load

SCENARIOS = HERE / "scenarios"


class Demo(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str
    title: str
    description: str
    facts: dict[str, Any] = {}
    check: Literal["stripe", "export"] = "stripe"
    export: str | None = None

    @property
    def export_path(self) -> Path | None:
        return SCENARIOS / self.export if self.export else None


@lru_cache(maxsize=2)
def demos(root: Path = SCENARIOS) -> tuple[Demo, ...]:
    """Every scenario, sorted by title; a malformed file fails naming the file."""
    out = []
    for path in sorted(root.glob("*.yaml")):
        try:
            demo = Demo.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except Exception as exc:  # noqa: BLE001 - re-raised with the file named
            raise KnowledgeError(f"scenarios/{path.name}: {exc}") from exc
        load().vocabulary.check_facts(demo.facts, f"scenarios/{path.name}")
        out.append(demo)
    return tuple(sorted(out, key=lambda d: d.title))
