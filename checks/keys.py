"""Classify what a person typed as a Stripe key, offline, before anything is sent anywhere.

The key itself never leaves this module in a Finding: only its kind and its masked form.
"""

from __future__ import annotations

import re

from checks.evidence import KeyEvidence
from checks.finding import Finding
from checks.redact import mask

_KEY = re.compile(r"^(sk|rk|pk)_(live|test)_(.*)$", re.DOTALL)
_BODY = re.compile(r"^[A-Za-z0-9]+$")
_QUOTES = "\"'`\u201c\u201d\u2018\u2019<>"
#: Real key bodies are long; anything this short was cut off when copied.
MIN_BODY = 20
#: What placeholder text looks like: a template's name or filler, not a sentence about a key.
PLACEHOLDER = re.compile(
    r"^(?:your|my|the|a)?[\s_-]*(?:stripe[\s_-]*)?(?:live|test)?[\s_-]*(?:secret|api|restricted|publishable)?[\s_-]*"
    r"key(?:[\s_-]*(?:goes)?[\s_-]*here)?$"
    r"|(?:enter|insert|paste|put|add|replace)\s+(?:with\s+)?(?:your|the)\s+(?:stripe\s+)?(?:\w+\s+)?key"
    r"|key\s+here|placeholder|changeme|change[\s_-]me|^todo|example|x{4}|\*{4}|^<.*>$|^\[.*\]$|^\{\{.*\}\}$",
    re.IGNORECASE)
#: Placeholder text is short; a longer text that mentions a key is a message, not a placeholder.
PLACEHOLDER_MAX = 60
_FILLER = set("x*.…<>_- ")
KINDS = {
    ("sk", "live"): "live_secret", ("sk", "test"): "test_secret",
    ("rk", "live"): "live_restricted", ("rk", "test"): "test_restricted",
    ("pk", "live"): "live_publishable", ("pk", "test"): "test_publishable",
}
EXPLAIN = {
    "live_secret": (
        "This is a live secret key: it works, but it can also move money. A restricted key with "
        "read-only permissions (it begins with rk_live_) is safer to paste into a tool like this."
    ),
    "test_secret": (
        "This is a test key (sk_test_): test keys only check the connection with Stripe and can't "
        "process real payments. If Kartra uses it, live checkouts will fail."
    ),
    "live_restricted": "This is a live restricted key: the safest kind to use here.",
    "test_restricted": (
        "This is a test restricted key: it only shows test-mode data, not your real payments."
    ),
    "live_publishable": (
        "This is a publishable key (pk_live_): it is meant for web pages and can't be used to check "
        "your account or take payments in Kartra. Paste a restricted (rk_live_) or secret key instead."
    ),
    "test_publishable": (
        "This is a test publishable key (pk_test_): it is meant for web pages and can't be used to "
        "check your account. Paste a restricted (rk_live_) or secret key instead."
    ),
    "placeholder": (
        "This looks like placeholder text, not a real key. Placeholder text in an integration "
        "can't communicate with Stripe at all: copy the key from Stripe (Developers › API keys)."
    ),
    "malformed": (
        "This doesn't look like a Stripe key. Stripe keys begin with sk_, rk_ or pk_, then live_ "
        "or test_, then a long run of letters and digits. Copy it again from Stripe "
        "(Developers › API keys)."
    ),
}
#: Kinds a live check can use: secret or restricted.
USABLE = {"live_secret", "test_secret", "live_restricted", "test_restricted"}


def _clean(text: str) -> tuple[str, list[str]]:
    notes = []
    stripped = text.strip()
    if stripped != text:
        notes.append("Removed spaces or line breaks around the key.")
    unquoted = stripped.strip(_QUOTES).strip()
    if unquoted != stripped:
        notes.append("Removed quotes around the key.")
    return unquoted, notes


def classify_key(text: str) -> Finding:
    """The ``key_kind`` fact for ``text``, with a plain explanation. Never raises."""
    if not isinstance(text, str):
        text = ""
    key, notes = _clean(text[:10_000])
    lowered = key.lower()
    m = _KEY.match(key)
    filler = set(lowered) <= _FILLER or (m is not None and set(m.group(3).lower()) <= _FILLER)
    if not key or filler or (len(key) <= PLACEHOLDER_MAX and PLACEHOLDER.search(key)):
        kind = "placeholder"
    elif m is None:
        kind = "malformed"
    else:
        body = m.group(3)
        kind = KINDS[(m.group(1), m.group(2))]
        if not _BODY.match(body):
            kind = "malformed"
            notes.append("The key has spaces or other characters inside it: copy it again in one piece.")
        elif len(body) < MIN_BODY:
            kind = "malformed"
            notes.append("The key looks cut off: it is much shorter than a Stripe key.")
    problems = [] if kind in {"live_restricted", "live_secret"} else [EXPLAIN[kind]]
    evidence = KeyEvidence(
        masked=mask(key) if key else "…", key_kind=kind, notes=tuple(notes),
        mode="live" if "live" in kind else "test" if "test" in kind else "",
        advice=EXPLAIN[kind] if kind == "live_secret" else "",
    )
    return Finding(facts={"key_kind": kind}, evidence=evidence, problems=problems)
