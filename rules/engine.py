"""Compile the rulebook into a durable-rules ruleset and run one session per ``advise`` call.

Only durable-rules' public API is used: the ruleset is written in its documented JSON form and
registered on our own ``engine.Host``, whose ``get_action`` (the documented extension point for
named actions) binds every rule to a recorder. Actions record, they do not act (the
ansible-rulebook model): each one appends its rule's name to *its own session's state*, which
``fire`` reads back with ``get_state`` and then deletes. Nothing is shared between calls but the
compiled rules, and calls into the host are serialised behind a lock, since its thread safety is
not documented.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

from durable import engine

import knowledge
from knowledge import UNKNOWN, as_rule_value
from knowledge.exceptions import RuleEngineError
from rules.rulebook import Rule, load_rules

RULESET = "payassist"
_RECORD = "record:"


def _term(fact: str, values: list[str], negated: bool) -> list[dict[str, Any]]:
    """durable-rules' JSON for 'fact is any of values' (or none of them)."""
    if negated:
        return [{"$neq": {fact: v}} for v in values]
    if len(values) == 1:
        return [{fact: values[0]}]
    return [{"$or": [{fact: v} for v in values]}]


def definition(rules: tuple[Rule, ...]) -> dict[str, Any]:
    """The ruleset as durable-rules' JSON: one rule per rulebook rule, each running a named action."""
    out: dict[str, Any] = {}
    for i, rule in enumerate(rules):
        terms: list[dict[str, Any]] = [{"kind": "facts"}]
        for fact, values, negated in rule.conditions():
            terms += _term(fact, values, negated)
        out[f"r_{i}"] = {"all": [{"m": {"$and": terms}}], "run": f"{_RECORD}{rule.name}"}
    # A catch-all so facts no rule matches are not an error.
    out["r_never"] = {"all": [{"m": {"kind": "never"}}], "run": f"{_RECORD}"}
    return out


class _Host(engine.Host):
    """A host whose named actions record which rule fired, in the session's own state."""

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        if not action_name.startswith(_RECORD):
            return super().get_action(action_name)
        rule_name = action_name.removeprefix(_RECORD)

        # A closure factory, not a default argument: durable-rules treats a two-parameter
        # action as asynchronous and never completes it.
        def record(c: Any) -> None:
            if rule_name:
                c.s.fired = [*(c.s.fired or []), rule_name]

        return record


class RuleEngine:
    """One durable-rules host holding the compiled rulebook."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self._by_name = {r.name: r for r in rules}
        self._lock = threading.Lock()
        self._host = _Host()
        self._host.register_rulesets({RULESET: definition(rules)})

    def fire(self, facts: dict[str, str]) -> list[Rule]:
        """Assert ``facts`` in a fresh session and return the rules that fired, in rulebook order."""
        sid = uuid.uuid4().hex
        with self._lock:
            try:
                try:
                    self._host.assert_fact(RULESET, {**facts, "kind": "facts", "sid": sid})
                except engine.MessageNotHandledException:
                    pass
                state = self._host.get_state(RULESET, sid)
            finally:
                try:
                    self._host.delete_state(RULESET, sid)
                except Exception:  # noqa: BLE001 - an already-gone session is fine
                    pass
        if state.get("exception"):
            raise RuleEngineError(f"rule action failed: {state['exception']}")
        fired = set(state.get("fired") or [])
        return [r for r in self.rules if r.name in fired]


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
    for name in knowledge.load().vocabulary.rule_facts:
        value = facts.get(name)
        out[name] = UNKNOWN if value is None or value == "" else as_rule_value(value)
    return out
