"""Live checks through the real Stripe SDK against the sandbox: scenarios, faults, GET only."""

from __future__ import annotations

import logging
import time

import pytest
import stripe

from checks.sandbox import load_scenarios
from checks.stripe_guard import NonGetRequestError, read_only_client
from checks.stripe_live import check_account

CANARY = "rk_live_CANARY" + "Qw3Er4Ty5Ui6Op7As8Df9Gh0"

EXPECTED = {
    "all_fail_test_key": {"key_kind": "test_secret", "scope": "all", "decline_code": "testmode_decline"},
    "card_decline_mix": {"scope": "one_or_few"},
    "recurring_decline": {"purchase": "recurring", "decline_code": "insufficient_funds"},
    "charges_disabled": {"charges_enabled": False},
    "healthy": {"charges_enabled": True, "key_kind": "live_restricted"},
    "placeholder_key": {"key_kind": "placeholder"},
}


@pytest.mark.parametrize("name", sorted(load_scenarios()))
def test_every_scenario_checks_cleanly(sb, name):
    f = check_account(sb.key_for(name), api_base=sb.url)
    for fact, value in EXPECTED.get(name, {"charges_enabled": True}).items():
        assert f.facts[fact] == value, (name, fact, f.facts)
    if name != "placeholder_key":
        assert f.evidence.account["id"].startswith("acct_")
        assert all(f.evidence.checked.values())


def test_failures_of_several_customers_are_a_worklist_not_the_cases_facts(sb):
    f = check_account(sb.key_for("card_decline_mix"), api_base=sb.url)
    assert not {"decline_code", "decline_codes", "error", "purchase"} & set(f.facts)
    rows = [(c.customer, c.failures, c.codes) for c in f.customers]
    assert rows[0] == ("b•••@example.com", 3, ("insufficient_funds", "generic_decline"))
    assert {r[0] for r in rows} == {"b•••@example.com", "d•••@example.com", "f•••@example.com"}


def test_failed_payments_table(sb):
    f = check_account(sb.key_for("card_decline_mix"), api_base=sb.url)
    rows = f.evidence.failed_payments
    codes = {r["decline_code"] for r in rows}
    assert codes == {"insufficient_funds", "expired_card", "incorrect_cvc", "generic_decline"}
    assert all(r["customer"].endswith("@example.com") for r in rows)
    assert f.evidence.mode == "live"


def test_subscriptions_and_invoices_in_trouble(sb):
    f = check_account(sb.key_for("recurring_decline"), api_base=sb.url)
    assert [s["status"] for s in f.evidence.subscriptions] == ["past_due"]
    assert f.evidence.invoices[0]["attempt_count"] == 3


def test_placeholder_and_publishable_keys_never_reach_stripe(sb):
    check_account("sk_live_...", api_base=sb.url)
    check_account("pk_live_" + "a" * 24, api_base=sb.url)
    assert sb.requests == []


def test_invalid_key_401(sb):
    f = check_account(CANARY, api_base=sb.url)
    assert "invalid or has been revoked" in f.problems[0]
    assert f.facts["key_kind"] == "live_restricted"


def test_permission_403_names_the_permission(sb):
    sb.inject(status=403, endpoint="charges")
    f = check_account(sb.key_for("healthy"), api_base=sb.url)
    assert any("“Charges (read)”" in p for p in f.problems)
    assert f.evidence.checked["account"] and not f.evidence.checked["charges"]
    assert f.facts["charges_enabled"] is True  # the rest still ran


def test_rate_limit_storm_gives_clear_message(sb):
    sb.inject(status=429)
    f = check_account(sb.key_for("healthy"), api_base=sb.url, backoff=0.01)
    assert any("rate-limiting" in p for p in f.problems)


def test_short_rate_limit_is_retried_then_succeeds(sb):
    sb.inject(status=429, times=5)  # one 429 for each of the five requests
    f = check_account(sb.key_for("card_decline_mix"), api_base=sb.url, backoff=0.01)
    assert f.ok and f.facts["scope"] == "one_or_few"
    assert len(sb.requests) == 10


def test_stripe_outage_500(sb):
    sb.inject(status=500)
    f = check_account(sb.key_for("healthy"), api_base=sb.url)
    assert f.problems == [p for p in f.problems if "Stripe's side" in p] and len(f.problems) == 1


def test_timeout(sb):
    sb.inject(latency_ms=2000)
    t = time.perf_counter()
    f = check_account(sb.key_for("healthy"), api_base=sb.url, timeout=0.3)
    assert time.perf_counter() - t < 1.9
    assert any("could not be reached" in p for p in f.problems)


def test_malformed_json(sb):
    sb.inject(malformed=True, endpoint="charges")
    f = check_account(sb.key_for("healthy"), api_base=sb.url)
    assert f.problems and f.evidence.checked["account"]


def test_dropped_connections(sb):
    sb.inject(drop=True)
    f = check_account(sb.key_for("healthy"), api_base=sb.url)
    assert any("could not be reached" in p for p in f.problems)
    assert f.facts["key_kind"] == "live_restricted"


def test_dropped_then_recovered_is_retried_by_the_sdk(sb):
    sb.inject(drop=True, times=5)
    f = check_account(sb.key_for("card_decline_mix"), api_base=sb.url)
    assert f.ok and f.facts["scope"] == "one_or_few"


def test_unreachable_stripe():
    f = check_account("rk_live_" + "b" * 24, api_base="http://127.0.0.1:9", timeout=0.5)
    assert any("could not be reached" in p for p in f.problems)


# --- GET only ------------------------------------------------------------------------------------

def test_guard_blocks_post_before_sending(sb):
    client = read_only_client(sb.key_for("healthy"), api_base=sb.url)
    with pytest.raises(NonGetRequestError) as exc:
        client.v1.customers.create(params={"email": "x@example.com"})
    with pytest.raises(NonGetRequestError):
        client.v1.charges.update("ch_123", params={"description": "x"})
    with pytest.raises(NonGetRequestError):
        client.v1.subscriptions.cancel("sub_123")
    assert sb.requests == []
    assert sb.key_for("healthy") not in str(exc.value)


def test_guard_allows_get(sb):
    client = read_only_client(sb.key_for("healthy"), api_base=sb.url)
    assert client.v1.accounts.retrieve_current().id.startswith("acct_")
    assert sb.requests == [("GET", "/v1/account")]


def test_sandbox_refuses_writes_from_an_unguarded_client(sb):
    client = stripe.StripeClient(sb.key_for("healthy"), base_addresses={"api": sb.url})
    with pytest.raises(stripe.StripeError):
        client.v1.customers.create(params={"email": "x@example.com"})


# --- the key never leaks ----------------------------------------------------------------------------

@pytest.mark.parametrize("fault", [None, 401, 403, 429, 500])
def test_canary_key_never_in_finding_logs_or_errors(sb, caplog, fault):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("stripe").setLevel(logging.DEBUG)
    if fault:
        sb.inject(status=fault)
    f = check_account(CANARY, api_base=sb.url, backoff=0.01)
    f2 = check_account(CANARY, api_base="http://127.0.0.1:9", timeout=0.3)
    blob = repr(f) + repr(f2) + caplog.text
    assert CANARY not in blob
    assert CANARY[8:] not in blob
