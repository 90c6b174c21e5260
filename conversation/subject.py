"""Who a conversation is about, and the worklist when evidence covers many customers.

A plan is for one subject (DESIGN.md): the account (the checkout, every payment) or one customer
(their payments, their subscription). An export or a live check that shows failures for many
customers is not one customer's story: it becomes a ``Worklist``, one row per customer with that
customer's own facts, the next step from ``advise`` on them, and a reply for them, most urgent first.
Picking a row makes that customer the subject. Above ``checks`` and ``rules`` since it needs both.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import knowledge
from checks.customers import CustomerFailures
from rules import Advice, PlanStep, advise

ACCOUNT = ""


@dataclass(frozen=True)
class Subject:
    kind: Literal["account", "customer"] = "account"
    #: The customer's masked name, as shown (``j•••@example.com``); empty for the account.
    customer: str = ""
    #: The worklist row's key (a pseudonym), to find the row again.
    key: str = ACCOUNT

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Subject:
        if not isinstance(data, Mapping) or data.get("kind") != "customer":
            return cls()
        return cls("customer", str(data.get("customer") or "")[:80], str(data.get("key") or "")[:40])


@dataclass(frozen=True)
class WorkItem:
    key: str
    customer: str
    payments: int
    failures: int
    #: This customer's own facts: decline_code(s), purchase, attempt, next_attempt, retry_clock.
    facts: dict[str, Any] = field(default_factory=dict)
    next_step: str | None = None
    next_title: str = ""
    actor: str = ""
    reply: str | None = None
    #: What the data says of their retry cycle, in a few words ("attempt 2 of 4; next 4 Dec 14:05 UTC").
    retry: str = ""
    #: The leading reason, in words.
    reason: str = ""
    urgent: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WorkItem | None:
        try:
            return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
        except TypeError:
            return None


def _retry_words(facts: Mapping[str, Any]) -> str:
    attempt = str(facts.get("attempt") or "")
    total = knowledge.load().retry_cycle.attempts
    if attempt == "cancelled":
        return "cancelled after the last attempt"
    if facts.get("next_attempt"):
        return f"attempt {attempt} of {total} failed; next about {facts['next_attempt']}"
    if facts.get("passed_attempt"):
        return f"attempt on {facts['passed_attempt']} happened: did it go through?"
    return ""


def _reason_words(person: CustomerFailures) -> str:
    declines = knowledge.load().declines
    if person.codes:
        return ", ".join(declines[c].code.replace("_", " ") if c in declines else c.replace("_", " ")
                         for c in person.codes[:3])
    return person.reason or "no reason given"


def _own_first(advice: Advice) -> PlanStep | None:
    """The customer's own first step: the account-wide ones lead every plan and are shown once, above."""
    generic = knowledge.load().generic_steps
    own = [s for s in advice.plan if not s.account_wide]
    return next((s for s in own if s.id not in generic), own[0] if own else None)


def work_item(person: CustomerFailures, account: Mapping[str, Any]) -> WorkItem:
    """One customer's row: their facts, and what ``advise`` says to do first for them."""
    facts = person.facts()
    advice = advise({**account, **facts})
    first = _own_first(advice)
    return WorkItem(
        key=person.key, customer=person.customer, payments=person.payments, failures=person.failures,
        facts=facts, next_step=first.id if first else None, next_title=first.title if first else "",
        actor=first.actor if first else "", reply=advice.customer_reply, retry=_retry_words(facts),
        reason=_reason_words(person), urgent=bool(facts.get("next_attempt") or facts.get("passed_attempt")))


@dataclass(frozen=True)
class Worklist:
    """Customers with failures, most urgent first, and the account-wide figures above them."""

    items: tuple[WorkItem, ...] = ()
    #: The account-wide picture in one or two sentences a seller reads at a glance.
    headline: str = ""
    source: str = ""

    def __bool__(self) -> bool:
        return bool(self.items)

    def find(self, key: str) -> WorkItem | None:
        return next((i for i in self.items if i.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        return {"items": [i.to_dict() for i in self.items], "headline": self.headline, "source": self.source}

    @classmethod
    def from_dict(cls, data: Any) -> Worklist:
        if not isinstance(data, Mapping):
            return cls()
        items = tuple(i for i in (WorkItem.from_dict(d) for d in data.get("items") or [] if isinstance(d, Mapping))
                      if i is not None)
        return cls(items, str(data.get("headline") or ""), str(data.get("source") or ""))

    def refreshed(self, account: Mapping[str, Any]) -> Worklist:
        """Each row's next step and reply again, after the account's facts changed (a check found an
        expired connection: every customer's first step is now the account's)."""
        items = []
        for i in self.items:
            advice = advise({**account, **i.facts})
            first = _own_first(advice)
            items.append(WorkItem(**{**i.to_dict(), "next_step": first.id if first else None,
                                     "next_title": first.title if first else "", "actor": first.actor if first else "",
                                     "reply": advice.customer_reply}))
        return Worklist(tuple(items), self.headline, self.source)

    def download(self) -> bytes:
        """The worklist as CSV, safe to open in a spreadsheet (no cell starts a formula)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["customer", "payments", "failed", "reason", "retry cycle", "who acts", "next step",
                         "reply to the customer"])
        for i in self.items:
            writer.writerow([_cell(v) for v in (i.customer, i.payments, i.failures, i.reason, i.retry, i.actor,
                                                i.next_title, i.reply or "")])
        return out.getvalue().encode("utf-8")


#: OWASP CSV injection, and the invisible or full-width characters that hide one.
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", " ", "\u00a0", "\ufeff", "\u200b", "＝", "＋", "－", "＠")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def headline(summary: Mapping[str, Any], people: int, scope: str | None) -> str:
    """'147 of 2,000 payments failed (7.4%), from 131 customers; everyone else pays. …' in plain words."""
    rows, failed = int(summary.get("rows") or 0), int(summary.get("failed") or 0)
    if not rows or not failed:
        return ""
    rate = failed / rows
    text = f"{failed:,} of {rows:,} payments failed ({rate:.1%}), from {people:,} customer{'s' * (people != 1)}."
    if scope == "all":
        return text + " Every recent payment fails: that is an account-wide problem, so the plan starts there."
    trend = summary.get("trend")
    if trend == "rising":
        text += " Failures are rising in the later part of the period."
    elif trend == "falling":
        text += " Failures are falling in the later part of the period."
    if rate <= 0.15:
        text += (" Payments go through for everyone else, and a rate like this is in the range card payments "
                 "usually see. Work through the customers below, most urgent first.")
    else:
        text += (" That's more than card payments usually see: check the account-wide causes in the plan first, "
                 "then the customers below.")
    return text


def _told_apart(items: tuple[WorkItem, ...]) -> tuple[WorkItem, ...]:
    """Two customers whose masked names coincide get "(2)", "(3)": every row reads as its own."""
    seen: dict[str, int] = {}
    out = []
    for i in items:
        seen[i.customer] = seen.get(i.customer, 0) + 1
        n = seen[i.customer]
        out.append(i if n == 1 else WorkItem(**{**i.to_dict(), "customer": f"{i.customer} ({n})"}))
    return tuple(out)


def worklist(people: tuple[CustomerFailures, ...], account: Mapping[str, Any], summary: Mapping[str, Any],
             source: str) -> Worklist:
    items = _told_apart(tuple(work_item(p, account) for p in people))
    count = int(summary.get("failing_customers") or len(people))
    return Worklist(items, headline(summary, count, account.get("scope")), source)
