"""Mask Stripe keys wherever text is about to be kept or shown.

A key typed or pasted by a person lives only in the memory of the running check: everything
else (transcript, summary, case store, page) gets the masked form ``sk_live_…1234``.
"""

from __future__ import annotations

import re
from typing import Any

_KEY = re.compile(r"\b((?:sk|rk|pk)_(?:live|test)_)([A-Za-z0-9]+)")


def mask(key: str) -> str:
    """'sk_live_…1234' for a Stripe key; '…1234' (or '…') for anything else."""
    m = _KEY.search(key.strip())
    if m:
        return f"{m.group(1)}…{m.group(2)[-4:]}" if len(m.group(2)) > 4 else f"{m.group(1)}…"
    text = key.strip()
    return f"…{text[-4:]}" if len(text) >= 12 else "…"


def redact(text: str) -> str:
    """Replace every Stripe key in ``text`` by its masked form."""
    return _KEY.sub(lambda m: mask(m.group(0)), text)


def redact_obj(obj: Any) -> Any:
    """Redact keys in strings nested in dicts, lists and tuples."""
    if isinstance(obj, str):
        return redact(obj)
    if isinstance(obj, dict):
        return {k: redact_obj(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(redact_obj(v) for v in obj)
    return obj
