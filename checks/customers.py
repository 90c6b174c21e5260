"""One customer's failures, out of evidence that covers many (an export, a live check's payments).

A conversation plans for one subject at a time (DESIGN.md): the account, or one customer. Evidence
about many customers is not folded into one set of facts (147 failures from 131 customers are not
"the card was declined: insufficient funds"); each customer with failures becomes a
``CustomerFailures``, whose ``facts()`` are that customer's own, for a worklist row and for the plan
once the row is picked. The customer is kept masked (``j•••@example.com``); ``key`` tells rows
apart without the address.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from checks.personal import DOT, EMAIL
from checks.retry import Cycle


def customer_key(raw: str) -> str:
    """A short, stable pseudonym for a customer: tells two masked rows apart, reveals nothing."""
    return hashlib.sha256(raw.strip().lower().encode("utf-8", "replace")).hexdigest()[:12]


def _mask(address: str) -> str:
    """``jane.doe@example.com`` → ``ja•••e@example.com``: enough to tell a worklist's rows apart and to
    recognise one's own customer, not enough to write to them."""
    local, _, domain = address.partition("@")
    shown = f"{local[:2]}{DOT}{local[-1]}" if len(local) >= 5 else f"{local[:1]}{DOT}"
    return f"{shown}@{domain}"


def masked_customer(raw: str) -> str:
    """``jane.doe@example.com`` → ``ja•••e@example.com``; a Stripe customer id stays as it is."""
    text = raw.strip()
    return EMAIL.sub(lambda m: _mask(m.group(0)), text)[:80] or "(unknown customer)"


@dataclass(frozen=True)
class CustomerFailures:
    """What the evidence shows of one customer's payments."""

    key: str
    customer: str
    payments: int
    failures: int
    #: Decline codes of this customer's failed payments, most frequent first.
    codes: tuple[str, ...] = ()
    #: The leading reason as the data words it, when no code could be read from it.
    reason: str = ""
    recurring: bool = False
    last_failure: str = ""
    #: Kartra's retry cycle for this customer's subscription, as it stands now (checks.retry).
    cycle: Cycle | None = None

    def facts(self) -> dict[str, Any]:
        """This customer's own facts: their decline codes, the kind of payment, the retry cycle."""
        facts: dict[str, Any] = {"error": "card_declined"}
        if self.codes:
            facts["decline_code"] = self.codes[0]
            facts["decline_codes"] = list(self.codes)
        if self.recurring or self.cycle is not None:
            facts["purchase"] = "recurring"
        if self.cycle is not None:
            facts.update(self.cycle.facts())
        return facts

    @property
    def urgency(self) -> tuple[int, Any, int]:
        """Most urgent first: a retry soonest, then a passed attempt to ask about, then a cancelled
        subscription (a new purchase to ask for), then everyone else by how often they failed."""
        if self.cycle is not None and not self.cycle.cancelled:
            rank, when = self.cycle.urgency
            return (rank, when.isoformat(), -self.failures)
        if self.cycle is not None:
            return (2, self.cycle.failures[-1].isoformat(), -self.failures)
        return (3, "", -self.failures)


def from_failed_rows(rows: list[dict[str, Any]], payments: dict[str, int], cycles: list[Cycle]) -> tuple[
        CustomerFailures, ...]:
    """Customers from failed-payment rows (``customer``, ``decline_code``, ``invoice``), most urgent first:
    the live check's recent charges, or any list of one payment a row."""
    by: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by.setdefault(str(row.get("customer") or "(unknown)"), []).append(row)
    cycle_of = {c.customer: c for c in cycles}
    out = []
    for raw, items in by.items():
        counts: dict[str, int] = {}
        for r in items:
            if r.get("decline_code"):
                counts[r["decline_code"]] = counts.get(r["decline_code"], 0) + 1
        codes = tuple(sorted(counts, key=lambda c: (-counts[c], c)))
        out.append(CustomerFailures(
            key=customer_key(raw), customer=masked_customer(raw), payments=max(payments.get(raw, 0), len(items)),
            failures=len(items), codes=codes, recurring=all(bool(r.get("invoice")) for r in items),
            last_failure=max(str(r.get("created") or "") for r in items), cycle=cycle_of.get(raw)))
    out.sort(key=lambda p: p.urgency)
    return tuple(out)
