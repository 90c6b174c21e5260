"""Where a failed subscription stands in Kartra's retry cycle: the retry clock.

Kartra retries a failed subscription or installment payment every three days, at about the time of
day of the original purchase, and cancels it after the fourth failed attempt (knowledge/recurring.yaml,
from Kartra's "Payment failure and retry cycle"). From one customer's payments (an export, a live
check) or from the date a person gives, this says which attempt failed last, when the next one is
due and when the subscription cancels if that fails too.

Time is read against now: an attempt whose time has passed is reported as passed, with the question
the data can't answer (did it go through?), never as still to come; and only what the evidence shows
is stated (one date is one failure, not four). Only scheduled renewals enter the cycle: a first
payment at sign-up, or a customer retrying by hand minutes apart, is not Kartra's retry.
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
    #: The subscription's first payment (Stripe's "Subscription creation", billing_reason
    #: subscription_create): a failure at sign-up is not a scheduled renewal, so no retry cycle.
    first_payment: bool = False


@dataclass(frozen=True)
class Cycle:
    """One subscription's failure cycle."""

    customer: str
    amount: float | None
    failures: tuple[datetime, ...]
    cancelled: bool
    #: Kartra's next attempt, only while it lies ahead of now.
    next_attempt: datetime | None
    #: The day the subscription cancels if the attempts left fail too (the last attempt's day).
    cancels_after: datetime
    #: Scheduled attempts whose time has passed with no payment in the data: asked about, not assumed.
    passed: tuple[datetime, ...] = ()

    @property
    def attempt(self) -> int:
        return len(self.failures)

    @property
    def urgency(self) -> tuple[int, datetime]:
        """Sort key, most urgent first: the next attempt soonest, then attempts to ask about, then
        cancelled subscriptions (nothing left to save, a new purchase to ask for)."""
        if self.next_attempt is not None:
            return (0, self.next_attempt)
        if self.passed:
            return (1, self.passed[-1])
        return (2, self.failures[-1])

    def facts(self) -> dict[str, Any]:
        facts: dict[str, Any] = {"purchase": "recurring"}
        if self.cancelled:
            facts["attempt"] = "cancelled"
        elif self.next_attempt is not None:
            facts["attempt"] = str(min(self.attempt, 3))
            facts["next_attempt"] = f"{self.next_attempt:%-d %b %H:%M} UTC"
            facts["cancels_after"] = f"{self.cancels_after:%-d %b}"
        elif self.passed:
            facts["passed_attempt"] = f"{self.passed[-1]:%-d %b}"
        facts["retry_clock"] = self.sentence()
        return facts

    def sentence(self) -> str:
        """'Attempt 2 of 4 failed on 12 Nov; next attempt about 15 Nov 14:05 UTC; …', in the tense now gives it."""
        total = knowledge.load().retry_cycle.attempts
        last = self.failures[-1]
        if self.cancelled:
            return (f"All {total} attempts failed (the last on {last:%-d %b}): Kartra has cancelled the "
                    "subscription. It can't be reactivated; the customer must buy again.")
        failed = f"Attempt {self.attempt} of {total} failed on {last:%-d %b}"
        if self.next_attempt is not None:
            return (f"{failed}; next attempt about {self.next_attempt:%-d %b %H:%M} UTC; the subscription "
                    f"cancels after about {self.cancels_after:%-d %b} if that fails too.")
        if self.passed:
            days = " and ".join(f"{d:%-d %b}" for d in self.passed)
            if len(self.passed) == 1:
                return (f"{failed}. Kartra's attempt on {days} has happened since, and the data doesn't show "
                        "how it went: did it go through?")
            return (f"{failed}. Kartra's attempts on {days} have happened since, and the data doesn't show how "
                    "they went: did one go through?")
        return f"{failed}."

    def to_row(self) -> dict[str, Any]:
        return {"customer": self.customer, "amount": self.amount, "attempt": self.attempt,
                "first_failure": self.failures[0].isoformat(), "last_failure": self.failures[-1].isoformat(),
                "next_attempt": self.next_attempt.isoformat() if self.next_attempt else None,
                "cancels_after": self.cancels_after.isoformat() if self.next_attempt else None,
                "passed": self.passed[-1].isoformat() if self.passed else None, "cancelled": self.cancelled,
                "sentence": self.sentence()}


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _same_time_of_day(a: datetime, b: datetime, hours: float) -> bool:
    minutes = abs((a.hour * 60 + a.minute) - (b.hour * 60 + b.minute))
    return min(minutes, 24 * 60 - minutes) <= hours * 60


