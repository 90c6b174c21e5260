"""The facts vocabulary (facts.yaml) as one object: what a fact may be called, what it may hold,
and how a person reads it.

Every layer that names a fact goes through this: the rulebook check (names and values), the
message reader, the conversation's summary, the case store's symptom key and the Outcomes page.
A misspelt fact or value fails at load, naming where it was written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.exceptions import KnowledgeError
from knowledge.schema import FactDef

#: What the rules see for a fact nobody knows yet.
UNKNOWN = "?"
#: Words that keep their capital at the start of a clause
_NAMES = frozenset({"Stripe", "Stripe's", "Kartra", "Kartra's", "PayPal", "PayPal's"})


@dataclass(frozen=True)
class Vocabulary:
    facts: dict[str, FactDef]
    #: Allowed values for facts whose values come from other knowledge files (errors, declines, steps).
    derived: dict[str, frozenset[str]]
    #: Plain words for derived values (an error's message, a decline code's words).
    derived_labels: dict[str, dict[str, str]]

    # --- names and values --------------------------------------------------------------------
    @property
    def rule_facts(self) -> tuple[str, ...]:
        """Fact names the rules may test, in the vocabulary's order."""
        return tuple(n for n, f in self.facts.items() if f.rule)

    @property
    def subject_facts(self) -> frozenset[str]:
        """Facts about one customer's payments (``about: subject``): evidence about many customers never
        sets them on the conversation; each customer's own go in their worklist row."""
        return frozenset(n for n, f in self.facts.items() if f.about == "subject")

    @property
    def symptom_facts(self) -> tuple[str, ...]:
        return tuple(n for n, f in self.facts.items() if f.symptom)

    def allowed(self, name: str) -> frozenset[str] | None:
        """The values ``name`` may take as strings (bools as 'true'/'false'); None for free text."""
        fact = self.facts[name]
        if fact.type == "bool":
            return frozenset({"true", "false"})
        if fact.values_from:
            return self.derived[fact.values_from]
        if fact.type in ("text", "int"):
            return None
        return frozenset(fact.values)

    def check_value(self, name: str, value: Any, where: str) -> None:
        """Raise KnowledgeError naming ``where`` if ``name``/``value`` is not in the vocabulary."""
        if name not in self.facts:
            raise KnowledgeError(f"{where}: unknown fact '{name}'")
        values = value if isinstance(value, list | tuple) else [value]
        allowed = self.allowed(name)
        if allowed is None:
            return
        for v in values:
            text = as_rule_value(v)
            if text not in allowed:
                raise KnowledgeError(f"{where}: fact '{name}' has no value '{v}'")

    def check_facts(self, facts: Mapping[str, Any], where: str) -> None:
        for name, value in facts.items():
            self.check_value(name, value, where)

    # --- words a person reads ------------------------------------------------------------------
    def label(self, name: str) -> str:
        fact = self.facts.get(name)
        return fact.label if fact else name.replace("_", " ")

    def describe_value(self, name: str, value: Any) -> str:
        """'One or a few customers', 'yes', 'insufficient funds': never an id."""
        fact = self.facts.get(name)
        if isinstance(value, list | tuple):
            return ", ".join(self.describe_value(name, v) for v in value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        text = str(value)
        if fact is None:
            return text.replace("_", " ")
        if fact.values_from:
            return self.derived_labels.get(fact.values_from, {}).get(text, text.replace("_", " "))
        return fact.values.get(text, text.replace("_", " "))

    def sentence(self, name: str, value: Any) -> str:
        """One plain sentence for a fact: 'Only one or a few customers are affected.'"""
        fact = self.facts.get(name)
        key = as_rule_value(value) if not isinstance(value, list | tuple) else "*"
        if fact is not None and (key in fact.says or "*" in fact.says):
            return fact.says.get(key, fact.says.get("*", "")).format(value=self.describe_value(name, value))
        return f"{self.label(name)}: {self.describe_value(name, value)}."

    def clause(self, name: str, value: Any) -> str:
        """The fact's sentence inside another ("…, which suggest that only one or a few customers are affected"):
        no full stop, and a lower-case first letter unless it begins with a name ("Stripe", "PayPal's")."""
        said = self.sentence(name, value).rstrip(".")
        return said if said.split(" ", 1)[0] in _NAMES else said[:1].lower() + said[1:]

    def sentences(self, facts: Mapping[str, Any]) -> list[str]:
        """A sentence per known, shown fact, in the vocabulary's order."""
        return [self.sentence(n, facts[n]) for n, f in self.facts.items() if n in facts and f.shown]

    def describe(self, facts: Mapping[str, Any], *, only_shown: bool = True) -> list[tuple[str, str]]:
        """(label, plain value) for each known fact, in the vocabulary's order."""
        out = []
        for name, fact in self.facts.items():
            if name in facts and (fact.shown or not only_shown):
                out.append((fact.label, self.describe_value(name, facts[name])))
        return out

    # --- the symptom key -----------------------------------------------------------------------
    def symptom_key(self, facts: Mapping[str, Any]) -> str:
        """'scope=all · error=…': a stable key that groups cases with the same problem."""
        parts = [f"{n}={as_rule_value(facts[n])}" for n in self.symptom_facts if n in facts]
        return " · ".join(parts) or "unknown"

    def describe_symptom(self, key: str) -> str:
        """The plain words of a symptom key: 'Card declined: insufficient funds · One or a few customers'."""
        if not key or key == "unknown":
            return "Not described"
        words = []
        for part in key.split(" · "):
            name, _, value = part.partition("=")
            if name not in self.facts:
                words.append(part)
                continue
            fact = self.facts[name]
            plain = self.describe_value(name, value)
            if fact.type == "bool":
                words.append(fact.label if value == "true" else f"{fact.label}: no")
            elif name in ("decline_code",):
                words.append(f"{fact.label}: {plain}")
            else:
                words.append(plain)
        return " · ".join(words)


def as_rule_value(value: Any) -> str:
    """How the rules see a value: bools as 'true'/'false', everything else lower-case text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip().lower()


def build(facts: Iterable[FactDef], derived: dict[str, dict[str, str]]) -> Vocabulary:
    defs = {f.name: f for f in facts}
    for f in defs.values():
        if f.type == "choice" and not (f.values or f.values_from):
            raise KnowledgeError(f"facts.yaml: fact '{f.name}' is a choice with no values")
    return Vocabulary(
        facts=defs,
        derived={k: frozenset(v) for k, v in derived.items()},
        derived_labels=derived,
    )
