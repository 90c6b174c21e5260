"""Issue 13's reproductions: Stripe's whole catalogue, PayPal, other languages, codes in logs, Stripe's
account and key errors, paraphrases and dates. Each was a wrong reading (or none) before."""

from __future__ import annotations

import pytest

from checks.keys import classify_key
from checks.message import read_message, recognise
from rules import advise


@pytest.mark.parametrize(("text", "language", "code"), [
    ("La tua carta è stata rifiutata.", "it", "generic_decline"),
    ("Je kaart is geweigerd.", "nl", "generic_decline"),
    ("O seu cartão foi recusado.", "pt", "generic_decline"),
    ("Ihre Karte ist abgelaufen.", "de", "expired_card"),
    ("Votre carte ne dispose pas de fonds suffisants.", "fr", "insufficient_funds"),
    ("El código de seguridad de tu tarjeta es incorrecto.", "es", "incorrect_cvc"),
    ("Twoja karta została odrzucona.", "pl", "generic_decline"),
    ("Ditt kort nekades.", "sv", "generic_decline"),
    ("カードの残高が不足しています。", "ja", "insufficient_funds"),
])
def test_a_decline_in_the_customers_language_gives_a_plan(text, language, code):
    facts = read_message(text)
    assert facts["language"] == language and facts["decline_code"] == code and facts["error"] == "card_declined"
    assert advise(facts).plan[0].id == f"decline.{code}"


@pytest.mark.parametrize(("text", "code"), [
    ("Your card was declined. This transaction requires authentication.", "authentication_required"),
    ("Your card was declined for making repeated attempts too frequently or exceeding its amount limit.",
     "card_velocity_exceeded"),
    ("decline_code: withdrawal_count_limit_exceeded", "withdrawal_count_limit_exceeded"),
    ("decline_code=live_mode_test_card", "live_mode_test_card"),
    ("decline_code=fraudulent", "fraudulent"),
    ('{"error": {"code": "card_declined", "decline_code": "fraudulent"}}', "fraudulent"),
    ("The bank returned the decline code `do_not_honor`.", "do_not_honor"),
    ("Your card's zip code failed validation.", "incorrect_zip"),
])
def test_stripes_own_messages_and_codes(text, code):
    facts = read_message(text)
    assert facts["decline_code"] == code
    assert code in facts["decline_codes"]


def test_a_lone_word_code_in_prose_is_not_a_code():
    assert read_message("this transfer looks fraudulent to me, should I refund?") == {}


@pytest.mark.parametrize(("text", "error", "first_step"), [
    ("Your request was in test mode, but used a non test card. For a list of valid test cards, visit …",
     "test_key_live_card", "seller.use_live_key"),
    ("Your account cannot currently make live charges.", "account_not_activated", "seller.complete_stripe_account"),
    ("No such customer: 'cus_QxFAKE123'", "missing_after_reconnect", "seller.match_publishable_key"),
    ("No such price: 'price_1FAKE'", "missing_after_reconnect", "seller.match_publishable_key"),
    ("No such customer: 'cus_X'; a similar object exists in live mode, but a test mode key was used to make this "
     "request.", "key_mode_mismatch", "seller.use_live_key"),
    ("Invalid API Key provided: sk_live_****1234", "invalid_api_key", "seller.reauthenticate_stripe_connection"),
])
def test_stripe_errors_about_the_account_or_the_key(text, error, first_step):
    facts = read_message(text)
    assert facts["error"] == error
    assert advise(facts).plan[0].id == first_step


def test_a_masked_key_in_stripes_message_is_not_placeholder_text():
    facts = read_message("Invalid API Key provided: sk_live_****1234")
    assert facts.get("key_kind") != "placeholder"
    assert read_message("Your account cannot currently make live charges.")["charges_enabled"] is False


@pytest.mark.parametrize(("text", "error", "first_step"), [
    ('{"name":"UNPROCESSABLE_ENTITY","details":[{"issue":"INSTRUMENT_DECLINED"}]}', "paypal_declined",
     "customer.update_paypal_funding_source"),
    ("PayPal says PAYER_ACTION_REQUIRED", "paypal_declined", "customer.update_paypal_funding_source"),
    ("This transaction cannot be processed. Please enter a valid credit card number and type.", "paypal_declined",
     "customer.update_paypal_funding_source"),
    ("Things don't appear to be working at the moment. Please try again later.", "paypal_error",
     "seller.check_processor_records"),
    ("PayPal e-mailed her: your subscription has been suspended after two failed payments", "paypal_declined",
     "customer.update_paypal_funding_source"),
])
def test_paypal_errors_take_the_documented_paypal_paths(text, error, first_step):
    facts = read_message(text)
    assert facts["error"] == error and facts["processor"] == "paypal"
    assert advise(facts).plan[0].id == first_step


@pytest.mark.parametrize(("text", "facts"), [
    ("she can't press Continue, it stays faded", {"continue_inactive": True}),
    ("the button continue is grey, i can not click", {"continue_inactive": True}),
    ("nobody has been able to buy since Monday", {"scope": "all"}),
    ("we use Authorize.net", {"processor": "other"}),
    ("our Stripe connection dates from March 2024", {"connection": "expired"}),
    ("integrated 2023-11-15 using the secret key", {"connection": "expired"}),
])
def test_paraphrases_and_dates(text, facts):
    got = read_message(text)
    assert {k: got.get(k) for k in facts} == facts


def test_a_connection_after_the_cutoff_is_not_expired():
    assert "connection" not in read_message("we reconnected Stripe in October 2024")


def test_garbage_mentioning_a_key_is_not_placeholder_text():
    assert classify_key("my key is broken and I do not know why, help").facts["key_kind"] == "malformed"
    assert classify_key("YOUR_SECRET_KEY").facts["key_kind"] == "placeholder"
    assert classify_key("sk_live_xxxxxxxxxxxxxxxx").facts["key_kind"] == "placeholder"


def test_what_was_recognised_is_said_in_one_short_sentence():
    rec = recognise("Customer wrote: La tua carta è stata rifiutata. Also decline_code=fraudulent and "
                    "The user denied your request, and Your card has insufficient funds.")
    sentence = rec.summary()
    assert sentence.startswith("I recognised ") and sentence.count(".") <= 2 and len(sentence) < 300
