"""The rulebook file (rulebook.yaml) as validated data, plus the generated decline-code rules."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator

import knowledge
from knowledge.schema import Strict

HERE = Path(__file__).parent
Match = str | list[str]

#: Fact names the rules may test; anything else in the facts is carried but never matched.
RULE_FACTS = (
    "role", "processor", "scope", "purchase", "continue_inactive", "error", "decline_code",
    "key_kind", "connection", "product_config", "processor_selected", "integration_matches",
    "charges_enabled", "topic",
)
UNKNOWN = "?"
DECLINE_ORDER = 8


class Rule(Strict):
    name: str
    when: dict[str, Match] = Field(default_factory=dict)
    unless: dict[str, Match] = Field(default_factory=dict)
    steps: tuple[str, ...] = ()
    ask: tuple[str, ...] = ()
    order: float = 50
    priority: int = 5
    path: str = ""
    section: str = ""

    @model_validator(mode="after")
    def _valid(self) -> Rule:
        if bool(self.steps) == bool(self.ask):
            raise ValueError(f"rule '{self.name}' needs either steps or ask, not both or neither")
        for fact in [*self.when, *self.unless]:
            if fact not in RULE_FACTS:
                raise ValueError(f"rule '{self.name}' tests unknown fact '{fact}'")
        return self


class Rulebook(Strict):
    rules: tuple[Rule, ...]


@lru_cache(maxsize=1)
def load_rules(path: Path = HERE / "rulebook.yaml") -> tuple[Rule, ...]:
    """The hand-written rules plus one generated rule per documented decline code."""
    book = knowledge.load_file(path, Rulebook)
    know = knowledge.load()
    for rule in book.rules:
        for step_id in rule.steps:
            if step_id not in know.steps:
                raise knowledge.KnowledgeError(f"{path.name}: rule '{rule.name}' names unknown step '{step_id}'")
        for qid in rule.ask:
            if qid not in know.questions:
                raise knowledge.KnowledgeError(f"{path.name}: rule '{rule.name}' asks unknown question '{qid}'")
    declines = tuple(
        Rule(
            name=f"decline.{code}",
            when={"decline_code": code},
            steps=(f"decline.{code}",),
            order=DECLINE_ORDER,
            path="Card declined",
            section=f"Stripe decline code {code}",
        )
        for code in know.declines
    )
    return book.rules + declines
