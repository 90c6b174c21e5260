"""Subjects and worklists (#21): most urgent first, each customer their own facts and tried steps, saved
and restored with the case, a download a spreadsheet can't run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from checks.customers import CustomerFailures, customer_key, masked_customer
from checks.finding import Finding
from checks.retry import cycle_from_failures
from conversation.conversation import Conversation

NOW = datetime.now(UTC).replace(second=0, microsecond=0)


def person(email: str, failures: int, codes=("insufficient_funds",), cycle=None) -> CustomerFailures:
    return CustomerFailures(customer_key(email), masked_customer(email), failures + 3, failures, tuple(codes),
                            recurring=cycle is not None, cycle=cycle)


def people() -> tuple[CustomerFailures, ...]:
    soon = cycle_from_failures("s", 39.0, [NOW - timedelta(days=5), NOW - timedelta(days=2)], NOW)
    later = cycle_from_failures("l", 39.0, [NOW - timedelta(hours=6)], NOW)
    passed = cycle_from_failures("p", 39.0, [NOW - timedelta(days=4)], NOW)
    gone = cycle_from_failures("g", 39.0, [NOW - timedelta(days=d) for d in (10, 7, 4, 1)], NOW)
    rows = [person("many.fails@example.com", 9), person("gone.away@example.com", 4, cycle=gone),
            person("later.retry@example.com", 1, cycle=later), person("asked.about@example.com", 1, cycle=passed),
            person("soon.retry@example.com", 2, cycle=soon), person("one.fail@example.com", 1, ("expired_card",))]
    return tuple(sorted(rows, key=lambda p: p.urgency))


def conversation() -> Conversation:
    c = Conversation()
    c.record_check("Payments export", Finding(facts={"scope": "one_or_few", "processor": "stripe"},
                                              customers=people()))
    return c


def test_most_urgent_first_the_next_retry_soonest():
    order = [i.customer for i in conversation().worklist.items]
    assert order == ["so•••y@example.com", "la•••y@example.com", "as•••t@example.com", "go•••y@example.com",
                     "ma•••s@example.com", "on•••l@example.com"]


def test_each_customer_keeps_their_own_facts_and_tried_steps():
    c = conversation()
    soon, *_ , one = c.worklist.items
    assert c.pick(soon.key) and c.subject.customer == soon.customer
    assert c.facts["attempt"] == "2" and c.facts["next_attempt"]
    first = c.advice().plan[0].id
    c.didnt_help(first)
    assert c.pick(one.key)
    assert c.facts["decline_code"] == "expired_card" and "attempt" not in c.facts and first not in c.tried
    assert c.pick(soon.key) and first in c.tried and c.facts["attempt"] == "2"
    assert c.pick("") and c.subject.kind == "account" and "decline_code" not in c.facts
    assert not c.pick("no-such-row")


def test_a_saved_case_restores_its_subject_and_worklist():
    c = conversation()
    c.pick(c.worklist.items[1].key)
    back = Conversation.from_dict(c.to_dict())
    assert back.subject == c.subject and back.worklist == c.worklist and back.facts == c.facts


def test_the_worklist_download_is_safe_to_open_in_a_spreadsheet():
    c = Conversation()
    c.record_check("Export", Finding(facts={"scope": "one_or_few"}, customers=(
        person("=cmd|' /C calc'!A0@example.com", 2), person("\u00a0@sum(1)@example.com", 1),
        person("plain@example.com", 1))))
    for line in c.worklist.download().decode().splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@", "\u00a0", " ")), line


def test_one_customer_with_failures_is_the_subject_at_once():
    c = Conversation()
    c.record_check("Export", Finding(facts={"scope": "one_or_few", "error": "card_declined",
                                            "decline_code": "expired_card"}, customers=(person("x@example.com", 2),)))
    assert c.subject.kind == "customer" and c.facts["decline_code"] == "expired_card"


def test_a_paste_then_two_exports_and_a_live_check_keep_one_subject_and_say_no_code():
    """A combination a person makes: a German decline pasted, a PayPal download with one failing customer
    (the subject at once), then a live check with three: the new worklist is about the account again,
    and nothing said to the seller holds a decline code's id."""
    import re
    from pathlib import Path

    from checks.sandbox import Sandbox
    from conversation.session import Session

    s = Session(open_store=None)
    s.paste("Hallo, meine Kundin schreibt: 'Ihre Karte wurde abgelehnt.' Viele Grüße, Jonas")
    s.analyse_export(Path("knowledge/scenarios/data/paypal_activity.csv").read_bytes(), "Download.CSV")
    assert s.conv.subject.kind == "customer"
    sb = Sandbox().start()
    try:
        s.request_live_check(sb.key_for("card_decline_mix"), sb.url)
        s.run_pending()
    finally:
        sb.stop()
    assert s.conv.subject.kind == "account" and len(s.conv.worklist.items) == 3
    assert "decline_code" not in s.conv.facts and s.conv.facts["processor"] == "stripe"
    said = " ".join(m.text for m in s.conv.messages if m.speaker == "assistant")
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", said.replace("rk_live_", "")), said


def test_two_runs_of_one_session_saving_at_once_lose_no_paste(tmp_path):
    """A run a newer submit stopped may still be saving while the new run saves (ui/submits.py). Both carried
    the same version: the second was refused as stale, the case reloaded, and its pastes were gone (4 of 100
    rapid submits, once in CI). Here the store is made slow on purpose, so the two saves overlap."""
    import threading
    import time

    from cases.store import CaseStore
    from conversation.session import Session

    store = CaseStore(f"sqlite:///{tmp_path}/cases.sqlite3")
    s = Session(open_store=lambda: (store, ""))
    s.paste("Your card was declined.")
    s.save()
    real = store.save

    def slow_save(*args, **kwargs):
        time.sleep(0.3)
        return real(*args, **kwargs)

    store.save = slow_save

    def run(text: str) -> None:
        s.paste(text)
        s.save()

    first = threading.Thread(target=run, args=("zq091x Kartra shows an error",))
    second = threading.Thread(target=run, args=("zq092x Kartra shows an error",))
    first.start()
    time.sleep(0.1)
    second.start()
    first.join(5)
    second.join(5)
    said = " ".join(m.text for m in s.conv.messages)
    assert "zq091x" in said and "zq092x" in said
    assert not s.notice
    again = Session(open_store=lambda: (store, ""))
    assert again.open_case(s.casefile.case_id)
    assert "zq092x" in " ".join(m.text for m in again.conv.messages)
