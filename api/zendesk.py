"""Zendesk: a trigger on ticket creation posts the ticket here; payassist makes its case and
queues a private comment with the summary for the ticket (``conversation.writeback``).

Zendesk signs each webhook: ``X-Zendesk-Webhook-Signature`` is the base64 HMAC-SHA256 of
``X-Zendesk-Webhook-Signature-Timestamp`` followed by the raw body, keyed with the webhook's
signing secret (``PAYASSIST_ZENDESK_WEBHOOK_SECRET``). A timestamp more than five minutes away
from now is refused, so a captured request can't be replayed later.
"""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from api import settings, signatures
from api.http import base_url, parsed
from api.limits import read_body
from api.models import ZendeskWebhook
from api.work import call
from conversation import service, writeback

NOT_SET_UP = "Zendesk is not set up here: PAYASSIST_ZENDESK_WEBHOOK_SECRET is not configured."
BAD_SIGNATURE = "The Zendesk webhook signature does not match this body and timestamp."
STALE = "The Zendesk webhook's timestamp is more than five minutes from now; it was refused (a replay?)."


def timestamp_age(stamp: str, now: datetime | None = None) -> float | None:
    """Seconds between the signed timestamp (ISO 8601, as Zendesk sends it) and now; None if unreadable."""
    try:
        t = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return abs(((now or datetime.now(UTC)) - t).total_seconds())


async def webhook(request: Request) -> JSONResponse:
    body = await read_body(request)
    secret = settings.secret("ZENDESK_WEBHOOK_SECRET")
    if not secret:
        raise HTTPException(401, NOT_SET_UP)
    stamp = request.headers.get("x-zendesk-webhook-signature-timestamp", "")
    if not signatures.zendesk(secret, stamp, body, request.headers.get("x-zendesk-webhook-signature")):
        raise HTTPException(401, BAD_SIGNATURE)
    age = timestamp_age(stamp)
    if age is None or age > settings.ZENDESK_MAX_AGE:
        raise HTTPException(401, STALE)
    hook = await parsed(request, ZendeskWebhook, body)
    t = hook.ticket
    view, created = await call(
        service.ticket, "zendesk", str(t.id), t.subject, t.description, t.requester.email,
        base_url=base_url(request), write_back=writeback.configured("zendesk"))
    return JSONResponse({"case_url": view.case_url, "created": created})
