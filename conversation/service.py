"""What the HTTP API calls: a case from a request, as plain data, without a browser session.

The API (``api/``) talks to this module alone. Each call is one whole turn: read the input, ask
the rules, keep the case in the store, hand back the answer the API returns as JSON. A case made
here is an ordinary case: its link (``?case=<id>``) opens it in the page, where an agent carries on.

Cases made through the API belong to ``api:<source>`` (``api:triage``, ``api:zendesk``, …): no
browser owns them, so agents (and, in local mode, whoever runs payassist) work on them and anyone
else with the link sees them read-only and masked, as with any case that is not theirs.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

import knowledge
from conversation.casefile import case_record
from conversation.conversation import Conversation
from conversation.summary import ticket_summary
from knowledge.exceptions import PayassistError, StaleCase, StoreError, StoreUnavailable

if TYPE_CHECKING:
    from cases.outbox import Outbox
    from cases.store import CaseStore

__all__ = ["BadInput", "CaseView", "StoreError", "StoreUnavailable", "UnknownCase", "case", "case_url", "earlier_cases",
           "fact_vocabulary", "outcome", "plain_text", "reset", "sidebar", "step_ids", "ticket", "triage"]

Outcome = Literal["fixed", "didnt_help"]
HELPDESK_NAMES = {"zendesk": "Zendesk", "freshdesk": "Freshdesk", "helpscout": "Help Scout"}
#: A ticket id as helpdesks send it: digits (Zendesk, Freshdesk, Help Scout all number their tickets).
TICKET_ID = re.compile(r"^[0-9]{1,20}$")


class UnknownCase(PayassistError, LookupError):
    """No case with that id (never made, deleted, or a malformed id)."""


class BadInput(PayassistError, ValueError):
    """Input that is well-formed JSON of the right types but says something payassist can't take;
    the message is a sentence for the caller."""


@dataclass(frozen=True)
class CaseView:
    """A case as the API answers it (DESIGN.md, "HTTP API and helpdesks")."""

    facts: dict[str, Any]
    recognised: list[str]
    questions: list[dict[str, Any]]
    plan: list[dict[str, str]]
    exhausted: bool
    customer_reply: str | None
    summary: str
    case_url: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def case_id(self) -> str:
        return self.case_url.rpartition("case=")[2]


# --- the store ---------------------------------------------------------------------------------
_stores: dict[str, CaseStore] = {}
_lock = threading.Lock()


def store() -> CaseStore:
    """The case store for the current ``PAYASSIST_DATABASE_URL`` (opened once per URL, per process).
    Raises ``StoreUnavailable`` (a sentence without a password) when there is none."""
    from cases.store import CaseStore, default_url

    url = default_url()
    with _lock:
        if url not in _stores:
            _stores[url] = CaseStore(url)
        return _stores[url]


def outbox() -> Outbox:
    from cases.outbox import Outbox

    return Outbox(store())


def reset() -> None:
    """Forget the opened stores (tests that switch databases, a store found lost)."""
    with _lock:
        _stores.clear()


# --- what the API validates against -----------------------------------------------------------------
def fact_vocabulary() -> dict[str, dict[str, Any]]:
    """Fact names a caller may send, each with its type and (when fixed) its allowed values: the
    OpenAPI document and the request check both come from this (knowledge/facts.yaml)."""
    voc = knowledge.load().vocabulary
    out: dict[str, dict[str, Any]] = {}
    for name, fact in voc.facts.items():
        if fact.derived or name in ("role", "tried"):
            continue
        allowed = voc.allowed(name)
        out[name] = {"type": fact.type, "label": fact.label,
                     "values": sorted(allowed) if allowed is not None and fact.type != "bool" else None}
    return out


def step_ids() -> list[str]:
    return sorted(knowledge.load().steps)


def _checked_facts(facts: Mapping[str, Any] | None) -> dict[str, Any]:
    if not facts:
        return {}
    vocab = fact_vocabulary()
    out: dict[str, Any] = {}
    for name, value in facts.items():
        fact = vocab.get(name)
        if fact is None:
            raise BadInput(f"The fact “{name[:60]}” is not one payassist knows; the OpenAPI document lists them.")
        kind, allowed = fact["type"], fact["values"]
        ok = {"bool": isinstance(value, bool), "int": isinstance(value, int) and not isinstance(value, bool),
              "list": isinstance(value, list) and all(isinstance(v, str) for v in value),
              }.get(kind, isinstance(value, str))
        if not ok:
            want = {"bool": "true or false", "int": "a whole number", "list": "a list of strings"}.get(kind, "a string")
            raise BadInput(f"The fact “{name}” must be {want}.")
        values = value if isinstance(value, list) else [value]
        if allowed is not None and any(v not in allowed for v in values):
            raise BadInput(f"The fact “{name}” can't be {str(value)[:60]!r}; the OpenAPI document lists its values.")
        out[name] = value
    return out


# --- answers ------------------------------------------------------------------------------------
def case_url(base_url: str, case_id: str) -> str:
    """The case's link in the page: ``PAYASSIST_PUBLIC_URL`` when set (behind a proxy), else the
    address the request came to."""
    import os

    base = (os.environ.get("PAYASSIST_PUBLIC_URL") or base_url or "").rstrip("/")
    return f"{base}/?case={case_id}"


def _view(conv: Conversation, case_id: str, base_url: str, notes: list[dict[str, Any]] | None = None) -> CaseView:
    advice = conv.advice()
    url = case_url(base_url, case_id)
    return CaseView(
        facts=dict(conv.facts),
        recognised=list(conv.recognised),
        questions=[{"id": q.id, "prompt": q.prompt, "options": list(q.options)} for q in advice.questions],
        plan=[{"id": s.id, "actor": s.actor, "title": s.title, "detail": s.detail, "why": s.why, "source": s.source}
              for s in advice.plan],
        exhausted=advice.exhausted,
        customer_reply=advice.customer_reply,
        summary=ticket_summary(conv, link=url, notes=notes),
        case_url=url,
    )


def _conversation(role: str, text: str, facts: dict[str, Any]) -> Conversation:
    conv = Conversation(role=role if role in ("agent", "seller") else "agent")
    if facts:
        conv.learn(facts)
        conv.say("user", "Known: " + "; ".join(f"{k} = {v}" for k, v in facts.items()), "outcome")
    if text.strip():
        conv.paste(text)
    return conv


def triage(text: str, facts: Mapping[str, Any] | None = None, role: str = "agent", *, base_url: str = "",
           source: str = "triage") -> CaseView:
    """Read ``text`` (keys in it masked before anything is kept), plan, and keep it as a new case."""
    conv = _conversation(role, text, _checked_facts(facts))
    st = store()
    case_id = st.create(demo=False, owner=f"api:{source}", **case_record(conv))
    return _view(conv, case_id, base_url)


def _load(case_id: str) -> tuple[Any, Conversation]:
    rec = store().load(case_id)
    if rec is None:
        raise UnknownCase("There is no case with that id: it was never made, or it was deleted.")
    return rec, Conversation.from_dict(rec.conversation)


def case(case_id: str, *, base_url: str = "") -> CaseView:
    rec, conv = _load(case_id)
    return _view(conv, rec.id, base_url, notes=rec.notes)


def outcome(case_id: str, step: str, result: Outcome, *, base_url: str = "") -> CaseView:
    """Record what a step did (fixed it, or didn't help) and answer the advice that follows."""
    if step not in knowledge.load().steps:
        raise BadInput(f"The step “{step[:80]}” is not one payassist knows.")
    if result not in ("fixed", "didnt_help"):
        raise BadInput("The outcome must be “fixed” or “didnt_help”.")
    for _ in range(3):  # someone else saved in between: apply it to the newer case
        rec, conv = _load(case_id)
        conv.fixed(step) if result == "fixed" else conv.didnt_help(step)
        data = case_record(conv, rec.notes)
        try:
            store().save(case_id, version=rec.version, outcome=(step, result), by_agent=True, **data)
        except StaleCase as exc:
            if not exc.stored:
                raise UnknownCase("The case was deleted while this outcome was being recorded.") from None
            continue
        return _view(conv, case_id, base_url, notes=rec.notes)
    raise BadInput("The case kept changing while this outcome was being recorded; send it again.")


# --- helpdesk tickets ---------------------------------------------------------------------------------
_BREAKS = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|/tr)\b[^>]*>")
_TAGS = re.compile(r"<[^>]*>")


