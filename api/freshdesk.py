"""Freshdesk: an automation rule's "Trigger webhook" action posts the ticket here; payassist makes
its case and queues a private note with the summary for the ticket (``conversation.writeback``).

Freshdesk does not sign webhooks; the rule sends a custom header, ``X-Payassist-Secret``, whose
value must equal ``PAYASSIST_FRESHDESK_WEBHOOK_SECRET`` (compared in constant time).
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from api import settings, signatures
from api.http import base_url, parsed
from api.limits import read_body
from api.models import FreshdeskWebhook
from api.work import call
from conversation import service, writeback

NOT_SET_UP = "Freshdesk is not set up here: PAYASSIST_FRESHDESK_WEBHOOK_SECRET is not configured."
BAD_SECRET = "The X-Payassist-Secret header is missing or wrong."


async def webhook(request: Request) -> JSONResponse:
    body = await read_body(request)
    secret = settings.secret("FRESHDESK_WEBHOOK_SECRET")
    if not secret:
        raise HTTPException(401, NOT_SET_UP)
    if not signatures.shared_secret(request.headers.get("x-payassist-secret"), secret):
        raise HTTPException(401, BAD_SECRET)
    t = (await parsed(request, FreshdeskWebhook, body)).freshdesk_webhook
    view, created = await call(
        service.ticket, "freshdesk", str(t.ticket_id), t.ticket_subject, service.plain_text(t.ticket_description),
        t.ticket_contact_email, base_url=base_url(request), write_back=writeback.configured("freshdesk"))
    return JSONResponse({"case_url": view.case_url, "created": created})
