"""The one shape every check returns, so the page can render any of them the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Facts = dict[str, Any]


@dataclass
class Finding:
    """What a check learned.

    ``facts`` merge into the conversation's facts (the vocabulary in DESIGN.md), ``evidence``
    is what the page shows (named tables, rows, chart data), and ``problems`` are sentences a
    person understands: what went wrong and what to do next. A check never raises on bad input;
    it returns a Finding with a problem instead.
    """

    facts: Facts = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def merge(self, other: Finding) -> Finding:
        """Combine two findings; the later one's facts win on conflict."""
        return Finding(
            facts={**self.facts, **other.facts},
            evidence={**self.evidence, **other.evidence},
            problems=[*self.problems, *other.problems],
        )
