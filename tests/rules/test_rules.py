"""advise(): one test per documented scenario of both articles, questions, tried, concurrency."""

from __future__ import annotations

import threading

import pytest

from rules import advise

NEW_PURCHASE = [
    "customer.check_entered_info", "customer.clear_cache_cookies", "customer.try_other_browser",
    "customer.try_other_device", "customer.contact_issuer_authorize",
]
RECURRING = [
    "customer.check_card_valid", "customer.check_credit_limit",
    "customer.contact_issuer_clear_block",
]
RECORDS = "seller.check_processor_records"
TICKET = "support.open_ticket"
ADVANCED = [
    "seller.finish_product_configuration", "seller.check_integration_matches",
    "seller.select_processor_in_basic_info",
]


def ids(facts):
    return advise(facts).step_ids


# --- 001: Payment troubleshooting ------------------------------------------------------------

def test_continue_inactive_starts_with_mandatory_fields():
    plan = ids({"scope": "one_or_few", "continue_inactive": True, "purchase": "new"})
    assert plan == ["customer.complete_mandatory_fields", *NEW_PURCHASE, RECORDS, TICKET]


def test_new_purchase_basic_then_processor_records_then_ticket():
    assert ids({"scope": "one_or_few", "purchase": "new"}) == [*NEW_PURCHASE, RECORDS, TICKET]


def test_recurring_card_payment():
    plan = ids({"scope": "one_or_few", "purchase": "recurring", "processor": "stripe"})
    assert plan == [*RECURRING, "customer.update_payment_method", RECORDS, TICKET]


def test_recurring_paypal_uses_funding_source_tip():
    # With PayPal the card lives in the customer's PayPal account: the article's tip comes first.
    plan = ids({"scope": "one_or_few", "purchase": "recurring", "processor": "paypal"})
    assert plan == ["customer.update_paypal_funding_source", *RECURRING, RECORDS, TICKET]
    assert "customer.update_payment_method" not in plan


def test_all_fail_configuration_before_integration_before_basic_info():
    plan = ids({"scope": "all"})
    assert plan == [*ADVANCED, RECORDS, TICKET]
    assert not any(s.startswith("customer.") for s in plan)


def test_product_config_incomplete_error():
    plan = ids({"scope": "all", "error": "product_config_incomplete", "product_config": "incomplete"})
    assert plan[0] == "seller.finish_product_configuration"
    assert plan.index("seller.check_integration_matches") > 0


def test_config_complete_goes_to_integration():
    plan = ids({"scope": "all", "product_config": "complete"})
    assert plan[:2] == ["seller.check_integration_matches", "seller.select_processor_in_basic_info"]
    assert "seller.finish_product_configuration" not in plan


def test_sk_test_key_is_named_before_generic_checks():
    plan = ids({"scope": "all", "product_config": "complete", "processor": "stripe",
                "key_kind": "test_secret"})
    assert plan[0] == "seller.use_live_key"


def test_placeholder_key():
    plan = ids({"scope": "all", "product_config": "complete", "key_kind": "placeholder"})
    assert plan[0] == "seller.replace_placeholder_key"


def test_integration_mismatch_and_processor_not_selected_keep_article_order():
    plan = ids({"scope": "all", "product_config": "complete", "integration_matches": False,
                "processor_selected": False})
    assert plan[:2] == ["seller.check_integration_matches", "seller.select_processor_in_basic_info"]


# --- 000: Stripe connection --------------------------------------------------------------------

@pytest.mark.parametrize("state", ["needs_update", "expired"])
def test_expiring_connection_reauthenticates_same_account(state):
    plan = ids({"processor": "stripe", "connection": state})
    assert plan[:2] == ["seller.reauthenticate_stripe_connection", "seller.match_publishable_key"]
    assert plan[-1] == TICKET


def test_expired_connection_comes_before_advanced_checks_when_all_fail():
    plan = ids({"scope": "all", "processor": "stripe", "connection": "expired"})
    assert plan[0] == "seller.reauthenticate_stripe_connection"
    assert plan.index("seller.finish_product_configuration") > 0


def test_new_connection():
    assert ids({"connection": "none"}) == ["seller.create_stripe_connection", TICKET]


def test_account_mismatch_matches_key_then_reconnects_same_account():
    assert ids({"error": "account_mismatch"}) == [
        "seller.match_publishable_key", "seller.reauthenticate_stripe_connection", TICKET]


def test_ineligible_account():
    assert ids({"error": "ineligible_account"}) == [
        "seller.disconnect_other_platform", "seller.retry_connect", TICKET]


def test_user_denied():
    assert ids({"error": "user_denied"}) == ["seller.retry_connect", TICKET]


def test_already_integrated():
    assert ids({"error": "already_integrated"}) == ["seller.choose_different_account", TICKET]


# --- decline codes and live facts ------------------------------------------------------------

def test_card_declined_with_a_specific_code_is_not_padded_with_browser_steps():
    plan = ids({"error": "card_declined", "decline_code": "insufficient_funds",
                "scope": "one_or_few", "purchase": "new"})
    assert plan == ["decline.insufficient_funds", RECORDS, TICKET]


def test_card_declined_for_an_unknown_reason_leads_then_basic_path():
    plan = ids({"error": "card_declined", "decline_code": "do_not_honor", "scope": "one_or_few", "purchase": "new"})
    assert plan == ["decline.do_not_honor", *NEW_PURCHASE, RECORDS, TICKET]


