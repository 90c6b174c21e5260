"""The page through Streamlit's AppTest: a full conversation per role."""

from __future__ import annotations

import pytest

from tests.helpers import badges, click, plan_titles, start, tried_titles


def test_greets_and_asks_the_symptom():
    at = start()
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert any("walk you through" in t for t in texts)
    assert "**What's going wrong with your payments?**" in texts
    assert {"One or a few customers can't pay", "No payments go through at all"} <= {
        b.label for b in at.button}


def test_seller_quick_replies_to_plan_then_didnt_help_then_start_over():
    at = start()
    click(at, "One or a few customers can't pay")
    click(at, "A recurring (subscription) payment failed")
    click(at, "PayPal")
    titles = plan_titles(at)
    # PayPal: the card lives in the customer's PayPal account, so the article's pro tip comes first.
    assert titles[0] == "**1. Update the funding source in PayPal**"
    assert "**2. Check the card on file is still valid**" in titles
    assert badges(at)[0] == "Customer" and badges(at)[-1] == "Support"
    # "Why this step" is there, collapsed, in plain words (no rule ids, no file names).
    why = [e for e in at.expander if e.label == "Why this step"]
    assert why and not why[0].proto.expanded
    assert any("Step 1 of 6" in m.value for m in at.markdown)
    click(at, "Didn't help")
    # The tried step stays on the checklist, ticked; numbering and progress go on.
    assert tried_titles(at) == ["1. Update the funding source in PayPal"]
    assert plan_titles(at)[0] == "**2. Check the card on file is still valid**"
    assert any("Step 2 of 6" in m.value for m in at.markdown)
    assert any("it didn't help" in t.value for t in at.text)
    click(at, "Start over")
    assert plan_titles(at) == []
    assert "**What's going wrong with your payments?**" in [m.value for m in at.markdown]


def test_pasted_documented_error_gives_plan_in_one_turn():
    at = start()
    at.chat_input[0].set_value("Connection failed: Stripe account does not match").run()
    assert not at.exception
    said = [m.value for m in at.markdown]
    assert any("Kartra's error 'Connection failed: Stripe account does not match'" in t for t in said)
    assert plan_titles(at)[0] == "**1. Find the right account by its publishable key**"


def test_pasted_decline_message_is_recognised():
    at = start()
    at.chat_input[0].set_value("Customer says: Your card has insufficient funds.").run()
    said = " ".join(m.value for m in at.markdown)
    assert "I recognised Stripe's message 'Your card has insufficient funds'" in said
    assert "The card was declined: insufficient funds." in said and "insufficient_funds" not in said


def test_unrecognised_paste_says_so_and_conversation_goes_on():
    at = start()
    at.chat_input[0].set_value("hello there").run()
    assert any("couldn't find" in m.value for m in at.markdown)
    click(at, "No payments go through at all")
    assert plan_titles(at)


def test_agent_gets_terse_question_and_summary_first():
    at = start("agent")
    assert "**Symptom?**" in [m.value for m in at.markdown]
    click(at, "No payments go through at all")
    click(at, "Yes, a module isn't finished")
    summary = at.code[0].value
    assert "### What we know" in summary and "A module of the product is not saved." in summary
    assert "Finish and save every module of the product" in summary
    assert at.expander[0].label == "Ticket summary"
    assert at.get("download_button")


def test_this_fixed_it_records_resolution():
    at = start()
    click(at, "Connecting or updating Stripe in Kartra")
    click(at, "\"The user denied your request\"")
    click(at, "This fixed it")
    assert any("Glad that fixed it" in s.value for s in at.success)
    assert "✓ Click Connect with Stripe again and finish the connection: fixed it" in at.code[0].value


@pytest.mark.parametrize("role", ["agent", "seller", "trainer"])
def test_each_role_reaches_a_plan(role):
    at = start(role)
    click(at, "One or a few customers can't pay")
    click(at, "A new purchase won't go through")
    assert plan_titles(at)[0] == "**1. Check the details typed into the checkout**"


def test_pasted_key_is_masked_in_transcript_and_summary():
    canary = "sk_live_CANARY" + "a1b2c3d4e5f6g7h8i9j0k1l2"
    at = start()
    at.chat_input[0].set_value(f"my integration key is {canary}").run()
    dump = repr(at.session_state) + " ".join(t.value for t in at.text)
    dump += " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.code)
    assert canary not in dump
    assert "sk_live_…k1l2" in dump