def cycle_from_failures(customer: str, amount: float | None, failures: list[datetime],
                        now: datetime | None = None) -> Cycle:
    """The cycle that ``failures`` (oldest first, one subscription) started, as it stands at ``now``.

    The next attempt is stated only while it lies ahead; once its time has passed with no payment in
    the data, it is the attempt to ask about (``passed``): whether it went through is not known."""
    rule = knowledge.load().retry_cycle
    now = _utc(now or datetime.now(UTC))
    failures = [_utc(f) for f in failures][: rule.attempts]
    first, last = failures[0], failures[-1]
    step = timedelta(days=rule.retry_every_days)
    cancels_after = first + step * (rule.attempts - 1)
    cancelled = len(failures) >= rule.attempts
    next_attempt = None
    passed: list[datetime] = []
    if not cancelled:
        due = last + step
        # Every scheduled attempt whose time has passed (the cycle has at most ``attempts``) …
        while due <= now and len(failures) + len(passed) < rule.attempts:
            passed.append(due)
            due += step
        # … and the next one, only while it lies ahead and none has passed unasked.
        if not passed:
            next_attempt = due
    return Cycle(customer, amount, tuple(failures), cancelled, next_attempt, cancels_after, tuple(passed))


def cycle_from_first_failure(first: datetime, now: datetime | None = None) -> Cycle:
    """The cycle from the one date a person gives (the first payment's failure): one failure is what
    that shows; any attempt due since is asked about, never assumed to have failed."""
    return cycle_from_failures("", None, [first], now)


def read_cycles(payments: Iterable[Payment], now: datetime | None = None) -> list[Cycle]:
    """Every customer whose latest payments are failures of one amount about three days apart, about the
    same time of day: a subscription in Kartra's retry cycle. A success after them closes the cycle."""
    rule = knowledge.load().retry_cycle
    lo, hi = rule.spacing_days
    by_customer: dict[str, list[Payment]] = {}
    for p in payments:
        if p.customer and not p.first_payment:
            by_customer.setdefault(p.customer, []).append(p)
    cycles = []
    for customer, items in by_customer.items():
        items.sort(key=lambda p: _utc(p.at))
        chain: list[Payment] = []
        by_hand = False
        for p in reversed(items):  # newest first: walk back over the trailing failures
            if not p.failed:
                break
            if chain:
                newer = chain[-1]
                gap = (_utc(newer.at) - _utc(p.at)).total_seconds() / 86400
                same_amount = p.amount is None or newer.amount is None or abs(p.amount - newer.amount) < 0.01
                if not (lo <= gap <= hi and same_amount and
                        _same_time_of_day(_utc(p.at), _utc(newer.at), rule.time_of_day_hours)):
                    # Failures minutes or hours apart are a person trying again, not Kartra's schedule.
                    by_hand = gap < lo
                    break
            chain.append(p)
        # Two or more failures three days apart are a retry cycle; a single failure only when the data
        # ties it to a subscription (a one-off purchase that failed once is not a cycle), and not when
        # it closes a burst of tries by hand.
        if len(chain) >= 2 or (chain and chain[0].recurring and not by_hand):
            failures = [_utc(p.at) for p in reversed(chain)]
            cycles.append(cycle_from_failures(customer, chain[0].amount, failures, now))
    cycles.sort(key=lambda c: (c.urgency, -c.attempt))
    return cycles

