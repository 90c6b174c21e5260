"""Personal data in text: customers' e-mail addresses, phone numbers and names, found and masked.

A case link opened by someone other than its owner, and everything an uploaded export leaves in
the case store, show ``j•••@example.com`` instead of the address. An address is found however it
was written: internationalised (``gus@bücher.de``, ``李@例子.中国``) or with its ``@`` encoded as a URL
(``%40``), an HTML entity (``&#64;``, ``&#x40;``, ``&commat;``) or a JSON/Python escape (``\\u0040``,
``\\x40``). Phone numbers are found with Google's libphonenumber port (``phonenumbers``), which knows
each country's numbering plan: a charge id or a Unix timestamp is not a phone number, ``+44 7700
900123``, ``0044 7700 900123`` (the ``00`` international prefix) and ``(415) 555-0132`` are.

Names have no shape, so a stranger's view (``mask_for_stranger``) hides the names it can tell are a
person's: the words of an e-mail address's local part wherever they appear (``maria.gonzalez@…``
hides "Maria" and "Gonzalez"), and capitalised words after a label such as "customer", "cardholder"
or "name:" or before an address in brackets (``Maria Gonzalez <m•••@example.com>``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import phonenumbers

__all__ = ["emails_in", "mask_email", "mask_emails", "mask_for_stranger", "mask_personal", "mask_personal_obj"]

#: How an ``@`` is written: itself, URL-encoded, as an HTML entity, or escaped in JSON or Python source.
_AT = r"(?:@|%40|&#0*64;|&#[xX]0*40;|&commat;|\\u0040|\\x40)"
#: Unicode letters and digits count (``\w``): internationalised addresses are addresses.
EMAIL = re.compile(rf"(?<![\w.%+-])(?P<local>[^\W_][\w.%+-]{{0,63}}?)(?P<at>{_AT})"
                   r"(?P<domain>[^\W_][\w-]*(?:\.[\w-]+)*\.(?:[^\W\d_]{2,}|xn--[a-z0-9-]+))")
DOT = "•••"
#: Regions whose national formats are read without a leading +; international numbers are read anywhere.
REGIONS = ("US", "GB", "CA", "AU", "DE", "FR", "ES", "IT", "NL", "BR", "IN", "MX")
_DIGITS = re.compile(r"\d")
_MAYBE_PHONE = re.compile(r"[+(]?\d[\d ().-]{6,}\d")


def mask_email(address: str) -> str:
    """``jane.doe@example.com`` → ``j•••@example.com`` (an encoded ``@`` is shown as ``@``)."""
    m = EMAIL.fullmatch(address) if isinstance(address, str) else None
    if m is None:
        local, _, domain = address.partition("@")
        return f"{local[:1]}{DOT}@{domain}" if domain else address
    return f"{m['local'][:1]}{DOT}@{m['domain']}"


def emails_in(text: str) -> list[str]:
    return [m.group(0) for m in EMAIL.finditer(text)] if _may_hold_email(text) else []


def _may_hold_email(text: str) -> bool:
    return "@" in text or "%40" in text or "&#" in text or "&commat;" in text or "\\u0040" in text \
        or "\\x40" in text


def mask_emails(text: str) -> str:
    if not _may_hold_email(text):
        return text
    return EMAIL.sub(lambda m: mask_email(m.group(0)), text)


def _glued(text: str, start: int, end: int) -> bool:
    """A match inside an identifier (``ch_3Nab…1234567890``) is not a phone number."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before in "_-/" or after.isalnum() or after == "_"


#: ``00`` then a country code: the international prefix most of the world dials instead of ``+``.
_DOUBLE_ZERO = re.compile(r"(?<![\w+])00(?=[1-9])")


def _phone_spans(text: str) -> list[tuple[int, int]]:
    if not _MAYBE_PHONE.search(text):
        return []
    spans: set[tuple[int, int]] = set()
    for region in REGIONS:
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            spans.add((m.start, m.end))
    # "0044 7700 900123" is "+44 7700 900123" dialled from abroad: read it as that (same length, so the
    # spans found stand for the original text).
    international = _DOUBLE_ZERO.sub(" +", text)
    for m in phonenumbers.PhoneNumberMatcher(international, "ZZ", leniency=phonenumbers.Leniency.POSSIBLE):
        if m.raw_string.startswith("+"):
            start = m.start - 1 if international[m.start - 1:m.start] == " " and text[m.start - 1:m.start] == "0" \
                else m.start
            spans.add((start, m.end))
    return sorted(s for s in spans if not _glued(text, *s))


