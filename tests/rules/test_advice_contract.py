"""The advice contract (docs/architecture.md): exhausted, customer_reply, decline_codes, questions
that matter, no padding, and the next documented step after a success."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import knowledge
from rules import advise

TICKET = "support.open_ticket"
RECORDS = "seller.check_processor_records"


def ids(facts):
    return advise(facts).step_ids


def test_trying_every_step_ends_in_the_hand_off():
    facts = {"scope": "one_or_few", "purchase": "new"}
    tried: list[str] = []
    for _ in range(20):
        advice = advise({**facts, "tried": tried})
        if advice.exhausted:
            break
        assert advice.plan, "a plan until the end"
        tried.append(advice.plan[0].id)
    assert advice.exhausted
    assert advice.step_ids in ([TICKET], [])
    assert not advise(facts).exhausted


def test_customer_reply_in_the_customers_language():
    en = advise({"error": "card_declined", "decline_code": "expired_card", "scope": "one_or_few"}).customer_reply
    it = advise({"error": "card_declined", "decline_code": "expired_card", "language": "it"}).customer_reply
    assert "expired" in en and "scaduta" in it


@pytest.mark.parametrize("code", [c for c, d in knowledge.load().declines.items() if d.fraud_related])
def test_fraud_related_codes_never_reveal_the_reason_to_the_customer(code):
    reply = advise({"error": "card_declined", "decline_code": code}).customer_reply
    assert reply is not None and "bank declined" in reply
    for word in ("fraud", "stolen", "lost", "blacklist", "suspect"):
        assert word not in reply.lower()


def test_every_decline_code_gets_its_own_step_most_frequent_first():
    plan = ids({"error": "card_declined", "decline_code": "insufficient_funds",
                "decline_codes": ["insufficient_funds", "expired_card", "incorrect_cvc", "testmode_decline"]})
    assert plan[:4] == ["decline.insufficient_funds", "decline.expired_card", "decline.incorrect_cvc",
                        "decline.testmode_decline"]


def test_no_question_after_a_test_card_decline_and_no_padding():
    advice = advise({"error": "card_declined", "decline_code": "testmode_decline"})
    assert advice.questions == []
    assert advice.step_ids == ["decline.testmode_decline", RECORDS, TICKET]
    padded = ids({"error": "card_declined", "decline_code": "testmode_decline", "purchase": "new"})
    assert padded == ["decline.testmode_decline", RECORDS, TICKET]


@pytest.mark.parametrize("code", ["incorrect_cvc", "lost_card", "expired_card", "insufficient_funds"])
def test_a_known_cause_is_not_padded_with_browser_steps(code):
    plan = ids({"error": "card_declined", "decline_code": code, "scope": "one_or_few", "purchase": "new"})
    assert not {"customer.clear_cache_cookies", "customer.try_other_browser", "customer.try_other_device"} & set(plan)


def test_after_finding_the_matching_account_reconnect_it():
    assert ids({"integration_matches": True, "error": "account_mismatch"})[0] == \
        "seller.reauthenticate_stripe_connection"
    assert ids({"integration_matches": True}) == ["seller.reauthenticate_stripe_connection", TICKET]


def test_after_a_complete_configuration_check_the_integration_and_records():
    assert ids({"product_config": "complete", "processor_selected": True}) == [
        "seller.check_integration_matches", RECORDS, TICKET]


# --- properties over every combination of the rulebook's facts ----------------------------------
VOC = knowledge.load().vocabulary
SETTABLE = {name: sorted(VOC.allowed(name)) for name in VOC.rule_facts
            if not VOC.facts[name].derived and VOC.facts[name].type != "list" and name != "role"}
CODES = sorted(knowledge.load().declines)
facts_strategy = st.fixed_dictionaries({}, optional={
    name: st.sampled_from(values) for name, values in SETTABLE.items() if name != "decline_code"
} | {"decline_code": st.sampled_from(CODES), "language": st.sampled_from(["de", "fr", "ja", "en"]),
     "decline_codes": st.lists(st.sampled_from(CODES), max_size=4, unique=True)})
SPECIFIC = {c for c, d in knowledge.load().declines.items() if d.specific}
BROWSER = {"customer.clear_cache_cookies", "customer.try_other_browser", "customer.try_other_device"}


def _with_bools(facts):
    return {k: (v == "true") if VOC.facts[k].type == "bool" else v for k, v in facts.items()}


@settings(max_examples=400, deadline=None)
@given(facts_strategy)
def test_properties_of_any_advice(raw):
    facts = _with_bools(raw)
    advice = advise(facts)
    plan = advice.step_ids
    # No step twice; the ticket last.
    assert len(plan) == len(set(plan))
    if TICKET in plan:
        assert plan[-1] == TICKET
    # Exhausted only once something was tried (here nothing was).
    assert not advice.exhausted
    # A question is asked only when one of its answers changes what to do first.
    generic = knowledge.load().generic_steps
    first = next((s for s in plan if s not in generic), None)
    for q in advice.questions:
        if first is None:
            continue
        firsts = set()
        for option in q.options.values():
            p = advise({**facts, **_with_bools({k: str(v).lower() if isinstance(v, bool) else v
                                                for k, v in option.items()})}).step_ids
            firsts.add(next((s for s in p if s not in generic), None))
        assert firsts != {first}, (q.id, facts)
    # A specific cause is not padded with browser steps.
    codes = [c for c in [facts.get("decline_code"), *facts.get("decline_codes", [])] if c]
    if codes and all(c in SPECIFIC for c in codes):
        assert not BROWSER & set(plan), facts
    # Each code its own step.
    for c in codes:
        assert f"decline.{c}" in plan
    # The reply never names a fraud reason.
    if advice.customer_reply:
        assert "fraud" not in advice.customer_reply.lower()


@settings(max_examples=200, deadline=None)
@given(facts_strategy, st.data())
def test_walking_any_plan_to_the_end_is_exhausted(raw, data):
    facts = _with_bools(raw)
    tried: list[str] = []
    for _ in range(30):
        advice = advise({**facts, "tried": tried})
        if advice.exhausted or advice.questions:
            break
        assert advice.plan
        tried.append(advice.plan[0].id)
    if not advice.questions:
        assert advice.exhausted == bool(tried)


def test_never_only_the_ticket_while_a_fact_is_known():
    """Any single known fact (other than who asks) leads to a documented step or a question."""
    for name, values in SETTABLE.items():
        for value in values:
            facts = _with_bools({name: value})
            advice = advise(facts)
            assert advice.questions or set(advice.step_ids) - {TICKET}, facts


def test_all_pairs_of_facts_give_a_plan_or_a_question():
    names = sorted(SETTABLE)
    for a, b in itertools.combinations(names, 2):
        for va in SETTABLE[a]:
            for vb in SETTABLE[b]:
                advice = advise(_with_bools({a: va, b: vb}))
                assert advice.questions or advice.plan
