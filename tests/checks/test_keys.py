"""classify_key: every kind of thing a person types into the key field."""

from __future__ import annotations

import pytest

from checks.keys import classify_key
from checks.redact import mask

BODY = "a1B2c3D4e5F6g7H8i9J0k1L2"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"sk_live_{BODY}", "live_secret"),
        (f"sk_test_{BODY}", "test_secret"),
        (f"rk_live_{BODY}", "live_restricted"),
        (f"rk_test_{BODY}", "test_restricted"),
        (f"pk_live_{BODY}", "live_publishable"),
        (f"pk_test_{BODY}", "test_publishable"),
        ("your key here", "placeholder"),
        ("xxxxxxxxxxxx", "placeholder"),
        ("sk_live_...", "placeholder"),
        ("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "placeholder"),  # a fake, placeholder key
        ("<secret key>", "placeholder"),
        ("", "placeholder"),
        ("hello", "malformed"),
        ("sk_live_abc123", "malformed"),  # truncated
        (f"sk_live_{BODY[:10]} {BODY[10:]}", "malformed"),  # space inside
        ("4242 4242 4242 4242", "malformed"),
    ],
)
def test_kinds(text, kind):
    assert classify_key(text).facts == {"key_kind": kind}


@pytest.mark.parametrize("wrapped", [f"  sk_live_{BODY}\n", f"\"sk_live_{BODY}\"", f"\u201csk_live_{BODY}\u201d"])
def test_whitespace_and_quotes_are_stripped_and_said(wrapped):
    f = classify_key(wrapped)
    assert f.facts["key_kind"] == "live_secret"
    assert f.evidence.notes


def test_explanations():
    assert "publishable" in classify_key(f"pk_live_{BODY}").problems[0]
    assert "can't process real payments" in classify_key(f"sk_test_{BODY}").problems[0]
    assert "can't communicate with Stripe at all" in classify_key("your key here").problems[0]
    assert "cut off" in " ".join(classify_key("sk_live_abc123").evidence.notes)
    assert "restricted" in classify_key(f"sk_live_{BODY}").evidence.advice
    assert classify_key(f"rk_live_{BODY}").ok


def test_key_never_in_finding():
    key = f"sk_live_CANARY{BODY}"
    f = classify_key(key)
    assert key not in repr(f)
    assert f.evidence.masked == "sk_live_…k1L2" == mask(key)


def test_huge_and_odd_input():
    assert classify_key("x" * 5_000_000).facts["key_kind"] == "placeholder"
    assert classify_key("\x00\xff" * 1000).facts["key_kind"] == "malformed"
    assert classify_key(None).facts["key_kind"] == "placeholder"  # type: ignore[arg-type]
