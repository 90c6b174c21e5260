"""Every check that a request comes from whom it says, in one place: constant-time comparisons
(``hmac.compare_digest``) over the raw bytes, never over text decoded or re-encoded on the way.

- the JSON API: ``Authorization: Bearer <token>`` against ``PAYASSIST_API_TOKENS``;
- Help Scout: ``X-HelpScout-Signature`` = base64 HMAC-SHA1 of the raw body;
- Zendesk: ``X-Zendesk-Webhook-Signature`` = base64 HMAC-SHA256 of timestamp + raw body;
- Freshdesk: ``X-Payassist-Secret`` equal to the configured secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Sequence

Digest = Callable[[], "hashlib._Hash"]


def bearer(header: str | None, tokens: Sequence[str]) -> str | None:
    """The configured token the ``Authorization`` header carries, or None. Every token is compared
    (no early exit), so the time taken says nothing about which one nearly matched."""
    if not header or not tokens:
        return None
    scheme, _, given = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    given_b = given.strip().encode("utf-8", "surrogateescape")
    found = None
    for token in tokens:
        if hmac.compare_digest(given_b, token.encode()):
            found = token
    return found


def hmac_base64(secret: str, message: bytes, digest: Digest, given: str | None) -> bool:
    """True when ``given`` is the base64 HMAC of ``message`` with ``secret``."""
    if not secret or not given:
        return False
    expected = base64.b64encode(hmac.new(secret.encode(), message, digest).digest())
    return hmac.compare_digest(expected, given.strip().encode("utf-8", "surrogateescape"))


def shared_secret(given: str | None, secret: str) -> bool:
    if not secret or not given:
        return False
    return hmac.compare_digest(given.strip().encode("utf-8", "surrogateescape"), secret.encode())


def helpscout(secret: str, body: bytes, given: str | None) -> bool:
    return hmac_base64(secret, body, hashlib.sha1, given)


def zendesk(secret: str, timestamp: str, body: bytes, given: str | None) -> bool:
    return hmac_base64(secret, timestamp.encode("utf-8", "surrogateescape") + body, hashlib.sha256, given)
