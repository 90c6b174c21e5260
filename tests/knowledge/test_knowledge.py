"""The knowledge files: complete, cited, and loud when malformed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import knowledge
from rules import advise

DESIGN_STEP_IDS = [
    "customer.complete_mandatory_fields", "customer.check_entered_info",
    "customer.clear_cache_cookies", "customer.try_other_browser", "customer.try_other_device",
    "customer.contact_issuer_authorize", "customer.check_card_valid",
    "customer.check_credit_limit", "customer.contact_issuer_clear_block",
    "customer.update_payment_method", "customer.update_paypal_funding_source",
    "seller.check_processor_records",
    "seller.finish_product_configuration", "seller.check_integration_matches",
    "seller.select_processor_in_basic_info", "seller.use_live_key", "seller.replace_placeholder_key",
    "seller.reauthenticate_stripe_connection", "seller.create_stripe_connection",
    "seller.match_publishable_key", "seller.disconnect_other_platform", "seller.retry_connect",
    "seller.choose_different_account",
    "support.open_ticket",
]
SEEDS = {"000_34b75616d2250c30.txt", "001_3199733bdd79ee4d.txt"}


@pytest.fixture(scope="module")
def know() -> knowledge.Knowledge:
    return knowledge.load()


def test_every_design_step_exists_with_actor_and_seed_source(know):
    for step_id in DESIGN_STEP_IDS:
        step = know.steps[step_id]
        assert step.actor == step_id.split(".")[0]
        assert know.sources[step.source.doc].file in SEEDS
        assert step.source.section


def test_pro_tips_sit_on_their_steps(know):
    assert any("hourglass" in t for t in know.steps["seller.finish_product_configuration"].tips)
    assert any("PayPal" in t for t in know.steps["customer.update_payment_method"].tips)
    assert any("add-ons" in t for t in know.steps["customer.check_entered_info"].tips)


def test_every_documented_error_message_is_known(know):
    messages = {e.message for e in know.errors.values()}
    assert {
        "Connection failed: Stripe account does not match",
        "The user denied your request",
        "This Stripe account has already been integrated",
        "Ineligible accounts",
        "Product configuration incomplete",
    } <= messages


def test_connection_dates(know):
    assert str(know.connection.api_key_cutoff) == "2024-07-11"
    assert str(know.connection.deadline) == "2024-09-16"
    assert "stop" in know.connection.after_deadline


def test_decline_codes_cite_stripe_and_have_steps(know):
    assert len(know.declines) >= 40
    for code in ("insufficient_funds", "expired_card", "incorrect_cvc", "fraudulent",
                 "generic_decline", "do_not_honor", "testmode_decline"):
        assert code in know.declines
        assert f"decline.{code}" in know.steps
    assert know.decline_source_url.startswith("https://docs.stripe.com/")
    # Fraud codes must not be revealed to the customer.
    assert know.declines["stolen_card"].fraud_related


def test_every_design_step_is_emitted_by_some_fact_set(know):
    fact_sets = [
        {"scope": "one_or_few", "purchase": "new", "continue_inactive": True},
        {"scope": "one_or_few", "purchase": "recurring", "processor": "stripe"},
        {"scope": "one_or_few", "purchase": "recurring", "processor": "paypal"},
        {"scope": "all", "processor": "stripe"},
        {"scope": "all", "key_kind": "test_secret"},
        {"scope": "all", "key_kind": "placeholder"},
        {"connection": "expired"},
        {"connection": "none"},
        {"error": "account_mismatch"},
        {"error": "ineligible_account"},
        {"error": "user_denied"},
        {"error": "already_integrated"},
    ]
    emitted = {s.id for facts in fact_sets for s in advise(facts).plan}
    assert set(DESIGN_STEP_IDS) <= emitted
    for code in know.declines:
        assert advise({"error": "card_declined", "decline_code": code}).plan[0].id == f"decline.{code}"


def test_every_emitted_step_exists(know):
    for facts in ({"scope": "all"}, {"scope": "one_or_few", "purchase": "new"},
                  {"charges_enabled": False}):
        for step in advise(facts).plan:
            assert step.id in know.steps
            assert step.title and step.detail and step.why and step.source


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "kn"
    shutil.copytree(knowledge.HERE, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def test_malformed_file_fails_naming_file_and_field(tmp_path):
    root = _copy(tmp_path)
    text = (root / "steps.yaml").read_text().replace("actor: customer", "actor: cashier", 1)
    (root / "steps.yaml").write_text(text)
    with pytest.raises(knowledge.KnowledgeError, match=r"steps\.yaml: field 'steps\.0\.actor'"):
        knowledge.load(root)


def test_not_yaml_fails_naming_file(tmp_path):
    root = _copy(tmp_path)
    (root / "questions.yaml").write_text("questions: [unclosed")
    with pytest.raises(knowledge.KnowledgeError, match=r"questions\.yaml: not valid YAML"):
        knowledge.load(root)


def test_unknown_step_reference_fails(tmp_path):
    root = _copy(tmp_path)
    text = (root / "errors.yaml").read_text().replace("seller.retry_connect]", "seller.pray]")
    (root / "errors.yaml").write_text(text)
    with pytest.raises(knowledge.KnowledgeError, match="unknown step 'seller.pray'"):
        knowledge.load(root)
