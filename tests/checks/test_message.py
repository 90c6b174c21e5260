"""read_message(): every documented message and its variants, typos, symptoms, garbage, 5 MB."""

from __future__ import annotations

import os

import pytest

from checks.message import read_message, recognise

DOCUMENTED = {
    "Connection failed: Stripe account does not match": "account_mismatch",
    "The user denied your request": "user_denied",
    "This Stripe account has already been integrated": "already_integrated",
    "Ineligible accounts": "ineligible_account",
    "Product configuration incomplete": "product_config_incomplete",
}


@pytest.mark.parametrize(("message", "error"), DOCUMENTED.items())
@pytest.mark.parametrize(
    "wrap",
    [
        "{}",
        "Error: \u201c{}\u201d",
        "\"{}\"",
        str.lower,
        str.upper,
        "Hi team,\n\nWhen I try to connect I get this: '{}' in the integration screen.\n"
        "What should I do?\n\nThanks,\nMaria",
    ],
    ids=["plain", "curly-quotes", "quotes", "lower", "upper", "email"],
)
def test_documented_errors_and_variants(message, error, wrap):
    text = wrap(message) if callable(wrap) else wrap.format(message)
    assert read_message(text)["error"] == error


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("Conection failed: Stripe acount does not match", "account_mismatch"),
        ("the usr denied you request", "user_denied"),
        ("This stripe acount has allready been integrated!!", "already_integrated"),
        ("product configuraton incomplete", "product_config_incomplete"),
    ],
)
def test_typos_are_tolerated(text, error):
    assert read_message(text)["error"] == error


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Your card has insufficient funds.", "insufficient_funds"),
        ("your card has expired", "expired_card"),
        ("Your card's security code is incorrect.", "incorrect_cvc"),
        ("Your card number is incorrect.", "incorrect_number"),
        ("Your card was declined.", "generic_decline"),
        ("Your card was declined. Your request was in live mode, but used a known test card.",
         "testmode_decline"),
        ("Customer wrote: my payment didnt work, it said 'Your card has insuficient funds'",
         "insufficient_funds"),
        ("decline_code: do_not_honor", "do_not_honor"),
    ],
)
def test_stripe_decline_messages(text, code):
    facts = read_message(text)
    assert facts["error"] == "card_declined"
    assert facts["decline_code"] == code


def test_recognition_says_what_it_recognised():
    rec = recognise("Your card has insufficient funds.")
    assert "Stripe's error 'Your card has insufficient funds' → decline code insufficient_funds" in [
        m.describe() for m in rec.matches
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the continue button is greyed out on my checkout", {"continue_inactive": True}),
        ("Continue button grayed-out??", {"continue_inactive": True}),
        ("a subscription payment failed last night", {"purchase": "recurring"}),
        ("None of my customers can pay!", {"scope": "all"}),
        ("nobody can pay since yesterday", {"scope": "all"}),
        ("her PayPal subscription renewal failed", {"processor": "paypal", "purchase": "recurring"}),
        ("the wizard shows a red hourglass", {"product_config": "incomplete"}),
    ],
)
def test_plain_words_symptoms(text, expected):
    facts = read_message(text)
    for key, value in expected.items():
        assert facts[key] == value


def test_key_in_text_gives_kind_not_key():
    secret = "sk_test_" + "a1B2c3D4" * 4
    facts = read_message(f"my integration has {secret} in it")
    assert facts["key_kind"] == "test_secret"
    assert secret not in repr(recognise(f"my integration has {secret} in it"))
    assert read_message("Key: sk_live_...")["key_kind"] == "placeholder"


def test_unrelated_text_recognises_nothing():
    assert read_message("Hello, I would like to know your opening hours. Thanks!") == {}


@pytest.mark.parametrize(
    "junk",
    ["", "   ", "\x00\x01\x02\xff", "🙂" * 1000, "<script>alert(1)</script>", None, 42,
     b"\x89PNG\r\n\x1a\n\x00\x00", os.urandom(4096)],
)
def test_garbage_never_raises(junk):
    assert isinstance(read_message(junk), dict)


def test_five_megabytes_of_log_with_an_error_inside():
    filler = "2026-11-24T10:00:00Z INFO request served in 12ms path=/checkout status=200\n"
    text = filler * (5_000_000 // len(filler)) + "ERROR: The user denied your request\n"
    assert len(text) > 4_900_000
    assert read_message(text)["error"] == "user_denied"


def test_five_megabytes_of_random_text():
    text = os.urandom(5_000_000).decode("latin-1")
    assert isinstance(read_message(text), dict)


# --- The fast paths of a huge paste read what the plain definition reads -----------------------------

import re as _re  # noqa: E402

from hypothesis import given as _given  # noqa: E402
from hypothesis import settings as _settings  # noqa: E402
from hypothesis import strategies as _st  # noqa: E402

import checks.message as _message  # noqa: E402
from checks.reading import elision as _elision  # noqa: E402

_PLAIN_ELISION = _re.compile(r"(?<![\w'\u2019])([dljmnst]|qu)['\u2019](?=[^\W\d_])")
_LATIN1_AND_MORE = _st.lists(_st.characters(max_codepoint=0xFF) | _st.sampled_from(
    ["\u03bc", "\u0130", "\u2044", "\u0301", "\u4e00", "\u2019", "d'", "qu'", "stripe's "]), max_size=60).map("".join)


@_settings(max_examples=400, deadline=None)
@_given(_st.text(alphabet="dlqutsxe'\u2019 1_\u00e9\u00b2\n", max_size=30) | _LATIN1_AND_MORE)
def test_elisions_split_as_the_plain_pattern_splits_them(text):
    """The apostrophe-first search (5x faster on a 5 MB paste) splits exactly what the look-behind pattern did."""
    assert _elision.split(text) == _PLAIN_ELISION.sub(r"\1 ", text)


@_settings(max_examples=400, deadline=None)
@_given(_LATIN1_AND_MORE | _st.binary(max_size=120).map(lambda b: b.decode("latin-1")))
def test_a_huge_pastes_bytes_path_normalises_as_the_regex_does(text):
    """A text over LONG_TEXT is normalised through Latin-1 bytes: the same words as the plain regex."""
    lowered = _elision.split(_message._STRIPES.sub("stripe", text.casefold()))
    plain = " " + _message._NON_WORD.sub(" ", lowered.replace("'", "").replace("\u2019", "").replace("`", "")) \
        .strip() + " "
    padded = text + " " * (_message.LONG_TEXT + 1)  # long enough for the fast path; spaces change no word
    assert _message._normalise(padded) == plain


def test_what_was_recognised_in_words_names_no_concept_id():
    """The conversation's "recognised" list reaches the API and Help Scout's sidebar: a concept read from plain
    words is said as what the words meant, never as its id ("scope one or few", "processor stripe in words")."""
    import knowledge
    from checks.message import recognise

    ids = {c.id.replace("_", " ") for c in knowledge.load().concepts}
    for text in ("Only one customer can't pay, everyone else is fine. We take payments with Stripe.",
                 "Nobody can check out since Monday.",
                 "We have two Stripe accounts and I'm not sure which one is linked to Kartra."):
        said = [m.describe() for m in recognise(text).matches]
        assert said, text
        assert not [s for s in said if any(i in s for i in ids)], said
        assert any(s.startswith("words that say: ") for s in said), said
