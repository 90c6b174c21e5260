"""HTTP routes beside the page: the JSON API and the helpdesk endpoints (no Streamlit here).

``st.App`` (serve.py) takes ``routes``, ``middleware`` and ``lifespan`` from this package, so the
page and the API share one server and one port. The routes are mounted under ``/api`` as their own
Starlette app, with one exception-handler dict (``api.errors.HANDLERS``): every error is JSON
``{"error": "a sentence"}``, and none of it touches Streamlit's own routes. ``TestClient(api.app)``
tests them without Streamlit. Everything below calls ``conversation`` only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route

from api import errors, freshdesk, helpscout, openapi, triage, zendesk
from api.headers import SecurityHeaders

ROUTES = [
    Route("/v1/triage", triage.triage, methods=["POST"]),
    Route("/v1/cases/{case_id}", triage.case, methods=["GET"]),
    Route("/v1/cases/{case_id}/outcomes", triage.outcome, methods=["POST"]),
    Route("/v1/openapi.json", openapi.openapi, methods=["GET"]),
    Route("/helpscout", helpscout.sidebar, methods=["POST"]),
    Route("/zendesk/webhook", zendesk.webhook, methods=["POST"]),
    Route("/freshdesk/webhook", freshdesk.webhook, methods=["POST"]),
]

app = Starlette(routes=ROUTES, exception_handlers=errors.HANDLERS)
routes = [Mount("/api", app=app)]
middleware = [Middleware(SecurityHeaders)]


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """The server's lifetime: the write-back worker sends queued helpdesk notes (those left by a
    previous run first) until the server stops."""
    from conversation.writeback import Worker

    worker = Worker().start()
    try:
        yield
    finally:
        worker.stop()
