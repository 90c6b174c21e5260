"""Recognise documented errors, Stripe decline messages and plain-words symptoms in pasted text.

``read_message(text) -> facts`` accepts whatever a person pastes: an error text, a customer's
whole e-mail, a 5 MB log, binary junk. It never raises. Matching runs in two passes so the cost
stays linear in the input: an exact pass over the normalised text (case, quotes and punctuation
removed) for every known pattern, then a fuzzy pass (rapidfuzz ``partial_ratio``) for typos over
a bounded number of distinct short chunks of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

import knowledge
from checks.keys import classify_key

#: Fuzzy matching looks at no more than this many distinct chunks (bounded work on huge pastes).
MAX_FUZZY_CHUNKS = 400
CHUNK_CHARS = 240
FUZZY_CUTOFF = 88
#: Patterns shorter than this are matched exactly only: fuzzy matches on short text misfire.
FUZZY_MIN_LEN = 12

_NON_WORD = re.compile(r"[^a-z0-9_]+")
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
_KEY = re.compile(r"\b(sk|rk|pk)_(live|test)_([A-Za-z0-9]*)")
_PIECE = re.compile(r"[^\n\r.!?;|<>]+")



@dataclass(frozen=True)
class Pattern:
    text: str  # normalised
    kind: str  # "error", "decline", "phrase"
    label: str  # what to tell the person we recognised
    facts: tuple[tuple[str, Any], ...]
    priority: int = 0


@dataclass(frozen=True)
class Match:
    kind: str
    label: str
    facts: dict[str, Any]
    score: float
    exact: bool

    def describe(self) -> str:
        """A sentence for the conversation, e.g. "Stripe's error 'Your card…' → decline code …"."""
        if self.kind == "decline":
            code = self.facts.get("decline_code", "")
            return f"Stripe's error '{self.label}' → decline code {code}"
        if self.kind == "decline_code":
            return f"the decline code {self.label}"
        if self.kind == "error":
            return f"Kartra's error '{self.label}'"
        if self.kind == "key":
            return f"a Stripe key of kind {self.label} (not stored)"
        return f"'{self.label}'"


@dataclass
class Recognition:
    facts: dict[str, Any] = field(default_factory=dict)
    matches: list[Match] = field(default_factory=list)


def normalise(text: str) -> str:
    """Lower case, quotes and punctuation gone, whitespace collapsed: what patterns match on."""
    lowered = text.lower().replace("'", "").replace("\u2019", "").replace("`", "")
    return " " + _NON_WORD.sub(" ", lowered).strip() + " "


@lru_cache(maxsize=1)
def _patterns() -> tuple[Pattern, ...]:
    know = knowledge.load()
    pats: list[Pattern] = []
    for err in know.errors.values():
        facts = (("error", err.id),)
        for text in (err.message, *err.variants):
            pats.append(
                Pattern(normalise(text).strip(), "error", err.message, facts, err.priority)
            )
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
            pats.append(Pattern(normalise(text).strip(), "phrase", text, facts, 0))
    # Longest first: a longer pattern is the more specific reading of the same text.
    return tuple(sorted(pats, key=lambda p: -len(p.text)))


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


def _key_matches(raw: str) -> list[Match]:
    """Keys pasted in the text: only their kind is kept, as checks.keys classifies it."""
    found: list[Match] = []
    for m in _KEY.finditer(raw[:2_000_000]):
        key_kind = classify_key(m.group(0)).facts["key_kind"]
        found.append(Match("key", key_kind, {"key_kind": key_kind}, 100, True))
        if len(found) >= 3:
            break
    return found


def recognise(text: Any) -> Recognition:
    """Everything recognised in ``text``, with the facts it implies. Never raises."""
    try:
        return _recognise(_as_text(text))
    except Exception:  # noqa: BLE001 - a paste must never break the conversation
        return Recognition()


def _recognise(raw: str) -> Recognition:
    if not raw.strip():
        return Recognition()
    norm = normalise(raw)
    pats = _patterns()
    matches: list[Match] = []
    matched_texts: set[str] = set()

    for pat in pats:
        if f" {pat.text} " in norm:
            if any(pat.text in longer and pat.text != longer for longer in matched_texts):
                continue  # already covered by a longer, more specific match
            matched_texts.add(pat.text)
            matches.append(Match(pat.kind, pat.label, dict(pat.facts), 100, True))

    fuzzy_pats = [p for p in pats if len(p.text) >= FUZZY_MIN_LEN and p.text not in matched_texts]
    chunks = _chunks(raw)
    if fuzzy_pats and chunks:
        scores = process.cdist(
            chunks, [p.text for p in fuzzy_pats], scorer=fuzz.partial_ratio,
            score_cutoff=FUZZY_CUTOFF, workers=1,
        )
        # partial_ratio is symmetric: a short chunk inside a long pattern scores 100 too. Only a
        # chunk long enough to hold the pattern counts as containing it.
        chunk_len = np.array([len(c) for c in chunks])[:, None]
        pat_len = np.array([len(p.text) for p in fuzzy_pats])[None, :]
        scores = np.where(chunk_len >= pat_len * 0.9, scores, 0)
        best = scores.max(axis=0)
        for pat, score in zip(fuzzy_pats, best, strict=True):
            if score >= FUZZY_CUTOFF and not any(pat.text in t for t in matched_texts):
                matched_texts.add(pat.text)
                matches.append(Match(pat.kind, pat.label, dict(pat.facts), float(score), False))

    declines = knowledge.load().declines
    for token in dict.fromkeys(_SNAKE.findall(norm)):
        if token in declines and token != "card_declined":
            matches.append(
                Match("decline_code", token, {"error": "card_declined", "decline_code": token},
                      100, True)
            )
    matches.extend(_key_matches(raw))
    return Recognition(facts=_merge(matches), matches=matches)


def _merge(matches: list[Match]) -> dict[str, Any]:
    """Combine the facts of all matches; for 'error' and 'decline_code' the strongest wins."""
    facts: dict[str, Any] = {}
    errors = knowledge.load().errors

    def strength(mt: Match) -> tuple[int, float, int]:
        err = errors.get(mt.facts.get("error", ""))
        specific = 1 if mt.facts.get("decline_code") not in (None, "generic_decline") else 0
        return (err.priority if err else 0, mt.score, specific)

    for mt in sorted(matches, key=strength):
        facts.update(mt.facts)
    return facts


def read_message(text: str) -> dict[str, Any]:
    """The facts recognised in pasted text (the contract in docs/architecture.md). Never raises."""
    return recognise(text).facts
