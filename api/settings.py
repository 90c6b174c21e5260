"""The API's settings, read from the environment at call time (never at import), so a test or an
operator changing one sees it on the next request. Secrets are returned, never logged or stored.

| variable | meaning |
|---|---|
| ``PAYASSIST_API_TOKENS`` | comma-separated bearer tokens for ``/api/v1`` (none: the JSON API refuses every call) |
| ``PAYASSIST_API_RATE`` | requests per token, as ``count/seconds`` (default ``60/60``) |
| ``PAYASSIST_HELPSCOUT_SECRET`` | the Help Scout dynamic app's secret key |
| ``PAYASSIST_ZENDESK_WEBHOOK_SECRET`` | the Zendesk webhook's signing secret |
| ``PAYASSIST_FRESHDESK_WEBHOOK_SECRET`` | the value Freshdesk sends in ``X-Payassist-Secret`` |
| ``PAYASSIST_FRAME_ANCESTORS`` | space- or comma-separated origins allowed to frame the page (a helpdesk) |
| ``PAYASSIST_PUBLIC_URL`` | the address case links use (behind a proxy); default: the address a request came to |
"""

from __future__ import annotations

import os

#: Request bodies above this are refused with 413 (a pasted log of 5 MB is the largest the reader takes).
MAX_BODY = 5 * 1024 * 1024
#: Zendesk signs a timestamp with each webhook; older (or further ahead) than this is refused.
ZENDESK_MAX_AGE = 300.0


def api_tokens() -> list[str]:
    return [t.strip() for t in os.environ.get("PAYASSIST_API_TOKENS", "").split(",") if t.strip()]


def rate() -> tuple[int, float]:
    try:
        count, seconds = os.environ.get("PAYASSIST_API_RATE", "60/60").split("/")
        return max(1, int(count)), max(0.001, float(seconds))
    except ValueError:
        return 60, 60.0


def secret(name: str) -> str:
    """``PAYASSIST_<NAME>`` ('' when unset)."""
    return os.environ.get(f"PAYASSIST_{name}", "").strip()


def frame_ancestors() -> list[str]:
    raw = os.environ.get("PAYASSIST_FRAME_ANCESTORS", "")
    return [o for o in raw.replace(",", " ").split() if o and all(c not in o for c in ";'\"\r\n")]
