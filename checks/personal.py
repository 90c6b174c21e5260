"""Personal data in text: customers' e-mail addresses and phone numbers, found and masked.

A case link opened by someone other than its owner, and everything an uploaded export leaves in
the case store, show ``j•••@example.com`` instead of the address. Phone numbers are found with
Google's libphonenumber port (``phonenumbers``), which knows each country's numbering plan: a
charge id or a Unix timestamp is not a phone number, ``+44 7700 900123`` and ``(415) 555-0132`` are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import phonenumbers

__all__ = ["emails_in", "mask_email", "mask_emails", "mask_personal", "mask_personal_obj"]

EMAIL = re.compile(r"(?<![\w.%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})"
                   r"@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
DOT = "•••"
#: Regions whose national formats are read without a leading +; international numbers are read anywhere.
REGIONS = ("US", "GB", "CA", "AU", "DE", "FR", "ES", "IT", "NL", "BR", "IN", "MX")
_DIGITS = re.compile(r"\d")
_MAYBE_PHONE = re.compile(r"[+(]?\d[\d ().-]{6,}\d")


def mask_email(address: str) -> str:
    """``jane.doe@example.com`` → ``j•••@example.com``."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}{DOT}@{domain}" if domain else address


def emails_in(text: str) -> list[str]:
    return [m.group(0) for m in EMAIL.finditer(text)]


def mask_emails(text: str) -> str:
    return EMAIL.sub(lambda m: mask_email(m.group(0)), text)


def _glued(text: str, start: int, end: int) -> bool:
    """A match inside an identifier (``ch_3Nab…1234567890``) is not a phone number."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before in "_-/" or after.isalnum() or after == "_"


def _phone_spans(text: str) -> list[tuple[int, int]]:
    if not _MAYBE_PHONE.search(text):
        return []
    spans: set[tuple[int, int]] = set()
    for region in REGIONS:
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            spans.add((m.start, m.end))
    for m in phonenumbers.PhoneNumberMatcher(text, "ZZ", leniency=phonenumbers.Leniency.POSSIBLE):
        if m.raw_string.startswith("+"):
            spans.add((m.start, m.end))
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
