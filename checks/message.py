"""Recognise documented errors, Stripe and PayPal messages, codes and plain-words symptoms in pasted text.

``read_message(text) -> facts`` accepts whatever a person pastes: an error text, a customer's
whole e-mail with quoted replies, HTML-escaped ticket text, OCR from a screenshot, a JSON log, a
5 MB dump, binary junk. It never raises. Everything it knows is data (knowledge/): the messages
in errors.yaml and decline_codes.yaml, the phrases, the concepts (symptoms by their words within
one sentence, in any order), the languages (a decline by its meaning in the customer's language),
the connection dates. Passes, each linear in the input:

1. prepare: HTML entities and tags, JSON escapes, quote prefixes and OCR digit swaps undone;
2. exact: every known message and phrase over the normalised text (punctuation and case gone);
3. fuzzy: rapidfuzz ``partial_ratio`` for typos, over a bounded number of distinct chunks;
4. codes: ``decline_code=…``, ``"decline_code": "…"``, "the decline code `…`", Stripe's error codes;
5. concepts and languages, sentence by sentence; dates of a Stripe connection made with keys;
6. a learned model (checks/reading/learned.py) fills the connection and which account, where 1–5 left them
   unknown, and abstains when unsure.
"""

from __future__ import annotations

import bisect
import codecs
import html
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any

import knowledge
from checks.keys import classify_key
from checks.reading import attempt, dates, elision, learned, lemmas, lookalike, scripts, stripe_locales, tables
from checks.reading import lang as lang_detect

#: A text this long is a log or a dump: its repeated lines are read once, its words looked up as a set.
LONG_TEXT = 200_000
#: Fuzzy matching looks at no more than this many distinct chunks (bounded work on huge pastes).
MAX_FUZZY_CHUNKS = 400
CHUNK_CHARS = 240
FUZZY_CUTOFF = 88
#: Patterns shorter than this are matched exactly only (OCR swaps aside): fuzzy matches on short text misfire
#: ("and declined" is one edit from "card declined").
FUZZY_MIN_LEN = 14
#: Distinct sentences read for concepts and languages (a 5 MB log has a hundred thousand; a symptom in
#: words is in the first ones people write; messages and codes are read over the whole text).
MAX_SENTENCES = 1000
#: …found in this many characters from the start.
SENTENCES_FROM = 1_000_000
#: OCR's digit-for-letter swaps are undone in texts up to this long (a screenshot's text, not a log).
OCR_MAX_CHARS = 200_000
#: Stripe's localised wording is read with OCR's I/l swaps folded in a paste this short (a screenshot's text),
#: when it holds a swap's trace: an l before a consonant no word starts with, an I or 1 between letters, a |
#: touching a letter.
OCR_LOCALE_CHARS = 20_000
_OCR_LOCALE_HINT = re.compile(r"(?<![^\W\d_])l(?=[bcdfghkmnpqrstvwxzß])|[^\W\d_][I1][^\W\d_]|"
                              r"[^\W\d_]\||\|[^\W\d_]")
MAX_SENTENCE_CHARS = 600

_NON_WORD = scripts.NON_WORD
_SPACES = re.compile(r" {2,}")
_SNAKE = re.compile(r"(?<![\w])[a-z]+(?:_[a-z]+)+(?![\w])")
_SNAKE_WORD = re.compile(r"[a-z]+(?:_[a-z]+)+")
_KEY = re.compile(r"(sk|rk|pk)_(live|test)_([A-Za-z0-9]{8,})(?![A-Za-z0-9*])")
#: "sk_live_..." or "sk_live_xxxx" where a key belongs is placeholder text; "sk_live_****1234" is a masked real key.
_PLACEHOLDER_KEY = re.compile(r"(sk|rk|pk)_(live|test)_(?:\.{2,}|…|[xX]{3,})(?![A-Za-z0-9*])")
#: Lines, not sentences: several of Stripe's messages hold a full stop ("Your card was declined. This …").
_PIECE = re.compile(r"[^\n\r!?;|<>]+")
_TAG = re.compile(r"<[^<>]{0,200}>")
_QUOTE = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")
#: (not after an abbreviation: "cont. button", "Mr. Hadley", "e.g. a renewal" go on)
_SENTENCE = re.compile(r"(?<=[.!?。！？])(?<!\b\d\.)(?<!\b\d\d\.)(?<!\bcont\.)(?<!\bCont\.)(?<!\bMr\.)"
                       r"(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)"
                       r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bapprox\.)(?<!\bvs\.)\s+|[\n\r]+|(?<=[。！？])")
#: OCR reads l as 1 and o as 0 inside words ("cann0t", "PayPa1", "c1ick"); codes and amounts keep digits.
#: (an underscore joins a machine token's words: "INSTRUMENT_DECL1NED" is read word by word)
_OCR = re.compile(r"(?<![^\W_])([a-z]+[01][a-z01]*|[a-z]*[01][a-z]+[a-z01]*)(?![^\W_])")
_CODE_FIELDS = re.compile(
    r"""(?:decline[_ ]?code|failure[_ ]?code|declinecode|decline[_ ]reason|\bdc|"code"|\bcode|error[_ ]code)"""
    r"""["'`\s]*[:=]\s*["'`]?([a-z][a-z_]{2,50})""")
_CODE_LINE = re.compile(r"(?m)^.*?(?:code|reason|dc).*$")
#: (and "Stripe shows the decline reason as fraudulent": a code named in a seller's words)
_CODE_PROSE = re.compile(r"decline[_ ](?:code|reason)(?: (?:as|is|was|says|shows|of|reads))?[\s:=]*[`'\"“‘]?"
                         r"([a-z][a-z_]{2,50})")

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                        "dec"), 1)}
_DATE_ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_DATE_NUM = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](20\d\d)\b")
_DATE_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
                         r"(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(20\d\d)\b")
_DATE_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(20\d\d)\b")
_DATE_YEAR = re.compile(r"\b(?:in|since|back in|from|around|early|late)\s+(20[12]\d)\b")
_CONNECTION_WORDS = re.compile(r"\b(stripe|connect\w*|integrat\w*|api keys?|secret key|publishable key|keys|koppeling|"
                               r"verbindung|verknüpf\w*|connexion|intégration|conexión|integración|conexão|integração|"
                               r"connessione|integrazione|połączenie|integracj\w*|anslutning|integrering)\b|連携|接続")
#: a Stripe key in words, in the reply languages ("API-Schlüssel", "clés API", "API-sleutels", "APIキー")
_KEY_WORDS = re.compile(r"\b(api keys?|secret key|keys|schlüssel\w*|clés?|claves?|chiavi|chiave|chaves?|"
                        r"sleutels?|api-sleutels?|klucz\w*|nycklar|nyckel|nyckeln)\b|キー")
#: another service's connection or key: what it says about expiring is not about Stripe
_OTHER_SERVICE = re.compile(r"\b(zapier|zoom|gmail|google|mailchimp|aweber|activecampaign|hubspot|facebook|slack|"
                            r"outlook|microsoft|calendly|webinar\w*|youtube|instagram)\b")


@dataclass(frozen=True)
class Pattern:
    text: str  # normalised
    kind: str  # "error", "decline", "phrase", "concept", …
    label: str  # what to tell the person we recognised
    facts: tuple[tuple[str, Any], ...]
    priority: int = 0
    #: Machine tokens (INSTRUMENT_DECLINED, BILLING.SUBSCRIPTION.SUSPENDED) are matched exactly only.
    fuzzy: bool = True


@dataclass(frozen=True)
class Match:
    kind: str
    label: str
    facts: dict[str, Any]
    score: float
    exact: bool

    def describe(self) -> str:
        """A short phrase for the conversation, e.g. "Stripe's error 'Your card…' → decline code …"."""
        if self.kind == "decline":
            return f"Stripe's error '{self.label}' → decline code {self.facts.get('decline_code', '')}"
        if self.kind == "decline_code":
            return f"the decline code {self.label}"
        if self.kind == "error":
            error = self.facts.get("error", "")
            who = "PayPal's" if error.startswith("paypal") else "Kartra's" if error in _KARTRA_ERRORS else "Stripe's"
            return f"{who} error '{self.label}'"
        if self.kind == "key":
            return f"a Stripe key of kind {self.label} (not stored)"
        if self.kind == "language":
            return self.label
        if self.kind == "locale":
            return _describe_locale(self)
        if self.kind == "attempt":
            return f"Kartra's retry cycle in '{self.label}'"
        if self.kind == "table":
            return f"a table of decline reasons, most frequent first: {self.label}"
        if self.kind == "concept":  # the label is the concept's id: say what the words meant instead
            voc = knowledge.load().vocabulary
            return "words that say: " + "; ".join(voc.clause(k, v) for k, v in self.facts.items())
        if self.kind == "learned":
            (fact, value), = self.facts.items()
            said = knowledge.load().vocabulary.clause(fact, value)
            return f"the words {self.label}, which usually mean: {said} ({self.score:.0f}% sure)"
        return f"'{self.label}'"


def _describe_locale(m: Match) -> str:
    """"Stripe's error in Russian '…' (insufficient funds)": the code in words, never its id, and whether the
    reply can be in that language."""
    voc = knowledge.load().vocabulary
    code, language = m.facts.get("decline_code", ""), m.facts.get("language")
    meaning = voc.describe_value("decline_code", code) if code else "a card decline"
    if not language:
        return f"Stripe's error '{m.label}' ({meaning})"
    name = voc.describe_value("language", language)
    said = f"Stripe's error in {name} '{m.label}' ({meaning})"
    if language not in _reply_languages():
        said += f" (payassist has no {name} reply text: the reply to the customer is in English)"
    return said


@lru_cache(maxsize=1)
def _reply_languages() -> frozenset[str]:
    return frozenset(lang for kind in knowledge.load().replies for lang in kind.text)



_KARTRA_ERRORS = {"account_mismatch", "already_integrated", "ineligible_account", "user_denied",
                  "product_config_incomplete"}


@dataclass
class Recognition:
    facts: dict[str, Any] = field(default_factory=dict)
    matches: list[Match] = field(default_factory=list)

    def summary(self, limit: int = 3) -> str:
        """'I recognised …' as one short sentence (each thing once, at most ``limit``)."""
        seen = list(dict.fromkeys(m.describe() for m in self.matches))
        shown = "; ".join(seen[:limit]) + (f"; and {len(seen) - limit} more" if len(seen) > limit else "")
        return f"I recognised {shown}."


def normalise(text: str) -> str:
    """Case folded, quotes and punctuation gone, whitespace collapsed: what patterns match on."""
    return _normalise_short(text) if len(text) <= MAX_SENTENCE_CHARS * 2 else _normalise(text)


_STRIPES = re.compile(r"stripe['\u2019]s(?!\w)")
#: Stripe's name with a case ending after an apostrophe (Estonian "Stripe'i", Finnish "Stripe'n", Turkish "Stripe'ın")
_STRIPE_SUFFIX = re.compile(r"(?<![a-z])stripe['\u2019][a-zäöüõışğç]{1,4}(?![\w])")
_LATIN_PARTICLE = scripts.LATIN_PARTICLE



def _normalise(text: str) -> str:
    lowered = text.casefold()
    if "\u0451" in lowered:
        lowered = lowered.replace("\u0451", "\u0435")  # Russian writes "платёж" and "платеж" alike
    if "stripe" in lowered:
        lowered = _STRIPES.sub("stripe", lowered)  # "Stripe's account picker" is Stripe's, not "stripes"
        lowered = _STRIPE_SUFFIX.sub("stripe", lowered)
    lowered = elision.split(lowered)  # "d'une de nos clientes" is "d une de nos clientes"
    if len(lowered) <= LONG_TEXT and _LATIN_PARTICLE.search(lowered):
        lowered = _LATIN_PARTICLE.sub(" ", lowered)
    lowered = lowered.replace("'", "").replace("\u2019", "").replace("`", "")
    if len(lowered) > LONG_TEXT:
        # A log or a dump is nearly always Latin-1: bytes translate 20x faster than the regex, same result.
        # (Case folding made the micro sign a mu; Unicode normalisation made marks and fraction slashes, and an
        # HTML entity may have made any letter: what is left outside Latin-1 is word characters, kept as they are.)
        latin = lowered.replace("\u03bc", "\u00b5")
        try:  # (the encoder hands over each run of characters beyond Latin-1: marks and slashes become a space)
            raw = latin.encode("latin-1", errors="payassist-non-word")
        except UnicodeEncodeError:
            pass
        else:
            return " " + b" ".join(raw.translate(_LATIN1_NON_WORD).split()).decode("latin-1") \
                .replace("\u00b5", "\u03bc") + " "
        pieces = _BEYOND_LATIN1.split(_NON_LATIN1_NON_WORD.sub(" ", latin))
        if len(pieces) <= 2_001:
            pieces[::2] = [p.encode("latin-1").translate(_LATIN1_NON_WORD).decode("latin-1") for p in pieces[::2]]
            return " " + " ".join("".join(pieces).split()).replace("\u00b5", "\u03bc") + " "
        if sum(map(len, _NON_WORD.findall(lowered[:20_000]))) < 7_000:
            # the same result, 3-5x faster on a log than the regex (on noise, where most characters are
            # punctuation, the regex is faster)
            return " " + _SPACES.sub(" ", lowered.translate(_non_word_table())).strip() + " "
    return " " + _NON_WORD.sub(" ", lowered).strip() + " "


_NON_LATIN1_NON_WORD = re.compile(rf"[^\w\x00-\xff{scripts.THAI_MARKS}]")


def _non_word_or_fail(err: UnicodeError) -> tuple[str, int]:
    """A run of characters beyond Latin-1 that are no word characters is a space; a letter there ends the
    bytes path (raised, the caller takes the next)."""
    if not isinstance(err, UnicodeEncodeError) or not _ALL_NON_WORD.fullmatch(err.object, err.start, err.end):
        raise err
    return " ", err.end


_ALL_NON_WORD = _NON_WORD
codecs.register_error("payassist-non-word", _non_word_or_fail)
_BEYOND_LATIN1 = re.compile(r"([^\x00-\xff]+)")
#: What _NON_WORD matches, for Latin-1 bytes: a space.
_LATIN1_NON_WORD = bytes(i if chr(i).isalnum() or i == 0x5F else 0x20 for i in range(256))


@lru_cache(maxsize=1)
def _non_word_table() -> dict[int, str]:
    """What _NON_WORD matches, as a translation table (Basic Multilingual Plane; the rest stays, as words)."""
    return {i: " " for i in range(0x10000) if not (chr(i).isalnum() or i == 0x5F or _THAI_MARK.match(chr(i)))}


_THAI_MARK = re.compile(f"[{scripts.THAI_MARKS}]")


#: Sentences are normalised by several passes: remember the short ones.
_normalise_short = lru_cache(maxsize=8192)(_normalise)


def prepare(raw: str) -> str:
    """Undo what copying did to a message: HTML entities and tags, JSON escapes, e-mail quote marks.

    Only the start of a huge paste is cleaned this thoroughly (the part sentences are read from); the
    rest is read for messages and codes as it is."""
    if len(raw) > SENTENCES_FROM:
        return _prepare(raw[:SENTENCES_FROM]) + raw[SENTENCES_FROM:]
    return _prepare(raw)


def _prepare(raw: str) -> str:
    text = raw.replace("\\r\\n", "\n").replace("\\n", "\n").replace('\\"', '"').replace("\\u2019", "'")
    for _ in range(2):  # "&amp;gt;" was escaped twice
        if "&" not in text:
            break
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    return _QUOTE.sub("", text)


#: OCR reads l as I or | inside words ("IneIigible", "fai|ed", "DEC|INED"); a capital I between lower-case
#: letters and a bar touching a letter are an l, an l leading a capitalised word is an I ("lNSTRUMENT").
#: ... and a 1 or 0 between capitals is an I or an O ("INSTRUMENT_DECL1NED").
_OCR_LETTERS_HINT = re.compile(r"[a-z]I[a-z]|[A-Za-z]\||\|[A-Za-z]|(?<![A-Za-z])l[A-Z]{2}|[A-Z][01][A-Z]")
_OCR_LETTERS = re.compile(r"(?<=[a-z])I(?=[a-z])|(?<=[A-Za-z])\||\|(?=[A-Za-z])|(?<![A-Za-z])l(?=[A-Z]{2})|"
                          r"(?<=[A-Z])[01](?=[A-Z])")
_OCR_LETTER = {"l": "I", "1": "I", "0": "O"}


def _ocr_letters(text: str) -> str:
    """The text with OCR's I/l/| swaps undone inside words (unchanged when it has none)."""
    if not _OCR_LETTERS_HINT.search(text):
        return text
    return _OCR_LETTERS.sub(lambda m: _OCR_LETTER.get(m.group(0), "l"), text)


def _ocr(norm: str) -> str:
    return _ocr_short(norm) if len(norm) <= MAX_SENTENCE_CHARS * 2 else _ocr_read(norm)


_OCR_HINT = re.compile(r"[a-z][01]|[01][a-z]")


def _ocr_read(norm: str) -> str:
    if not _OCR_HINT.search(norm):
        return norm
    return _OCR.sub(lambda m: m.group(1).replace("0", "o").replace("1", "l"), norm)


_ocr_short = lru_cache(maxsize=8192)(_ocr_read)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_UNSPACED = scripts.UNSPACED


@lru_cache(maxsize=16)
def _tokens(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words of a normalised text, as a set and sorted (for prefix look-ups). Cached: a text is read
    by every group of every concept."""
    words = frozenset(text.split())
    return words, tuple(sorted(words))


@lru_cache(maxsize=1024)
def _unspaced_in(text: str) -> bool:
    """The text holds a script written without spaces (a text is searched by every group of every concept)."""
    return bool(_UNSPACED.search(text))


class Terms:
    """A group of terms matched against normalised text: whole words by set look-up, stems (a trailing
    ``*``) by prefix over the sorted words, phrases by substring, CJK terms as substrings. Linear in the
    text, where one big regex of alternations with look-behinds was quadratic in practice."""

    def __init__(self, terms: tuple[str, ...], cjk: bool = False) -> None:
        self.words: set[str] = set()
        self.stems: list[str] = []
        self.phrases: list[str] = []
        self.substrings: list[str] = []
        for t in terms:
            # as a pasted text is prepared: Thai's "ชำระ" arrives as NFKC's "ชํา…", so the term must too
            t = unicodedata.normalize("NFKC", t)
            star = t.endswith("*")
            if cjk or _UNSPACED.search(t):
                # as the text is normalised (a Latin name and its particle apart: "stripe の")
                self.substrings.append(normalise(t.rstrip("*")).strip() or t.rstrip("*"))
                continue
            word = normalise(t.rstrip("*")).strip()
            if not word:
                continue
            if " " in word:
                self.phrases.append(f" {word}" if star else f" {word} ")
            elif star:
                self.stems.append(word)
            else:
                self.words.add(word)
        self.ascii_substrings = [s for s in self.substrings if s.isascii()]

    def search(self, text: str) -> bool:
        # (a text in no unspaced script holds none of their terms: most pastes skip them all)
        substrings = self.substrings if _unspaced_in(text) else self.ascii_substrings
        if any(s in text for s in substrings) or any(p in text for p in self.phrases):
            return True
        if not (self.words or self.stems):
            return False
        words, ordered = _tokens(text)
        if not self.words.isdisjoint(words):
            return True
        for stem in self.stems:
            i = bisect.bisect_left(ordered, stem)
            if i < len(ordered) and ordered[i].startswith(stem):
                return True
        return False


def _terms(terms: tuple[str, ...], cjk: bool = False) -> Terms:
    return Terms(terms, cjk)


@lru_cache(maxsize=64)
def _shared_terms(terms: tuple[str, ...]) -> Terms:
    """One Terms for a group several concepts share (the twelve scope concepts' "a payment named"), so a text
    is searched for it once."""
    return Terms(terms)


@dataclass(frozen=True)
class _Concept:
    facts: tuple[tuple[str, Any], ...]
    groups: tuple[Terms, ...]
    veto: Terms | None
    label: str
    pattern: re.Pattern[str] | None = None
    text_wide: bool = False
    or_error: bool = False
    unless_error: Terms | None = None
    sentence_veto: Terms | None = None


@dataclass(frozen=True)
class _Lang:
    code: str
    name: str
    cjk: bool
    card: Terms
    declined: Terms
    expired: Terms
    insufficient: Terms
    cvc: Terms
    wrong: Terms
    new_purchase: Terms
    recurring: Terms
    number: Terms
    processing: Terms
    authentication: Terms
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def _patterns() -> tuple[Pattern, ...]:
    know = knowledge.load()
    pats: list[Pattern] = []
    for err in know.errors.values():
        facts = (("error", err.id), *sorted(err.facts.items()))
        for text in (err.message, *err.variants):
            pats.append(Pattern(normalise(text).strip(), "error", err.message, facts, err.priority,
                                fuzzy=err.fuzzy and not text.isupper()))
    # Several codes share a message ("Your card was declined."): the message alone means the generic one.
    by_message: dict[str, list] = {}
    for code in know.declines.values():
        if code.customer_message:
            by_message.setdefault(code.customer_message, []).append(code)
    for message, codes in by_message.items():
        code = next((c for c in codes if c.code == "generic_decline"), None) or next(
            (c for c in codes if not c.deprecated), codes[0])
        facts = (("error", "card_declined"), ("decline_code", code.code))
        pats.append(Pattern(normalise(message).strip(), "decline", message.rstrip("."), facts, 2))
    for group in know.phrases:
        facts = tuple(sorted(group.facts.items()))
        for text in group.phrases:
            # Paraphrases are the concepts' job: a fuzzy "all payments fail" misreads "my members' payments fail".
            pats.append(Pattern(normalise(text).strip(), "phrase", text, facts, 0, fuzzy=False))
    # Longest first: a longer pattern is the more specific reading of the same text.
    return tuple(sorted(pats, key=lambda p: -len(p.text)))


@lru_cache(maxsize=1)
def _pattern_keys() -> dict[str, str]:
    """Each pattern's longest word."""
    return {p.text: max(p.text.split(), key=len, default="") for p in _patterns()}


@lru_cache(maxsize=1)
def _concepts() -> tuple[_Concept, ...]:
    out = []
    for c in knowledge.load().concepts:
        # each term also as typed without its accents ("placilo narocnine", "korttini hylattiin")
        out.append(_Concept(tuple(sorted(c.facts.items())), tuple(_terms(_typed(g)) for g in c.all_of),
                            _terms(_typed(c.none_of)) if c.none_of else None, c.id.replace("_", " "),
                            re.compile(c.pattern.strip()) if c.pattern else None, c.text_wide, c.or_error,
                            _shared_terms(_typed(c.unless_error)) if c.unless_error else None,
                            _terms(_typed(c.sentence_none_of)) if c.sentence_none_of else None))
    return tuple(out)


def _typed(terms: tuple[str, ...], guarded: bool = True) -> tuple[str, ...]:
    """``terms`` and each of them as typed on a keyboard without the language's accents; unspaced scripts and
    Cyrillic (whose й and ё people do type) are left as they are. ``guarded``: not where the plain word is another
    one (the concepts and lexicon of every language); a reply language's own decline words need no guard."""
    plain = map(unaccented, terms) if not guarded else (p for p in map(_guarded_plain, terms) if p)
    return tuple(dict.fromkeys((*terms, *plain)))


@cache
def _guarded_plain(term: str) -> str | None:
    """One term's plain variant, or None. (The lexicon's words stand in many concepts: each is worked out once.)"""
    if term.isascii() or _UNSPACED.search(term) or _CYRILLIC.search(term) or len(term.rstrip("*")) < 5 \
            or _a_function_word_when_plain(term):
        return None  # (Vietnamese "vé" is Czech's "ve")
    return unaccented(term)


def _a_function_word_when_plain(term: str) -> bool:
    """Vietnamese "thẻ" without its marks is English's "the", Romanian "în rate" English's "in rate", Spanish "solo
    él" "solo el" (only the): no variant where a word without its marks is a function word."""
    return any(unaccented(w) != w and unaccented(w).casefold() in _function_words() for w in term.rstrip("*").split())


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    know = knowledge.load()
    return frozenset((*_english(), *(w.casefold() for lang in know.languages.values() for w in lang.stopwords)))


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@lru_cache(maxsize=1)
def _languages() -> tuple[_Lang, ...]:
    know = knowledge.load()
    voc = know.vocabulary

    def typed(terms: tuple[str, ...], cjk: bool) -> tuple[str, ...]:
        # each word also as typed without its accents ("nie mam wystarczajacych srodkow", "Dzien dobry")
        return terms if cjk else _typed(terms, guarded=False)

    return tuple(
        _Lang(code, voc.describe_value("language", code), lang.cjk, *(
            _terms(typed(getattr(lang, part), lang.cjk), lang.cjk) for part in
            ("card", "declined", "expired", "insufficient", "cvc", "wrong", "new_purchase", "recurring", "number",
             "processing", "authentication")), frozenset(w.casefold() for w in lang.stopwords))
        for code, lang in know.languages.items())


#: Letters NFKD does not take apart, as people type them on a keyboard without the language's layout
_BASE_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                               "œ": "oe", "ı": "i"})


def unaccented(word: str) -> str:
    """``word`` as typed without accents: "środków" is "srodkow", "ważność" is "waznosc"."""
    parts = unicodedata.normalize("NFKD", word.translate(_BASE_LETTERS))
    return "".join(c for c in parts if not unicodedata.combining(c))


_KANA = re.compile(r"[\u3040-\u30ff]")
#: "Am Mo., 3. Nov. um 12:40 schrieb …", "Le lun. 3 nov. … a écrit :": a mail client's header, not the customer.
_ACCENTED = re.compile(r"[à-öø-ÿąćęłńśźżœ]", re.I)
_BOILERPLATE = re.compile(r"confidenti|vertraulich|riservat|confidencial|vertrouwelijk|poufn|konfidentiell|"
                          r"destinataire|empfänger|destinatario|unsubscribe|désinscri|abmelden", re.I)
#: A quoted message inside a sentence ("… it says: "Your request was …"", « … », „…“, 「…」).
_QUOTED = re.compile(r"\"[^\"\n]{6,}(?:\"|$)|“[^”\n]{6,}(?:”|$)|„[^“”\n]{6,}(?:[“”]|$)|«[^»\n]{6,}(?:»|$)|"
                     r"「[^」\n]{4,}(?:」|$)|(?<!\w)'[^'\n]{6,}(?:'(?!\w)|$)")
_SPEAKER_HEADER = re.compile(r"(?:schrieb|a écrit|escribió|ha scritto|escreveu|schreef|napisał|skrev)\s*:?\s*$", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@lru_cache(maxsize=4096)
def sentence_language(sentence: str) -> str | None:
    """The language a sentence is written in: by its commonest words (Japanese by its kana); sentences
    that leaves open (some of a language's words, few of English's) are asked of lingua."""
    langs = _languages()
    if len(_KANA.findall(sentence)) >= 4:
        return next((lang.code for lang in langs if lang.cjk), None)
    if _BOILERPLATE.search(sentence):
        return None  # a mail client's disclaimer is not the customer's words
    if not _wordy(sentence):
        return None  # a log line, a key, binary junk: no one's words
    found = _stopword_language(sentence, langs)
    if found is None and _QUOTED.search(sentence):
        found = _stopword_language(_QUOTED.sub(" ", sentence), langs)  # an English message quoted in Dutch words
    return found


_LETTER = re.compile(r"[^\W\d_]")


def _letter_share(sentence: str) -> float:
    text = sentence[:MAX_SENTENCE_CHARS]
    chars = len(text) - text.count(" ")
    return len(_LETTER.findall(text)) / chars if chars else 0.0


def _wordy(sentence: str) -> bool:
    """Mostly letters (at least 70% of what is not a space): people's words, not a log line or noise."""
    text = sentence[:MAX_SENTENCE_CHARS]
    chars = len(text) - text.count(" ")
    return chars > 0 and len(_LETTER.findall(text)) >= 0.7 * chars


def _own_stopwords_winner(words: list[str], tied: list[_Lang]) -> str | None:
    """Of languages with as many common words in a sentence, the one with the most words none of the others has
    ("A este cliente le sigue fallando la cuota del curso": "este", "del", "el" are Spanish's alone, "a", "la",
    "le" Italian's too), or None when that ties as well."""
    own = []
    for lang in tied:
        others = frozenset().union(*(o.stopwords for o in tied if o is not lang))
        own.append((sum(w in lang.stopwords and w not in others for w in words), lang.code))
    own.sort(reverse=True)
    return own[0][1] if own and own[0][0] > (own[1][0] if len(own) > 1 else 0) else None


def _stopword_language(sentence: str, langs: tuple[_Lang, ...]) -> str | None:
    words = _WORD.findall(sentence.casefold())
    if len(words) < 3:
        return None
    english = sum(w in _english() for w in words)
    best, hits, tied = None, 0, False
    counts: dict[str, int] = {}
    for lang in langs:
        if lang.cjk:
            continue
        n = counts[lang.code] = sum(w in lang.stopwords for w in words)
        if n > hits:
            best, hits, tied = lang.code, n, False
        elif n == hits and n:
            tied = True  # "la … de la" is French and Spanish alike: lingua tells them apart
    if tied and hits >= 3 and hits > english:
        best = _own_stopwords_winner(words, [lang for lang in langs if counts.get(lang.code) == hits])
        tied = best is None
    if hits >= 3 and hits > english and not tied:
        return best
    # Open cases go to lingua: some of a language's words and few of English's, in a sentence long enough.
    # (a log line's "z" or "e" is no Polish or Italian: two of a language's words, or one and its accents)
    # ("om Your card's expiration month is invalid": as many English words as Swedish ones is English)
    open_case = hits >= 1 and (english == 0 or hits > english) and len(words) >= 4 and \
        (hits >= 2 or _ACCENTED.search(sentence))
    if not open_case or _SPEAKER_HEADER.search(sentence):
        return None
    code = lang_detect.detect(sentence[:300])
    return code if code not in (None, "en", "ja") else None


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    return frozenset(w.casefold() for w in knowledge.load().english_stopwords)


@lru_cache(maxsize=1)
def _error_codes() -> dict[str, str]:
    return {code: err.id for err in knowledge.load().errors.values() for code in err.codes}


def _as_text(text: Any) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, bytes | bytearray | memoryview):
        return bytes(text).decode("utf-8", errors="replace")
    return ""


def _chunks(raw: str) -> list[str]:
    """Distinct short pieces of the text, at most MAX_FUZZY_CHUNKS, for the fuzzy pass.

    Logs repeat the same lines over and over: pieces are de-duplicated before any work is done
    on them, so a 5 MB paste costs one pass over the text, not one normalisation per line.
    """
    seen_raw: set[str] = set()
    seen: dict[str, None] = {}
    for match in _PIECE.finditer(raw):
        piece = match.group(0)
        if piece in seen_raw:
            continue
        seen_raw.add(piece)
        for start in range(0, len(piece), CHUNK_CHARS - 40):
            chunk = normalise(piece[start : start + CHUNK_CHARS]).strip()
            if len(chunk) >= FUZZY_MIN_LEN - 2:
                seen.setdefault(chunk, None)
                if len(seen) >= MAX_FUZZY_CHUNKS:
                    return list(seen)
            if start + CHUNK_CHARS >= len(piece):
                break
    return list(seen)


def _short_words_present(pattern: str, chunk: str) -> bool:
    """A fuzzy match tolerates OCR's and typing's slips in words; the pattern's two-letter words
    must be there as written ("lunch subscription" is 94 from "no such subscription", without its "no such")."""
    short = [w for w in pattern.split() if len(w) <= 2]
    if not short:
        return True
    words = set(_ocr(normalise(chunk)).split()) | set(normalise(chunk).split())
    return all(w in words for w in short)


def _key_matches(raw: str) -> list[Match]:
    """Keys pasted in the text: only their kind is kept. A masked key (sk_live_****1234) is no key."""
    found: list[Match] = []
    for m in _KEY.finditer(raw[:2_000_000]):
        key_kind = classify_key(m.group(0)).facts["key_kind"]
        found.append(Match("key", key_kind, {"key_kind": key_kind}, 100, True))
        if len(found) >= 3:
            break
    if not found and _PLACEHOLDER_KEY.search(raw[:2_000_000]):
        found.append(Match("key", "placeholder", {"key_kind": "placeholder"}, 100, True))
    return found


def _code_matches(lowered: str, norm: str, words: frozenset[str] | None = None) -> list[Match]:
    """Codes in logs, JSON, Dashboard copy and prose: each known decline code and Stripe error code."""
    declines = knowledge.load().declines
    errors = _error_codes()
    found: dict[str, Match] = {}

    def take(token: str) -> None:
        if token in found:
            return
        if token == "card_declined":
            found[token] = Match("error", "card_declined", {"error": "card_declined"}, 100, True)
        elif token in declines:
            found[token] = Match("decline_code", token, {"error": "card_declined", "decline_code": token}, 100, True)
        elif token in errors:
            err = knowledge.load().errors[errors[token]]
            found[token] = Match("error", err.message, {"error": err.id, **err.facts}, 100, True)

    head = lowered[:2_000_000]
    if len(head) > LONG_TEXT:  # only the lines that can hold a code field or "decline code" prose
        head = "\n".join(_CODE_LINE.findall(head))
    if "code" in head or "reason" in head or "dc" in head:  # every alternative of _CODE_FIELDS holds one
        for m in _CODE_FIELDS.finditer(head):
            take(m.group(1))
    if "decline" in head:
        for m in _CODE_PROSE.finditer(head):
            take(m.group(1))
    if words is None:
        snakes = list(dict.fromkeys(_SNAKE.findall(norm)))
    else:  # the same tokens from the set of words, in the order they first appear
        known = declines.keys() | errors.keys() | {"card_declined"}
        snakes = sorted((w for w in words & known if "_" in w and _SNAKE_WORD.fullmatch(w)), key=norm.find)
    for token in snakes:
        take(token)
    return list(found.values())


_WRAPPED = re.compile(r"(?<=[^\s.!?:;。！？」])[ \t]*\n[ \t]*(?=[^\W_])")


#: a table's row: three cells at least, two spaces or a tab apart
_COLUMNS = re.compile(r"\S(?: {2,}|\t)\S(?:.*?\S)?(?: {2,}|\t)\S")


def _is_row(text: str, m: re.Match[str]) -> bool:
    """The line before the break and the one after it are both a table's rows."""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    end = end if end >= 0 else len(text)
    return bool(_COLUMNS.search(text, start, m.start()) and _COLUMNS.search(text, m.end(), end))


#: a chat's or a ticket's line: its speaker, then a time or a colon ("client 19:21 :", "agent: ok")
_CHAT_LINE = re.compile(r"[^\W\d_]{2,20}(?: [^\W\d_]{2,20})? ?(?:\d{1,2}[:.h]\d{2}\b|:)")


def _unwrap(text: str) -> str:
    """An e-mail's lines wrapped mid-sentence, joined ("nobody has been able\nto pay"): a line that ends
    without a stop, followed by one that starts in lower case (or after a long line, or in Japanese or
    Chinese), is the same sentence."""
    if "\n" not in text:
        return text
    columns = "  " in text or "\t" in text  # (once: a 5 MB log has as many line breaks as lines)

    def join(m: re.Match[str]) -> str:
        after, before = text[m.end()], text[m.start() - 1]
        if columns and _is_row(text, m):
            return m.group(0)  # a table's rows are no wrapped sentence ("Oct 3  ORD-790  Rebill  $39.00  Failed")
        if after.islower():
            # ("client 19:21 : j'ai réessayé" is the chat's next line, whoever speaks)
            return m.group(0) if _CHAT_LINE.match(text, m.end()) else " "
        line_start = text.rfind("\n", 0, m.start()) + 1
        if after.isdigit():
            # a date or an amount carried over a long line ("…gemaakt met de API-sleutels, op\n14-02-2024."),
            # not a log's next line (those start with their timestamps) nor a list's next item
            long_words = m.start() - line_start >= 50 and before.islower() and not text[line_start].isdigit()
            return " " if long_words else m.group(0)
        if _CJK.match(after) and _CJK.match(before):
            return ""  # Japanese and Chinese wrap without spaces
        return " " if m.start() - line_start >= 50 else m.group(0)  # a long line runs on ("für das\nCoaching")

    return _WRAPPED.sub(join, text)


def _sentences(text: str) -> list[str]:
    """The distinct sentences, in order, at most MAX_SENTENCES (a log repeats its lines: each is read once).

    In a long paste only the sentences mostly made of letters count: "2026-11-24T10:00:01Z INFO …" lines
    and binary noise hold no one's words (their codes and messages are read over the whole text)."""
    out: dict[str, None] = {}
    start = 0
    wordy_only = len(text) > LONG_TEXT
    text = _unwrap(text[:SENTENCES_FROM])
    for m in _SENTENCE.finditer(text):
        s = text[start:m.start()].strip()
        start = m.end()
        if s and not (wordy_only and _letter_share(s) < 0.6):
            out.setdefault(s[:MAX_SENTENCE_CHARS], None)
            if len(out) >= MAX_SENTENCES:
                return list(out)
    tail = text[start:].strip()
    if tail:
        out.setdefault(tail[:MAX_SENTENCE_CHARS], None)
    return list(out)


def _clauses(sentence: str) -> list[str]:
    """The sentence and its clauses: "…, customer typed the card from memory" starts a clause."""
    parts = re.split(r"\s*(?:,|;|:|--|—|–)\s+", sentence)
    return [sentence, *parts] if len(parts) > 1 else [sentence]


_STRIPE_NO_SUCH = re.compile(r"(?i)no such (?:customer|price|plan|subscription|source|card|payment_method)\w*")
#: a JSON key with its value when that is one token: a field, not prose ("type": "customer", "attempt_count": 2)
_JSON_KEY = re.compile(r'"[A-Za-z_]{1,40}"\s*:\s*(?:"[^"\s]{0,80}"|-?\d[\d.]*|true|false|null)?')
_POSSESSIVE_START = re.compile(r"^(\W*\w+)['\u2019]s(?= (?:sub|subscription|membership|renewal|installment|instalment|"
                               r"plan|order|payment|rebill|charge)s?(?!\w))")
_POSSESSIVE = re.compile(r"(?i)(?<!\w)(a|an|my|one|this|our|your|her|his|their) (\w+(?: \w+)?)['\u2019]s(?!\w)")


def _no_possessive(clause: str) -> str:
    """"my client's card" as "my client card": with apostrophes dropped it would read as "clients", a plural,
    which the one-or-few pattern must not take for one customer. ("The customer's bank declined this
    payment" is Stripe's Dashboard wording, not a seller naming a customer: "the" is left alone.)"""
    if "no such" in clause.casefold():
        clause = _STRIPE_NO_SUCH.sub(" ", clause)  # Stripe's "No such customer: 'cus_…'" names no customer
    if '":' in clause:
        clause = _JSON_KEY.sub("", clause)  # a webhook's "attempt_count": 2, "customer": … is no "2 customers"
    if "'" not in clause and "\u2019" not in clause:
        return clause
    return _POSSESSIVE_START.sub(r"\1", _POSSESSIVE.sub(r"\1 \2", clause))


_TICKET_SPEAKER = re.compile(r"^\W*(?:\[[^\]]{1,40}\]\s*)?\[?(?:customer|client|requester|member|student|visitor|buyer|"
                             r"user|attendee)\]?\s*(?:\(|:|\d)", re.I)


def _concept_matches(sentences: list[str], errors_seen: bool, payment_known: bool = False) -> list[Match]:
    found = _concept_pass(sentences, errors_seen, payment_known)
    if not errors_seen and any("error" in m.facts or "continue_inactive" in m.facts for m in found):
        found = _concept_pass(sentences, True, payment_known)  # an error a concept found counts for the others
    return found


def _groups(c: _Concept, errors_seen: bool) -> tuple[Terms, ...]:
    """The groups a concept needs: an error seen stands for its last (``or_error``)."""
    return c.groups[:-1] if c.or_error and errors_seen else c.groups


def _concept_pass(sentences: list[str], errors_seen: bool, payment_known: bool = False) -> list[Match]:
    found: list[Match] = []
    done: set[str] = set()
    plain_whole = _joined(normalise(" ".join(sentences)))
    whole = _ocr(plain_whole) + "".join(_lemmas(s) for s in sentences[:MAX_LEMMA_SENTENCES])
    design_words = lookalike.only_lookalike(plain_whole)
    # Text-wide groups and vetoes are read once, not once per sentence (a 5 MB log has many sentences).
    wide: dict[str, bool] = {}
    named: dict[int, bool] = {}  # each shared "a payment named" group searched once
    for c in _concepts():
        if c.unless_error is not None and not (errors_seen or payment_known):
            key = id(c.unless_error)
            if key not in named:
                named[key] = c.unless_error.search(whole)
            if not named[key]:
                done.add(c.label)  # no error seen and no payment named anywhere: not this concept
                continue
        if c.text_wide:
            groups = _groups(c, errors_seen)
            wide[c.label] = all(g.search(whole) for g in groups) and not (c.veto and c.veto.search(plain_whole)) \
                and not (design_words and _about_stripe(c))
            if not wide[c.label]:
                done.add(c.label)
    for sentence in sentences:
        if len(done) == len(_concepts()):
            break
        plain = _joined(normalise(sentence))
        norm = _ocr(plain) + _lemmas(sentence)
        stripe_lookalike = lookalike.only_lookalike(plain)
        # "Customer (Nov 13):" in a ticket export is the ticket's requester, not the seller's customer.
        speaker_line = bool(_TICKET_SPEAKER.search(sentence)) or "@" in sentence
        for c in _concepts():
            if c.label in done or (stripe_lookalike and _about_stripe(c)):
                continue
            if c.pattern is not None and ((speaker_line and _about_scope(c)) or not any(
                    c.pattern.search(_ocr(normalise(_no_possessive(clause)))) for clause in _clauses(sentence))):
                continue
            groups = _groups(c, errors_seen)
            # vetoes read the text as written ("v1", not the OCR reading "vl")
            if c.sentence_veto and c.sentence_veto.search(plain):
                continue
            if wide.get(c.label) or (not c.text_wide and all(g.search(norm) for g in groups)
                                     and not (c.veto and c.veto.search(plain))):
                done.add(c.label)
                found.append(Match("concept", c.label, dict(c.facts), 90, False))
    return found


#: Text-wide concepts read the lemmas of this many sentences (a symptom in words is in the first ones).
MAX_LEMMA_SENTENCES = 200
_LEMMA_CODES = frozenset({"de", "fr", "es", "it", "pt", "nl", "pl", "sv"})


def _lemmas(sentence: str) -> str:
    """The sentence once more in its lemmas when it is in another language ("n'arrivent" -> "ne arriver",
    "konnten" -> "können"; simplemma's, through knowledge/lemmas.json), so concepts written in base forms
    match its inflections."""
    code = sentence_language(sentence)
    if code not in _LEMMA_CODES:
        return ""
    words = normalise(sentence.replace("'", " ").replace("’", " ")).split()
    return " | " + " ".join(lemmas.lemma(w, code) for w in words) + " "


_JOINED = re.compile(r" (every(?:one|body)|nobody|no one|noone) (?:else|except|but) ")
#: "every 3 days", "every month", "every time she tries": how often, not who
_PERIODIC = re.compile(r" every (?:\d+ |other |single |few |couple of )?(?:days?|weeks?|months?|years?|mornings?|"
                       r"nights?|times?|hours?|minutes?|cycles?|billing cycles?) ")
#: "everyone on cards renewed normally", "everybody else pays just fine": the others pay, so "everyone" is the rest
_OTHERS_FINE = re.compile(r" (every(?:one|body)) ((?:\w+ ){0,5}?(?:renewed|renews|paid|pays|pay|paying|checked out|"
                          r"checks out|went through|goes through|go through|gets through|got through|is|are|was|were|"
                          r"works|worked|working)(?: \w+){0,2}? (?:fine|normally|ok|okay|without (?:any )?(?:problems?|"
                          r"issues?)|without a hitch|no problems?|successfully))(?= )")
_NOT_EVERY = re.compile(r" not (every(?:one|body)) ")
_THROUGH = re.compile(r" (every|all|all of our|all our|all my) "
                      r"(payments?|charges?|sales|transactions|orders|checkouts?) "
                      r"((?:\w+ )?(?:through|via|with|using) (?:stripe|paypal)) ")
_FINE_HINT = (" fine ", " normally ", " ok ", " okay ", " without ", " no problem", " successfully ")
_GREETING = re.compile(r" (hi|hello|hey|dear|morning|thanks|thank you) (every(?:one|body)|all|team) ")


def _joined(norm: str) -> str:
    """"everyone else" (and "everyone except", "everyone but") and "hi everyone" as one word, so the
    concepts that read "everyone" as everybody don't see them."""
    if " else " in norm or " except " in norm or " but " in norm:
        norm = _JOINED.sub(r" \1_else ", norm)
    if " every" in norm and any(h in norm for h in _FINE_HINT):
        norm = _OTHERS_FINE.sub(r" \1_else \2", norm)
    if " every" in norm or " all " in norm or " team " in norm:
        norm = _GREETING.sub(r" \1_\2 ", norm)
    if " every " in norm:
        norm = _PERIODIC.sub(" every_period ", norm)
    if " not every" in norm:
        norm = _NOT_EVERY.sub(r" not_\1 ", norm)  # "just some customers, not everyone": the few, not everybody
    if " at all " in norm:
        norm = norm.replace(" at all ", " at_all ")  # "don't play at all": an intensifier, not everybody
    if " through " in norm or " via " in norm or " with " in norm or " using " in norm:
        # "we take every payment through Stripe": the processor, not who is failing
        norm = _THROUGH.sub(r" \1_\2 \3 ", norm)
    return norm


def _about_scope(c: _Concept) -> bool:
    """A concept that reads who is affected: a ticket's requester line ("Visitor: we take payments …") is the
    speaker, not a customer of the seller's; what the speaker says of the processor still counts."""
    return any(k == "scope" for k, _ in c.facts)


def _about_stripe(c: _Concept) -> bool:
    """A concept that reads a Stripe connection or processor: a design word like "striped" can't say it."""
    keys = {k for k, _ in c.facts}
    return bool(keys & {"connection", "processor", "topic"}) or dict(c.facts).get("error") == "ineligible_account"


_SPECIFICITY = ["insufficient_funds", "incorrect_cvc", "invalid_cvc", "incorrect_number", "invalid_number",
                "authentication_required",
                "processing_error", "expired_card", "generic_decline"]


@lru_cache(maxsize=1)
def _triggers() -> Terms:
    """Every language's decline words in one group: most sentences of a long log hold none of them."""
    words: list[str] = []
    for lang in knowledge.load().languages.values():
        words += [*lang.card, *lang.insufficient, *lang.cvc, *lang.number, *lang.processing, *lang.authentication]
    return Terms(tuple(words))


_CONNECTION_EXPIRED = re.compile(r"(?<!\w)(?:stripe|conexión|conexion|connexion|verbindung|integration|intégration|"
                                 r"integración|integrazione|connessione|integração|conexão|ligação|"
                                 r"koppeling|integratie|"
                                 r"połączenie|integracja|koppling|anslutning|integrering|ssl|"
                                 r"certificat\w*|zertifikat)(?!\w)|連携|接続")


#: "invalid" rather than "incorrect", as Stripe's SDK strings name them (invalid_cvc, invalid_card_number)
_INVALID = re.compile(r"(?<!\w)(?:ungültig\w*|invalide?s?|non valide|no es válido|no válido|inválid\w*|non valid\w*|"
                      r"ongeldig\w*|ogiltig\w*|nieważn\w*|invalid)(?!\w)|無効")


def _decline_in(lang: _Lang, text: str) -> str | None:
    if lang.insufficient.search(text):
        return "insufficient_funds"
    if lang.cvc.search(text) and lang.wrong.search(text):
        return "invalid_cvc" if _INVALID.search(text) else "incorrect_cvc"
    if lang.number.search(text) and lang.wrong.search(text):
        return "invalid_number" if _INVALID.search(text) else "incorrect_number"
    if lang.authentication.search(text.replace("再認証", "")):  # (再認証: the connection's reauthentication)
        return "authentication_required"
    if lang.processing.search(text):
        return "processing_error"
    if lang.card.search(text) and lang.expired.search(text) and not _CONNECTION_EXPIRED.search(text):
        return "expired_card"  # (not "la conexión con Stripe ha caducado": the connection, not a card)
    if lang.card.search(text) and lang.declined.search(text):
        return "generic_decline"
    if "paypal" in text and lang.declined.search(text) and _payment_words(lang.code).search(text):
        return "generic_decline"  # "PayPal me rechazó el pago": PayPal refused a payment, no card named
    return None


@lru_cache(maxsize=64)
def _payment_words(code: str) -> Terms:
    """A language's words for a payment (locale_words.yaml): "la candidature PayPal a été refusée" names none."""
    return Terms(knowledge.load().locale_words.get(code, {}).get("payment", ()))


@dataclass(frozen=True)
class _OwnWords:
    code: str
    card: Terms
    failed: Terms
    expired: Terms
    no_funds: Terms
    cvc_wrong: Terms
    everything: Terms  # every word of the language's lexicon, to tell close languages apart


@lru_cache(maxsize=1)
def _own_words() -> tuple[_OwnWords, ...]:
    """Stripe's other locales (languages.yaml holds the reply languages) in the lexicon's everyday words."""
    know = knowledge.load()
    return tuple(
        _OwnWords(code, *(Terms(_typed(words.get(m, ()))) for m in ("card", "failed", "card_expired", "no_funds",
                                                                       "cvc_wrong")),
                  Terms(_typed(tuple(t for terms in words.values() for t in terms))))
        for code, words in know.locale_words.items() if code not in know.languages and "card" in words)


_KARTRA = re.compile(r"(?<!\w)kartra\w*")


def _mostly_english(norm: str) -> bool:
    """English's own words make a quarter of the sentence ("the card game night is cancelled"): lingua can't say,
    asked among the reply languages only, so Vietnamese or Indonesian would read as English to it."""
    words = norm.split()
    english = sum(w in _english() for w in words)
    return english >= 2 and english * 4 >= len(words)


def _own_words_matches(sentences: list[str]) -> list[Match]:
    """A card declined in the customer's own words in one of Stripe's other locales ("Thẻ của tôi bị từ chối",
    "недостаточно средств на карте"): the decline, its kind, and the language (the reply is in English)."""
    found: dict[str, list[str]] = {}
    for sentence in sentences[:MAX_SENTENCES]:
        norm = _KARTRA.sub(" ", normalise(sentence[:MAX_SENTENCE_CHARS]))  # "Kartra'da" is no Turkish "kart*"
        if len(_WORD.findall(norm)) < 3 and not _UNSPACED.search(norm):
            continue  # a table's row ("Expired card  3") is no one's words: Romanian's "card expirat" is a sentence
        for lang in _own_words():
            funds, card = lang.no_funds.search(norm), lang.card.search(norm)
            code = "insufficient_funds" if funds else "incorrect_cvc" if lang.cvc_wrong.search(norm) else None
            if code is None and card and lang.expired.search(norm) and not _CONNECTION_EXPIRED.search(norm):
                code = "expired_card"
            if code is None and card and lang.failed.search(norm):
                code = "generic_decline"
            if code and not _mostly_english(norm):
                found.setdefault(lang.code, []).append(code)
    if not found:
        return []
    whole = normalise(" ".join(sentences[:MAX_SENTENCES]))
    # Close languages share words (Czech and Slovak "karta"): the one more of whose words the text holds.
    present = set(whole.split())
    words = {lang.code: len(lang.everything.words & present) for lang in _own_words() if lang.code in found}
    ranked = sorted(found, key=lambda c: (len(found[c]), words[c]), reverse=True)
    lead = ranked[0]
    code = min(found[lead], key=_SPECIFICITY.index)
    facts: dict[str, Any] = {"error": "card_declined", "decline_code": code}
    voc = knowledge.load().vocabulary
    meaning = voc.describe_value("decline_code", code)
    tied = len(ranked) > 1 and (len(found[ranked[1]]), words[ranked[1]]) == (len(found[lead]), words[lead])
    if tied or lead not in voc.facts["language"].values:
        return [Match("language", f"a card decline in the customer's own words ({meaning})", facts, 90, False)]
    facts["language"] = lead
    name = voc.describe_value("language", lead)
    label = (f"a card decline in {name}, in the customer's own words ({meaning}; payassist has no {name} reply text: "
             f"the reply to the customer is in English)")
    return [Match("language", label, facts, 90, False)]


#: Letters of Stripe's other Latin-script locales that none of the reply languages writes (Danish ø, Croatian ć, …)
_OTHER_LETTERS = re.compile(r"[æøčšžđřěľĺŕůāēīūķļņģėįųőűășşțţığ]", re.I)


def _language_matches(sentences: list[str]) -> list[Match]:
    """The customer's own language, and a card decline in it, by its meaning."""
    votes: dict[str, int] = {}
    spoken = [sentence_language(s) for s in sentences]
    for code in spoken:
        if code:
            votes[code] = votes.get(code, 0) + 1
    found: dict[str, list[str]] = {}
    triggers = _triggers()
    for sentence, said in zip(sentences, spoken, strict=True):
        # Elisions are word breaks in these languages: "l'autenticazione" is "l autenticazione".
        norm = _ocr(normalise(sentence.replace("'", " ").replace("’", " ")))
        folded = sentence.casefold()
        if said is None and not (triggers.search(norm) or triggers.search(folded)):
            continue  # no word of any language's decline vocabulary: nothing to read here
        for lang in _languages():
            if said is not None and said != lang.code:
                continue  # a Spanish sentence is not read as Portuguese
            text = folded if lang.cjk else norm
            code = _decline_in(lang, text)
            # A decline in an English sentence is English's business: the words must be this language's.
            if code and said is None and not lang.cjk and \
                    sum(w in lang.stopwords for w in _WORD.findall(folded)) == 0 and \
                    not (lang.card.search(text) or lang.insufficient.search(text)) and \
                    not (len(_WORD.findall(folded)) >= 3 and
                         lang_detect.detect(sentence[:MAX_SENTENCE_CHARS]) == lang.code):
                code = None
            if code:
                found.setdefault(lang.code, []).append(code)
    if found:
        # The language with the most decline sentences; its most specific reading across them.
        code_lang = max(found, key=lambda c: (len(found[c]), votes.get(c, 0)))
        codes = found[code_lang]
        code = min(codes, key=_SPECIFICITY.index)
        for lang in _languages():
            if lang.code == code_lang:
                whole = " ".join(sentences)
                whole = whole.casefold() if lang.cjk else normalise(re.sub(r"['’]", " ", whole))
                facts: dict[str, Any] = {"error": "card_declined", "decline_code": code, "language": lang.code}
                if "paypal" in whole:  # PayPal refused the funding source: PayPal's path, not a card decline
                    facts = {"error": "paypal_declined", "processor": "paypal", "language": lang.code}
                if lang.recurring.search(whole):
                    facts["purchase"] = "recurring"
                elif lang.new_purchase.search(whole):
                    facts["purchase"] = "new"
                label = f"a card decline in {lang.name} ({code.replace('_', ' ')})"
                return [Match("language", label, facts, 95, False)]
    if votes:
        code = max(votes, key=lambda c: votes[c])
        # Danish reads as German, Croatian as Swedish by the reply languages' words: lingua, asked among all of
        # Stripe's locales, names the language when it is one the replies don't cover
        voted = " ".join(s for s, said in zip(sentences, spoken, strict=True) if said)[:1000]
        if _OTHER_LETTERS.search(voted):  # (only where letters the reply languages don't write are seen)
            wide = lang_detect.detect_message(voted) or lang_detect.detect_outside(voted)
            if wide is not None and wide not in lang_detect.CODES:
                code = wide
        name = knowledge.load().vocabulary.describe_value("language", code)
        return [Match("language", f"the customer writes in {name}", {"language": code}, 90, False)]
    return []


def _dates(sentence: str) -> list[date]:
    s = sentence.casefold()
    out = []
    for y, m, d in _DATE_ISO.findall(s):
        out.append((int(y), int(m), int(d)))
    for a, b, y in _DATE_NUM.findall(s):
        month = int(a) if int(a) <= 12 else int(b)
        out.append((int(y), month, 1))
    for mon, d, y in _DATE_MONTH.findall(s):
        out.append((int(y), _MONTHS[mon], int(d) if d else 1))
    for d, mon, y in _DATE_DAY_MONTH.findall(s):
        out.append((int(y), _MONTHS[mon], int(d)))
    for y in _DATE_YEAR.findall(s):
        if int(y) < 2024:
            out.append((int(y), 12, 31))
    valid = []
    for y, m, d in out:
        try:
            valid.append(date(y, max(1, min(m, 12)), max(1, min(d, 28))))
        except ValueError:
            continue
    return valid


#: Dates that are no connection's: Stripe's API versions ("Stripe-Version: 2023-10-16", "using Stripe API Version
#: [2024-04-10]") and a chat line's or a log line's time stamp ("[17:20, 28/06/2024] Lou:", "2024-06-12 08:01:15")
_API_VERSION = re.compile(r"(?i)\bversion\b\W{0,4}20\d\d-\d\d-\d\d(?:\.\w+)?|"
                          r"\b\d{1,2}:\d\d(?::\d\d)?,? \d{1,2}[/.]\d{1,2}[/.](?:20)?\d\d\b|"
                          r"\b\d{1,2}[/.]\d{1,2}[/.](?:20)?\d\d,? \d{1,2}:\d\d\b|\b20\d\d-\d\d-\d\d[ T]\d\d:\d\d")


def _keyed_connection_dates(sentence: str) -> list[date]:
    """The dates a sentence gives a Stripe connection made with keys (any date: the caller compares)."""
    if "20" in sentence and ("ersion" in sentence or ":" in sentence):
        sentence = _API_VERSION.sub(" ", sentence)  # an API version or a time stamp dates no connection
    low = sentence.casefold()
    if lookalike.only_lookalike(low):
        return []
    if _OTHER_SERVICE.search(low) and "stripe" not in low:
        return []  # "my Zapier API key from Jan '22": another service's key
    found = _dates(sentence) if _CONNECTION_WORDS.search(low) and _KEY_WORDS.search(low) else []
    return [*found, *dates.cutoff_dates(sentence)]


def _connection_date_matches(sentences: list[str], today: date | None = None) -> list[Match]:
    """A Stripe connection made with keys and dated before the cut-off needed reauthenticating."""
    conn = knowledge.load().connection
    for sentence in sentences:
        found = [d for d in _keyed_connection_dates(sentence) if d < conn.api_key_cutoff]
        if found:
            state = "expired" if (today or date.today()) > conn.deadline else "needs_update"
            return [Match("phrase", f"a Stripe connection from {min(found):%B %Y}",
                          {"connection": state}, 90, False)]
    return []


#: Verbs of saying after "customer" at the start ("Kund skriver:"): one customer's words, quoted
_SAYING = frozenset({"skriver", "schreibt", "écrit", "ecrit", "escribe", "scrive", "escreve", "schrijft", "pisze",
                     "writes", "says", "sagt", "dit", "dice", "diz", "zegt", "mówi", "säger"})
_SAYING_ALT = "|".join(sorted(_SAYING, key=lambda w: (-len(w), w)))
_NAMED = re.compile(r"(?<![\w'’])([A-Z][a-z]{2,})['’]s (?:[\w-]+ ){0,2}?(?:membership|subscription|sub|card|renewal|"
                    r"installment|instalment|plan|payment|order|rebill|charge|invoice)s?(?!\w)"
                    r"|(?:renewal|payment|rebill|installment|instalment|charge|order|subscription)s? (?:for|of) "
                    r"((?:Mr|Mrs|Ms|Miss|Dr)\.? [A-Z][a-z]+)"
                    # "the customer Tomás Ruiz", "El cliente Tomás Ruiz", "die Kundin Anna Berg": one, by name
                    r"|(?<!\w)(?:[Tt]he|[Ee]l|[Ll]a|[Ll]e|[Ii]l|[Dd]er|[Dd]ie|[Dd]e|[Oo]ur|[Mm]y|"
                    r"[Mm]i|[Mm]eine?|[Mm]on|"
                    r"[Mm]a|[Oo]|[Aa]) (?:customer|client|buyer|member|student|subscriber|cliente|clienta|kunde|"
                    r"kundin|klant|kund|klient|klientka|klientki|acheteur|acheteuse|comprador|compradora)[,:]? "
                    r"([A-ZÀ-Þ][a-zà-ÿ]{2,})(?: [A-ZÀ-Þ][a-zà-ÿ]+)?(?!\w)"
                    # "cliente Mme Roussel", "Kundin H. Böttcher", "klant dhr. Bakker": one, by title or initial
                    r"|(?<!\w)(?:[Cc]ustomer|[Cc]lient|[Cc]liente|[Cc]lienta|[Kk]undin|[Kk]unde|[Kk]lant|[Kk]lient|"
                    r"[Kk]lientka)[,:]? "
                    r"(?:Mme|Mlle|M\.|Mr|Mrs|Ms|Frau|Herr|Sra|Sr|[Dd]hr|[Mm]evr|Pani|Pan|Fru|Sig\.?ra|Sig|[A-Z])\.? "
                    r"([A-ZÀ-Þ][a-zà-ÿ]{2,})(?!\w)"
                    # "bei Frau Krüger", "Subskrypcja pani Nowak", "la signora Rossi": one, by title
                    r"|(?<!\w)(?:[Ff]rau|[Hh]errn?|Mme|Mlle|Mrs|Ms|Miss|Sra|[Ss]ignora|[Ss]ig\.ra|[Pp]ani|[Pp]ana|[Pp]anu|"
                    r"[Mm]evrouw|[Mm]evr|[Mm]eneer|[Dd]hr|[Ff]ru|[Dd]ona|[Ss]enhora|[Ss]eñora)\.? "
                    r"([A-ZÀ-Þ][a-zà-ÿ]{2,})(?!\w)"
                    # "la rata di Marco", "o pagamento recorrente do João", "die Abbuchung von Jonas": a payment of one
                    r"|(?<!\w)(?:[Rr]ata|[Pp]agamento|[Pp]ago|[Pp]aiement|[Zz]ahlung|[Aa]bbuchung|[Bb]etaling|"
                    r"[Bb]etalningen|[Aa]bonnement|[Aa]ssinatura|[Ss]uscripci[oó]n|[Aa]bbonamento|[Pp]renumerationen|"
                    r"[Cc]uota|[Mm]ensualit[ée]|[Mm]itgliedschaft|[Rr]innovo|[Rr]enova[cç][aã]o|[Rr]enovaci[oó]n|"
                    r"[Pp]rzelew)(?: [a-zà-ÿ]+){0,2}? "
                    r"(?:di|do|da|de|del|della|dello|von|van|för|dla|od) ([A-ZÀ-Þ][a-zà-ÿ]{2,})(?!\w)"
                    # "Kund skriver:", "Kundin schreibt:", "Cliente escribe:": one customer's words, quoted
                    r"|^\W*(?:[Kk]und(?:en?)?|[Kk]undin|[Cc]liente|[Cc]lienta|[Cc]lient|[Kk]lant|[Kk]lient|[Kk]lientka|"
                    rf"[Cc]ustomer|[Bb]uyer) ({_SAYING_ALT})(?!\w)"
                    # "samma kund, tre försök …", "dieselbe Kundin", "the same customer again": one
                    r"|(?<!\w)((?:[Ss]amma|[Ss]amme|[Dd]ieselbe|[Dd]erselbe|[Dd]enselben|[Dd]ezelfde|[Ll]e m[eê]me|"
                    r"[Ll]a m[eê]me|[Ee]l mismo|[Ll]a misma|[Ll]o stesso|[Ll]a stessa|[Oo] mesmo|[Aa] mesma|[Tt]en sam|"
                    r"[Tt]a sama|[Tt]he same) (?:kund|kunde|kundin|kunden|klant|client|cliente|clienta|klient|klientka|"
                    r"customer|buyer|guy|person|lady|woman|man|member|student|subscriber|client))(?!\w)"
                    # "Kunden Anna L. fick …": the customer, by name, at the start
                    r"|^\W*(?:[Kk]unden|[Kk]undin|[Kk]lanten?|[Kk]lientka) ([A-ZÀ-Þ][a-zà-ÿ]{2,})(?!\w)")
_NOT_A_PAYMENT_SENTENCE = re.compile(r"(?i)einladung|invitation|invito|invitación|convite|uitnodiging|zaproszeni|"
                                     r"inbjudan|kalender|calendar|calendrier|calendario|agenda|termin |webinar|coupon|"
                                     r"gutschein|cupón|cupom|quiz|exam")
_INITIAL_END = re.compile(r"(?<![\w.])[A-ZÀ-Þ]\.$")
#: A greeting before a title: "Sehr geehrte Frau Müller," is the person written to, not a customer
_TITLE_GREETED = re.compile(r"(?i)(?:geehrte[rs]?|liebe[rs]?|hallo|hello|hi|dear|szanown\w*|drog[ia]|dzień dobry|"
                       r"bonjour|cara|caro|gentile|querid[ao]|estimad[ao]|beste|geachte|hej|hei|hola|ol[aá]|ciao|"
                       r"prezad[ao]|prezada|attn|att)\W*$")
_NAMED_HINT = re.compile(r"['’]|(?<!\w)(?:Mr|Mrs|Ms|Miss|Dr|Mme|Frau|Herr|Sra|dhr|mevr|Pani)\.? [A-Z]|"
                         r"(?i:frau|herrn?|mlle|signora|sig\.ra|pani|pana|panu|mevrouw|meneer|fru|dona|senhora|señora)"
                         r"\.? [A-ZÀ-Þ]|(?:di|do|da|de|del|della|dello|von|van|för|dla|od) [A-ZÀ-Þ]|"
                         rf"(?i:{_SAYING_ALT}|samma|samme|dieselbe|derselbe|denselben|dezelfde|même|mismo|misma|stesso|"
                         r"stessa|mesmo|mesma|ten sam|ta sama|the same|kunden|klanten?|klientka)|"
                         r"[a-z]:? [A-Z]\. [A-Z]|"
                         r"(?<!\w)(?:customer|client|buyer|member|student|subscriber|cliente|clienta|"
                         r"kunde|kundin|klant|"
                         r"kund|klient|klientka|klientki|acheteur|acheteuse|comprador|compradora)[,:]? [A-ZÀ-Þ]")
_NOT_A_NAME = frozenset({"Kartra", "Stripe", "Paypal", "Google", "Apple", "Today", "Yesterday", "Monday", "Tuesday",
                         "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
                         "April",
                         "June", "July", "August", "September", "October", "November", "December", "Visa", "Bank",
                         "Company", "Everyone", "Nobody", "Someone", "Customer", "Client", "Buyer", "Member", "Student",
                         "Team", "Business", "Shop", "Store", "Account", "Week", "Month", "Year", "Last", "Next",
                         "Support", "Portal", "Service", "Success", "Care", "List", "Dashboard", "Page", "Area", "Id",
                         "Note", "Email", "Name", "Number",
                         # German nouns and the months and days other languages capitalise ("die Zahlung von Kunden")
                         "Kunden", "Kundin", "Kunde", "Käufern", "Mitgliedern", "Teilnehmern", "Abonnenten", "Ihnen",
                         "Heute", "Gestern", "Morgen", "Januar", "Februar", "März", "Mai", "Juni", "Juli", "Oktober",
                         "Dezember", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag",
                         "Mastercard", "Amex", "Klarna", "Ideal", "Bancontact", "Sofort", "Giropay", "Checkout",
                         "Zahlung", "Karte", "Stripes", "Kartras"})
_FAILING = re.compile(r"(?i)fail|declin|bounc|didn.?t go through|did not go through|cancel+ed|retr(?:y|ied)|expired|"
                      r"insufficient|refused|rejected|past due|unpaid|fallid|fallad|échou|refus|fehlgeschlagen|"
                      r"abgelehnt|rechaz|rifiut|falh|recusad|mislukt|geweigerd|nieudan|odrzuc|misslyck|nekad|"
                      r"stoppad|gestoppt|stopgezet|sospes|suspend|zawieszon|anulowan|annullat|annul|cancelad|geplatzt|scheitert|"
                      r"gekündigt|zrušen|nie zesz|nie przesz|non è passat|non e passat|não passou|nao passou|"
                      r"no pas[oó]|"
                      r"nicht durch|ne passe|niet door|gick inte|insuficient|insuffisant|unzureichend|onvoldoende|"
                      r"niewystarcz|otillräcklig|ogiltig|ungültig|invalid|incorrect|falsch|errad|sbagliat|"
                      r"ongeldig|nieprawidłow|felaktig|fel |fehler|erreur|error|errore|erro|błąd|fout")


def _named_customer_matches(sentences: list[str], errors_seen: bool) -> list[Match]:
    """"Mark's membership", "Sofie's installment" failing: one customer, named by the seller or an agent."""
    for i, sentence in enumerate(sentences[:MAX_SENTENCES]):
        if not _NAMED_HINT.search(sentence[:MAX_SENTENCE_CHARS]):
            continue
        for m in _NAMED.finditer(sentence[:MAX_SENTENCE_CHARS]):
            name = next(g for g in m.groups() if g)
            if _TITLE_GREETED.search(sentence[:m.start()]) or _NOT_A_PAYMENT_SENTENCE.search(sentence) \
                    or len(sentence.split()) <= 3:
                continue  # (a greeting, an invitation declined, a signature: "Mme Lefebvre")
            if m.group(0).split()[-1] in _SAYING and not errors_seen:
                continue  # "Customer says the coupon has expired": her words, about no payment that failed
            # (a name's initial ends a sentence: "Kunden Anna L. fick sin prenumeration stoppad")
            if name not in _NOT_A_NAME and (errors_seen or _FAILING.search(sentence) or (
                    _INITIAL_END.search(sentence) and _FAILING.search(" ".join(sentences[i + 1:i + 2])))):
                return [Match("phrase", f"{m.group(0)}", {"scope": "one_or_few"}, 85, False)]
    return []


def _attempt_matches(sentences: list[str]) -> list[Match]:
    """Kartra's retry cycle in the seller's words (checks/reading/attempt.py)."""
    norms = [_ocr(normalise(_ocr_letters(s))) for s in sentences[:MAX_SENTENCES]]
    got = attempt.facts(norms)
    if got is None:
        return []
    facts, words = got
    # quoted as the person wrote it, not in its normalised lower case; after a ticket's or a chat's heading
    # ("Ticket #88231 from …: her renewal failed twice"), and shortened between words, not inside one
    said = next((s.strip() for s, n in zip(sentences, norms, strict=False) if n.strip() == words), words)
    head, _, rest = said.rpartition(": ")
    if head and len(rest) >= 20:
        said = rest
    return [Match("attempt", textwrap.shorten(said, width=90, placeholder=" …"), facts, 90, False)]


def _table_matches(text: str) -> list[Match]:
    """A Dashboard table with a count per decline reason (checks/reading/tables.py)."""
    rows = tables.ranked(text, frozenset(knowledge.load().declines))
    if not rows:
        return []
    codes = [c for c, _ in rows]
    voc = knowledge.load().vocabulary  # (the reasons in words, as the Dashboard shows them: no code ids on the page)
    label = ", ".join(f"{voc.describe_value('decline_code', c)} ({n})" for c, n in rows[:3])
    return [Match("table", label, {"error": "card_declined", "decline_code": codes[0], "decline_codes": codes},
                  100, True)]


def recognise(text: Any, today: date | None = None, payment_known: bool = False) -> Recognition:
    """Everything recognised in ``text``, with the facts it implies. Never raises.

    ``today`` (default: the real date) is what a connection's deadline is compared with. ``payment_known``: the
    conversation already holds a payment problem, so a follow-up that names none ("only one customer is
    affected") is still said of it."""
    try:
        return _recognise(_as_text(text), today, payment_known)
    except Exception:  # noqa: BLE001 - a paste must never break the conversation
        return Recognition()


def _recognise(raw: str, today: date | None = None, payment_known: bool = False) -> Recognition:
    if not raw.strip():
        return Recognition()
    text = prepare(raw)
    if len(text) > LONG_TEXT:  # a log repeats its lines: each distinct line once, in order
        text = "\n".join(dict.fromkeys(text.split("\n")))
    norm = normalise(text)
    words = frozenset(norm.split()) if len(norm) > LONG_TEXT else None
    # A message wrapped over lines (a screenshot, a narrow e-mail) is still one message. (The fuzzy pass
    # reads a bounded number of chunks from the start, so a bounded start is enough.)
    flowing = re.sub(r"(?<=[^\n.!?:])\n(?=[^\n])", " ", text[:500_000])
    variants = [norm]
    ocr = _ocr(norm) if len(norm) <= OCR_MAX_CHARS else norm  # screenshots are short; logs are not OCR
    if ocr != norm:
        variants.append(ocr)
    if len(text) <= OCR_MAX_CHARS:
        letters = _ocr_letters(text)
        if letters != text:
            variants.append(_ocr(normalise(letters)))
    pats = _patterns()
    matches: list[Match] = []
    matched_texts: set[str] = set()
    shadowed: set[str] = set()

    keys = _pattern_keys()
    for pat in pats:
        if words is not None and keys[pat.text] not in words:
            continue  # (a long text without the pattern's longest word can't hold the pattern)
        if any(f" {pat.text} " in v for v in variants):
            if any(pat.text in longer and pat.text != longer for longer in matched_texts):
                shadowed.add(pat.text)  # (still Stripe's words, where a sentence break cuts the longer one)
                continue  # already covered by a longer, more specific match
            matched_texts.add(pat.text)
            matches.append(Match(pat.kind, pat.label, dict(pat.facts), 100, True))

    located = stripe_locales.matches(norm, words)
    if not located and len(text) <= OCR_LOCALE_CHARS:
        # Stripe's own wording retyped without its accents, or a screenshot's I/l swaps inside it ("lhrer Karte",
        # "Ihr Zah1ungsmittel")
        located = stripe_locales.matches_folded(_ocr(normalise(_ocr_letters(text))) if _OCR_LOCALE_HINT.search(text)
                                                else norm)
    for found in located:
        facts = {"error": "card_declined", "decline_code": found.code}
        if found.language != "en":
            facts["language"] = found.language
        matches.append(Match("locale", found.text.rstrip("."), facts, 100, True))

    fuzzy_pats = [p for p in pats if p.fuzzy and len(p.text) >= FUZZY_MIN_LEN and p.text not in matched_texts]
    chunks = _chunks(flowing)
    if fuzzy_pats and chunks:
        import numpy as np  # loaded on the first paste, not with the page
        from rapidfuzz import fuzz, process

        scores = process.cdist(
            chunks, [p.text for p in fuzzy_pats], scorer=fuzz.partial_ratio,
            score_cutoff=FUZZY_CUTOFF, workers=1,
        )
        # partial_ratio is symmetric: a short chunk inside a long pattern scores 100 too. Only a
        # chunk long enough to hold the pattern counts as containing it.
        chunk_len = np.array([len(c) for c in chunks])[:, None]
        pat_len = np.array([len(p.text) for p in fuzzy_pats])[None, :]
        scores = np.where(chunk_len >= pat_len * 0.9, scores, 0)
        best, where = scores.max(axis=0), scores.argmax(axis=0)
        for pat, score, at in zip(fuzzy_pats, best, where, strict=True):
            if score >= FUZZY_CUTOFF and not any(pat.text in t for t in matched_texts) \
                    and _short_words_present(pat.text, chunks[at]):
                matched_texts.add(pat.text)
                matches.append(Match(pat.kind, pat.label, dict(pat.facts), float(score), False))

    matches.extend(_code_matches(text.casefold(), norm, words))
    sentences = _sentences(text)
    languages = _language_matches(sentences)
    if not any("error" in m.facts for m in [*languages, *matches]) and not any(m.kind == "locale" for m in matches):
        # no Stripe string, no documented error, no decline in a reply language: the customer's own words
        languages = _own_words_matches(sentences) or languages
    attempts = _attempt_matches(sentences)  # a failure of the retry cycle is a payment failure too
    table = _table_matches(text)  # ... and so is a table of decline reasons
    errors_seen = any("error" in m.facts or "continue_inactive" in m.facts for m in [*matches, *languages]) \
        or bool(attempts) or bool(table)
    matches.extend(_concept_matches(sentences, errors_seen, payment_known))
    if not any(m.facts.get("scope") for m in matches):
        matches.extend(_named_customer_matches(sentences, errors_seen))
    matches.extend(languages)
    matches.extend(_connection_date_matches(sentences, today))
    matches.extend(attempts)
    matches.extend(table)
    matches.extend(_key_matches(raw))
    other_app = " stripe" not in norm and bool(_OTHER_APP.search(norm))
    if other_app:
        # "my Zapier connection … Connection expired, please reconnect": another app's connection, not the
        # processor's, whichever sentence of the text names the app
        matches = [m for m in matches if (m.kind not in ("concept", "learned", "phrase")
                   or not _ABOUT_A_CONNECTION & set(m.facts)) and m.facts.get("error") not in _CONNECT_ERRORS]
    facts = _merge(matches)
    if _declined_by_paypal(facts, matches, norm):
        facts["error"] = "paypal_declined"  # "I paid with PayPal and it said my payment was declined"
        facts.pop("decline_code", None), facts.pop("decline_codes", None)
    unknown = {f for f in learned.FACTS if f not in facts and (facts or payment_known or f not in learned.OF_A_PROBLEM)}
    readings = learned.read(norm, unknown)  # only what is still unknown
    if other_app or lookalike.only_lookalike(norm):
        # (nor a design word's: "the pinstripe theme connection" is no Stripe connection)
        readings = [r for r in readings if r.fact not in _ABOUT_A_CONNECTION]
    if facts.get("charges_enabled") is False:
        # a Stripe account that can't charge is the account's problem, not its connection's
        readings = [r for r in readings if r.fact != "connection"]
    if readings and _VERIFICATION.search(norm):
        # "a banner asking for verification documents" is the account's, whatever 'banner' and 'stripe' usually mean
        readings = [r for r in readings if r.fact != "connection"]
    if any(r.fact == "connection" for r in readings) and any(map(_keyed_connection_dates, sentences[:MAX_SENTENCES])):
        readings = [r for r in readings if r.fact != "connection"]  # a keyed connection's date decides, not words
    for found in readings:
        quoted = " and ".join(", ".join(f"'{w}'" for w in found.words).rsplit(", ", 1))
        matches.append(Match("learned", quoted, {found.fact: found.value}, round(found.probability * 100), False))
        facts[found.fact] = found.value
    if facts.get("connection") == "none":
        facts.setdefault("topic", "connection")  # a first (or second) connection is about connecting Stripe
    elif facts.get("error") in _CONNECT_ERRORS and facts.get("topic") and not facts.get("several_accounts"):
        # Kartra's own connection error names the problem: its words ("connect", "accounts") ask no question of
        # their own (the policy's connection questions are a first connection and which of several accounts)
        facts.pop("topic")
        matches = [m for m in matches if set(m.facts) != {"topic"}]
    conn = knowledge.load().connection
    if facts.get("connection") == "needs_update" and (today or date.today()) > conn.deadline:
        facts["connection"] = "expired"  # every connection that needed an update by the deadline has expired
    if "language" in facts and _about_the_account(facts) and not any(
            m.kind in ("locale", "language") and "error" in m.facts and "language" in m.facts for m in matches):
        facts.pop("language")  # the seller writing about the account: no customer's words to answer in
    if "language" not in facts and not _about_the_account(facts) and (
            facts.get("error") in _CUSTOMER_ERRORS or "continue_inactive" in facts or "attempt" in facts):
        # (Stripe's English message set aside only where the rest has letters English doesn't write: "zákazník")
        quoted = frozenset(t for t in matched_texts | shadowed if len(t) >= 12) if _NON_ASCII_LETTER.search(text) \
            else frozenset()
        spoken = _message_language(sentences, quoted)
        if spoken is not None:
            facts["language"] = spoken
            name = knowledge.load().vocabulary.describe_value("language", spoken)
            matches.append(Match("language", f"the customer writes in {name}", {"language": spoken}, 80, False))
    if set(facts) == {"language"}:
        return Recognition()  # a message in another language about something else is no payment problem
    return Recognition(facts=facts, matches=matches)


_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def _message_language(sentences: list[str], quoted: frozenset[str] = frozenset()) -> str | None:
    """A customer's payment problem in a language the sentence readers left open (Finnish, Lithuanian, Danish …):
    the language of the message's own words (no log line, no disclaimer, no English sentence), when they are most
    of its letters and lingua, asked among all of Stripe's locales, is sure."""
    words, total = [], 0
    for sentence in sentences[:MAX_SENTENCES]:
        if '": "' in sentence:  # a helpdesk's JSON: the words are the last string's ("body": "Buonasera, …")
            sentence = sentence.rsplit('": "', 1)[1]
            if len(sentence.split()) < 8:
                continue
        if not _wordy(sentence) or _BOILERPLATE.search(sentence) or '":' in sentence or _SHELL.match(sentence):
            continue  # (a JSON line, a command typed at a shell: no one's words)
        if quoted:
            # Stripe's own English message quoted beside the customer's words is Stripe's, not theirs
            plain = normalise(sentence)
            for text in sorted(quoted, key=lambda q: (-len(q), q)):  # the longest first: the same in every process
                if text in plain:
                    plain = plain.replace(text, " ")
                elif len(plain.strip()) >= 12 and plain.strip() in text:
                    plain = ""
            if not plain.strip():
                continue
            sentence = plain
        letters = len(_LETTER.findall(sentence))
        total += letters
        if not _mostly_english(normalise(_QUOTED.sub(" ", sentence))):
            words.append((sentence, letters))
    own = sum(n for _, n in words)
    if not words or own * 2 < total or own < 20:
        return None
    text = " ".join(s for s, _ in words)[:1000]
    plain = [t for t in (w.strip(".,;:!?()[]\"'«»„“”") for w in text.split()) if t.replace("-", "").isalpha()]
    if sum(not t.isascii() for t in plain) < 2 and len(plain) < 6:
        return None  # "HTTP/1.1 500 Internal Server Error": too few words to be anyone's language
    code = lang_detect.detect_message(text)
    return code if code in knowledge.load().vocabulary.facts["language"].values else None


#: A command line pasted from a terminal ("$ stripe charges list --limit 1")
_SHELL = re.compile(r"\s*(?:\$|>|PS>|C:\\>)\s+\S+.*(?:\s--?\w|$)")


#: Apps whose connection, login or token people write about in the words of a Stripe connection
_OTHER_APP = re.compile(r" (?:zapier|mailchimp|zoom|webinar|wifi|wi fi|google|gmail|facebook|youtube|instagram|slack|"
                        r"hubspot|outlook|microsoft|notion|airtable|xero|quickbooks|freshbooks|bank feed|"
                        r"activecampaign|convertkit|aweber|calendly|dns|domain|ssl|smtp|internet|router|vpn) ")


_ABOUT_A_CONNECTION = frozenset({"connection", "topic", "several_accounts"})
#: Kartra's errors when connecting Stripe: "this list has already been integrated" in Mailchimp's words is not one
_CONNECT_ERRORS = frozenset({"already_integrated", "account_mismatch", "ineligible_account", "user_denied"})


#: Stripe asking for the business's verification: the account's problem, not the connection's
_VERIFICATION = re.compile(r" (?:verifica|verificación|vérification|verifizierung|verificatie|weryfikacj\w*|"
                           r"verifiering|"
                           r"verification|verify|documenti|documents|dokumente|identità|identité|identity|deaktivert|"
                           r"deaktiviert|désactivés|desactivados|disattivati) ")


def _declined_by_paypal(facts: dict[str, Any], matches: list[Match], norm: str) -> bool:
    """A decline in plain words where PayPal is how the person paid, and nothing of Stripe's is in sight
    (no Stripe string, code or name): PayPal refused the funding source, PayPal's path (seed 001), not a card
    decline at Stripe."""
    return facts.get("error") == "card_declined" and facts.get("processor") == "paypal" \
        and facts.get("decline_code") in (None, "generic_decline") and " stripe" not in norm \
        and " your card was declined " not in norm and "card_declined" not in norm \
        and not any(m.kind in ("decline", "locale", "decline_code") for m in matches)


def _about_the_account(facts: dict[str, Any]) -> bool:
    """A message about the seller's account (every payment, the connection, which account, how payments are
    taken) rather than one customer's payment: `language` is the customer's (DESIGN.md), and here no
    customer speaks."""
    if facts.get("scope") == "all" or any(k in facts for k in ("connection", "topic", "several_accounts",
                                                                "charges_enabled")):
        return True
    one_customer = facts.get("scope") == "one_or_few" or facts.get("error") in _CUSTOMER_ERRORS or any(
        k in facts for k in ("purchase", "attempt", "continue_inactive"))
    return not one_customer


#: Errors a customer sees at checkout (their words can carry them); the others are the seller's setup.
_CUSTOMER_ERRORS = frozenset({"card_declined", "paypal_declined", "paypal_error"})


def _merge(matches: list[Match]) -> dict[str, Any]:
    """Combine the facts of all matches; for 'error' and 'decline_code' the strongest wins, and every
    decline code seen is listed in ``decline_codes`` (the leading one first)."""
    facts: dict[str, Any] = {}
    errors = knowledge.load().errors

    def strength(mt: Match) -> tuple[int, int, float, int]:
        err = errors.get(mt.facts.get("error", ""))
        named = 1 if mt.kind == "decline_code" else 0  # a code named in a log beats a message's reading
        specific = 1 if mt.facts.get("decline_code") not in (None, "generic_decline") else 0
        # a specific reason beats Stripe's generic "declined" beside it, whichever was read more surely
        return (err.priority if err else 0, named, specific, mt.score)

    for mt in sorted(matches, key=strength):
        facts.update(mt.facts)
    codes = [m.facts["decline_code"] for m in sorted(matches, key=strength, reverse=True) if "decline_code" in m.facts]
    table = next((m for m in matches if m.kind == "table"), None)
    if table is not None:  # counts say which reason leads: the most frequent one
        codes = [*table.facts["decline_codes"], *codes]
        facts["decline_code"] = codes[0]
    if facts.get("decline_code"):
        lead = facts["decline_code"]
        facts["decline_codes"] = [lead, *[c for c in dict.fromkeys(codes) if c != lead]]
    if facts.get("error") not in (None, "card_declined"):
        facts.pop("decline_code", None)  # a documented error names the cause; a decline message beside it is context
        facts.pop("decline_codes", None)
    return facts


def warm() -> None:
    """Load everything the reader loads lazily (knowledge, lingua's models, dateparser, the lemma table),
    so the first person's paste doesn't pay for it. BENCHMARKS.md has what it costs."""
    _patterns(), _concepts(), _languages(), _pattern_keys(), _non_word_table(), learned.read(" warm up ", {"topic"})
    stripe_locales.matches(" warm ")
    lemmas.lemma("warm", "de")
    lang_detect.detect("Meine Kundin kann seit gestern nicht bezahlen")
    lang_detect.detect_message("Asiakkaani ei voi maksaa kurssia")
    dates.cutoff_dates("we connected stripe with api keys in march 2023")
    recognise("Your card was declined.")


def read_message(text: str) -> dict[str, Any]:
    """The facts recognised in pasted text (the contract in docs/architecture.md). Never raises."""
    return recognise(text).facts
