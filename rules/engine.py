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


def _term(fact: str, values: list[str], negated: bool, is_list: bool = False) -> list[dict[str, Any]]:
    """durable-rules' JSON for 'fact is any of values' (or none of them); a list fact 'holds any of'."""
    if is_list:
        if negated:
            raise ValueError(f"'unless' on the list fact '{fact}' is not supported")
        anyof = [{"$iany": {fact: {"$i": v}}} for v in values]
        return anyof if len(anyof) == 1 else [{"$or": anyof}]
    if negated:
        return [{"$neq": {fact: v}} for v in values]
    if len(values) == 1:
        return [{fact: values[0]}]
    return [{"$or": [{fact: v} for v in values]}]


def definition(rules: tuple[Rule, ...]) -> dict[str, Any]:
    """The ruleset as durable-rules' JSON: one rule per rulebook rule, each running a named action."""
    out: dict[str, Any] = {}
    lists = _list_facts()
    for i, rule in enumerate(rules):
        terms: list[dict[str, Any]] = [{"kind": "facts"}]
        for fact, values, negated in rule.conditions():
            terms += _term(fact, values, negated, fact in lists)
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


def _list_facts() -> frozenset[str]:
    voc = knowledge.load().vocabulary
    return frozenset(n for n in voc.rule_facts if voc.facts[n].type == "list")


def decline_codes(facts: dict[str, Any]) -> list[str]:
    """Every decline code in the facts, the leading one first, each once."""
    codes = facts.get("decline_codes") or []
    if isinstance(codes, str):
        codes = [codes]
    elif not isinstance(codes, list | tuple):
        codes = []
    lead = facts.get("decline_code")
    ordered = [lead] if isinstance(lead, str) and lead else []
    ordered += [c for c in codes if isinstance(c, str) and c]
    return list(dict.fromkeys(as_rule_value(c) for c in ordered))


def normalise(facts: dict[str, Any]) -> dict[str, Any]:
    """Flatten facts to what durable-rules matches: strings ('?' when unknown), lists for list facts,
    and the derived facts worked out here (``cause``)."""
    know = knowledge.load()
    voc = know.vocabulary
    lists = _list_facts()
    codes = decline_codes(facts)
    derived = {"decline_codes": codes}
    if codes:
        specific = all(know.declines[c].specific for c in codes if c in know.declines)
        derived["cause"] = "specific" if specific and any(c in know.declines for c in codes) else "unknown"
    out: dict[str, Any] = {}
    for name in voc.rule_facts:
        fact = voc.facts[name]
        value = derived.get(name) if (fact.derived or name in derived) else facts.get(name)
        if name in lists:
            items = value if isinstance(value, list | tuple) else []
            out[name] = [as_rule_value(v) for v in items if isinstance(v, str | int | float | bool) and v != ""]
        else:
            out[name] = UNKNOWN if value is None or value == "" else as_rule_value(value)
    return out
