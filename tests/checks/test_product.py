"""Product configuration and integration checks → facts → the documented plan."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.product import check_product
from rules import advise

KEY = "sk_live_" + "Ab12Cd34Ef56Gh78Ij90Kl12"


def config(**over):
    base = {
        "product": "Course", "processor": "stripe",
        "modules": [{"name": "Basic info", "state": "saved"}, {"name": "Pricing", "state": "saved"}],
        "integrations": [{"name": "Main", "processor": "stripe", "key": KEY, "account_id": "acct_1",
                          "created": "2025-01-10", "method": "api_keys"}],
    }
    base.update(over)
    return base


def plan(facts):
    return advise(facts).step_ids


def test_complete_product_with_live_key():
    f = check_product(config())
    assert f.facts == {"product_config": "complete", "processor": "stripe", "processor_selected": True,
                       "key_kind": "live_secret", "connection": "ok"}
    assert f.ok
    assert KEY not in repr(f) and f.evidence.integrations[0]["key"] == "sk_live_…Kl12"


@pytest.mark.parametrize("state", ["configure_later", "not_saved", "Configure later"])
def test_unsaved_module_is_product_config_incomplete(state):
    f = check_product(config(modules=[{"name": "Basic info", "state": "saved"}, {"name": "Pricing", "state": state}]))
    assert f.facts["product_config"] == "incomplete"
    assert f.facts["error"] == "product_config_incomplete"
    assert "Pricing" in f.problems[0] and "red hourglass" in f.problems[0]
    assert plan({**f.facts, "scope": "all"})[0] == "seller.finish_product_configuration"


@pytest.mark.parametrize("processor", [None, "", "none"])
def test_no_processor_at_basic_info(processor):
    f = check_product(config(processor=processor))
    assert f.facts["processor_selected"] is False
    assert "seller.select_processor_in_basic_info" in plan({**f.facts, "scope": "all"})[:1]


def test_wrong_processor_at_basic_info():
    f = check_product(config(processor="paypal"))
    assert f.facts["processor_selected"] is False


@pytest.mark.parametrize(("key", "kind", "step"), [
    ("sk_test_" + "Zz" * 12, "test_secret", "seller.use_live_key"),
    ("your key here", "placeholder", "seller.replace_placeholder_key"),
    ("sk_live_...", "placeholder", "seller.replace_placeholder_key"),
])
def test_integration_key(key, kind, step):
    integ = [{"processor": "stripe", "key": key, "created": "2025-01-01", "method": "api_keys"}]
    f = check_product(config(integrations=integ))
    assert f.facts["key_kind"] == kind
    assert plan({**f.facts, "scope": "all"})[0] == step


@pytest.mark.parametrize(("created", "today", "state"), [
    ("2024-07-10", date(2024, 9, 16), "needs_update"),
    ("2024-07-10", date(2024, 9, 17), "expired"),
    ("2024-07-11", date(2024, 9, 17), "ok"),
    ("2024-07-11", date(2024, 9, 16), "ok"),
    ("2023-01-01", date(2024, 7, 1), "needs_update"),
])
def test_connection_dates_at_the_boundaries(created, today, state):
    integ = [{"processor": "stripe", "key": KEY, "created": created, "method": "api_keys"}]
    f = check_product(config(integrations=integ), today=today)
    assert f.facts["connection"] == state
    if state == "expired":
        assert any("stopped working on 16 September 2024" in p for p in f.problems)
        assert plan(f.facts)[0] == "seller.reauthenticate_stripe_connection"


def test_oauth_connection_is_ok_whatever_the_date():
    integ = [{"processor": "stripe", "account_id": "acct_1", "created": "2023-01-01", "method": "oauth"}]
    assert check_product(config(integrations=integ), today=date(2026, 1, 1)).facts["connection"] == "ok"


def test_two_integrations_on_one_account():
    integ = [{"name": "A", "processor": "stripe", "account_id": "acct_9", "method": "oauth"},
             {"name": "B", "processor": "stripe", "account_id": "acct_9", "method": "oauth"}]
    f = check_product(config(integrations=integ))
    assert f.facts["error"] == "already_integrated"
    assert any("already been integrated" in p for p in f.problems)


@pytest.mark.parametrize("bad", ["", "[1, 2]", "{not: [valid", b"\x00\x01", "modules: 5", {"modules": [{"x": 1}]}])
def test_bad_configs_give_a_sentence(bad):
    f = check_product(bad)
    assert f.problems and not f.facts


def test_yaml_upload():
    text = "processor: stripe\nmodules:\n  - {name: Checkout, state: configure later}\n"
    assert check_product(text).facts["product_config"] == "incomplete"


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=10), c, max_size=4),
                           max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["product", "processor", "modules", "integrations", "x"]), json_values))
def test_any_json_never_raises(cfg):
    check_product(cfg)


def test_a_2023_connection_with_a_key_is_expired_whatever_the_method_says():
    """Issue 14: a product with an API-key connection created in 2023 reported 'Stripe connection: ok'."""
    from datetime import date

    from conversation import ProductForm

    cfg = ProductForm(processor="stripe", key="sk_live_" + "a" * 30, created=date(2023, 3, 1)).configuration()
    f = check_product(cfg, today=date(2026, 11, 25))
    assert f.facts["connection"] == "expired"
    assert any("stopped working on 16 September 2024" in p for p in f.problems)
    oauth = {"processor": "stripe",
             "integrations": [{"processor": "stripe", "created": "2023-03-01", "method": "oauth"}]}
    assert check_product(oauth, today=date(2026, 11, 25)).facts["connection"] == "ok"
