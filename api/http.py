"""What every endpoint does before its own work: who is calling (``authorise``), the body within
its limit and parsed (``parsed``), and the address case links start from (``base_url``)."""

from __future__ import annotations

import json
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request

from api import settings, signatures
from api.limits import limiter, read_body

M = TypeVar("M", bound=BaseModel)

NO_TOKEN = "This needs an API token: send it as “Authorization: Bearer <token>”."
WRONG_TOKEN = "That API token is not one payassist accepts."
API_OFF = "The JSON API is off: no API tokens are configured (PAYASSIST_API_TOKENS)."


def authorise(request: Request) -> None:
    """401 unless the request carries a configured bearer token; 429 when that token is over its rate."""
    tokens = settings.api_tokens()
    header = request.headers.get("authorization")
    if not tokens:
        raise HTTPException(401, API_OFF, {"WWW-Authenticate": "Bearer"})
    if not header:
        raise HTTPException(401, NO_TOKEN, {"WWW-Authenticate": "Bearer"})
    token = signatures.bearer(header, tokens)
    if token is None:
        raise HTTPException(401, WRONG_TOKEN, {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    wait = limiter.retry_after(token)
    if wait is not None:
        raise HTTPException(429, f"Too many requests with this token; try again in {wait} seconds.",
                            {"Retry-After": str(wait)})


def parse_json(body: bytes) -> object:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "The body is not valid JSON.") from None


def explain(exc: ValidationError) -> str:
    """The first problem pydantic found, as a sentence naming the field (never echoing the input)."""
    err = exc.errors(include_input=False, include_url=False)[0]
    loc = ".".join(str(p) for p in err["loc"]) or "body"
    kind = err["type"]
    if kind == "missing":
        return f"The field “{loc}” is required."
    if kind == "extra_forbidden":
        return f"The field “{loc}” is not one payassist knows; the OpenAPI document at /api/v1/openapi.json lists them."
    if kind == "model_type" or kind == "dict_type":
        return f"The field “{loc}” must be a JSON object." if loc != "body" else "The body must be a JSON object."
    want = {"string_type": "a string", "bool_type": "true or false", "int_type": "a whole number",
            "float_type": "a number", "list_type": "a list"}.get(kind)
    if want:
        return f"The field “{loc}” must be {want}."
    return f"The field “{loc}” is not valid: {err['msg'].rstrip('.')}."


def validate(model: type[M], data: object) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise HTTPException(422, explain(exc)) from None


async def parsed(request: Request, model: type[M], body: bytes | None = None) -> M:
    """The body read within its limit, as JSON (400), as ``model`` (422)."""
    if body is None:
        body = await read_body(request)
    return validate(model, parse_json(body))


def base_url(request: Request) -> str:
    """Where this request came to (scheme and host, as a proxy forwarded it): case links start here."""
    proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
    scheme = proto if proto in ("http", "https") else request.url.scheme
    return f"{scheme}://{request.url.netloc}"