def test_declines_on_every_payment_take_the_advanced_path_before_records():
    plan = ids({"error": "card_declined", "decline_code": "generic_decline", "scope": "all",
                "purchase": "recurring"})
    assert plan == ["decline.generic_decline", *ADVANCED, RECORDS, TICKET]


def test_fraud_decline_step_warns_not_to_reveal():
    step = advise({"error": "card_declined", "decline_code": "stolen_card"}).plan[0]
    assert step.id == "decline.stolen_card"
    assert "not to tell the customer" in step.detail


def test_charges_disabled_account():
    assert ids({"charges_enabled": False, "scope": "all"})[0] == "seller.complete_stripe_account"


def test_steps_carry_a_plain_why_and_the_article_not_rule_ids_or_files():
    step = advise({"scope": "all"}).plan[0]
    assert step.rule == "advanced.review_product" and step.source_file == "001_3199733bdd79ee4d.txt"
    assert "advanced." not in step.why and ".txt" not in step.why and ".txt" not in step.source
    assert step.source.startswith("Kartra help: Payment troubleshooting › Advanced troubleshooting")


# --- tried -------------------------------------------------------------------------------------

def test_tried_steps_are_never_repeated_and_plan_moves_on():
    facts = {"scope": "one_or_few", "purchase": "new", "tried": NEW_PURCHASE}
    assert ids(facts) == [RECORDS, TICKET]
    facts["tried"] = [*NEW_PURCHASE, RECORDS]
    assert ids(facts) == [TICKET]


def test_tried_advanced_steps_move_to_next_check():
    plan = ids({"scope": "all", "tried": ["seller.finish_product_configuration"]})
    assert plan[0] == "seller.check_integration_matches"


# --- questions -----------------------------------------------------------------------------------

def test_nothing_known_asks_the_symptom_and_has_no_plan():
    advice = advise({})
    assert [q.id for q in advice.questions] == ["symptom"]
    assert advice.plan == []


def walk(answers: list[str]) -> tuple[list[str], int]:
    """Answer each returned question by option label; return the final plan and answers used."""
    facts: dict = {}
    used = 0
    for label in answers:
        advice = advise(facts)
        if not advice.questions:
            break
        facts.update(advice.questions[0].options[label])
        used += 1
    assert used <= 3
    return advise(facts).step_ids, used


@pytest.mark.parametrize(
    ("answers", "first_step"),
    [
        (["One or a few customers can't pay", "The Continue button doesn't work"],
         "customer.complete_mandatory_fields"),
        (["One or a few customers can't pay", "A new purchase won't go through"],
         "customer.check_entered_info"),
        (["One or a few customers can't pay", "A recurring (subscription) payment failed", "PayPal"],
         "customer.update_paypal_funding_source"),
        (["No payments go through at all", "Yes, a module isn't finished"],
         "seller.finish_product_configuration"),
        (["No payments go through at all", "No, every module is saved",
          "Stripe, with a key that begins with sk_test"], "seller.use_live_key"),
        (["No payments go through at all", "No, every module is saved",
          "Stripe, with placeholder text instead of a key"], "seller.replace_placeholder_key"),
        (["No payments go through at all", "No, every module is saved",
          "Stripe, with a red status: needs an update"], "seller.reauthenticate_stripe_connection"),
        (["Connecting or updating Stripe in Kartra",
          "\"Connection failed: Stripe account does not match\""], "seller.match_publishable_key"),
        (["Connecting or updating Stripe in Kartra", "\"Ineligible accounts\" on Stripe's page"],
         "seller.disconnect_other_platform"),
        (["Connecting or updating Stripe in Kartra", "\"The user denied your request\""],
         "seller.retry_connect"),
        (["Connecting or updating Stripe in Kartra",
          "\"This Stripe account has already been integrated\""], "seller.choose_different_account"),
        (["Connecting or updating Stripe in Kartra", "I want to connect a new Stripe account"],
         "seller.create_stripe_connection"),
    ],
)
def test_questions_reach_the_right_plan_in_three_answers(answers, first_step):
    plan, used = walk(answers)
    assert plan[0] == first_step
    assert used <= 3


def test_paypal_recurring_plan_after_questions_has_funding_tip():
    plan, _ = walk(["One or a few customers can't pay",
                    "A recurring (subscription) payment failed", "PayPal"])
    assert "customer.update_paypal_funding_source" in plan


def test_questions_stop_once_enough_is_known():
    assert advise({"scope": "one_or_few", "purchase": "new"}).questions == []


# --- isolation ---------------------------------------------------------------------------------

def test_calls_do_not_leak_state():
    a = ids({"error": "user_denied"})
    ids({"scope": "all", "key_kind": "test_secret"})
    assert ids({"error": "user_denied"}) == a


def test_200_threads_each_get_their_own_plan():
    cases = [
        ({"error": "user_denied"}, ["seller.retry_connect", TICKET]),
        ({"error": "already_integrated"}, ["seller.choose_different_account", TICKET]),
        ({"scope": "one_or_few", "purchase": "new"}, [*NEW_PURCHASE, RECORDS, TICKET]),
        ({"connection": "none"}, ["seller.create_stripe_connection", TICKET]),
    ]
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(200)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = ids(cases[i % len(cases)][0])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for i in range(200):
        assert results[i] == cases[i % len(cases)][1]