def test_trying_every_step_ends_in_a_hand_off_not_silence():
    """Issue 14: 'Didn't help' on every step left only 'Tried … didn't help' bubbles."""
    at = start()
    click(at, "One or a few customers can't pay")
    click(at, "A new purchase won't go through")
    for _ in range(10):
        if not [b for b in at.button if b.label == "Didn't help"]:
            break
        click(at, "Didn't help")
    said = " ".join(m.value for m in at.markdown)
    assert "tried every step Kartra's help articles cover" in said
    assert "Attach to the ticket" in said
    summary = [e for e in at.expander if e.label == "Ticket summary"][0]
    assert summary.proto.expanded
    assert "### Hand-off" in at.code[0].value
    # The case link restores the hand-off, not the dead end.
    from streamlit.testing.v1 import AppTest

    from tests.helpers import APP, case_id_of
    other = AppTest.from_file(APP, default_timeout=30)
    other.query_params["case"] = case_id_of(at)
    other.run()
    assert "tried every step Kartra's help articles cover" in " ".join(m.value for m in other.markdown)


def test_a_pasted_decline_email_gets_a_short_plan_and_a_reply_for_the_customer():
    at = start("agent")
    at.chat_input[0].set_value(
        "Hi support,\n\nmy customer Jo forwarded this:\n\n> Ihre Karte wurde abgelehnt.\n\nCan you help?\nMia"
    ).run()
    assert plan_titles(at)[0] == "**1. Card declined: generic decline**"
    assert not any(m.value == "**What fails?**" for m in at.markdown)  # the question wouldn't change step 1
    reply = [e for e in at.expander if e.label == "Reply to send your customer"]
    assert reply and "Bank" in " ".join(m.value for m in at.markdown if m.value.startswith("> "))
    summary = at.code[0].value
    assert "### In their own words" in summary and "Ihre Karte wurde abgelehnt" in summary
    assert "seller." not in summary and "Details for support" not in summary


def test_a_learned_reading_names_the_words_behind_it_and_how_sure_it_is():
    """The connection in words no list holds: the seller sees which of their words led there, and that it is a
    guess, before the question it leads to."""
    at = start()
    at.chat_input[0].set_value("How do I get my Stripe hooked up to Kartra? I just opened an account with them.").run()
    assert not at.exception
    said = " ".join(m.value for m in at.markdown)
    assert "I recognised the words 'stripe'" in said and "a guess learned from earlier messages" in said
    assert "% sure)" in said and "which suggest that it's about connecting or updating Stripe in Kartra" in said
    assert said.count("connecting or updating Stripe in Kartra") == 1  # the guess is said once, beside its words


def test_a_tickets_retry_cycle_is_quoted_after_its_heading_and_never_cut_inside_a_word():
    """An agent's pasted ticket: the retry cycle was quoted from the ticket's heading (the customer's e-mail
    address first) and cut at 80 characters, inside "twice"."""
    at = start("agent")
    at.chat_input[0].set_value("Ticket #88231 from jane.doe@example.com: her monthly membership renewal failed twice, "
                               "Stripe says insufficient_funds. Kartra will retry in 3 days.").run()
    assert not at.exception
    said = next(m.value for m in at.markdown if m.value.startswith("I recognised"))
    assert "Kartra's retry cycle in 'her monthly membership renewal failed twice," in said, said
    assert "failed t'" not in said and "jane.doe" not in said


def test_stripes_message_is_named_once_and_a_guess_beside_it_still_says_its_words():
    """Stripe's "Your card was declined." is an error, a customer message and an English string at once: the
    seller reads it once, and what else was read (here, a guess at who is affected) is still named."""
    at = start()
    at.chat_input[0].set_value("Hi, one of my ladies from the pottery course keeps getting 'Your card was declined.' "
                               "when she pays.").run()
    assert not at.exception
    said = " ".join(m.value for m in at.markdown)
    assert said.count("'Your card was declined'") == 1, said
    assert "a guess learned from earlier messages" in said
    assert "which suggest that only one or a few customers are affected" in said


def test_a_card_declined_in_czech_says_the_reply_is_in_english():
    at = start()
    at.chat_input[0].set_value('fwd: "Dobrý den, moje karta byla při platbě zamítnuta, co mám dělat?"').run()
    assert not at.exception
    said = " ".join(m.value for m in at.markdown)
    assert "a card decline in Czech, in the customer's own words" in said
    assert "the reply to the customer is in English" in said
    assert plan_titles(at)[0].startswith("**1. Card declined")


def test_stripes_german_decline_is_named_once_not_again_by_its_meaning():
    at = start()
    at.chat_input[0].set_value("Customer wrote: Ihre Karte wurde abgelehnt.").run()
    said = " ".join(m.value for m in at.markdown)
    assert "Stripe's error in German 'Ihre Karte wurde abgelehnt'" in said
    assert "a card decline in German" not in said
