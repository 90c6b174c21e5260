"""Compile the rulebook into a durable-rules ruleset and run one session per ``advise`` call.

durable-rules keeps its rulesets in a process-wide host; we build exactly one private
``engine.Host`` lazily (Streamlit re-runs module code, and registering a ruleset twice fails)
and serialise calls into it behind a lock, since its thread safety is not documented. Each
call asserts the facts under a fresh session id and deletes the session afterwards, so no state
survives a call or crosses between threads.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from typing import Any

from durable import engine, lang
from durable.lang import m

from rules.rulebook import RULE_FACTS, UNKNOWN, Rule, load_rules

RULESET = "payassist"


@dataclass(frozen=True)
class Firing:
    rule: Rule


def _equals(fact: str, value: str) -> Any:
    return getattr(m, fact) == value


def _condition(rule: Rule) -> Any:
    terms: list[Any] = [m.kind == "facts"]
    for fact, match in rule.when.items():
        values = match if isinstance(match, list) else [match]
        terms.append(reduce(lambda a, b: a | b, (_equals(fact, v) for v in values)))
    for fact, match in rule.unless.items():
        values = match if isinstance(match, list) else [match]
        for v in values:
            terms.append(getattr(m, fact) != v)
    return reduce(lambda a, b: a & b, terms)


class RuleEngine:
    """One durable-rules host holding the compiled rulebook."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self._lock = threading.Lock()
        self._fired: dict[str, list[Firing]] = {}
        self._host = engine.Host()
        self._host.register_rulesets({RULESET: self._definition()})

    def _action(self, rule: Rule) -> Callable[[Any], None]:
        # A closure factory, not a default argument: durable-rules treats a two-parameter
        # action as asynchronous and never completes it.
        def action(c: Any) -> None:
            self._fired[c.m.sid].append(Firing(rule))

        return action

    def _definition(self) -> dict[str, Any]:
        rs = lang.ruleset(RULESET)
        # lang.ruleset registers itself in durable's global registry; keep that clean.
        lang._rulesets.pop(RULESET, None)
        with rs:
            for rule in self.rules:
                lang.when_all(_condition(rule))(self._action(rule))
            # A catch-all so a fact no rule matches is not an error.
            lang.when_all(m.kind == "never")(lambda c: None)
        _, definition = rs.define()
        return definition

    def fire(self, facts: dict[str, str]) -> list[Rule]:
        """Assert ``facts`` in a fresh session and return the rules that fired, in rule order."""
        sid = uuid.uuid4().hex
        fact = {**facts, "kind": "facts", "sid": sid}
        with self._lock:
            self._fired[sid] = []
            try:
                try:
                    self._host.assert_fact(RULESET, fact)
                except engine.MessageNotHandledException:
                    pass
                state = self._host.get_state(RULESET, sid)
                if state.get("exception"):
                    raise RuntimeError(f"rule action failed: {state['exception']}")
                fired = self._fired[sid]
            finally:
                self._fired.pop(sid, None)
                try:
                    self._host.delete_state(RULESET, sid)
                except Exception:  # noqa: BLE001 - an already-gone session is fine
                    pass
        order = {rule.name: i for i, rule in enumerate(self.rules)}
        return sorted({f.rule.name: f.rule for f in fired}.values(), key=lambda r: order[r.name])


_engine: RuleEngine | None = None
_engine_lock = threading.Lock()


def get_engine() -> RuleEngine:
    """The process-wide engine, built on first use."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = RuleEngine(load_rules())
    return _engine


def normalise(facts: dict[str, Any]) -> dict[str, str]:
    """Flatten facts to strings durable-rules can match; unknown facts become '?'."""
    out: dict[str, str] = {}
    for name in RULE_FACTS:
        value = facts.get(name)
        if value is None or value == "":
            out[name] = UNKNOWN
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        else:
            out[name] = str(value).strip().lower()
    return out
