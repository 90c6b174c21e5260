"""Where a failed subscription stands in Kartra's retry cycle: the retry clock.

Kartra retries a failed subscription or installment payment every three days, at about the time of
day of the original purchase, and cancels it after the fourth failed attempt (knowledge/recurring.yaml,
from Kartra's "Payment failure and retry cycle"). From one customer's payments (an export, a live
check) or from the date a person gives, this says which attempt failed last, when the next one is
due and when the subscription cancels if that fails too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import knowledge


@dataclass(frozen=True)
class Payment:
    customer: str
    amount: float | None
    at: datetime
    failed: bool
    #: Tied to a subscription or an invoice in the data (an export's Invoice ID, a charge's invoice).
    recurring: bool = False


@dataclass(frozen=True)
class Cycle:
    """One subscription's failure cycle."""

    customer: str
    amount: float | None
    failures: tuple[datetime, ...]
    cancelled: bool
    next_attempt: datetime | None
    cancels_after: datetime

    @property
    def attempt(self) -> int:
        return len(self.failures)

    def facts(self) -> dict[str, Any]:
        facts: dict[str, Any] = {"purchase": "recurring",
                                 "attempt": "cancelled" if self.cancelled else str(min(self.attempt, 3))}
        if not self.cancelled and self.next_attempt is not None:
            facts["next_attempt"] = f"{self.next_attempt:%-d %b %H:%M} UTC"
            facts["cancels_after"] = f"{self.cancels_after:%-d %b}"
        facts["retry_clock"] = self.sentence()
        return facts

    def sentence(self) -> str:
        """'Attempt 2 of 4 failed on 12 Nov; next attempt about 15 Nov 14:05 UTC; …'."""
        total = knowledge.load().retry_cycle.attempts
        last = self.failures[-1]
        if self.cancelled:
            return (f"All {total} attempts failed (the last on {last:%-d %b}): Kartra has cancelled the "
                    "subscription. It can't be reactivated; the customer must buy again.")
        text = f"Attempt {self.attempt} of {total} failed on {last:%-d %b}"
        if self.next_attempt is not None:
            text += f"; next attempt about {self.next_attempt:%-d %b %H:%M} UTC"
        return text + f"; the subscription cancels after about {self.cancels_after:%-d %b} if that fails too."

    def to_row(self) -> dict[str, Any]:
        return {"customer": self.customer, "amount": self.amount, "attempt": self.attempt,
                "first_failure": self.failures[0].isoformat(), "last_failure": self.failures[-1].isoformat(),
                "next_attempt": self.next_attempt.isoformat() if self.next_attempt else None,
                "cancels_after": self.cancels_after.isoformat(), "cancelled": self.cancelled,
                "sentence": self.sentence()}


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _same_time_of_day(a: datetime, b: datetime, hours: float) -> bool:
    minutes = abs((a.hour * 60 + a.minute) - (b.hour * 60 + b.minute))
    return min(minutes, 24 * 60 - minutes) <= hours * 60


def cycle_from_failures(customer: str, amount: float | None, failures: list[datetime],
                        now: datetime | None = None) -> Cycle:
    """The cycle that ``failures`` (oldest first, one subscription) started."""
    rule = knowledge.load().retry_cycle
    now = _utc(now or datetime.now(UTC))
    failures = [_utc(f) for f in failures][: rule.attempts]
    first, last = failures[0], failures[-1]
    step = timedelta(days=rule.retry_every_days)
    cancels_after = first + step * (rule.attempts - 1)
    cancelled = len(failures) >= rule.attempts
    next_attempt = None if cancelled else last + step
    # Past the last attempt's date with no success: the cycle has run out, the subscription is cancelled.
    if not cancelled and now > cancels_after + timedelta(days=1):
        cancelled, next_attempt = True, None
    return Cycle(customer, amount, tuple(failures), cancelled, next_attempt, cancels_after)


def cycle_from_first_failure(first: datetime, now: datetime | None = None) -> Cycle:
    """The cycle as it stands now, from the date the first payment failed (nothing paid since)."""
    rule = knowledge.load().retry_cycle
    now = _utc(now or datetime.now(UTC))
    first = _utc(first)
    step = timedelta(days=rule.retry_every_days)
    failures = [first + step * i for i in range(rule.attempts) if first + step * i <= now]
    return cycle_from_failures("", None, failures or [first], now)


def read_cycles(payments: Iterable[Payment], now: datetime | None = None) -> list[Cycle]:
    """Every customer whose latest payments are failures of one amount about three days apart, about the
    same time of day: a subscription in Kartra's retry cycle. A success after them closes the cycle."""
    rule = knowledge.load().retry_cycle
    lo, hi = rule.spacing_days
    by_customer: dict[str, list[Payment]] = {}
    for p in payments:
        if p.customer:
            by_customer.setdefault(p.customer, []).append(p)
    cycles = []
    for customer, items in by_customer.items():
        items.sort(key=lambda p: _utc(p.at))
        chain: list[Payment] = []
        for p in reversed(items):  # newest first: walk back over the trailing failures
            if not p.failed:
                break
            if chain:
                newer = chain[-1]
                gap = (_utc(newer.at) - _utc(p.at)).total_seconds() / 86400
                same_amount = p.amount is None or newer.amount is None or abs(p.amount - newer.amount) < 0.01
                if not (lo <= gap <= hi and same_amount and
                        _same_time_of_day(_utc(p.at), _utc(newer.at), rule.time_of_day_hours)):
                    break
            chain.append(p)
        # Two or more failures three days apart are a retry cycle; a single failure only when the data
        # ties it to a subscription (a one-off purchase that failed once is not a cycle).
        if len(chain) >= 2 or (chain and chain[0].recurring):
            failures = [_utc(p.at) for p in reversed(chain)]
            cycles.append(cycle_from_failures(customer, chain[0].amount, failures, now))
    cycles.sort(key=lambda c: (c.cancelled, -c.attempt))
    return cycles

