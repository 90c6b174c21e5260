"""Payments export analysis on generated Stripe-style and generic exports, and on bad files."""

from __future__ import annotations

import io
import os

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.export import analyse_export
from tests.helpers import csv, stripe_export


def test_a_few_failing_customers_is_one_or_few():
    df = stripe_export()
    df.loc[[10, 50, 51, 120], ["Status", "Decline Reason", "Customer Email"]] = [
        "Failed", "insufficient_funds", "ann@example.com"]
    df.loc[200, ["Status", "Decline Reason", "Customer Email"]] = ["Failed", "expired_card", "bob@example.com"]
    f = analyse_export(csv(df))
    assert f.facts["scope"] == "one_or_few"
    # Two customers are two subjects: the case keeps the account's facts, each customer is a row.
    assert "decline_code" not in f.facts and "error" not in f.facts
    assert [(c.customer, c.failures, c.codes) for c in f.customers] == [
        ("a•••@example.com", 4, ("insufficient_funds",)), ("b•••@example.com", 1, ("expired_card",))]
    assert f.evidence.summary["failed"] == 5
    top = f.evidence.by_reason[0]
    assert (top["reason"], top["count"], top["who acts"]) == ("insufficient_funds", 4, "customer")
    assert [r["customer"] for r in f.evidence.by_customer][:2] == ["ann@example.com", "bob@example.com"]
    assert len(f.evidence.failed_rows) == 5


def test_everything_failing_since_a_date_is_all():
    df = stripe_export()
    df.loc[240:, ["Status", "Decline Reason"]] = ["Failed", "Your card was declined."]
    f = analyse_export(csv(df))
    assert f.facts["scope"] == "all"
    assert f.evidence.summary["since"] == df.loc[240, "Created date (UTC)"][:10]
    assert f.facts["decline_code"] == "generic_decline"
    assert f.evidence.daily


def test_recurring_when_failures_link_to_invoices():
    df = stripe_export()
    df.loc[[5, 6], ["Status", "Decline Reason", "Invoice ID", "Customer Email"]] = [
        "Failed", "card_declined", "in_123", "x@example.com"]
    assert analyse_export(csv(df)).facts["purchase"] == "recurring"


def test_generic_csv_mapping_is_guessed_and_shown():
    df = pd.DataFrame({"When": ["2026-01-01", "2026-01-02", "2026-01-03"], "payment state": ["ok", "failed", "ok"],
                       "failure reason": ["", "do_not_honor", ""], "buyer email": ["a@x.io", "b@x.io", "c@x.io"]})
    f = analyse_export(csv(df))
    assert f.evidence.mapping["status"] == "payment state"
    assert f.evidence.mapping["reason"] == "failure reason"
    assert f.evidence.mapping["customer"] == "buyer email"
    assert f.facts["decline_code"] == "do_not_honor"


def test_latin1_file_is_read_with_a_note():
    df = stripe_export(20)
    df.loc[3, ["Status", "Decline Reason", "Customer Email"]] = ["Failed", "insufficient_funds", "josé@café.fr"]
    f = analyse_export(csv(df, "latin-1"))
    assert f.facts["decline_code"] == "insufficient_funds"
    assert "not UTF-8" in f.evidence.notes[0]


def test_from_a_path_and_a_file_object(tmp_path):
    df = stripe_export(30)
    df.loc[3, ["Status", "Decline Reason"]] = ["Failed", "expired_card"]
    path = tmp_path / "payments.csv"
    path.write_bytes(csv(df))
    assert analyse_export(path).facts["decline_code"] == "expired_card"
    assert analyse_export(io.BytesIO(csv(df))).facts["decline_code"] == "expired_card"


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"%PDF-1.7\n...", "PDF"),
    (b"PK\x03\x04xlsx", "ZIP or Excel"),
    (b"\x00\x01\x02\x03binary", "binary"),
    (b"name,age\nann,3\n", "couldn't find a payment status"),
    (b"id,Status,Decline Reason\n", "no payments"),
])
def test_bad_files_get_a_clear_sentence(data, words):
    f = analyse_export(data)
    assert words in f.problems[0]
    assert not f.facts


def test_too_big_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as fh:
        fh.truncate(2_000_000)  # sparse: nothing is written
    f = analyse_export(path, max_bytes=1_000_000)
    assert "filter the payments export by date" in f.problems[0]


def test_random_bytes():
    assert isinstance(analyse_export(os.urandom(50_000)).problems, list)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000) | st.text(max_size=3000).map(str.encode))
def test_any_input_never_raises(data):
    f = analyse_export(data)
    assert f.problems or f.facts or f.evidence is not None
