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
    #: Why the step is on the plan, in plain words (no rule ids: those are in ``rule``).
    why: str
    #: The article and section it comes from: "Kartra help: Payment troubleshooting › Basic troubleshooting".
    source: str
    rule: str
    path: str
    tips: tuple[str, ...] = ()
    if_not_fixed: str = ""
    source_url: str = ""
    #: The source document's file or address, for the "details for support" line.
    source_file: str = ""
    #: The step fixes a cause that stops every payment (it leads every plan, for every customer).
    account_wide: bool = False


@dataclass(frozen=True)
class Advice:
    questions: list[Question] = field(default_factory=list)
    plan: list[PlanStep] = field(default_factory=list)
    tried: list[str] = field(default_factory=list)
    #: Every documented step has been tried: what is left is the hand-off (the support ticket).
    exhausted: bool = False
    #: A short message to send the customer, in ``facts["language"]`` when given; never reveals a
    #: fraud-related reason.
    customer_reply: str | None = None
    #: One sentence when the evidence conflicts (a few customers fail, but a check found a cause that
    #: stops every payment): the plan acts on the check.
    note: str | None = None

    @property
    def step_ids(self) -> list[str]:
        return [s.id for s in self.plan]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
