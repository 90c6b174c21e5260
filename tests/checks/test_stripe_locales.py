"""Stripe's own card-error strings, in every locale its Android and iOS SDKs ship
(knowledge/stripe_locales/), are read: alone, inside a one-line e-mail and inside a whole e-mail with a
signature, each giving the decline code, the error and the customer's language, with the reply in that
language where payassist has one and in English (said to the seller) where it hasn't."""

from __future__ import annotations

import re
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import knowledge
from checks.message import read_message, recognise
from checks.reading.stripe_locales import catalogue
from rules import advise

STRINGS = catalogue()
#: The languages payassist has reply text in (knowledge/replies.yaml; knowledge/languages.yaml reads them).
REPLY_LANGUAGES = frozenset(lang for kind in knowledge.load().replies for lang in kind.text)

ONE_LINE = "Hi, my customer got this at checkout: «{}» — can you help?"
WHOLE_EMAIL = """Hello Kartra support,

One of my buyers tried to pay for the Spring Bootcamp this morning and sent me a screenshot.
The checkout page said:

{}

She tried twice with the same card. What should I tell her?

Thanks a lot,
Maria Lopez
Founder, Bloom Coaching
+1 (555) 010-0199 | bloomcoaching.example
Sent from my iPhone"""


def _id(s) -> str:
    return f"{s.locale}-{s.code}-{zlib.crc32(s.norm.encode()) % 10_000:04d}"


def _expected_language(s) -> str | None:
    return None if s.language == "en" else s.language


@pytest.mark.parametrize("string", STRINGS, ids=_id)
@pytest.mark.parametrize("wrap", ["{}", ONE_LINE, WHOLE_EMAIL], ids=["alone", "one-line e-mail", "whole e-mail"])
def test_every_catalogue_string_gives_its_decline_code_and_language(string, wrap):
    facts = read_message(wrap.format(string.text))
    assert facts.get("error") == "card_declined", (string.locale, string.text, facts)
    assert facts.get("decline_code") == string.code, (string.locale, string.text, facts)
    assert facts.get("language") == _expected_language(string), (string.locale, string.text, facts)


@pytest.mark.parametrize("string", STRINGS, ids=_id)
def test_the_reply_is_in_the_customers_language_or_falls_back_to_english_and_says_so(string):
    text = ONE_LINE.format(string.text)
    facts = read_message(text)
    reply = advise(facts).customer_reply
    english = advise({**facts, "language": "en"}).customer_reply
    assert reply, f"no reply for {string.code}"
    said = recognise(text).summary()
    if string.language == "en":
        assert reply == english
    elif string.language in REPLY_LANGUAGES:
        assert reply != english, f"{string.locale}: the reply should be in {string.language}"
        assert "reply to the customer is in English" not in said
    else:
        assert reply == english
        assert "reply to the customer is in English" in said, said


# --- Regional variants Stripe ships (they failed before: only stripe-android's 37 folders were read) ---

@pytest.mark.parametrize(("text", "code", "language"), [
    # en-GB (stripe-ios en-GB.lproj; stripe-android values-en-rGB)
    ("Your card's expiry month is invalid", "invalid_expiry_month", None),
    ("Your card's expiry year is invalid", "invalid_expiry_year", None),
    ("Your card number is invalid.", "invalid_number", None),
    # fr-CA (stripe-ios fr-CA.lproj; stripe-android values-fr-rCA)
    ("Votre numéro de carte n'est pas valide", "invalid_number", "fr"),
    ("Le numéro de votre carte n'est pas valide.", "invalid_number", "fr"),
    ("L'année d'expiration de votre carte n'est pas valide", "invalid_expiry_year", "fr"),
    # mt, Maltese (stripe-ios mt.lproj; stripe-android values-mt)
    ("Il-karta tiegħek skadiet", "expired_card", "mt"),
    ("In-numru tal-karta tiegħek mhux tajjeb", "invalid_number", "mt"),
    ("Il-kard tiegħek ma ġietx aċċettata", "generic_decline", "mt"),
    # es-419 (stripe-ios es-419.lproj; stripe-android values-b+es+419)
    ("El mes de vencimiento de tu tarjeta no es válido.", "invalid_expiry_month", "es"),
    # pt-PT, nn-NO, zh-Hant, ar-SA (stripe-ios)
    ("O ano de validade do seu cartão é inválido", "invalid_expiry_year", "pt"),
    ("Kortet vart avvist", "generic_decline", "nn"),
    ("您的金融卡的安全碼無效", "invalid_cvc", "zh"),
    ("تم رفض بطاقتك", "generic_decline", "ar"),
])
@pytest.mark.parametrize("wrap", ["{}", ONE_LINE, WHOLE_EMAIL], ids=["alone", "one-line e-mail", "whole e-mail"])
def test_regional_variants_stripe_ships_are_read(text, code, language, wrap):
    facts = read_message(wrap.format(text))
    assert facts.get("error") == "card_declined" and facts.get("decline_code") == code, facts
    assert facts.get("language") == language, facts


