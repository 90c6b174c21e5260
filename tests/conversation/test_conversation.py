"""Conversation and ticket summary, without Streamlit."""

from __future__ import annotations

from conversation import SHOWN_CHARS, Conversation, ticket_summary

CANARY = "sk_live_CANARY" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2"


def test_answers_apply_facts_and_wrong_answers_are_ignored():
    c = Conversation()
    assert c.answer("symptom", "No payments go through at all")
    assert c.facts == {"scope": "all"}
    assert not c.answer("symptom", "No payments go through at all")  # no longer asked
    assert not c.answer("product_config", "Maybe")
    assert [q.id for q in c.advice().questions] == ["product_config", "integration"]


def test_didnt_help_moves_on_and_fixed_resolves():
    c = Conversation()
    c.answer("symptom", "One or a few customers can't pay")
    c.answer("purchase", "A new purchase won't go through")
    first = c.advice().plan[0].id
    c.didnt_help(first)
    c.didnt_help(first)  # twice is once
    assert c.tried == [first]
    assert c.advice().plan[0].id != first
    c.fixed(c.advice().plan[0].id)
    assert c.resolved


def test_long_paste_is_shortened_on_screen_but_read_in_full():
    c = Conversation()
    c.paste("x" * 100_000 + " The user denied your request")
    assert c.facts["error"] == "user_denied"
    assert len(c.messages[0].text) < SHOWN_CHARS + 60
    assert "100,029 characters" in c.messages[0].text


def test_key_never_kept():
    c = Conversation()
    c.paste(f"here is my key {CANARY} and 'The user denied your request'")
    c.learn({"note": CANARY})
    assert CANARY not in repr(c.to_dict())
    assert CANARY not in ticket_summary(c)
    assert "sk_live_…3Lk2" in c.messages[0].text


def test_summary_lists_symptoms_facts_tried_and_next():
    c = Conversation(role="agent")
    c.answer("symptom", "No payments go through at all")
    c.answer("product_config", "No, every module is saved")
    c.didnt_help("seller.check_integration_matches")
    text = ticket_summary(c)
    assert "Reported by: Support agent" in text
    assert "- Every payment is failing." in text
    assert "1. ✗ Check the payment integration matches your processor account (seller): didn't help" in text
    assert "2. → Select and save the right processor at Basic Info (seller): next" in text
    # No step ids, rule ids or file names anywhere (#24): each step's article by title and address.
    assert "seller." not in text and ".txt" not in text and "facts:" not in text
    assert "- Kartra help: Payment troubleshooting › " in text and "https://support.kartra.com/" in text


def test_a_follow_up_naming_no_payment_is_still_said_of_the_known_problem():
    """A message alone needs a payment named before "only one customer" is read as who is affected (a
    review, a quiz, an invitation are no payment); once the case holds a decline, the follow-up is about it."""
    from checks.message import read_message

    follow_up = "Only one customer is affected, everyone else is fine."
    assert "scope" not in read_message("Only one customer left a review, everyone else is fine.")
    c = Conversation()
    c.paste("A buyer got: Your card was declined.")
    c.paste(follow_up)
    assert c.facts.get("scope") == "one_or_few"
