"""Checks: everything that turns input into facts, evidence and problems (a ``Finding``).

Each check accepts anything a person may give it and never raises on content; what went wrong
becomes a sentence in ``Finding.problems``. Checks never import ``rules``.

The public checks are named here; each is imported on first use (PEP 562), so reading a pasted
message doesn't load pandas or the Stripe SDK.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "analyse_export": "checks.export",
    "check_account": "checks.stripe_live",
    "check_already_integrated": "checks.accounts",
    "check_product": "checks.product",
    "classify_key": "checks.keys",
    "decide_scope": "checks.scope",
    "evidence_from_dict": "checks.evidence",
    "Evidence": "checks.evidence",
    "AccountMatchEvidence": "checks.evidence",
    "ExportEvidence": "checks.evidence",
    "IntegratedEvidence": "checks.evidence",
    "KeyEvidence": "checks.evidence",
    "LiveCheckEvidence": "checks.evidence",
    "ProductEvidence": "checks.evidence",
    "Finding": "checks.finding",
    "mask": "checks.redact",
    "match_account": "checks.accounts",
    "read_message": "checks.message",
    "recognise": "checks.message",
    "redact": "checks.redact",
    "redact_obj": "checks.redact",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'checks' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
