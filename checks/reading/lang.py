"""The customer's language with lingua, restricted to the languages the replies cover.

lingua-language-detector is accurate on short texts (a sentence of a ticket), where counting common
words is not ("Ninguém consegue pagar no meu checkout" has one Portuguese stopword). It is asked only
about sentences the cheap stopword count leaves open, and only chooses among the reply languages
plus English, so a short English sentence is not read as Dutch. The detector is built once, on the
first sentence that needs it (its models load then: about a second; see BENCHMARKS.md).

A second detector, over every language Stripe shows card errors in (knowledge/facts.yaml's `language`), names
the language of a whole message the reader found a customer's payment problem in but no language for ("Hei,
kassalla Jatka-painike on harmaa …" is Finnish): built on the first such message (about 0.3 s, 50 MB).

(Word forms come from simplemma through a table built once: checks/reading/lemmas.py.)
"""

from __future__ import annotations

import threading
from functools import lru_cache

#: ISO 639-1 codes the replies cover (knowledge/facts.yaml `language`), plus English.
CODES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "ja")
#: lingua's confidence the top language needs (values sum to 1 over the candidates).
MIN_CONFIDENCE = 0.6

#: Stripe's other locales lingua knows (Filipino, Maltese and Nynorsk it does not, or not apart).
WIDE_CODES = (*CODES, "ru", "tr", "ko", "zh", "da", "fi", "el", "cs", "hu", "nb", "ro", "th", "vi", "id", "bg", "hr",
              "sk", "lt", "sl", "lv", "et", "ms", "ca", "ar")
#: ... and the confidence a whole message's language needs there
MIN_WIDE_CONFIDENCE = 0.8

_lock = threading.Lock()
_detectors: dict[tuple[str, ...], object] = {}


def _build(codes: tuple[str, ...] = CODES):
    """lingua's detector over ``codes``, built once (the reply languages', or all of Stripe's locales')."""
    with _lock:
        if codes not in _detectors:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
            _detectors[codes] = (LanguageDetectorBuilder.from_languages(*langs).with_minimum_relative_distance(0.1)
                                 .with_low_accuracy_mode().build())
    return _detectors[codes]


def _confidences(text: str, codes: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """lingua's (ISO code, confidence) for ``text`` among ``codes``, most likely first."""
    return tuple((v.language.iso_code_639_1.name.lower(), v.value)
                 for v in _build(codes).compute_language_confidence_values(text))


#: a whole message's confidences over every locale, computed once for the two questions asked of them
_wide = lru_cache(maxsize=1024)(lambda text: _confidences(text, WIDE_CODES))


def _top(values: tuple[tuple[str, float], ...], minimum: float) -> str | None:
    """The most likely language, or None below ``minimum`` confidence."""
    if not values or values[0][1] < minimum:
        return None
    return values[0][0]


@lru_cache(maxsize=4096)
def detect(sentence: str) -> str | None:
    """The language of a sentence among CODES, or None when lingua is not sure."""
    return _top(_confidences(sentence, CODES), MIN_CONFIDENCE)


def detect_outside(text: str) -> str | None:
    """The likeliest of Stripe's other locales for ``text`` when lingua is sure it is none of the reply languages,
    though not which of two close ones it is ("jeg prøver å bestille kurset" is Bokmål at 52%, Danish at 48%): a
    reply language voted for by a few shared words ("er", "men") is then the one answer known to be wrong."""
    outside = [(code, value) for code, value in _wide(text) if code not in CODES]
    if not outside or sum(value for _, value in outside) < MIN_WIDE_CONFIDENCE:
        return None
    return _by_letters(outside[0][0], text)


def detect_message(text: str) -> str | None:
    """The language of a whole message among WIDE_CODES, or None when lingua is not sure (or it is English)."""
    code = _top(_wide(text), MIN_WIDE_CONFIDENCE)
    return None if code == "en" else _by_letters(code, text)


#: Close languages lingua confuses on a short text, told apart by a letter only one of them writes: Czech's ř, ů
#: and ě are not Slovak ("Jeden zákazník zadal při nákupu …" read as Slovak), Slovak's ľ, ĺ, ŕ and ô not Czech;
#: Croatian's ć and đ are not Slovenian.
_OWN_LETTERS = {"sk": ("cs", "řůě", "ľĺŕô"), "cs": ("sk", "ľĺŕô", "řůě"), "sl": ("hr", "ćđ", "")}


def _by_letters(code: str | None, text: str) -> str | None:
    if code not in _OWN_LETTERS:
        return code
    other, theirs, ours = _OWN_LETTERS[code]
    low = text.casefold()
    if any(c in low for c in theirs) and not any(c in low for c in ours):
        return other
    return code
