"""The one shape every check returns, so the conversation can take any of them the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checks.evidence import Evidence

Facts = dict[str, Any]


@dataclass
class Finding:
    """What a check learned.

    ``facts`` merge into the conversation's facts (the vocabulary in knowledge/facts.yaml),
    ``evidence`` is what the page shows (a typed record, see ``checks.evidence``), and ``problems``
    are sentences a person understands: what went wrong and what to do next. A check never raises
    on bad input; it returns a Finding with a problem instead.
    """

    facts: Facts = field(default_factory=dict)
    evidence: Evidence | None = None
    problems: list[str] = field(default_factory=list)
    #: Evidence about many customers, one entry per customer with failures, most urgent first
    #: (``checks.customers``): a worklist, not facts. Empty for checks about one subject.
    customers: tuple[Any, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems
