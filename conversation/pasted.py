"""A pasted e-mail, read as an agent reads it: the customer's new words first, the rest (quoted replies,
signature, "Sent from my iPhone") kept aside, and what an agent looks for picked out (order numbers,
charge and invoice ids, amounts, dates).

Where a reply ends and the quote begins is mail-parser-reply's job (a maintained parser of reply
headers, quote markers and signatures in many languages), not rules of our own. Everything here
works on text that has already been masked (``checks.redact``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from mailparser_reply import EmailReplyParser

#: Reply headers and signatures in these languages ("On … wrote:", "Am … schrieb", "Le … a écrit").
LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pl", "sv", "pt", "ja"]
#: Past this, a paste is not read as an e-mail (the parser's regular expressions are not made for megabytes).
MAX_EMAIL_CHARS = 50_000

_FOUND = [
    ("Charge", re.compile(r"\b(?:ch|py)_[A-Za-z0-9]{8,40}\b")),
    ("Payment", re.compile(r"\bpi_[A-Za-z0-9]{8,40}\b")),
    ("Invoice", re.compile(r"\bin_[A-Za-z0-9]{8,40}\b")),
    ("Subscription", re.compile(r"\bsub_[A-Za-z0-9]{8,40}\b")),
    ("Stripe customer", re.compile(r"\bcus_[A-Za-z0-9]{8,40}\b")),
    ("Order", re.compile(r"(?i)\b(?:order|transaction|receipt|invoice)\s*(?:number|no\.?|nr\.?|id)?\s*[:#]?\s*"
                         r"#?\s*([A-Z]{0,4}-?\d[\d-]{2,19})\b")),
    ("Amount", re.compile(r"(?:[$€£]\s?\d[\d,.]*\d|\b\d[\d,.]*\s?(?:USD|EUR|GBP|CAD|AUD)\b)")),
    ("Date", re.compile(r"(?i)\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|"
                        r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|"
                        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b")),
]


@dataclass(frozen=True)
class Pasted:
    """A paste split the way an agent reads it."""

    #: The customer's own new words (the whole paste when it is not an e-mail).
    words: str
    #: Everything else: quoted earlier messages, the signature; '' when there is nothing else.
    rest: str = ""
    #: (what, value) pairs an agent looks for, in order of appearance, each once.
    found: tuple[tuple[str, str], ...] = field(default_factory=tuple)


@lru_cache(maxsize=1)
def _parser() -> EmailReplyParser:
    return EmailReplyParser(languages=LANGUAGES)


def read_paste(text: str) -> Pasted:
    """Split ``text`` into the new words and the rest, and pick out ids, amounts and dates. Never raises:
    a paste the parser can't read is kept whole."""
    text = (text or "").strip()
    words, rest = text, ""
    if text and len(text) <= MAX_EMAIL_CHARS:
        try:
            replies = _parser().read(text).replies
        except Exception:  # noqa: BLE001 - a third-party parser must never break the conversation
            replies = []
        if replies:
            body = (replies[0].body or "").strip()
            if body and len(body) < len(text):
                words = body
                rest = _rest(text, body)
    return Pasted(words=words, rest=rest, found=find_details(text))


def _rest(text: str, body: str) -> str:
    """What the paste holds besides its new words, as written (the body's own text taken out once)."""
    at = text.find(body)
    rest = text[:at] + text[at + len(body):] if at >= 0 else text
    return rest.strip()


def find_details(text: str) -> tuple[tuple[str, str], ...]:
    """Order numbers, Stripe ids, amounts and dates in ``text``, each once, in the order they appear."""
    hits: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for label, pattern in _FOUND:
        for m in pattern.finditer(text):
            span = m.span(1) if m.groups() else m.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            hits.append((span[0], label, text[span[0]:span[1]].strip()))
    seen: dict[tuple[str, str], int] = {}
    for pos, label, value in sorted(hits):
        seen.setdefault((label, value), pos)
    return tuple(seen)[:20]
