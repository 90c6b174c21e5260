"""Advice from facts: ``advise(facts) -> Advice`` (the contract in docs/architecture.md).

The rules engine says which documented paths apply; this module turns the rules that fired into
an answer a person can follow:

- the plan, in the rulebook's order (known causes first, then the articles' order), steps already
  tried left out, one step per decline code with the most frequent code first;
- questions, but only those whose answer would change what to do first;
- ``exhausted`` when nothing but the hand-off is left, and a ``customer_reply`` to send.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import knowledge
from rules.engine import decline_codes, get_engine, normalise
from rules.model import Advice, PlanStep, Question
from rules.rulebook import Rule

__all__ = ["Advice", "PlanStep", "Question", "advise"]


def _question(qid: str) -> Question:
    q = knowledge.load().questions[qid]
    return Question(id=q.id, prompt=q.prompt, short=q.short, options={o.label: dict(o.facts) for o in q.options})


def _tried(facts: Mapping[str, Any]) -> list[str]:
    tried = facts.get("tried") or []
    if not isinstance(tried, list | tuple | set):
        tried = [tried]
    return [str(t) for t in tried]


def _plan(fired: list[Rule], facts: Mapping[str, Any], tried: list[str]) -> list[PlanStep]:
    know = knowledge.load()
    codes = decline_codes(dict(facts))
    rank = {f"decline.{c}": i for i, c in enumerate(codes)}

    def position(rule: Rule) -> tuple[float, int]:
        return (rule.order, rank.get(rule.name, 0))

    plan: list[PlanStep] = []
    seen = set(tried)
    for rule in sorted((r for r in fired if r.steps), key=position):
        for step_id in rule.steps:
            if step_id in seen:
                continue
            seen.add(step_id)
            step = know.steps[step_id]
            src = know.sources.get(step.source.doc)
            plan.append(PlanStep(
                id=step.id, actor=step.actor, title=step.title, detail=step.detail, why=step.why,
                source=know.cite(step.source), rule=rule.name, path=rule.path, tips=step.tips,
                if_not_fixed=step.if_not_fixed, source_url=know.source_url(step.source),
                source_file=src.file if src else "",
            ))
    return plan


def _fire(facts: Mapping[str, Any]) -> list[Rule]:
    normal = normalise(dict(facts))
    return list(_fire_normal(tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in normal.items()))))


@lru_cache(maxsize=8192)
def _fire_normal(key: tuple[tuple[str, Any], ...]) -> tuple[Rule, ...]:
    """The rules that fire for one set of normalised facts. The rulebook is fixed and firing is
    deterministic, so the answer is remembered: people walk the same paths, and each advice asks
    what every answer to its questions would change."""
    return tuple(get_engine().fire({k: list(v) if isinstance(v, tuple) else v for k, v in key}))


def _first(plan: list[PlanStep]) -> str | None:
    """What to do first: the first step that is not a generic one (processor records, the ticket)."""
    generic = knowledge.load().generic_steps
    return next((s.id for s in plan if s.id not in generic), None)


def _changes_what_to_do_first(question: Question, facts: Mapping[str, Any], tried: list[str], now: str | None) -> bool:
    for option in question.options.values():
        after = {**facts, **option}
        if _first(_plan(_fire(after), after, tried)) != now:
            return True
    return False


def _customer_reply(plan: list[PlanStep], facts: Mapping[str, Any]) -> str | None:
    """A short message for the customer from the first step they can act on."""
    know = knowledge.load()
    language = str(facts.get("language") or "en").lower()
    by_code = {code: kind for kind in know.replies for code in kind.codes}
    by_step = {step: kind for kind in know.replies for step in kind.steps}
    fraud = next(k for k in know.replies if k.id == "declined_bank")
    for step in plan:
        kind = None
        if step.id.startswith("decline."):
            code = know.declines.get(step.id.removeprefix("decline."))
            if code is None:
                continue
            kind = fraud if code.fraud_related else by_code.get(code.code)
        elif step.actor == "customer":
            kind = by_step.get(step.id)
        if kind is not None:
            return kind.text.get(language) or kind.text["en"]
    return None


def advise(facts: Mapping[str, Any]) -> Advice:
    """The next questions to ask and the plan to follow, given what is known.

    Deterministic and side-effect free: each call runs in its own durable-rules session. Steps
    listed in ``facts["tried"]`` are left out, so the plan moves on to the next documented path.
    """
    know = knowledge.load()
    tried = _tried(facts)
    fired = _fire(facts)
    plan = _plan(fired, facts, tried)
    now = _first(plan)

    questions: list[Question] = []
    for rule in sorted((r for r in fired if r.ask), key=lambda r: r.priority):
        for qid in rule.ask:
            if qid in {q.id for q in questions}:
                continue
            q = _question(qid)
            if now is None or _changes_what_to_do_first(q, facts, tried, now):
                questions.append(q)

    # Generic steps alone (processor records, a ticket) are no plan while questions remain.
    if questions and not tried and {s.id for s in plan} <= know.generic_steps:
        plan = []
    exhausted = bool(tried) and not questions and all(s.id == know.escalation for s in plan)
    return Advice(questions=questions, plan=plan, tried=tried, exhausted=exhausted,
                  customer_reply=_customer_reply(plan, facts))
