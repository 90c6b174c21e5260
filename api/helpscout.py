"""Help Scout dynamic app: the sidebar beside a conversation. Help Scout posts the ticket and the
customer to the callback URL, signed with the app's secret key (``X-HelpScout-Signature`` = base64
HMAC-SHA1 of the raw body, ``PAYASSIST_HELPSCOUT_SECRET``); payassist answers ``{"html": …}``: what
the subject says, the first step, the customer's earlier cases, and a link to this ticket's case.

The HTML is built from escaped parts only: every piece of text that came from outside (the
subject, an e-mail, a case's words) goes through ``html.escape`` in ``text``; tags come from this
module's constants, and the only attributes are links payassist made itself (also escaped).
"""

from __future__ import annotations

import html

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from api import settings, signatures
from api.http import base_url, parsed
from api.limits import read_body
from api.models import HelpScoutRequest
from api.work import call
from conversation import service

NOT_SET_UP = "Help Scout is not set up here: PAYASSIST_HELPSCOUT_SECRET is not configured."
BAD_SIGNATURE = "The X-HelpScout-Signature header does not match this body."
STATUS = {"open": "open", "fixed": "fixed", "escalated": "escalated"}


def text(value: object) -> str:
    return html.escape(str(value), quote=True)


def link(url: str, label: str) -> str:
    return f'<a href="{text(url)}" target="_blank" rel="noopener noreferrer">{text(label)}</a>'


def render(data: dict) -> str:
    """The sidebar's HTML from ``service.sidebar``'s answer (short: the sidebar is narrow)."""
    parts = ['<h4>payassist</h4>']
    recognised = data.get("recognised") or []
    if recognised:
        parts.append("<ul>" + "".join(f"<li>{text(s)}</li>" for s in recognised[:4]) + "</ul>")
    else:
        parts.append("<p>The subject names no documented error or symptom.</p>")
    if data.get("first_step"):
        parts.append(f"<p><strong>First step:</strong> {text(data['first_step'])}</p>")
    elif data.get("question"):
        parts.append(f"<p><strong>Ask:</strong> {text(data['question'])}</p>")
    parts.append(f"<p>{link(data['case_url'], 'Open the case for this ticket')}</p>")
    earlier = data.get("earlier") or []
    parts.append("<h4>Earlier cases</h4>")
    if earlier:
        parts.append("<ul>" + "".join(
            f"<li>{link(c['url'], c['symptom'])} <span>({text(STATUS.get(c['status'], 'open'))}, "
            f"{text(c['updated'])})</span></li>" for c in earlier) + "</ul>")
    else:
        parts.append("<p>None for this customer.</p>")
    return "".join(parts)


async def sidebar(request: Request) -> JSONResponse:
    body = await read_body(request)
    secret = settings.secret("HELPSCOUT_SECRET")
    if not secret:
        raise HTTPException(401, NOT_SET_UP)
    if not signatures.helpscout(secret, body, request.headers.get("x-helpscout-signature")):
        raise HTTPException(401, BAD_SIGNATURE)
    req = await parsed(request, HelpScoutRequest, body)
    if req.ticket is False:
        return JSONResponse({"html": "<h4>payassist</h4><p>Send the draft first: payassist reads the ticket.</p>"})
    email = req.customer.email or next(iter(req.customer.emails), "")
    data = await call(service.sidebar, str(req.ticket.id), req.ticket.subject, email,
                                   base_url=base_url(request))
    return JSONResponse({"html": render(data)})
