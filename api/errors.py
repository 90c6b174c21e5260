"""Every error the API gives is JSON ``{"error": "a sentence"}``: one handler per exception kind,
in one dict (``HANDLERS``) the API's Starlette app takes. Nothing here echoes a header or a body."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from conversation.service import BadInput, StoreError, UnknownCase

log = logging.getLogger(__name__)

#: What Starlette's own errors (no route, wrong method) say, as sentences.
SENTENCES = {
    400: "The request is malformed.",
    401: "This needs a valid credential.",
    404: "There is nothing at this address; the OpenAPI document at /api/v1/openapi.json lists what there is.",
    405: "This address does not take that method.",
    413: "The request body is over 5 MB.",
    429: "Too many requests; wait a moment and try again.",
}


def error(status: int, sentence: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": sentence}, status_code=status, headers=headers)


async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else ""
    # Starlette's own raises carry the status phrase ("Method Not Allowed"): give a sentence instead.
    sentence = detail if detail.endswith((".", "?", "!")) else SENTENCES.get(exc.status_code, detail or "Error.")
    if exc.status_code == 405 and exc.headers and exc.headers.get("Allow"):
        sentence = f"This address does not take that method; it takes {exc.headers['Allow']}."
    return error(exc.status_code, sentence, dict(exc.headers or {}))


async def unknown_case(_request: Request, exc: UnknownCase) -> JSONResponse:
    return error(404, str(exc))


async def bad_input(_request: Request, exc: BadInput) -> JSONResponse:
    return error(422, str(exc))


async def store_unavailable(_request: Request, exc: StoreError) -> JSONResponse:
    """The case store is unreachable, lost or locked: its messages are sentences without a password."""
    return error(503, str(exc), {"Retry-After": "30"})


async def server_error(_request: Request, exc: Exception) -> JSONResponse:
    log.error("API request failed: %s", type(exc).__name__)  # the type only: a message may hold input
    return error(500, "Something went wrong inside payassist; the request was not completed.")


HANDLERS = {
    HTTPException: http_error,
    UnknownCase: unknown_case,
    BadInput: bad_input,
    StoreError: store_unavailable,
    Exception: server_error,
}
