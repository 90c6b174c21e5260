"""Sandbox accounts described as data (knowledge/scenarios/*.yaml), expanded into Stripe objects.

The compact YAML says what a trainer cares about (a charge failed with insufficient_funds two
days ago); ``expand`` turns it into the JSON Stripe's API reference describes, so the real SDK
parses it into the same objects it would get from Stripe.
"""

from __future__ import annotations

import hashlib
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from knowledge import HERE, KnowledgeError

SCENARIOS = HERE / "scenarios"
DAY = 86_400


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Account(_M):
    id: str
    business_name: str
    country: str = "US"
    email: str = "owner@example.com"
    charges_enabled: bool = True
    payouts_enabled: bool = True
    details_submitted: bool = True
    disabled_reason: str | None = None


class Charge(_M):
    status: str = "failed"  # failed | succeeded
    amount: int = 4900
    currency: str = "usd"
    email: str = "customer@example.com"
    days_ago: float = 1
    failure_code: str | None = None
    decline_code: str | None = None
    message: str | None = None
    outcome_type: str | None = None  # authorized | issuer_declined | blocked
    network_status: str | None = None
    invoice: bool = False


class Subscription(_M):
    status: str
    email: str = "customer@example.com"
    days_ago: float = 30


class Invoice(_M):
    status: str = "open"
    amount_due: int = 2900
    attempt_count: int = 1
    next_attempt_in_days: float | None = 3
    email: str = "customer@example.com"
    days_ago: float = 3


class Inject(_M):
    status: int | None = None
    latency_ms: int = 0
    endpoint: str | None = None


class Scenario(_M):
    name: str
    title: str
    description: str
    key: str
    facts: dict[str, Any] = Field(default_factory=dict)
    account: Account
    charges: tuple[Charge, ...] = ()
    subscriptions: tuple[Subscription, ...] = ()
    invoices: tuple[Invoice, ...] = ()
    inject: Inject | None = None


@lru_cache(maxsize=2)
def load_scenarios(root: Path = SCENARIOS) -> dict[str, Scenario]:
    out = {}
    for path in sorted(root.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("check", "stripe") != "stripe":
            continue  # a demo told with another check (an export): no Stripe account to serve
        try:
            sc = Scenario.model_validate(data)
        except Exception as exc:  # noqa: BLE001 - re-raised with the file named
            raise KnowledgeError(f"scenarios/{path.name}: {exc}") from exc
        out[sc.name] = sc
    return out


def _id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()[:20]
    return f"{prefix}_{digest}"


def _customer(sc: Scenario, email: str) -> str:
    return _id("cus", sc.name, email)


def expand(sc: Scenario, now: float | None = None) -> dict[str, list[dict[str, Any]] | dict[str, Any]]:
    """The scenario as Stripe API objects: account, charges, payment_intents, subscriptions, invoices."""
    now = now or time.time()
    livemode = "_live_" in sc.key
    a = sc.account
    account = {
        "id": a.id, "object": "account", "business_profile": {"name": a.business_name},
        "settings": {"dashboard": {"display_name": a.business_name}},
        "country": a.country, "email": a.email, "type": "standard",
        "charges_enabled": a.charges_enabled, "payouts_enabled": a.payouts_enabled,
        "details_submitted": a.details_submitted, "default_currency": "usd",
        "requirements": {"disabled_reason": a.disabled_reason, "currently_due": [],
                         "past_due": [] if not a.disabled_reason else ["individual.verification.document"]},
        "created": int(now - 400 * DAY),
    }
    charges, intents = [], []
    for i, c in enumerate(sc.charges):
        ch_id, pi_id = _id("ch", sc.name, i), _id("pi", sc.name, i)
        created = int(now - c.days_ago * DAY)
        failed = c.status == "failed"
        failure_code = (c.failure_code or "card_declined") if failed else None
        decline = None
        if failed:
            decline = c.decline_code or ("generic_decline" if failure_code == "card_declined" else None)
        message = c.message or ("Your card was declined." if failed else None)
        outcome_type = c.outcome_type or ("issuer_declined" if failed else "authorized")
        customer = _customer(sc, c.email)
        charges.append({
            "id": ch_id, "object": "charge", "amount": c.amount, "amount_captured": 0 if failed else c.amount,
            "currency": c.currency, "created": created, "livemode": livemode,
            "status": "failed" if failed else "succeeded", "paid": not failed, "captured": not failed,
            "customer": customer, "receipt_email": c.email,
            "billing_details": {"email": c.email, "name": None, "address": None, "phone": None},
            "failure_code": failure_code, "failure_message": message if failed else None,
            "outcome": {
                "type": outcome_type,
                "network_status": c.network_status or ("declined_by_network" if failed else "approved_by_network"),
                "reason": "highest_risk_level" if outcome_type == "blocked" else decline,
                "risk_level": "normal",
                "seller_message": "The bank did not return any further details with this decline."
                if failed else "Payment complete.",
            },
            "payment_intent": pi_id, "invoice": _id("in", sc.name, "c", i) if c.invoice else None,
            "description": "Subscription update" if c.invoice else "Kartra checkout",
            "metadata": {},
        })
        intents.append({
            "id": pi_id, "object": "payment_intent", "amount": c.amount, "currency": c.currency,
            "created": created, "livemode": livemode, "customer": customer,
            "status": "requires_payment_method" if failed else "succeeded",
            "latest_charge": ch_id, "receipt_email": c.email,
            "last_payment_error": {
                "type": "card_error", "code": failure_code, "decline_code": decline,
                "message": message, "charge": ch_id,
            } if failed else None,
            "metadata": {},
        })
    subs = [{
        "id": _id("sub", sc.name, i), "object": "subscription", "status": s.status,
        "customer": _customer(sc, s.email), "created": int(now - s.days_ago * DAY),
        "livemode": livemode, "metadata": {}, "items": {"object": "list", "data": [], "has_more": False,
                                                          "url": "/v1/subscription_items"},
    } for i, s in enumerate(sc.subscriptions)]
    invoices = [{
        "id": _id("in", sc.name, i), "object": "invoice", "status": inv.status,
        "amount_due": inv.amount_due, "currency": "usd", "attempt_count": inv.attempt_count,
        "attempted": inv.attempt_count > 0, "customer": _customer(sc, inv.email),
        "customer_email": inv.email, "created": int(now - inv.days_ago * DAY),
        "next_payment_attempt": int(now + inv.next_attempt_in_days * DAY) if inv.next_attempt_in_days else None,
        "livemode": livemode, "metadata": {},
    } for i, inv in enumerate(sc.invoices)]
    by_newest = lambda rows: sorted(rows, key=lambda r: -r["created"])  # noqa: E731
    return {"account": account, "charges": by_newest(charges), "payment_intents": by_newest(intents),
            "subscriptions": by_newest(subs), "invoices": by_newest(invoices)}