def _mask_phone(raw: str) -> str:
    """Keep the last two digits, so a person can still tell two numbers apart."""
    digits = _DIGITS.findall(raw)
    return DOT + "".join(digits[-2:])


def mask_personal(text: str) -> str:
    """E-mail addresses and phone numbers masked; everything else as it was."""
    if not isinstance(text, str) or not text:
        return text
    text = mask_emails(text)
    out, last = [], 0
    for start, end in _phone_spans(text):
        if start < last:
            continue
        out += [text[last:start], _mask_phone(text[start:end])]
        last = end
    return "".join(out) + text[last:]


def mask_personal_obj(obj: Any, fn: Callable[[str], str] = mask_personal) -> Any:
    """``fn`` applied to every string (keys too) of a JSON-shaped object."""
    if isinstance(obj, str):
        return fn(obj)
    if isinstance(obj, dict):
        return {(fn(k) if isinstance(k, str) else k): mask_personal_obj(v, fn) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [mask_personal_obj(v, fn) for v in obj]
    return obj


# --- names, for a stranger's view ---------------------------------------------------------------------
#: Words after which a capitalised name is a person's.
_NAME_LABEL = re.compile(
    r"(?i:\b(?:customer|buyer|cardholder|card holder|payer|client|subscriber|member|student|"
    r"(?:customer|billing|full|card|first|last|contact)[ _]?name|name|dear))\b[\s:=\"']*"
    r"(?P<name>(?:[^\W\d_][\w'’-]+)(?:[ \t]+(?:[^\W\d_][\w'’-]+)){0,3})")
#: Capitalised words right before an address in brackets (the text before the address is given): its display name.
_DISPLAY_NAME = re.compile(r"(?P<name>(?:\b[^\W\d_][\w'’-]+[ \t]+){1,3})[<(\[]\s*$")
#: Capitalised words that follow a label but are not names.
_NOT_NAMES = {"support", "service", "services", "portal", "id", "email", "e-mail", "name", "account", "success",
              "care", "list", "base", "data", "number", "details", "info", "the", "a", "an", "has", "is", "was",
              "says", "said", "wrote", "tried", "paid", "can't", "cannot", "can", "and", "or", "with", "who",
              # the local parts of role addresses, not people
              "sales", "admin", "billing", "contact", "hello", "team", "noreply", "reply", "office",
              "mail", "user", "test", "customer", "shop", "store", "help", "orders", "accounts", "payments"}
_LOCAL_WORD = re.compile(r"[^\W\d_]{3,}")


def _capitalised_names(m: re.Match[str], from_end: bool = False) -> list[str]:
    """The capitalised words of the match, from its start (after a label) or from its end (before an address)."""
    words = []
    seq = m["name"].split()
    for word in reversed(seq) if from_end else seq:
        if not word[:1].isupper() or word.lower() in _NOT_NAMES:
            break
        words.append(word)
    return words


def names_in(text: str) -> set[str]:
    """Words of ``text`` that are a person's name (see the module docstring); lower-cased."""
    if not isinstance(text, str) or not text:
        return set()
    found: set[str] = set()
    for m in EMAIL.finditer(text) if _may_hold_email(text) else ():
        found.update(w.lower() for w in _LOCAL_WORD.findall(m["local"]))
        shown = _DISPLAY_NAME.search(text, max(0, m.start() - 80), m.start())
        if shown:
            found.update(w.lower() for w in _capitalised_names(shown, from_end=True))
    for m in _NAME_LABEL.finditer(text):
        found.update(w.lower() for w in _capitalised_names(m))
    return {w for w in found if len(w) >= 2 and w not in _NOT_NAMES}


def _strings(obj: Any) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in _strings(k) + _strings(v)]
    if isinstance(obj, list | tuple):
        return [s for v in obj for s in _strings(v)]
    return []


def mask_for_stranger(obj: Any) -> Any:
    """A JSON-shaped object as someone who is not its owner may see it: e-mail addresses, phone numbers and
    the names of people found anywhere in it (each name hidden everywhere it appears) masked."""
    names: set[str] = set()
    for text in _strings(obj):
        names |= names_in(text)
    if not names:
        return mask_personal_obj(obj, mask_personal)
    word = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                      + r")(?![\w])", re.IGNORECASE)

    def one(text: str) -> str:
        return word.sub(lambda m: m.group(0)[:1] + DOT, mask_personal(text))

    return mask_personal_obj(obj, one)
