"""The rulebook file (rulebook.yaml) as validated data, plus the generated decline-code rules.

Validated twice: the schema (a rule has steps or questions, never both) and the knowledge it
names (every fact and every value against the vocabulary in knowledge/facts.yaml, every step and
question against the knowledge files), so a misspelt value fails at load instead of never firing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator

import knowledge
from knowledge import UNKNOWN, KnowledgeError
from knowledge.schema import Strict

HERE = Path(__file__).parent
Match = str | list[str]
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
    #: A cause that stops every payment, established by a check (an expired connection, a test key,
    #: an unsaved module…): its steps lead the plan, ahead of any one customer's (DESIGN.md).
    account_wide: bool = False

    @model_validator(mode="after")
    def _valid(self) -> Rule:
        if bool(self.steps) == bool(self.ask):
            raise ValueError(f"rule '{self.name}' needs either steps or ask, not both or neither")
        return self

    def conditions(self) -> list[tuple[str, list[str], bool]]:
        """(fact, values, negated) for each condition: any of ``values``, or none of them."""
        out = []
        for negated, terms in ((False, self.when), (True, self.unless)):
            for fact, match in terms.items():
                out.append((fact, [str(v) for v in (match if isinstance(match, list) else [match])], negated))
        return out


class Rulebook(Strict):
    rules: tuple[Rule, ...]


def _check(rule: Rule, where: str) -> None:
    know = knowledge.load()
    voc = know.vocabulary
    for fact, values, _ in rule.conditions():
        if fact not in voc.rule_facts:
            raise KnowledgeError(f"{where}: rule '{rule.name}' tests unknown fact '{fact}'")
        allowed = voc.allowed(fact)
        for v in values:
            if v != UNKNOWN and allowed is not None and v not in allowed:
                raise KnowledgeError(f"{where}: rule '{rule.name}' tests fact '{fact}' for unknown value '{v}'")
    for step_id in rule.steps:
        if step_id not in know.steps:
            raise KnowledgeError(f"{where}: rule '{rule.name}' names unknown step '{step_id}'")
    for qid in rule.ask:
        if qid not in know.questions:
            raise KnowledgeError(f"{where}: rule '{rule.name}' asks unknown question '{qid}'")


@lru_cache(maxsize=1)
def load_rules(path: Path = HERE / "rulebook.yaml") -> tuple[Rule, ...]:
    """The hand-written rules plus one generated rule per documented decline code."""
    book = knowledge.load_file(path, Rulebook)
    for rule in book.rules:
        _check(rule, path.name)
    declines = tuple(
        Rule(
            name=f"decline.{code}",
            when={"decline_codes": code},
            steps=(f"decline.{code}",),
            order=DECLINE_ORDER,
            path="Card declined",
            section=f"Stripe decline code {code}",
        )
        for code in knowledge.load().declines
    )
    rules = book.rules + declines
    _refuse_repeated_names(rules, path.name)
    return rules


def _refuse_repeated_names(rules: tuple[Rule, ...], where: str) -> None:
    """The engine reports rules by name, so two rules sharing one would both fire when either does:
    refused at load, generated ``decline.<code>`` rules included (ansible-rulebook does the same)."""
    seen: set[str] = set()
    for rule in rules:
        if rule.name in seen:
            raise KnowledgeError(f"{where}: rule name '{rule.name}' is defined more than once")
        seen.add(rule.name)
