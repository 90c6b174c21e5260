"""Ask Stripe itself: the account, recent failed payments, subscriptions and invoices in trouble.

Read-only by construction (``stripe_guard``), concurrent (five GETs at once, so a check costs
about one round trip), and every failure is a sentence with a next step, never a traceback. The
key lives only in this call's memory: problems and evidence carry the masked form at most.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime
from typing import Any

import stripe

import knowledge
from checks.customers import from_failed_rows
from checks.evidence import LiveCheckEvidence
from checks.finding import Finding
from checks.keys import USABLE, classify_key
from checks.redact import redact
from checks.retry import Payment, read_cycles
from checks.scope import decide_scope, trailing_run
from checks.stripe_guard import NonGetRequestError, read_only_client

log = logging.getLogger(__name__)

MAX_CONCURRENT = 6
RATE_LIMIT_RETRIES = 2
TROUBLED_SUBSCRIPTIONS = {"past_due", "unpaid", "incomplete"}
#: The restricted-key permission each request needs, as Stripe's Dashboard names it.
PERMISSION = {
    "account": "Account (read)",
    "charges": "Charges (read)",
    "payment_intents": "PaymentIntents (read)",
    "subscriptions": "Subscriptions (read)",
    "invoices": "Invoices (read)",
}
LABEL = {
    "account": "Account", "charges": "Recent charges", "payment_intents": "Recent payment attempts",
    "subscriptions": "Subscriptions", "invoices": "Open invoices",
}


def _iso(ts: int | None) -> str | None:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC") if ts else None


def _explain(exc: Exception, what: str) -> tuple[str, bool]:
    """(a sentence for the person, whether the whole check must stop)."""
    if isinstance(exc, NonGetRequestError):
        return ("Blocked a request that would have changed your Stripe account: payassist only reads.", False)
    if isinstance(exc, stripe.AuthenticationError):
        return ("Stripe says this key is invalid or has been revoked. Create a new restricted key in "
                "Stripe (Developers › API keys) and paste it here.", True)
    if isinstance(exc, stripe.PermissionError):
        return (f"This restricted key can't read {LABEL[what].lower()}. In Stripe, edit the key "
                f"(Developers › API keys) and grant “{PERMISSION[what]}”, or skip this part.", False)
    if isinstance(exc, stripe.RateLimitError):
        return ("Stripe is rate-limiting this key right now. Wait a minute and run the check again.", False)
    if isinstance(exc, stripe.APIConnectionError):
        return ("Stripe could not be reached (no answer in time). Check your connection and try "
                "again in a few minutes; the rest of the plan still applies.", False)
    if isinstance(exc, stripe.StripeError) and getattr(exc, "http_status", None) == 404:
        return (f"{LABEL[what]}: not available for this key or server.", False)
    if isinstance(exc, stripe.StripeError):
        status = getattr(exc, "http_status", None) or "an error"
        return (f"Stripe answered with an error ({status}): this is on Stripe's side. Try again in a "
                "few minutes (status.stripe.com shows outages); the rest of the plan still applies.", False)
    return (f"Reading {LABEL[what].lower()} failed unexpectedly; the rest of the check still ran.", False)


def _with_rate_limit_retry(fn: Callable[[], Any], backoff: float) -> Any:
    """The SDK retries a 429 only when Stripe says so: retry plain 429s ourselves, with backoff."""
    for attempt in range(RATE_LIMIT_RETRIES + 1):
        try:
            return fn()
        except stripe.RateLimitError:
            if attempt == RATE_LIMIT_RETRIES:
                raise
            time.sleep(backoff * (2**attempt))
    raise AssertionError("unreachable")


def _charge_row(ch: dict[str, Any]) -> dict[str, Any]:
    outcome = ch.get("outcome") or {}
    billing = ch.get("billing_details") or {}
    return {
        "id": ch.get("id"), "created": _iso(ch.get("created")),
        "amount": (ch.get("amount") or 0) / 100, "currency": (ch.get("currency") or "").upper(),
        "customer": billing.get("email") or ch.get("receipt_email") or ch.get("customer"),
        "failure_code": ch.get("failure_code"),
        "decline_code": outcome.get("reason") if outcome.get("type") == "issuer_declined" else None,
        "failure_message": ch.get("failure_message"), "outcome_type": outcome.get("type"),
        "outcome_reason": outcome.get("reason"), "network_status": outcome.get("network_status"),
        "invoice": bool(ch.get("invoice")),
    }


def _decline_of(row: dict[str, Any]) -> str | None:
    code = row.get("decline_code") or row.get("failure_code")
    return None if code in (None, "card_declined") and not row.get("decline_code") else code


def _analyse_charges(charges: list[dict[str, Any]], intents: list[dict[str, Any]]) -> tuple[dict, list]:
    """Facts and failed-payment rows from recent charges (payment intents fill in decline codes)."""
    by_charge = {}
    for pi in intents:
        err = pi.get("last_payment_error") or {}
        if err.get("charge"):
            by_charge[err["charge"]] = err
    rows = []
    for ch in charges:
        if ch.get("status") != "failed":
            continue
        row = _charge_row(ch)
        err = by_charge.get(ch.get("id"), {})
        row["decline_code"] = err.get("decline_code") or row["decline_code"] or (
            row["failure_code"] if row["failure_code"] != "card_declined" else "generic_decline")
        rows.append(row)
    facts: dict[str, Any] = {}
    if rows:
        facts["error"] = "card_declined"
        common = Counter(r["decline_code"] for r in rows if r["decline_code"]).most_common()
        if common:
            facts["decline_code"] = common[0][0]
            facts["decline_codes"] = [code for code, _ in common]
        # Stripe lists newest first; the scope rule reads oldest first.
        flags = [c.get("status") == "failed" for c in reversed(charges)]
        scope = decide_scope(payments=len(charges), failed=len(rows),
                             failing_customers=len({r["customer"] for r in rows}),
                             trailing_failures=trailing_run(flags))
        if scope:
            facts["scope"] = scope
        if all(r["invoice"] for r in rows):
            facts["purchase"] = "recurring"
    return facts, rows


def _cycles(charges: list[dict[str, Any]]) -> list:
    """Subscriptions in Kartra's retry cycle, from the charges of the customers who failed."""
    payments = []
    for ch in charges:
        billing = ch.get("billing_details") or {}
        customer = billing.get("email") or ch.get("receipt_email") or ch.get("customer")
        if not customer or not ch.get("created"):
            continue
        payments.append(Payment(str(customer), (ch.get("amount") or 0) / 100,
                                datetime.fromtimestamp(ch["created"], UTC), ch.get("status") == "failed",
                                bool(ch.get("invoice"))))
    return read_cycles(payments)


