"""What ``advise`` returns: the next questions and the plan, as plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Question:
    """A question and its quick replies: ``options`` maps each label to the facts it sets."""

    id: str
    prompt: str
    short: str
    options: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class PlanStep:
    id: str
    actor: str
    title: str
    detail: str
    why: str
    source: str
    rule: str
    path: str
    tips: tuple[str, ...] = ()
    if_not_fixed: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class Advice:
    questions: list[Question] = field(default_factory=list)
    plan: list[PlanStep] = field(default_factory=list)
    tried: list[str] = field(default_factory=list)

    @property
    def step_ids(self) -> list[str]:
        return [s.id for s in self.plan]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
