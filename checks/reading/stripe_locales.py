"""Stripe's own card-error strings in every locale its SDK ships (knowledge/stripe_locales/).

Stripe's checkout and SDKs show a decline in the customer's language, with Stripe's own wording:
these are read exactly (case, punctuation and quotes aside), alone or inside an e-mail, and give the
decline code and the customer's language. A reply in a language payassist has no reply text for
falls back to English; what was recognised says so to the seller.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

import knowledge
from checks.reading import elision, scripts
from knowledge.exceptions import KnowledgeError

HERE = Path(knowledge.__file__).parent / "stripe_locales"
#: A localised message is looked for in this much of a paste (an e-mail, a chat; not a 5 MB log's tail).
SCAN_CHARS = 1_000_000
#: A first sentence this long is Stripe's message on its own ("Votre carte a été refusée.").
MIN_SENTENCE = 12

_NON_WORD = scripts.NON_WORD
_UNSPACED = scripts.UNSPACED
_LATIN_PARTICLE = scripts.LATIN_PARTICLE
_FIRST = re.compile(r"^(.+?)(?:[.。!！?？]|\s--\s|\s[–—]\s)")


@dataclass(frozen=True)
class LocaleString:
    text: str  #: as Stripe ships it
    norm: str  #: normalised for matching
    code: str  #: the decline code it means
    locale: str  #: knowledge/stripe_locales key ("zh-TW")
    language: str  #: ISO 639-1 ("zh"); "en" for Stripe's English
    source: str  #: repository, path and commit it was copied from


def norm(text: str) -> str:
    """As checks.message.normalise: NFKC, case folded, elisions split, apostrophes dropped, punctuation as
    spaces."""
    text = elision.split(unicodedata.normalize("NFKC", text).casefold()).replace("\u0451", "\u0435")
    text = text.replace("'", "").replace("\u2019", "").replace("`", "")
    text = _LATIN_PARTICLE.sub(" ", text)
    return " " + _NON_WORD.sub(" ", text).strip() + " "


def _source_path(pattern: str, folder: str) -> str:
    """The file a locale was copied from: ``{dir}`` is its folder ("fr-rCA", "fr-CA"); Android's default
    strings live in ``values/``, not ``values-/``."""
    if not folder:
        return pattern.replace("-{dir}", "")
    return pattern.replace("{dir}", folder)


@lru_cache(maxsize=1)
def catalogue() -> tuple[LocaleString, ...]:
    """Every string of every file in knowledge/stripe_locales/ (Android's and iOS's), checked against the
    decline codes and the languages the vocabulary names. A wording both SDKs ship is kept once (the first
    file's, by name); one wording meaning two codes, or two languages, is an error in the files."""
    kb = knowledge.load()
    languages = kb.vocabulary.allowed("language") or frozenset()
    out: list[LocaleString] = []
    seen: dict[str, LocaleString] = {}
    for path in sorted(HERE.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        codes: dict[str, str] = data["codes"]
        for name, code in codes.items():
            if code not in kb.declines:
                raise KnowledgeError(f"{path.name}: '{name}' means unknown decline code '{code}'")
        repo, pattern = data["source"]["repo"], data["source"]["path"]
        for locale, entry in data["locales"].items():
            where = f"{repo} {_source_path(pattern, entry['dir'])}"
            language = entry.get("language") or locale.split("-")[0].lower()
            if language != "en" and language not in languages:
                raise KnowledgeError(f"{path.name}: {locale} is in '{language}', a language facts.yaml doesn't name")
            for name, text in entry["strings"].items():
                if name not in codes:
                    raise KnowledgeError(f"{path.name}: {locale} has a string '{name}' with no code")
                s = LocaleString(text, norm(text), codes[name], locale, language, f"{where} @ {entry['commit']}")
                before = seen.get(s.norm)
                if before is not None:
                    if (before.code, before.language) != (s.code, s.language):
                        raise KnowledgeError(f"{path.name}: {locale} '{text}' is also {before.locale}'s "
                                             f"'{before.text}' with another meaning or language")
                    continue
                seen[s.norm] = s
                out.append(s)
    return tuple(out)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, str, LocaleString], ...]:
    """(key, pattern, string): the whole message and its first sentence, each with the longest word as key
    (a text without that word can't hold the message), longest first."""
    out = []
    for s in catalogue():
        variants = {s.norm}
        first = _FIRST.match(s.text)
        if first and len(first.group(1)) >= MIN_SENTENCE and first.group(1) != s.text:
            variants.add(norm(first.group(1)))
        for v in sorted(variants):
            words = v.split()
            key = max(words, key=len) if words else ""
            out.append((key, v, s))
    return tuple(sorted(out, key=lambda t: -len(t[1])))


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[int, ...]], frozenset[int]]:
    """Positions in _patterns() by key word, and those written without spaces (Chinese, Japanese, Korean,
    Thai: looked for as substrings). With ~500 patterns a message looks only at those whose key it holds,
    not at every pattern."""
    by_key: dict[str, list[int]] = {}
    unspaced: list[int] = []
    for i, (key, pattern, _s) in enumerate(_patterns()):
        if _UNSPACED.search(pattern):
            unspaced.append(i)
        else:
            by_key.setdefault(key, []).append(i)
    return {k: tuple(v) for k, v in by_key.items()}, frozenset(unspaced)


