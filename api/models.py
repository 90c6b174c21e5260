"""The API's request and answer shapes as pydantic models: requests are validated by them and the
OpenAPI document (``api.openapi``) is generated from them. The facts a caller may send are a model
built from the facts vocabulary (knowledge/facts.yaml, through ``conversation.service``), so their
names and allowed values in the document are the ones the rules know."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from conversation import service


class Strict(BaseModel):
    """Types as sent: a number is not a string, a string is not a boolean (422 otherwise)."""

    model_config = ConfigDict(strict=True, extra="ignore")


def _fact_field(fact: dict[str, Any]) -> tuple[Any, Any]:
    kind, values = fact["type"], fact["values"]
    if kind == "bool":
        typ: Any = bool
    elif kind == "int":
        typ = int
    elif kind == "list":
        typ = list[Literal[tuple(values)]] if values else list[str]  # type: ignore[misc]
    else:
        typ = Literal[tuple(values)] if values else str  # type: ignore[misc]
    return (typ | None, Field(default=None, description=fact["label"]))


#: Known facts (DESIGN.md's vocabulary): every one optional, nothing else allowed.
Facts = create_model(
    "Facts", __config__=ConfigDict(strict=True, extra="forbid"),
    __doc__="What is already known about the case; names and values from the facts vocabulary.",
    **{name: _fact_field(f) for name, f in service.fact_vocabulary().items()},
)


class TriageRequest(Strict):
    """A customer's words or an error (Stripe keys in it are masked before anything is kept)."""

    text: str = Field(description="The customer's message, the error, or a log excerpt.")
    facts: Facts | None = None  # type: ignore[valid-type]
    role: Literal["agent", "seller"] = "agent"


class OutcomeRequest(Strict):
    step: str = Field(description="A step id from the case's plan, e.g. customer.contact_issuer_authorize.")
    outcome: Literal["fixed", "didnt_help"]


class PlanStep(BaseModel):
    id: str
    actor: Literal["customer", "seller", "support"]
    title: str
    detail: str
    why: str
    source: str


class Question(BaseModel):
    id: str
    prompt: str
    options: list[str] = Field(description="The answers, as labels.")


class CaseAnswer(BaseModel):
    """A case: what is known, what to ask, the plan, the summary for the ticket, its link in the page."""

    facts: dict[str, Any]
    recognised: list[str]
    questions: list[Question]
    plan: list[PlanStep]
    exhausted: bool
    customer_reply: str | None
    summary: str
    case_url: str


class ErrorAnswer(BaseModel):
    error: str = Field(description="What went wrong, as a sentence.")


class WebhookAnswer(BaseModel):
    case_url: str
    created: bool = Field(description="False when this ticket already had a case (the same one is answered).")


# --- helpdesks (only the fields payassist reads; the rest of the vendors' payloads is ignored) ------
TicketId = int | str


class ZendeskRequester(Strict):
    email: str = ""


class ZendeskTicket(Strict):
    id: TicketId
    subject: str = ""
    description: str = ""
    requester: ZendeskRequester = ZendeskRequester()


class ZendeskWebhook(Strict):
    """The JSON body of the Zendesk trigger's webhook action."""

    ticket: ZendeskTicket


class FreshdeskTicket(Strict):
    ticket_id: TicketId
    ticket_subject: str = ""
    ticket_description: str = ""
    ticket_contact_email: str = ""


class FreshdeskWebhook(Strict):
    """The body of the Freshdesk automation rule's "Trigger webhook" action."""

    freshdesk_webhook: FreshdeskTicket


class HelpScoutTicket(Strict):
    id: TicketId
    number: TicketId | None = None
    subject: str = ""


class HelpScoutCustomer(Strict):
    email: str | None = None
    emails: list[str] = []


class HelpScoutRequest(Strict):
    """What Help Scout posts to a dynamic app's callback URL (``ticket`` is false for a draft)."""

    ticket: HelpScoutTicket | Literal[False]
    customer: HelpScoutCustomer = HelpScoutCustomer()


class SidebarAnswer(BaseModel):
    html: str
