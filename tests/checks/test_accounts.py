"""Which Stripe account to pick when reconnecting, and "already integrated"."""

from __future__ import annotations

from checks.accounts import check_already_integrated, match_account
from rules import advise

PK = "pk_live_" + "51AbCdEfGhIjKlMnOpQrStUv"


def test_exact_match_after_trimming():
    f = match_account(f"  '{PK}' ", [{"name": "Shop A", "publishable_key": "pk_live_" + "x" * 24},
                                     {"name": "Shop B", "publishable_key": PK + "\n"}])
    assert f.facts == {"integration_matches": True}
    assert f.evidence.match == "Shop B"
    assert f.evidence.notes


def test_test_mode_key_copied():
    f = match_account(PK, {"Shop": PK.replace("pk_live_", "pk_test_")})
    assert f.facts["integration_matches"] is False
    assert "Test mode" in f.problems[0]
    assert advise(f.facts).step_ids[:2] == ["seller.match_publishable_key", "seller.reauthenticate_stripe_connection"]


def test_truncated_key():
    f = match_account(PK, {"Shop": PK[:-6]})
    assert "cut off" in f.problems[0]


def test_none_matches():
    f = match_account(PK, {"A": "pk_live_" + "q" * 24, "B": "pk_live_" + "r" * 24})
    assert f.facts["error"] == "account_mismatch"
    assert "None of these accounts" in f.problems[0]


def test_kartra_key_must_be_publishable():
    assert "publishable key" in match_account("sk_live_" + "a" * 24, {}).problems[0]


def test_already_integrated_by_id_or_name():
    integrations = [{"name": "Summit Fitness", "account_id": "acct_1"}]
    assert check_already_integrated({"name": "Other", "account_id": "acct_1"}, integrations).facts == {
        "error": "already_integrated"}
    assert check_already_integrated({"name": "summit fitness"}, integrations).facts
    assert check_already_integrated({"name": "New shop", "account_id": "acct_2"}, integrations).facts == {}
