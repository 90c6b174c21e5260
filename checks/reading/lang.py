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
_detector = None
_wide = None


def _build():
    global _detector
    with _lock:
        if _detector is None:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in CODES]
            _detector = (LanguageDetectorBuilder.from_languages(*langs).with_minimum_relative_distance(0.1)
                         .with_low_accuracy_mode().build())
    return _detector


@lru_cache(maxsize=4096)
def detect(sentence: str) -> str | None:
    """The language of a sentence among CODES, or None when lingua is not sure."""
    values = _build().compute_language_confidence_values(sentence)
    if not values:
        return None
    top = values[0]
    if top.value < MIN_CONFIDENCE:
        return None
    return top.language.iso_code_639_1.name.lower()


def _build_wide():
    global _wide
    with _lock:
        if _wide is None:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in WIDE_CODES]
            _wide = (LanguageDetectorBuilder.from_languages(*langs).with_minimum_relative_distance(0.1)
                     .with_low_accuracy_mode().build())
    return _wide


@lru_cache(maxsize=1024)
def detect_message(text: str) -> str | None:
    """The language of a whole message among WIDE_CODES, or None when lingua is not sure (or it is English)."""
    values = _build_wide().compute_language_confidence_values(text)
    if not values or values[0].value < MIN_WIDE_CONFIDENCE:
        return None
    code = values[0].language.iso_code_639_1.name.lower()
    return None if code == "en" else code
