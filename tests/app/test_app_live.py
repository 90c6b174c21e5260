"""The page's live checks and trainer demos through AppTest, against the Stripe sandbox."""

from __future__ import annotations

import pytest

from tests.helpers import click, everything_shown, key_field, plan_titles, start

CANARY = "rk_live_CANARY" + "Mn1Bv2Cx3Zl4Kj5Hg6Fd7Sa8"


@pytest.fixture
def api_base(sb, monkeypatch):
    monkeypatch.setenv("PAYASSIST_STRIPE_API_BASE", sb.url)
    return sb


def submit_key(at, key: str):
    key_field(at).input(key)
    click(at, "Run live check")
    return at


def test_live_check_shows_account_failed_payments_and_updates_plan(api_base):
    at = submit_key(start(), api_base.key_for("card_decline_mix"))
    text = everything_shown(at)
    assert "Copper Kettle Cooking" in text
    assert "rk_live_…0000" in text
    table = at.dataframe[0].value
    assert set(table["Why it failed"]) == {"insufficient funds", "expired card", "incorrect cvc", "generic decline"}
    assert "customer" in set(table["Who acts"])
    assert all(str(c).startswith("ch_") for c in table["Charge"]), "the charge id finds the payment in Stripe"
    # Three customers failed: a worklist, and the account's plan has no one customer's decline step.
    assert len(at.session_state["session"].conv.worklist.items) == 3
    assert not [t for t in plan_titles(at) if "Card declined" in t]
    assert at.status[0].label.startswith("Stripe check of rk_live_…0000")
    # The key is not kept in the session once the check has run.
    assert api_base.key_for("card_decline_mix") not in repr(at.session_state)


def test_invalid_key_says_so_and_conversation_goes_on(api_base):
    at = submit_key(start(), CANARY)
    assert any("invalid or has been revoked" in w.value for w in at.warning)
    click(at, "One or a few customers can't pay")
    assert not at.exception
    assert CANARY not in everything_shown(at)


def test_outage_is_a_sentence_not_a_traceback(api_base):
    api_base.inject(status=500)
    at = submit_key(start(), api_base.key_for("healthy"))
    assert any("Stripe's side" in w.value for w in at.warning)
    assert not at.exception


def test_publishable_key_is_explained_without_calling_stripe(api_base):
    at = submit_key(start(), "pk_live_" + "Q" * 30)
    assert any("publishable key" in w.value for w in at.warning)
    assert api_base.requests == []


@pytest.mark.parametrize(
    ("scenario", "first_step"),
    [
        ("all_fail_test_key", "**1. Use a live key, not a test key**"),
        ("placeholder_key", "**1. Replace the placeholder text with a real connection**"),
        ("expired_connection", "**1. Reconnect the same Stripe account (Connect with Stripe)**"),
        ("account_mismatch", "**1. Find the right account by its publishable key**"),
        ("already_integrated", "**1. Choose a different Stripe account**"),
        ("ineligible_account", "**1. Disconnect the account from the other platform**"),
        ("product_config_incomplete", "**1. Finish and save every module of the product**"),
        ("card_decline_mix", "**1. Check your payment processor's records**"),
        ("recurring_decline", "**1. Tell the customer before Kartra's next attempt**"),
        ("charges_disabled", "**1. Finish what Stripe asks for on your account**"),
        ("retry_third_attempt", "**1. Tell the customer before Kartra's next attempt**"),
    ],
)
def test_trainer_demo_runs_the_real_check_against_the_sandbox(scenario, first_step):
    at = start("trainer")
    at.sidebar.selectbox[0].select(scenario).run()
    click(at, "Start demo")
    assert plan_titles(at)[0] == first_step
    assert any("Demo:" in m.value for m in at.markdown)
    assert any(s.label.startswith("Stripe check of") for s in at.status)


def test_the_paypal_demo_is_about_paypal():
    at = start("trainer")
    at.sidebar.selectbox[0].select("paypal_subscription").run()
    click(at, "Start demo")
    assert plan_titles(at)[0] == "**1. Update the funding source in PayPal**"
    assert not at.status, "no Stripe check runs for a PayPal customer"
    assert not any("Card declined" in t for t in plan_titles(at))
    assert any("The payment goes through PayPal." in m.value for m in at.markdown)


def test_the_account_reads_as_a_sentence_not_a_data_dump(api_base):
    at = submit_key(start(), api_base.key_for("card_decline_mix"))
    line = next(m.value for m in at.markdown if "Copper Kettle Cooking" in m.value)
    assert "can take payments and pays out to your bank; Stripe has the business details it needs." in line
    assert "yes" not in line.split(")")[-1]
    at = submit_key(start(), api_base.key_for("charges_disabled"))
    line = next(m.value for m in at.markdown if "mode)" in m.value)
    # Past-due requirements are missing details: said in words, never as Stripe's field value (#24).
    assert "**cannot take payments**" in line and "requirements." not in line and "past_due" not in line
    assert "Stripe needs more information about the business" in line and "complete what it asks for" in line
    assert "details are complete" not in line