def plain_text(markup: str) -> str:
    """A ticket description sent as HTML (Freshdesk's ``{{ticket.description}}``) as the words a
    person reads: line breaks kept, tags dropped, entities decoded."""
    import html

    text = _TAGS.sub("", _BREAKS.sub("\n", markup or ""))
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()


def _ticket_conversation(helpdesk: str, ticket_id: str, subject: str, description: str,
                         email: str) -> Conversation:
    conv = Conversation(role="agent")
    who = f" from {email}" if email else ""
    conv.say("user", f"{HELPDESK_NAMES[helpdesk]} ticket #{ticket_id}{who}: {subject or '(no subject)'}", "outcome")
    text = "\n\n".join(p for p in (subject.strip(), description.strip()) if p)
    if text:
        conv.paste(text)
    return conv


def writeback_body(view: CaseView) -> str:
    """The private note for the ticket: the first step, the case link, then the whole summary."""
    first = view.plan[0] if view.plan else None
    head = (f"payassist: first step: {first['title']} ({first['actor']}). {first['detail']}" if first else
            "payassist: answer the questions in the case first.")
    return f"{head}\n\nOpen the case: {view.case_url}\n\n{view.summary}"


def ticket(helpdesk: str, ticket_id: str, subject: str, description: str, email: str = "", *,
           base_url: str = "", write_back: bool = False) -> tuple[CaseView, bool]:
    """The case for a helpdesk ticket, made from its description the first time the ticket is seen
    (the same ticket again answers the same case). With ``write_back``, a private note for the
    ticket is queued in the outbox in the same transaction. Returns the case and whether it is new."""
    if helpdesk not in HELPDESK_NAMES:
        raise BadInput("Unknown helpdesk.")
    if not TICKET_ID.match(ticket_id):
        raise BadInput("The ticket id must be the helpdesk's ticket number (digits only).")
    box = outbox()
    existing = box.case_for(helpdesk, ticket_id)
    if existing is not None:
        try:
            return case(existing, base_url=base_url), False
        except UnknownCase:
            pass
    conv = _ticket_conversation(helpdesk, ticket_id, subject, description, email)
    st = store()
    case_id = st.create(demo=False, owner=f"api:{helpdesk}", **case_record(conv))
    view = _view(conv, case_id, base_url)
    winner = box.claim_ticket(helpdesk, ticket_id, case_id, note=writeback_body(view) if write_back else None)
    if winner != case_id:  # the same ticket arrived twice at once: the other request made the case
        st.delete(case_id)
        return case(winner, base_url=base_url), False
    if write_back:
        st.add_note(case_id, "payassist", f"A private note with this summary is queued for {HELPDESK_NAMES[helpdesk]} "
                    f"ticket #{ticket_id}.")
        from conversation import writeback

        writeback.wake()
    return view, True


