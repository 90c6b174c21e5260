"""Headers on every answer the server gives, page and API alike, now that the server is ours
(``st.App`` takes this as middleware):

- ``Content-Security-Policy``: ``frame-ancestors 'self'`` plus the origins in
  ``PAYASSIST_FRAME_ANCESTORS`` (a helpdesk may frame the case page, nobody else may), no plugins,
  no ``<base>`` from elsewhere. Scripts and styles are left to Streamlit, which needs its own.
- ``X-Content-Type-Options: nosniff``; ``Referrer-Policy: same-origin`` (a case link, which is a
  capability, never leaks to another site as a referrer); ``X-Frame-Options`` for browsers without
  CSP when no helpdesk is allowed to frame the page.
- The visitor cookie (``payassist_visitor``), which recognises an anonymous browser as the owner of
  its cases, is set here on the first page load: ``HttpOnly`` (no script can read it), ``SameSite=Lax``,
  ``Secure`` behind HTTPS. The page reads it from the request (``st.context.cookies``) as before.
"""

from __future__ import annotations

import re
import secrets

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import settings

#: The page's name for it (ui/auth.py ``VISITOR_COOKIE``; tests/api keep the two in step).
VISITOR_COOKIE = "payassist_visitor"
VISITOR_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
ONE_YEAR = 365 * 24 * 3600
_NOT_PAGES = ("/static/", "/_stcore/", "/api/", "/component/", "/media/")


def policy() -> str:
    ancestors = " ".join(["'self'", *settings.frame_ancestors()])
    return f"frame-ancestors {ancestors}; base-uri 'self'; object-src 'none'"


def _https(scope: Scope, headers: Headers) -> bool:
    proto = headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return scope.get("scheme") == "https" or proto == "https"


def _has_visitor(headers: Headers) -> bool:
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == VISITOR_COOKIE and VISITOR_TOKEN.match(value.strip('"')):
            return True
    return False


def visitor_cookie(https: bool) -> str:
    cookie = (f"{VISITOR_COOKIE}={secrets.token_urlsafe(24)}; Path=/; Max-Age={ONE_YEAR}; HttpOnly; "
              "SameSite=Lax")
    return cookie + ("; Secure" if https else "")


class SecurityHeaders:
    """Pure ASGI middleware (websockets pass through untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        https = _https(scope, request_headers)
        needs_visitor = scope.get("method") == "GET" and not _has_visitor(request_headers)
        csp = policy()
        framed = bool(settings.frame_ancestors())

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = csp
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                if not framed:
                    headers["X-Frame-Options"] = "SAMEORIGIN"
                page = headers.get("content-type", "").startswith("text/html") or (
                    message.get("status") == 304 and not scope.get("path", "").startswith(_NOT_PAGES))
                if needs_visitor and page:  # the page itself (also when the browser had it cached)
                    headers.append("Set-Cookie", visitor_cookie(https))
            await send(message)

        await self.app(scope, receive, send_with_headers)
