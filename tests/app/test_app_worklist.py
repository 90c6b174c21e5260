"""One subject at a time on the page (#21): an export of many customers is a worklist, account-wide
causes lead, and picking a customer makes the plan theirs."""

from __future__ import annotations

from tests.helpers import everything_shown, plan_titles, start_with_checks
from tests.helpers_worklist import expired_connection_product, many_customers_export


def _upload_export(at):
    at.file_uploader(key="export_upload").upload("payments.csv", many_customers_export(), "text/csv").run()
    assert not at.exception, at.exception
    return at


def test_an_export_of_many_customers_is_a_worklist_not_one_customer():
    at = _upload_export(start_with_checks())
    conv = at.session_state["session"].conv
    shown = everything_shown(at)
    # "What we know" is about the account: no one customer's decline or retry clock as the case's.
    for claim in ("It's a recurring", "The card was declined", "Attempt 2 of 4 failed; Kartra"):
        assert claim not in " ".join(m.value for m in at.markdown if "Payments export" in m.value), claim
    assert "decline_code" not in conv.facts and "attempt" not in conv.facts
    assert conv.facts["scope"] == "one_or_few"
    # The worklist: each customer once, the subscriber in the retry cycle first, the figures above it.
    keys = [i.key for i in conv.worklist.items]
    assert len(keys) == len(set(keys)) > 50
    first = conv.worklist.items[0]
    assert first.customer == "no•••t@example.com" and first.retry.startswith("attempt 2 of 4 failed; next about")
    assert "147 of 2,002 payments failed" in shown and "card payments usually see" in shown
    assert shown.count("no•••t@example.com") == 1 + shown.count("no•••t@example.com · ")
    # The account's plan is short: no step per reason "for the customer".
    assert len(plan_titles(at)) <= 7
    assert not [t for t in plan_titles(at) if "Card declined" in t]


def test_a_product_check_that_finds_an_expired_connection_leads_every_plan():
    at = _upload_export(start_with_checks())
    at.file_uploader(key="product_upload").upload("product.json", expired_connection_product(),
                                                  "application/json").run()
    assert not at.exception
    titles = plan_titles(at)
    assert titles[0].startswith("**1. Reconnect") and len(titles) <= 7, titles
    conv = at.session_state["session"].conv
    # Each row says what to do for that customer; the account's step leads the plan once, above them.
    assert not any(i.next_step == "seller.reauthenticate_stripe_connection" for i in conv.worklist.items)
    assert conv.worklist.items[0].next_step == "seller.tell_customer_before_retry"
    # One sentence says the evidence disagrees, and the plan acts on the check.
    assert any("a check found that the Stripe connection has expired" in w.value for w in at.warning)


def test_picking_a_customer_gives_their_plan_and_back():
    at = _upload_export(start_with_checks())
    conv = at.session_state["session"].conv
    subscriber = conv.worklist.items[0]
    at.selectbox(key="worklist_pick").set_value(subscriber.key).run()
    conv = at.session_state["session"].conv
    assert conv.subject.customer == "no•••t@example.com"
    titles = plan_titles(at)
    assert titles[0] == "**1. Tell the customer before Kartra's next attempt**", titles
    assert conv.facts["attempt"] == "2" and conv.facts["decline_code"] == "insufficient_funds"
    at.selectbox(key="worklist_pick").set_value("").run()
    conv = at.session_state["session"].conv
    assert conv.subject.kind == "account" and "attempt" not in conv.facts
