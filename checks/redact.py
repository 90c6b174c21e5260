"""Mask Stripe keys in anything a person gives us, before it is kept or shown.

A key typed or pasted by a person lives only in the memory of the running check; everything else
(transcript, summary, case store, page, downloads) gets the masked form ``sk_live_…1234``. Real
pastes are not tidy, so a key is found wherever it sits:

- glued to other text (``Bearersk_live_…``, ``STRIPE_SECRET_KEY_sk_test_…``, a literal ``\\n``
  from a copied JSON log before it);
- with its underscores encoded: URL (``%5F``, double-encoded ``%255F``), JSON (``\\u005f``),
  Python (``\\x5f``) or HTML (``&#95;``, ``&#x5f;``, ``&lowbar;``);
- wrapped across lines by an e-mail client, with quote prefixes (``> ``, ``>> ``, spaces) or a
  literal ``\\n`` between the pieces. A line counts as hard-wrapped when it is at least
  ``WRAP_MIN`` characters long (mail clients wrap at 72–78).

Publishable keys are masked too: they are not secret, but nobody needs them in a transcript.
"""

from __future__ import annotations

import re
from typing import Any

_SEP = r"(?:_|%(?:25)*5[fF]|\\u005[fF]|\\x5[fF]|&#95;|&#x5[fF];|&lowbar;)"
_KEY = re.compile(rf"(?P<kind>sk|rk|pk){_SEP}(?P<mode>live|test){_SEP}(?P<body>[A-Za-z0-9]*)")
#: A line break (real, or escaped as in JSON) and the quote prefix of the next line, then more body.
_WRAP = re.compile(r"(?:\r?\n|\\r\\n|\\n)[ \t>]*(?P<more>[A-Za-z0-9]+)")
#: A line at least this long that ends inside a key was wrapped by a mail client.
WRAP_MIN = 60
#: Bodies shorter than this after the prefix are too short to mask meaningfully (shown as ``sk_live_…``).
_SHOW_LAST = 4


def _masked(kind: str, mode: str, body: str) -> str:
    return f"{kind}_{mode}_…{body[-_SHOW_LAST:]}" if len(body) > _SHOW_LAST else f"{kind}_{mode}_…"


def mask(key: str) -> str:
    """'sk_live_…1234' for a Stripe key; '…1234' (or '…') for anything else."""
    text = key.strip() if isinstance(key, str) else ""
    m = _KEY.search(text)
    if m:
        return _masked(m["kind"], m["mode"], m["body"])
    return f"…{text[-4:]}" if len(text) >= 12 else "…"


def _line_length(text: str, end: int) -> int:
    """Length of the line that ends at ``end`` (a real or an escaped line break starts a line)."""
    real = text.rfind("\n", 0, end) + 1
    escaped = text.rfind("\\n", 0, end)
    return end - max(real, escaped + 2 if escaped >= 0 else 0)


def redact(text: str) -> str:
    """Replace every Stripe key in ``text`` by its masked form (see the module docstring)."""
    if not isinstance(text, str) or not any(p in text for p in ("sk", "rk", "pk")):
        return text
    out: list[str] = []
    pos = 0
    for m in _KEY.finditer(text):
        start, end = m.span()
        if start < pos:
            continue
        body = m["body"]
        # Follow a key that an e-mail client wrapped onto the next line(s).
        for _ in range(8):
            wrap = _WRAP.match(text, end)
            if wrap is None or _line_length(text, end) < WRAP_MIN:
                break
            body += wrap["more"]
            end = wrap.end()
        out += [text[pos:start], _masked(m["kind"], m["mode"], body)]
        pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def redact_obj(obj: Any) -> Any:
    """Redact keys in strings nested in dicts (keys too), lists and tuples."""
    if isinstance(obj, str):
        return redact(obj)
    if isinstance(obj, dict):
        return {redact_obj(k): redact_obj(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(redact_obj(v) for v in obj)
    return obj


#: For vectorised pre-filtering (pandas ``str.contains``): text that may hold a key.
MAY_HOLD_KEY = r"(?:sk|rk|pk)(?:_|%|\\u|\\x|&)"
