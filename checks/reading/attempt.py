"""Kartra's retry cycle in words: "the second monthly charge bounced too" is attempt 2.

DESIGN.md's ``attempt``: ``1``, ``2``, ``3`` (that many attempts of the same payment failed) or
``cancelled`` (the last attempt failed and Kartra cancelled the subscription). Only wordings that say a
payment failed again are read; an ordinal in passing ("the second installment", "third time I write")
is nothing: the second installment of a plan failing once is a first failure.
"""

from __future__ import annotations

import re
from typing import Any

_N = {"first": "1", "1st": "1", "second": "2", "2nd": "2", "third": "3", "3rd": "3", "fourth": "cancelled",
      "4th": "cancelled", "final": "cancelled", "last": "cancelled", "once": "1", "twice": "2", "two": "2",
      "2": "2", "three": "3", "3": "3", "thrice": "3", "1": "1", "4": "cancelled", "four": "cancelled"}
_ORD = r"(first|1st|second|2nd|third|3rd|fourth|4th|final|last)"
_NOUN = r"(?:attempt|try|retry|charge|payment|renewal|rebill|re bill|charge attempt|payment attempt)s?"
_FAILED = r"(?:failed|bounced|declined|was declined|got declined|didnt go through|did not go through|was refused)"
_PATTERNS = [
    # "attempt 2 of 4 failed", Stripe's and Kartra's own wording
    re.compile(r"(?<!\w)(?:attempt|retry) ([1-4]) (?:of|out of) (?:4|four)(?!\w)"),
    # "the third failed renewal", "her second unsuccessful attempt"
    re.compile(rf"(?<!\w){_ORD} (?:failed|unsuccessful|declined|bounced) {_NOUN}(?!\w)"),
    # "the second attempt failed", "the third retry was declined"
    re.compile(rf"(?<!\w){_ORD} (?:attempt|try|retry|charge attempt|payment attempt|rebill attempt)s? "
               rf"(?:\w+ ){{0,2}}?{_FAILED}"),
    # "the second monthly charge bounced too": a repeat failure of the recurring charge
    re.compile(rf"(?<!\w){_ORD} (?:monthly |recurring |subscription |renewal |membership )?{_NOUN} "
               rf"(?:\w+ ){{0,3}}?{_FAILED} (?:too|again|as well|also)(?!\w)"),
    # "the renewal has failed twice", "declined three times", "failed for the third time"
    re.compile(r"(?:renewal|rebill|subscription|payment|charge|membership|installment|it)s? (?:\w+ ){0,2}?"
               r"(?:failed|bounced|declined|been declined|been refused) (?:\w+ )?"
               r"(twice|thrice|(?:two|three|2|3) times)(?!\w)"),
    re.compile(rf"(?:failed|bounced|declined) (?:again )?for the {_ORD} time(?!\w)"),
]
_CANCELLED = [
    re.compile(r"(?<!\w)(?:cancel+ed|terminated)(?: \w+){0,4} (?:after|following) (?:the |its |her |his |their |a )?"
               r"(?:last|final|fourth|4th|4) (?:try|attempt|retry|failed payment|failed attempt|payment attempt|"
               r"failed charge|charge)s?(?!\w)"),
    re.compile(r"(?:subscription|membership|plan) (?:\w+ ){0,3}?(?:got|was|has been|is|been) cancel+ed "
               r"(?:\w+ ){0,4}?(?:after|because|due to|when) (?:\w+ ){0,3}?(?:failed|declined|retries|attempts|tries)"),
    re.compile(r"(?:all|every|each) (?:\w+ )?(?:four|4) (?:attempts|retries|tries) (?:\w+ ){0,2}?failed"),
]


def read(sentence_norm: str) -> str | None:
    """The attempt a sentence states (normalised: lower case, punctuation gone), or None."""
    for pat in _CANCELLED:
        if pat.search(sentence_norm):
            return "cancelled"
    for pat in _PATTERNS:
        m = pat.search(sentence_norm)
        if m:
            return _N.get(m.group(1))
    return None


def facts(sentences_norm: list[str]) -> tuple[dict[str, Any], str] | None:
    """The furthest point of the retry cycle the sentences state, with the words that said it."""
    order = ["1", "2", "3", "cancelled"]
    best: tuple[str, str] | None = None
    for s in sentences_norm:
        got = read(s)
        if got and (best is None or order.index(got) > order.index(best[0])):
            best = (got, s.strip())
    if best is None:
        return None
    return {"attempt": best[0], "purchase": "recurring"}, best[1]