def check_account(
    key: str, *, api_base: str | None = None, timeout: float = 10.0, backoff: float = 0.5,
    limit: int = 100, progress: Callable[[str, bool], None] | None = None,
) -> Finding:
    """What Stripe says about the account behind ``key``. Never raises; GET requests only.

    ``progress(label, ok)`` is called as each request finishes, so a page can show it live.
    """
    classified = classify_key(key)
    kind = classified.facts["key_kind"]
    if kind not in USABLE:
        return classified  # publishable, placeholder or malformed: Stripe isn't called at all
    clean = key.strip().strip("\"'`\u201c\u201d\u2018\u2019<>").strip()
    client = read_only_client(clean, api_base=api_base, timeout=timeout, retries=1)
    v1 = client.v1
    requests: dict[str, Callable[[], Any]] = {
        "account": lambda: v1.accounts.retrieve_current(),
        "charges": lambda: v1.charges.list(params={"limit": limit}),
        "payment_intents": lambda: v1.payment_intents.list(params={"limit": limit}),
        "subscriptions": lambda: v1.subscriptions.list(params={"status": "all", "limit": limit}),
        "invoices": lambda: v1.invoices.list(params={"status": "open", "limit": limit}),
    }
    results: dict[str, Any] = {}
    problems: list[str] = []
    with ThreadPoolExecutor(max_workers=min(MAX_CONCURRENT, len(requests))) as pool:
        futures = {pool.submit(_with_rate_limit_retry, fn, backoff): name for name, fn in requests.items()}
        stop = None
        for fut in as_completed(futures):
            name = futures[fut]
            try:
                results[name] = fut.result()
                if progress:
                    progress(LABEL[name], True)
            except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence
                if progress:
                    progress(LABEL[name], False)
                sentence, fatal = _explain(exc, name)
                log.info("live check: %s failed (%s)", name, type(exc).__name__)
                if fatal:
                    stop = sentence
                elif sentence not in problems:
                    problems.append(sentence)
    del client, clean
    key_ev = classified.evidence
    evidence = LiveCheckEvidence(masked=key_ev.masked, mode="live" if "live" in kind else "test",
                                 notes=key_ev.notes)
    finding = Finding(facts=dict(classified.facts), evidence=evidence, problems=list(classified.problems))
    finding.facts["processor"] = "stripe"
    if stop:
        finding.problems.insert(0, stop)
        return _scrubbed(finding)

    checked = {}
    account = None
    if "account" in results:
        acct = results["account"].to_dict()
        req = acct.get("requirements") or {}
        profile = acct.get("business_profile") or {}
        account = {
            "id": acct.get("id"), "name": profile.get("name") or (acct.get("settings") or {}).get(
                "dashboard", {}).get("display_name"),
            "country": acct.get("country"), "charges_enabled": acct.get("charges_enabled"),
            "payouts_enabled": acct.get("payouts_enabled"), "details_submitted": acct.get("details_submitted"),
            "disabled_reason": req.get("disabled_reason"),
        }
        finding.facts["charges_enabled"] = bool(acct.get("charges_enabled"))
        if not acct.get("charges_enabled"):
            # The reason (a Stripe field value such as requirements.past_due) is in the evidence; the
            # page says it in words (conversation.view.account_words).
            finding.problems.append(
                "Stripe has disabled charges on this account. Log in to Stripe "
                "and complete what it asks for; payments fail until then.")
    checked["account"] = "account" in results
    charges = [c.to_dict() for c in results["charges"].data] if "charges" in results else []
    intents = [p.to_dict() for p in results["payment_intents"].data] if "payment_intents" in results else []
    for name in ("charges", "payment_intents", "subscriptions", "invoices"):
        checked[name] = name in results
    facts, failed = _analyse_charges(charges, intents)
    finding.facts.update(facts)
    cycles = _cycles(charges) if failed else []
    paid: dict[str, int] = {}
    for ch in charges:
        who = str((ch.get("billing_details") or {}).get("email") or ch.get("receipt_email") or ch.get("customer")
                  or "(unknown)")
        paid[who] = paid.get(who, 0) + 1
    people = from_failed_rows(failed, paid, cycles) if failed and finding.facts.get("scope") != "all" else ()
    if len(people) > 1:
        # Many customers' failures are a worklist: the case keeps the account's facts only.
        subject = knowledge.load().vocabulary.subject_facts
        finding.facts = {k: v for k, v in finding.facts.items() if k not in subject and k != "error"}
        finding.customers = people
    elif people:
        finding.customers = people
        finding.facts.update(people[0].facts())
    elif cycles:
        finding.facts.update(cycles[0].facts())
    subscriptions: list[dict[str, Any]] = []
    if "subscriptions" in results:
        subscriptions = [
            {"id": s.get("id"), "status": s.get("status"), "customer": s.get("customer"),
             "created": _iso(s.get("created"))}
            for s in (x.to_dict() for x in results["subscriptions"].data)
            if s.get("status") in TROUBLED_SUBSCRIPTIONS
        ]
        if subscriptions and "purchase" not in finding.facts and len(finding.customers) <= 1:
            finding.facts["purchase"] = "recurring"
    invoices: list[dict[str, Any]] = []
    if "invoices" in results:
        invoices = [
            {"id": i.get("id"), "customer": i.get("customer_email") or i.get("customer"),
             "amount_due": (i.get("amount_due") or 0) / 100, "attempt_count": i.get("attempt_count"),
             "next_payment_attempt": _iso(i.get("next_payment_attempt"))}
            for i in (x.to_dict() for x in results["invoices"].data)
        ]
    finding.evidence = evidence.replace(
        account=account, charges_seen=len(charges), failed_payments=tuple(annotate(failed)),
        subscriptions=tuple(subscriptions), invoices=tuple(invoices), checked=checked,
        cycles=tuple(c.to_row() for c in cycles))
    finding.problems.extend(problems)
    return _scrubbed(finding)


def annotate(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add what each decline code means and who acts, from the knowledge base."""
    declines = knowledge.load().declines
    out = []
    for row in rows:
        code = declines.get(row.get("decline_code") or "")
        out.append({**row, "meaning": code.meaning if code else "",
                    "who acts": code.actor if code else "", "next step": code.next_step if code else ""})
    return out


def _scrubbed(f: Finding) -> Finding:
    """Last line of defence: no key-like text leaves in problems or evidence."""
    f.problems = [redact(p) for p in f.problems]
    return f
