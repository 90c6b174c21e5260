"""Advice from facts: ``advise(facts) -> Advice`` (the contract in docs/architecture.md).

The rules engine says which documented paths apply; this module turns the rules that fired into
an answer a person can follow:

- the plan: account-wide causes a check established first (an expired connection, a test key, an
  unsaved module: any of them stops every payment, so no customer's step can help before), then the
  rulebook's order (known causes, then the articles' order), steps already tried left out, one step
  per decline code with the most frequent code first;
- questions, but only those whose answer would change the plan; a step tried answers what it
  implies ("Finish and save every module" tried: the configuration is complete);
- ``exhausted`` when nothing but the hand-off is left (or it was tried), and then no question;
- a ``customer_reply`` that says only what is established.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import knowledge
from rules.engine import decline_codes, get_engine, normalise
from rules.model import Advice, PlanStep, Question
from rules.rulebook import Rule

__all__ = ["Advice", "PlanStep", "Question", "account_wide_cause", "advise"]


def _question(qid: str, facts: Mapping[str, Any]) -> Question:
    q = knowledge.load().questions[qid]
    prompt = next((t.replace("{value}", str(facts[n])) for n, t in q.prompt_when.items() if facts.get(n)), q.prompt)
    return Question(id=q.id, prompt=prompt, short=q.short, options={o.label: dict(o.facts) for o in q.options})


def _about_one_customer(question: Question) -> bool:
    subject = knowledge.load().vocabulary.subject_facts
    return all(set(option) <= subject for option in question.options.values())


def _answered(qid: str, tried: list[str]) -> bool:
    return any(step in tried for step in knowledge.load().questions[qid].answered_by)


def _implied(facts: Mapping[str, Any], tried: list[str]) -> dict[str, Any]:
    """The facts with what each tried step establishes: a step tried without success answers the
    question it stands for, so the conversation never asks it again and always moves on."""
    steps = knowledge.load().steps
    out = dict(facts)
    # A Stripe connection or a Stripe key is Stripe's: the processor is known.
    if not out.get("processor") and (out.get("connection") or out.get("key_kind")):
        out["processor"] = "stripe"
    for step_id in tried:
        step = steps.get(step_id)
        if step is not None:
            out.update(step.implies)
    return out


def _tried(facts: Mapping[str, Any]) -> list[str]:
    tried = facts.get("tried") or []
    if not isinstance(tried, list | tuple | set):
        tried = [tried]
    return [str(t) for t in tried]


def _plan(fired: list[Rule], facts: Mapping[str, Any], tried: list[str]) -> list[PlanStep]:
    know = knowledge.load()
    codes = decline_codes(dict(facts))
    rank = {f"decline.{c}": i for i, c in enumerate(codes)}

    def position(rule: Rule) -> tuple[int, float, int]:
        return (0 if rule.account_wide else 1, rule.order, rank.get(rule.name, 0))

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
                source_file=src.file if src else "", account_wide=rule.account_wide,
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


def _changes_the_plan(question: Question, facts: Mapping[str, Any], tried: list[str], plan: list[PlanStep]) -> bool:
    """Whether one of the answers changes what to do first (or, with only generic steps left, brings
    any step not yet on the plan): a question no answer can change is not asked."""
    now = _first(plan)
    ids = [s.id for s in plan]
    for option in question.options.values():
        after = {**facts, **option}
        plan_after = _plan(_fire(after), after, tried)
        if now is not None and _first(plan_after) != now:
            return True
        if now is None and [s.id for s in plan_after] != ids:
            return True
    return False


def _in_cycle(facts: Mapping[str, Any]) -> bool:
    return (str(facts.get("attempt") or "") in {"1", "2", "3", "open"} and bool(facts.get("next_attempt"))
            and facts.get("processor") != "paypal")


def _customer_reply(plan: list[PlanStep], facts: Mapping[str, Any]) -> str | None:
    """A short message for the customer, saying only what is established: a decline code may name
    its reason (never a fraud-related one); a step alone says no reason was given; during Kartra's
    retry cycle, update the card on file before the next attempt, with its date."""
    know = knowledge.load()
    language = str(facts.get("language") or "en").lower()
    kinds = {k.id: k for k in know.replies}
    by_code = {code: kind for kind in know.replies for code in kind.codes}
    by_step = {step: kind for kind in know.replies for step in kind.steps}
    fraud = kinds["declined_bank"]
    if _in_cycle(facts) and any(s.actor == "customer" or s.id.startswith("seller.tell_customer") for s in plan):
        text = kinds["cycle"].text.get(language) or kinds["cycle"].text["en"]
        return text.replace("{next_attempt}", str(facts["next_attempt"]))
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


def advise(facts: Mapping[str, Any], *, about_one_customer: bool = True) -> Advice:
    """The next questions to ask and the plan to follow, given what is known.

    Deterministic and side-effect free: each call runs in its own durable-rules session. Steps
    listed in ``facts["tried"]`` are left out, so the plan moves on to the next documented path.
    ``about_one_customer=False`` plans for the account while a worklist holds the customers: a
    question only one customer's payment can answer (what kind of payment, was it cancelled) is
    answered by picking that customer, so it is not asked.
    """
    know = knowledge.load()
    tried = _tried(facts)
    given = facts
    facts = _implied(facts, tried)
    fired = _fire(facts)
    plan = _plan(fired, facts, tried)

    questions: list[Question] = []
    if know.escalation not in tried:
        for rule in sorted((r for r in fired if r.ask), key=lambda r: r.priority):
            for qid in rule.ask:
                if qid in {q.id for q in questions} or _answered(qid, tried):
                    continue
                q = _question(qid, facts)
                if not about_one_customer and _about_one_customer(q):
                    continue
                if _changes_the_plan(q, facts, tried, plan):
                    questions.append(q)

    # Generic steps alone (processor records, a ticket) are no plan while questions remain.
    if questions and not tried and {s.id for s in plan} <= know.generic_steps:
        plan = []
    exhausted = know.escalation in tried or (
        bool(tried) and not questions and all(s.id == know.escalation for s in plan))
    return Advice(questions=questions, plan=plan, tried=tried, exhausted=exhausted,
                  customer_reply=_customer_reply(plan, given), note=_conflict(given))


def _conflict(facts: Mapping[str, Any]) -> str | None:
    """One sentence when the evidence disagrees: a few customers failing, and a check that found a
    cause stopping every payment. The plan acts on the check."""
    if facts.get("scope") != "one_or_few":
        return None
    cause = account_wide_cause(facts)
    if cause is None:
        return None
    return (f"Only a few customers' payments show failures, but a check found that {cause}: that stops every "
            "payment, so fix it first.")


#: What each account-wide cause is, in the words of the note above.
_CAUSES: tuple[tuple[str, tuple[Any, ...], str], ...] = (
    ("connection", ("expired",), "the Stripe connection has expired"),
    ("key_kind", ("test_secret", "test_restricted"), "the integration uses a test key"),
    ("key_kind", ("placeholder", "malformed"), "the integration holds placeholder text instead of a key"),
    ("product_config", ("incomplete",), "a module of the product isn't saved"),
    ("processor_selected", (False, "false"), "no processor is selected at the product's Basic Info"),
    ("integration_matches", (False, "false"), "the Kartra integration doesn't match the Stripe account"),
    ("charges_enabled", (False, "false"), "Stripe has disabled charges on the account"),
)


def account_wide_cause(facts: Mapping[str, Any]) -> str | None:
    """The first cause a check established that stops every payment, in plain words (or None)."""
    for fact, values, words in _CAUSES:
        if facts.get(fact) in values:
            return words
    return None
