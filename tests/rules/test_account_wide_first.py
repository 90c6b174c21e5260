"""Issue #21's problems through ``advise`` alone: causes that stop every payment lead, conversations
end, replies say only what is established, and the rulebook refuses what would make it lie."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import knowledge
from knowledge import KnowledgeError
from rules import advise
from rules.engine import definition
from rules.rulebook import load_rules

TICKET = "support.open_ticket"
GOLDEN = Path(__file__).parent / "golden" / "definition.json"


@pytest.mark.parametrize(("account", "first"), [
    ({"key_kind": "test_secret"}, "seller.use_live_key"),
    ({"key_kind": "placeholder"}, "seller.replace_placeholder_key"),
    ({"connection": "expired"}, "seller.reauthenticate_stripe_connection"),
    ({"product_config": "incomplete"}, "seller.finish_product_configuration"),
    ({"charges_enabled": False}, "seller.complete_stripe_account"),
])
def test_a_cause_that_stops_every_payment_comes_before_any_customers_step(account, first):
    decline = advise({"decline_code": "insufficient_funds", "scope": "one_or_few", "purchase": "new", **account})
    assert decline.step_ids[0] == first
    clock = advise({"purchase": "recurring", "processor": "stripe", "attempt": "2",
                    "next_attempt": "4 Dec 14:05 UTC", "cancels_after": "7 Dec", **account})
    assert clock.step_ids[0] == first
    assert clock.step_ids.index(first) < clock.step_ids.index("seller.tell_customer_before_retry")


def test_conflicting_evidence_is_said_in_one_sentence_and_the_check_wins():
    advice = advise({"scope": "one_or_few", "decline_code": "insufficient_funds", "connection": "expired"})
    assert advice.note and "expired" in advice.note and advice.note.count(".") == 1
    assert advice.step_ids[0] == "seller.reauthenticate_stripe_connection"
    assert advise({"scope": "one_or_few", "decline_code": "insufficient_funds"}).note is None


def _press_didnt_help(facts: dict) -> list:
    tried: list[str] = []
    seen = []
    for _ in range(40):
        advice = advise({**facts, "tried": list(tried)})
        seen.append((list(tried), advice))
        if not advice.plan:
            break
        tried.append(advice.plan[0].id)
    return seen


@pytest.mark.parametrize("facts", [
    {"scope": "all"},
    *({"scope": "all", "key_kind": kind} for kind in knowledge.load().vocabulary.allowed("key_kind")),
    {"scope": "all", "connection": "expired"},
    {"error": "card_declined", "purchase": "recurring", "processor": "stripe"},
])
def test_pressing_didnt_help_down_the_plan_ends_in_the_hand_off(facts):
    seen = _press_didnt_help(facts)
    tried, last = seen[-1]
    assert tried[-1] == TICKET
    assert last.exhausted and last.questions == []
    for tried, advice in seen:
        if "seller.finish_product_configuration" in tried:
            assert "product_config" not in [q.id for q in advice.questions]


def test_a_plain_decline_reply_claims_no_reason():
    reply = advise({"error": "card_declined", "purchase": "new", "scope": "one_or_few"}).customer_reply
    assert reply and "didn't match" not in reply and "no reason" in reply


def test_during_the_cycle_the_reply_asks_to_update_the_card_before_the_next_attempt():
    facts = {"purchase": "recurring", "processor": "stripe", "attempt": "2", "decline_code": "insufficient_funds",
             "next_attempt": "4 Dec 14:05 UTC", "cancels_after": "7 Dec"}
    reply = advise(facts).customer_reply
    assert "update the card" in reply and "4 Dec 14:05 UTC" in reply and "another card" not in reply
    fraud = advise({**facts, "decline_code": "stolen_card"}).customer_reply
    assert "stolen" not in fraud.lower() and "4 Dec" in fraud
    assert "Wir versuchen" in advise({**facts, "language": "de"}).customer_reply


def test_a_repeated_rule_name_is_refused_at_load(tmp_path):
    book = yaml.safe_load((Path(load_rules.__wrapped__.__defaults__[0])).read_text())
    book["rules"][5]["name"] = book["rules"][6]["name"]
    copy = tmp_path / "rulebook.yaml"
    copy.write_text(yaml.safe_dump(book))
    with pytest.raises(KnowledgeError, match="more than once"):
        load_rules.__wrapped__(copy)
    # A hand-written rule named like a generated decline rule is refused too.
    book = yaml.safe_load((Path(load_rules.__wrapped__.__defaults__[0])).read_text())
    book["rules"][0]["name"] = "decline.insufficient_funds"
    copy.write_text(yaml.safe_dump(book))
    with pytest.raises(KnowledgeError, match="more than once"):
        load_rules.__wrapped__(copy)


def test_the_compiled_ruleset_matches_its_golden_file():
    """durable-rules' JSON for the whole rulebook (ansible-rulebook's tests/asts model): a change to the
    rulebook shows exactly what moved. Regenerate with PAYASSIST_UPDATE_GOLDEN=1 and read the diff."""
    import os

    rules = load_rules()
    compiled = {"definition": definition(rules),
                "rules": [{"name": r.name, "order": r.order, "account_wide": r.account_wide, "steps": list(r.steps),
                           "ask": list(r.ask)} for r in rules]}
    text = json.dumps(compiled, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("PAYASSIST_UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert GOLDEN.read_text() == text

