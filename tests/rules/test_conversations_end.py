"""Every conversation ends, over the whole vocabulary (issue #21).

A person presses "Didn't help" down the plan; whatever facts the conversation gathered, it must end
in the hand-off: no step twice, no question whose answer a tried step already gave, nothing asked
after the last documented step, and a cause that stops every payment always first.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import knowledge
from rules import advise
from rules.rulebook import load_rules

KNOW = knowledge.load()
VOC = KNOW.vocabulary
TICKET = KNOW.escalation
ACCOUNT_WIDE_RULES = {r.name for r in load_rules() if r.account_wide}
#: Facts generated from knowledge/facts.yaml: every rule fact a person or a check can set, with every value.
SETTABLE = {name: sorted(VOC.allowed(name)) for name in VOC.rule_facts
            if not VOC.facts[name].derived and VOC.facts[name].type != "list" and name != "role"}
CODES = sorted(KNOW.declines)
facts_strategy = st.fixed_dictionaries({}, optional={
    **{name: st.sampled_from(values) for name, values in SETTABLE.items() if name != "decline_code"},
    "decline_code": st.sampled_from(CODES),
    "decline_codes": st.lists(st.sampled_from(CODES), max_size=3, unique=True),
    "next_attempt": st.just("4 Dec 14:05 UTC"),
    "passed_attempt": st.just("30 Nov"),
    "language": st.sampled_from(["de", "fr", "ja"]),
})


def _typed(raw: dict) -> dict:
    return {k: (v == "true") if k in VOC.facts and VOC.facts[k].type == "bool" else v for k, v in raw.items()}


def _answered_by(question_id: str, tried: list[str]) -> bool:
    """A tried step answers a question when the question says so, or when the step establishes a
    fact that every one of the question's answers would set."""
    q = KNOW.questions[question_id]
    if any(s in tried for s in q.answered_by):
        return True
    implied = {k for s in tried for k in KNOW.steps[s].implies}
    return bool(implied) and all(set(o.facts) <= implied for o in q.options)


def walk(facts: dict, choose=lambda options: options[0]) -> list:
    """Press "Didn't help" on the first step until the conversation ends (answering a question only
    when there is no step yet); every advice on the way."""
    facts = dict(facts)
    tried: list[str] = []
    seen = []
    for _ in range(len(KNOW.steps) + len(KNOW.questions) + 2):
        advice = advise({**facts, "tried": list(tried)})
        seen.append((list(tried), advice))
        if advice.exhausted and not advice.plan:
            break
        if not advice.plan:
            assert advice.questions, ("no step and no question, but not ended", facts, tried)
            q = advice.questions[0]
            facts.update(q.options[choose(sorted(q.options))])
            continue
        tried.append(advice.plan[0].id)
    else:
        raise AssertionError(("the conversation did not end", facts, tried))
    return seen


@settings(max_examples=600, deadline=None)
@given(facts_strategy, st.data())
def test_every_conversation_ends_without_repeating_itself(raw, data):
    facts = _typed(raw)
    seen = walk(facts, lambda options: data.draw(st.sampled_from(options)))
    last_tried, last = seen[-1]
    # It ends: the hand-off, and no question left.
    assert last.exhausted and not last.plan and not last.questions, facts
    assert last_tried[-1] == TICKET
    for tried, advice in seen:
        # No step repeats: a step tried never comes back, none is on the plan twice.
        assert not set(advice.step_ids) & set(tried), (facts, tried)
        assert len(advice.step_ids) == len(set(advice.step_ids))
        # No question whose answer a tried step already gave.
        for q in advice.questions:
            assert not _answered_by(q.id, tried), (q.id, facts, tried)
    # A cause that stops every payment comes first, whatever else is known.
    first = seen[0][1]
    if any(r in ACCOUNT_WIDE_RULES for r in {s.rule for s in first.plan}):
        assert first.plan[0].rule in ACCOUNT_WIDE_RULES, (facts, first.step_ids)