def test_a_maltese_decline_says_the_reply_is_in_english():
    text = ONE_LINE.format("Il-karta tiegħek m'għaddietx")
    assert read_message(text)["language"] == "mt"
    assert "payassist has no Maltese reply text: the reply to the customer is in English" in recognise(text).summary()


# --- The catalogue itself ------------------------------------------------------------------------------

CORE_MEANINGS = {"generic_decline", "expired_card", "invalid_number", "invalid_cvc", "processing_error",
                 "authentication_required", "invalid_expiry_month", "invalid_expiry_year"}


@pytest.mark.parametrize("language", ["el", "cs", "bg", "lt", "pt", "mt", "nn", "ar", "fr", "de", "ja", "zh"])
def test_each_language_carries_every_card_error_meaning(language):
    """el, cs, bg, lt and pt-PT had 3 strings from stripe-android alone; stripe-ios completes them, and
    brings mt, nn and ar whole."""
    have = {s.code for s in STRINGS if s.language == language}
    missing = CORE_MEANINGS - have
    assert not missing, f"{language} lacks {sorted(missing)}"


def test_both_sdks_and_their_regional_variants_are_in_the_catalogue():
    locales = {s.locale for s in STRINGS}
    assert {"en-GB", "fr-CA", "es-419", "pt-PT", "pt-BR", "zh-HK", "zh-Hant", "mt", "nn-NO"} <= locales
    assert len({s.language for s in STRINGS}) >= 37
    assert {s.source.split()[0] for s in STRINGS} == {"stripe/stripe-android", "stripe/stripe-ios"}


@pytest.mark.parametrize("string", STRINGS, ids=_id)
def test_every_string_cites_repository_path_and_commit(string):
    repo, path, at, commit = string.source.split(" ", 3)
    assert repo in ("stripe/stripe-android", "stripe/stripe-ios") and at == "@"
    assert re.fullmatch(r"[0-9a-f]{40}", commit)
    assert "{dir}" not in path and path.endswith(("/strings.xml", "/Localizable.strings"))


# --- Property: anywhere in any text ---------------------------------------------------------------------

FILLER = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 .,;:!?()\n", max_size=300)


@settings(max_examples=300, deadline=None)
@given(string=st.sampled_from(STRINGS), before=FILLER, after=FILLER)
def test_a_catalogue_string_anywhere_in_random_ascii_filler_is_still_read(string, before, after):
    facts = read_message(f"{before} {string.text} {after}")
    assert facts.get("decline_code") == string.code, (string.locale, string.text, facts)
    assert facts.get("language") == _expected_language(string), (string.locale, string.text, facts)


def test_an_english_string_between_noise_is_not_read_as_another_language():
    """Hypothesis found it: "om … bbv0om" around Stripe's English string made the language detector say
    French, so the reply would have been drafted in French."""
    facts = read_message("om Your card's expiration month is invalid bbv0om")
    assert facts.get("decline_code") == "invalid_expiry_month" and facts.get("language") is None
