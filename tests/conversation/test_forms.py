"""What the page's forms mean, decided in the conversation layer."""

from __future__ import annotations

from datetime import date

from conversation import ProductForm, parse_accounts, wizard_modules


def test_product_form_becomes_a_configuration():
    cfg = ProductForm(processor="paypal", pending=("Pricing",)).configuration()
    assert cfg["processor"] == "paypal"
    assert cfg["integrations"][0]["processor"] == "paypal"
    states = {m["name"]: m["state"] for m in cfg["modules"]}
    assert states["Pricing"] == "not_saved" and list(states) == list(wizard_modules())


def test_no_processor_selected_still_describes_the_stripe_integration():
    cfg = ProductForm(processor="none", key="sk_test_x", created=date(2023, 5, 1), method="api_keys").configuration()
    assert cfg["integrations"][0] == {"processor": "stripe", "key": "sk_test_x", "created": date(2023, 5, 1),
                                      "method": "api_keys"}


def test_account_lines_are_parsed_and_unnamed_ones_numbered():
    text = "Shop A: pk_live_AAA\n\n  pk_live_BBB  \nMy: shop: pk_live_CCC"
    assert parse_accounts(text) == {"Shop A": "pk_live_AAA", "Account 2": "pk_live_BBB", "My: shop": "pk_live_CCC"}