def earlier_cases(email: str, *, base_url: str = "", exclude: str = "", limit: int = 5) -> list[dict[str, Any]]:
    """Cases that mention this customer's e-mail, made by signed-in agents or through the API (an
    anonymous seller's own cases are theirs alone), newest first."""
    if not email or "@" not in email:
        return []
    voc = knowledge.load().vocabulary
    rows = store().list_cases(search=email.lower(), include_demo=False, limit=50)
    out = []
    for r in rows:
        if r.id == exclude or r.owner.startswith("visitor:") or not r.owner:
            continue
        out.append({"url": case_url(base_url, r.id), "status": r.status, "symptom": voc.describe_symptom(r.symptom),
                    "updated": r.updated.strftime("%Y-%m-%d")})
        if len(out) >= limit:
            break
    return out


def sidebar(ticket_id: str, subject: str, email: str, *, base_url: str = "") -> dict[str, Any]:
    """What the Help Scout sidebar shows for a ticket: what its subject says, the first step, the
    customer's earlier cases, and the link to this ticket's case (made on first view)."""
    view, _ = ticket("helpscout", ticket_id, subject, "", email, base_url=base_url)
    first = view.plan[0] if view.plan else None
    return {"recognised": view.recognised, "first_step": first["title"] if first else None,
            "question": view.questions[0]["prompt"] if view.questions else None,
            "earlier": earlier_cases(email, base_url=base_url, exclude=view.case_id), "case_url": view.case_url}
