"""The retry clock on synthetic exports: each point of Kartra's cycle, and the plan order it leads to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from checks.export import analyse_export
from checks.retry import Payment, cycle_from_first_failure, read_cycles
from rules import advise
from tests.helpers import csv, stripe_export

NOW = datetime.now(UTC).replace(second=0, microsecond=0)
SUBSCRIBER = "nora@example.com"


def export_with_cycle(failures_days_ago: list[float], *, invoice: str = "in_FAKE", one_off: bool = False) -> bytes:
    """A Stripe export: 60 other payments, and one subscriber paying $39 at 14:05 whose rebill failed."""
    df = stripe_export(60)
    df["Created date (UTC)"] = [(NOW - timedelta(days=30) + timedelta(hours=5 * i)).strftime("%Y-%m-%d %H:%M:%S")
                                for i in range(60)]
    rows = []
    for months in (2, 1):  # earlier successful rebills
        at = (NOW - timedelta(days=30 * months + 10)).replace(hour=14, minute=5)
        rows.append({"Created date (UTC)": at.strftime("%Y-%m-%d %H:%M:%S"), "Amount": "39.00", "Status": "Paid",
                     "Decline Reason": "", "Customer Email": SUBSCRIBER, "Invoice ID": "" if one_off else invoice})
    for days in failures_days_ago:
        at = (NOW - timedelta(days=days)).replace(hour=14, minute=5)
        rows.append({"Created date (UTC)": at.strftime("%Y-%m-%d %H:%M:%S"), "Amount": "39.00", "Status": "Failed",
                     "Decline Reason": "insufficient_funds", "Customer Email": SUBSCRIBER,
                     "Invoice ID": "" if one_off else invoice})
    extra = pd.DataFrame(rows).reindex(columns=df.columns).astype(object)
    extra = extra.fillna({"Currency": "usd", "Description": "Subscription", "id": "ch_sub"})
    return csv(pd.concat([df, extra], ignore_index=True))


@pytest.mark.parametrize(("days", "attempt", "says"), [
    ([1.2], "1", "Attempt 1 of 4 failed"),
    ([4.2, 1.2], "2", "Attempt 2 of 4 failed"),
    ([7.2, 4.2, 1.2], "3", "Attempt 3 of 4 failed"),
])
def test_an_open_cycle_says_where_it_stands_and_what_comes_next(days, attempt, says):
    f = analyse_export(export_with_cycle(days))
    assert f.facts["attempt"] == attempt and f.facts["purchase"] == "recurring"
    cycle = f.evidence.cycles[0]
    assert cycle["customer"] == SUBSCRIBER and cycle["attempt"] == int(attempt)
    assert f.facts["retry_clock"].startswith(says) and "next attempt about" in f.facts["retry_clock"]
    last = NOW - timedelta(days=days[-1])
    assert f.facts["next_attempt"].startswith(f"{last + timedelta(days=3):%-d %b} 14:05")
    first = NOW - timedelta(days=days[0])
    assert f.facts["cancels_after"] == f"{first + timedelta(days=9):%-d %b}"
    # The steps that must happen before the next attempt come first.
    plan = advise({**f.facts, "processor": "stripe"}).step_ids
    assert plan[:2] == ["seller.tell_customer_before_retry", "seller.reschedule_or_pause"]
    assert "seller.enable_rebill_notifications" in plan


def test_the_fourth_failure_means_the_subscription_was_cancelled():
    f = analyse_export(export_with_cycle([10.2, 7.2, 4.2, 1.2]))
    assert f.facts["attempt"] == "cancelled"
    assert "cancelled" in f.facts["retry_clock"]
    plan = advise({**f.facts, "processor": "stripe"}).step_ids
    assert plan[:2] == ["customer.buy_again_same_email", "seller.adjust_new_subscription"]
    assert "seller.reschedule_or_pause" not in plan and "customer.update_payment_method" not in plan


def test_attempts_whose_time_has_passed_are_asked_about_never_assumed():
    """Two failures, and the two attempts due since are not in the data: nothing says they failed."""
    f = analyse_export(export_with_cycle([14.2, 11.2]))
    assert "attempt" not in f.facts and "next_attempt" not in f.facts and "cancels_after" not in f.facts
    assert "have happened since" in f.facts["retry_clock"] and "cancelled" not in f.facts["retry_clock"]
    advice = advise({**f.facts, "processor": "stripe"})
    assert [q.id for q in advice.questions] == ["cancelled"]
    assert f.facts["passed_attempt"] in advice.questions[0].prompt


def test_a_one_off_failure_is_not_a_subscription():
    f = analyse_export(export_with_cycle([1.2], one_off=True))
    assert "attempt" not in f.facts and not f.evidence.cycles


def test_failures_not_three_days_apart_or_of_another_amount_are_no_cycle():
    at = NOW - timedelta(days=5)
    odd = [Payment("a@x.io", 39.0, at, True), Payment("a@x.io", 39.0, at + timedelta(hours=3), True),
           Payment("b@x.io", 39.0, at, True), Payment("b@x.io", 99.0, at + timedelta(days=3), True)]
    assert read_cycles(odd, now=NOW) == []


def test_from_a_date_the_person_gives_only_what_it_shows():
    """One date is one failure: the attempts due since are asked about, not assumed to have failed."""
    recent = cycle_from_first_failure(NOW - timedelta(days=1), now=NOW)
    assert recent.attempt == 1 and recent.next_attempt == NOW + timedelta(days=2)
    since = cycle_from_first_failure(NOW - timedelta(days=4), now=NOW)
    assert since.attempt == 1 and since.next_attempt is None and since.passed == (NOW - timedelta(days=1),)
    assert "did it go through?" in since.sentence()
    old = cycle_from_first_failure(NOW - timedelta(days=12), now=NOW)
    assert not old.cancelled and len(old.passed) == 3 and "attempt" not in old.facts()
    assert "cancelled" not in old.sentence()


def test_the_next_attempt_is_never_stated_in_the_past():
    """At 18:30 UTC on 1 Dec, a failure on 26 Nov at 09:18 means the attempt of 29 Nov 09:18 has passed."""
    now = datetime(2026, 12, 1, 18, 30, tzinfo=UTC)
    pays = [Payment("n@x.io", 39.0, datetime(2026, 11, 23, 9, 18, tzinfo=UTC), True, True),
            Payment("n@x.io", 39.0, datetime(2026, 11, 26, 9, 18, tzinfo=UTC), True, True)]
    cycle = read_cycles(pays, now=now)[0]
    facts = cycle.facts()
    assert "next_attempt" not in facts and "29 Nov" in facts["retry_clock"] and facts["passed_attempt"] == "29 Nov"
    assert "seller.tell_customer_before_retry" not in advise({**facts, "processor": "stripe"}).step_ids
    # Ahead of now, it is stated, with the day it cancels.
    ahead = read_cycles(pays, now=datetime(2026, 11, 27, 8, 0, tzinfo=UTC))[0].facts()
    assert ahead["next_attempt"] == "29 Nov 09:18 UTC" and ahead["cancels_after"] == "2 Dec"


def test_failures_at_sign_up_or_tried_by_hand_are_no_retry_cycle():
    """A new subscriber whose card failed three times within minutes ("Subscription creation")."""
    at = NOW - timedelta(hours=5)
    signup = [Payment("s@x.io", 39.0, at + timedelta(minutes=m), True, True, first_payment=True) for m in (0, 2, 4)]
    assert read_cycles(signup, now=NOW) == []
    by_hand = [Payment("h@x.io", 39.0, at + timedelta(minutes=m), True, True) for m in (0, 3, 7)]
    assert read_cycles(by_hand, now=NOW) == []


def test_without_data_the_assistant_asks_whether_it_was_cancelled():
    facts = {"scope": "one_or_few", "purchase": "recurring", "processor": "stripe"}
    questions = [q.id for q in advise(facts).questions]
    assert questions == ["cancelled"]
    paypal = advise({"scope": "one_or_few", "purchase": "recurring", "processor": "paypal"}).questions
    assert [q.id for q in paypal] == []


def test_kartras_own_transactions_export_is_read_with_its_retry_clock():
    """Kartra's Products › Analytics › Transactions export (its shape as the page shows it: a Date, the
    Lead's e-mail, the Product, the Transaction type, the Amount and the Subscription ID)."""
    rows = ["Transaction ID,Date,Lead email,Product,Transaction type,Amount,Subscription ID"]
    for i, (days, kind) in enumerate([(65, "Sale"), (35, "Rebill"), (4.2, "Failed rebill"), (1.2, "Failed rebill")]):
        at = (NOW - timedelta(days=days)).replace(hour=9, minute=30)
        rows.append(f"T{i},{at:%Y-%m-%d %H:%M:%S},{SUBSCRIBER},Yoga Membership,{kind},39.00,S-1001")
    for i in range(20):
        at = NOW - timedelta(days=20 - i)
        rows.append(f"U{i},{at:%Y-%m-%d %H:%M:%S},b{i}@example.com,Summit Ticket,Sale,97.00,")
    f = analyse_export("\n".join(rows).encode())
    assert f.evidence.mapping["status"] == "Transaction type"
    assert f.facts["purchase"] == "recurring" and f.facts["attempt"] == "2"
    assert f.facts["scope"] == "one_or_few"
