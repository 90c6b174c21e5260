"""``GET /api/v1/openapi.json``: the API described for its callers. The schemas are generated from
the pydantic models requests are validated with (``api.models``); the operations are the table
below, which a test keeps in step with ``api.ROUTES``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.requests import Request
from starlette.responses import JSONResponse

from api import models as m

ERRORS = {400: "The body is not valid JSON.", 401: "No credential, or a wrong one.", 404: "No such case.",
          405: "Wrong method.", 413: "The body is over 5 MB.", 422: "A field has the wrong type or value.",
          429: "Over the rate limit (see Retry-After).", 503: "The case store is unavailable."}

#: (path, method, summary, request model, answer model, error statuses, security)
OPERATIONS: list[tuple[str, str, str, type[BaseModel] | None, type[BaseModel], tuple[int, ...], str | None]] = [
    ("/api/v1/triage", "post", "Triage a customer's words into a new case", m.TriageRequest, m.CaseAnswer,
     (400, 401, 405, 413, 422, 429, 503), "bearer"),
    ("/api/v1/cases/{case_id}", "get", "A case as it stands", None, m.CaseAnswer, (401, 404, 405, 429, 503), "bearer"),
    ("/api/v1/cases/{case_id}/outcomes", "post", "Record that a step fixed it or didn't help; the new advice",
     m.OutcomeRequest, m.CaseAnswer, (400, 401, 404, 405, 413, 422, 429, 503), "bearer"),
    ("/api/v1/openapi.json", "get", "This document", None, m.ErrorAnswer, (), None),
    ("/api/helpscout", "post", "Help Scout dynamic app callback (X-HelpScout-Signature)", m.HelpScoutRequest,
     m.SidebarAnswer, (400, 401, 405, 413, 422), None),
    ("/api/zendesk/webhook", "post", "Zendesk trigger webhook (X-Zendesk-Webhook-Signature)", m.ZendeskWebhook,
     m.WebhookAnswer, (400, 401, 405, 413, 422), None),
    ("/api/freshdesk/webhook", "post", "Freshdesk automation webhook (X-Payassist-Secret)", m.FreshdeskWebhook,
     m.WebhookAnswer, (400, 401, 405, 413, 422), None),
]


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    used = {x for op in OPERATIONS for x in (op[3], op[4]) if x is not None} | {m.ErrorAnswer}
    _, defs = models_json_schema([(x, "validation") for x in sorted(used, key=lambda c: c.__name__)],
                                 ref_template="#/components/schemas/{model}")
    paths: dict[str, dict[str, Any]] = {}
    for path, method, summary, body, answer, errors, security in OPERATIONS:
        op: dict[str, Any] = {"summary": summary, "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": _ref(answer)}}}}}
        if path == "/api/v1/openapi.json":
            op["responses"]["200"] = {"description": "OK", "content": {"application/json": {"schema": {
                "type": "object"}}}}
        for status in errors:
            op["responses"][str(status)] = {"description": ERRORS[status],
                                            "content": {"application/json": {"schema": _ref(m.ErrorAnswer)}}}
        if body is not None:
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
        if "{case_id}" in path:
            op["parameters"] = [{"name": "case_id", "in": "path", "required": True, "schema": {"type": "string"}}]
        if security:
            op["security"] = [{security: []}]
        paths.setdefault(path, {})[method] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "payassist", "version": "1",
                 "description": "Kartra payment troubleshooting: the API beside the page. Errors are "
                                "{\"error\": \"a sentence\"}."},
        "paths": paths,
        "components": {"schemas": defs["$defs"],
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "A token from PAYASSIST_API_TOKENS."}}},
    }


async def openapi(_request: Request) -> JSONResponse:
    return JSONResponse(document())
