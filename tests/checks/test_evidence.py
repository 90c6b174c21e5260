"""Typed evidence: made at the check's boundary, saved and restored as plain JSON."""

from __future__ import annotations

import json

from checks.evidence import ExportEvidence, KeyEvidence, ProductEvidence, evidence_from_dict
from checks.export import analyse_export
from checks.keys import classify_key
from checks.product import check_product
from tests.helpers import csv, stripe_export


def test_every_check_returns_typed_evidence():
    assert isinstance(classify_key("sk_test_" + "a" * 24).evidence, KeyEvidence)
    assert isinstance(check_product({"modules": [{"name": "Pricing", "state": "configure_later"}]}).evidence,
                      ProductEvidence)
    df = stripe_export(40)
    df.loc[[3, 4], ["Status", "Decline Reason"]] = ["Failed", "insufficient_funds"]
    assert isinstance(analyse_export(csv(df)).evidence, ExportEvidence)


def test_export_evidence_round_trips_through_json_without_the_download():
    df = stripe_export(40)
    df.loc[[3, 4], ["Status", "Decline Reason"]] = ["Failed", "insufficient_funds"]
    ev = analyse_export(csv(df)).evidence
    assert ev.download  # the full CSV, for this session
    saved = json.loads(json.dumps(ev.to_dict()))
    assert saved["kind"] == "export" and "download" not in saved
    back = evidence_from_dict(saved)
    assert isinstance(back, ExportEvidence)
    assert back.by_reason == ev.by_reason and back.summary == ev.summary and back.download is None


def test_unknown_or_malformed_evidence_is_none():
    assert evidence_from_dict({"kind": "martian"}) is None
    assert evidence_from_dict("not a dict") is None
    assert evidence_from_dict({"kind": "export", "no_such_field": 1}) is not None


def test_map_text_reaches_every_string():
    ev = KeyEvidence(masked="a", notes=("b", "c"))
    assert ev.map_text(str.upper) == KeyEvidence(masked="A", notes=("B", "C"))
