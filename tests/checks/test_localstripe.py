"""The live check against localstripe: a Stripe emulator the project did not write."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import stripe

from checks.stripe_live import check_account
from tests.helpers import free_port

KEY = "sk_test_" + "LocalStripe0000000000000"


def _localstripe() -> list[str] | None:
    exe = Path(sys.executable).with_name("localstripe")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("localstripe")
    return [found] if found else None


@pytest.fixture(scope="module")
def localstripe(tmp_path_factory):
    cmd = _localstripe()
    if cmd is None:
        pytest.skip("localstripe is not installed")
    port = free_port()
    proc = subprocess.Popen([*cmd, "--port", str(port), "--from-scratch"], cwd=tmp_path_factory.mktemp("ls"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/v1/charges", timeout=1)
            except urllib.error.HTTPError:
                break  # it answers (401 without a key): it is up
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("localstripe did not start")
                time.sleep(0.1)
            else:
                break
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_declined_card_seeded_through_the_sdk_is_found(localstripe):
    # Seeding writes, so it uses a plain client; the check itself is GET-only.
    seed = stripe.StripeClient(KEY, base_addresses={"api": localstripe})
    customer = seed.v1.customers.create(params={"email": "declined@example.com"})
    pm = seed.v1.payment_methods.create(params={
        "type": "card", "card": {"number": "4000000000000341", "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
    with pytest.raises(stripe.CardError):
        seed.v1.payment_intents.create(params={
            "amount": 4900, "currency": "usd", "customer": customer.id, "payment_method": pm.id,
            "confirm": True})
    seed.v1.payment_intents.create(params={
        "amount": 4900, "currency": "usd", "customer": customer.id, "confirm": True,
        "payment_method": seed.v1.payment_methods.create(params={
            "type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030,
                                     "cvc": "123"}}).id})

    f = check_account(KEY, api_base=localstripe)
    failed = f.evidence.failed_payments
    assert len(failed) == 1
    assert failed[0]["failure_code"] == "card_declined"
    assert failed[0]["decline_code"] == "generic_decline"
    assert f.facts["error"] == "card_declined"
    # localstripe has no /v1/account: that part degrades, the rest still ran.
    assert f.evidence.checked["account"] is False
    assert f.evidence.checked["charges"] is True
    assert any("not available" in p for p in f.problems)
