"""The JSON API: triage a customer's words into a case, read a case, record a step's outcome."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from api.http import authorise, base_url, parsed
from api.models import OutcomeRequest, TriageRequest
from api.work import call
from conversation import service


async def triage(request: Request) -> JSONResponse:
    """POST /api/v1/triage: a new case from ``text`` (and ``facts`` already known)."""
    authorise(request)
    req = await parsed(request, TriageRequest)
    facts = req.facts.model_dump(exclude_none=True) if req.facts is not None else {}
    view = await call(service.triage, req.text, facts, req.role, base_url=base_url(request))
    return JSONResponse(view.to_dict())


async def case(request: Request) -> JSONResponse:
    """GET /api/v1/cases/{case_id}: the case as it stands (the same shape as triage's answer)."""
    authorise(request)
    view = await call(service.case, request.path_params["case_id"], base_url=base_url(request))
    return JSONResponse(view.to_dict())


async def outcome(request: Request) -> JSONResponse:
    """POST /api/v1/cases/{case_id}/outcomes: a step fixed it or didn't help; answers the new advice."""
    authorise(request)
    req = await parsed(request, OutcomeRequest)
    view = await call(service.outcome, request.path_params["case_id"], req.step, req.outcome,
                                   base_url=base_url(request))
    return JSONResponse(view.to_dict())
