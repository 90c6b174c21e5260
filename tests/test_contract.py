"""The contracts docs/architecture.md promises to tests outside the project: names and shapes."""

from __future__ import annotations

import inspect

from checks.export import analyse_export
from checks.finding import Finding
from checks.keys import classify_key
from checks.message import read_message
from checks.stripe_live import check_account
from rules import advise


def test_advise_shape():
    advice = advise({"scope": "one_or_few", "purchase": "recurring", "processor": "paypal"})
    assert advice.questions == []
    for step in advice.plan:
        for field in ("id", "actor", "title", "detail", "why", "source"):
            assert isinstance(getattr(step, field), str) and getattr(step, field)
        assert step.actor in {"customer", "seller", "support"}
    q = advise({}).questions[0]
    assert q.id and q.prompt
    assert all(isinstance(label, str) and isinstance(facts, dict) for label, facts in q.options.items())


def test_read_message_shape():
    facts = read_message("Ineligible accounts")
    assert facts == {"error": "ineligible_account"}


def test_checks_return_findings_with_the_documented_signatures():
    assert isinstance(classify_key("sk_test_x"), Finding)
    assert isinstance(analyse_export(b"id,Status\n1,Failed\n"), Finding)
    params = inspect.signature(check_account).parameters
    assert list(params)[:2] == ["key", "api_base"] and params["api_base"].kind is inspect.Parameter.KEYWORD_ONLY
    f = classify_key("pk_live_" + "a" * 24)
    assert set(vars(f)) >= {"facts", "evidence", "problems"}