def matches(norm_text: str, words: frozenset[str] | None = None) -> list[LocaleString]:
    """The locale strings in a normalised text (checks.message.normalise), one per code and language.
    ``words``: the text's words, when the caller has them already."""
    head = norm_text[:SCAN_CHARS]
    if words is None:  # (the whole text's words are a superset of the head's: still a sound filter)
        words = frozenset(head.split())
    by_key, unspaced = _index()
    candidates: set[int] = set()
    if len(words) < len(by_key):
        for w in words:
            candidates.update(by_key.get(w, ()))
    else:
        for k, positions in by_key.items():
            if k in words:
                candidates.update(positions)
    if unspaced and _UNSPACED.search(head):
        candidates.update(unspaced)
    pats = _patterns()
    found: dict[tuple[str, str], LocaleString] = {}
    for i in sorted(candidates):  # (the patterns' order: longest first)
        _key, pattern, s = pats[i]
        if (s.code, s.language) in found:
            continue
        if (pattern.strip() if i in unspaced else pattern) in head:
            found[(s.code, s.language)] = s
    return list(found.values())


#: OCR reads a capital I as l and l as I ("Das Guthaben auf lhrer Karte"): both fold to one letter.
_CONFUSABLE = str.maketrans({"i": "l", "ı": "l", "1": "l", "ł": "l"})  # (OCR reads Polish ł as | or l)


def fold(norm_text: str) -> str:
    """A normalised text without its accents and with OCR's I/l swaps folded away: how a customer retypes
    Stripe's message on a keyboard without its letters ("El codigo de seguridad … no es valido"), and how a
    screenshot reads ("El c0digo … no es vá|ido")."""
    if not norm_text.isascii():
        decomposed = unicodedata.normalize("NFD", norm_text)
        norm_text = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    return norm_text.translate(_CONFUSABLE)


@lru_cache(maxsize=1)
def _folded() -> dict[str, tuple[tuple[str, LocaleString], ...]]:
    """The spaced patterns folded, by their longest folded word."""
    by_key: dict[str, list[tuple[str, LocaleString]]] = {}
    for _k, p, s in _patterns():
        if _UNSPACED.search(p):
            continue
        folded = fold(p)
        by_key.setdefault(max(folded.split(), key=len), []).append((folded, s))
    return {k: tuple(v) for k, v in by_key.items()}


def matches_folded(norm_text: str) -> list[LocaleString]:
    """The locale strings in a short normalised text, accents and OCR's I/l swaps aside (a retyped message,
    a screenshot; a long text is neither, and the caller reads it with ``matches`` only)."""
    folded = fold(norm_text)
    by_key = _folded()
    candidates = [c for w in set(folded.split()) for c in by_key.get(w, ())]
    found: dict[tuple[str, str], LocaleString] = {}
    for pattern, s in sorted(candidates, key=lambda c: -len(c[0])):  # (longest first, as ``matches``)
        if (s.code, s.language) not in found and pattern in folded:
            found[(s.code, s.language)] = s
    return list(found.values())
