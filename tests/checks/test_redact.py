"""Redaction on real-world shapes: glued, encoded, JSON-escaped and e-mail-wrapped keys.

The property: for any key, any prefix and suffix text, any encoding of its underscores and any
line wrap an e-mail client makes, no 16-character window of the secret survives.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.redact import WRAP_MIN, mask, redact

BODY = "51Hq" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0Ed" * 2 + "CANARYend"
KEY = f"sk_live_{BODY}"


def leaks(text: str, body: str = BODY) -> list[str]:
    return [body[i:i + 16] for i in range(len(body) - 15) if body[i:i + 16] in text]


def test_the_issues_reproductions_are_masked():
    cases = [
        f"Authorization: Bearer{KEY}",
        f'{{"error": "authfailed\\n{KEY}"}}',
        "https://x.test/hook?key%3D" + KEY.replace("sk_", "rk_"),
        f"STRIPE_SECRET_KEY_{KEY.replace('live', 'test')}",
        f"> {KEY[:72]}\n> {KEY[72:]}\n> Thanks",
        f">> {KEY[:66]}\n>>   {KEY[66:]}",
    ]
    for text in cases:
        out = redact(text)
        assert leaks(out) == [], (text, out)
        assert "…" in out


def test_encoded_underscores():
    for sep in ("%5F", "%5f", "%255F", "\\u005f", "\\u005F", "\\x5f", "&#95;", "&#x5f;", "&lowbar;"):
        text = f"key={KEY.replace('_', sep)}&x=1"
        assert leaks(redact(text)) == [], sep


def test_plain_text_is_untouched():
    for text in ("sketch the rk plan", "pk_", "Bearer token", "skip_live_test", "task_lively"):
        assert redact(text) == text
    assert redact("sk_live_") == "sk_live_…"


def test_mask_shows_only_kind_mode_and_last_four():
    assert mask(KEY) == "sk_live_…Yend"
    assert mask("  rk_test_abcdefgh  ") == "rk_test_…efgh"
    assert mask("not a key at all") == "…_all".replace("_", " ")


prefixes = st.sampled_from(["", " ", "Bearer", "key=", "key%3D", "STRIPE_KEY_", "authfailed\\n", "\n> ", "'", '"',
                            "x", "Authorization: Bearer ", "sk_", "token:"])
suffixes = st.sampled_from(["", " ", ".", "\n", "\\n", '"', "&x=1", ",", "Thanks", "\n> Thanks"])
separators = st.sampled_from(["_", "%5F", "%255F", "\\u005f", "&#95;"])
bodies = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=24,
                 max_size=110)
quote_prefixes = st.sampled_from(["> ", ">> ", "  ", "> > ", ""])


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from(["sk", "rk", "pk"]), mode=st.sampled_from(["live", "test"]), body=bodies,
       pre=prefixes, post=suffixes, sep=separators, text=st.text(alphabet=" .,;:!?-éü\n>()", max_size=40))
def test_no_window_of_any_key_survives_any_wrapping(kind, mode, body, pre, post, sep, text):
    key = f"{kind}{sep}{mode}{sep}{body}"
    assert leaks(redact(f"{text}{pre}{key}{post}{text}"), body) == []


@settings(max_examples=300, deadline=None)
@given(body=bodies, quote=quote_prefixes, width=st.integers(min_value=WRAP_MIN + 2, max_value=90),
       lead=st.text(alphabet="abc ", max_size=30), newline=st.sampled_from(["\n", "\r\n", "\\n"]))
def test_no_window_survives_an_email_wrap(body, quote, width, lead, newline):
    """An e-mail client hard-wraps a line holding a key at ``width`` columns, with a quote prefix."""
    line = f"{quote}{lead}sk_live_{body}"
    pieces = [line[:width]] + [line[i:i + width - len(quote)] for i in range(width, len(line), width - len(quote))]
    wrapped = (newline + quote).join(pieces) + newline + quote + "Regards"
    assert leaks(redact(wrapped), body) == []
