"""Advice from facts: ``advise(facts) -> Advice`` (the contract in docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import knowledge
from rules.engine import get_engine, normalise
from rules.model import Advice, PlanStep, Question

__all__ = ["advise", "Advice", "PlanStep", "Question"]


def _question(qid: str) -> Question:
    q = knowledge.load().questions[qid]
    return Question(
        id=q.id,
        prompt=q.prompt,
        short=q.short,
        options={o.label: dict(o.facts) for o in q.options},
    )


def _where(path: str, section: str) -> str:
    return section if path == section or not path else f"{path} › {section}"


def _tried(facts: Mapping[str, Any]) -> list[str]:
    tried = facts.get("tried") or []
    if not isinstance(tried, list | tuple | set):
        tried = [tried]
    return [str(t) for t in tried]


def advise(facts: Mapping[str, Any]) -> Advice:
    """The next questions to ask and the plan to follow, given what is known.

    Deterministic and side-effect free: each call runs in its own durable-rules session. Steps
    listed in ``facts["tried"]`` are left out, so the plan moves on to the next documented path.
    """
    know = knowledge.load()
    fired = get_engine().fire(normalise(dict(facts)))
    tried = _tried(facts)

    asks = sorted((r for r in fired if r.ask), key=lambda r: r.priority)
    questions: list[Question] = []
    for rule in asks:
        for qid in rule.ask:
            if qid not in {q.id for q in questions}:
                questions.append(_question(qid))

    plan: list[PlanStep] = []
    seen = set(tried)
    for rule in sorted((r for r in fired if r.steps), key=lambda r: r.order):
        for step_id in rule.steps:
            if step_id in seen:
                continue
            seen.add(step_id)
            step = know.steps[step_id]
            plan.append(
                PlanStep(
                    id=step.id,
                    actor=step.actor,
                    title=step.title,
                    detail=step.detail,
                    why=f"{step.why} (rule {rule.name}: {_where(rule.path, rule.section)})",
                    source=know.cite(step.source),
                    rule=rule.name,
                    path=rule.path,
                    tips=step.tips,
                    if_not_fixed=step.if_not_fixed,
                    source_url=know.source_url(step.source),
                )
            )
    # Generic steps alone (processor records, a ticket) are no plan while questions remain.
    if questions and not tried and {s.id for s in plan} <= know.generic_steps:
        plan = []
    return Advice(questions=questions, plan=plan, tried=tried)
