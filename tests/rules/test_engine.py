"""The durable-rules engine through its public API: generated JSON, recorder actions, no shared state."""

from __future__ import annotations

import ast
from pathlib import Path

import knowledge
from rules.engine import definition, get_engine, normalise
from rules.rulebook import load_rules

ENGINE = Path(__file__).parents[2] / "rules" / "engine.py"


def test_definition_is_plain_json_with_named_actions():
    d = definition(load_rules())
    assert len(d) == len(load_rules()) + 1
    assert all(isinstance(r["run"], str) and r["run"].startswith("record:") for r in d.values())
    first = d["r_0"]["all"][0]["m"]["$and"]
    assert {"kind": "facts"} in first


def test_no_private_durable_rules_attributes_and_no_shared_firing_dict():
    tree = ast.parse(ENGINE.read_text())
    private = [n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr.startswith("_rulesets")]
    assert private == []
    assert "_fired" not in ENGINE.read_text()


def test_fire_reads_back_each_sessions_own_rules():
    engine = get_engine()
    a = {r.name for r in engine.fire(normalise({"error": "user_denied"}))}
    b = {r.name for r in engine.fire(normalise({"scope": "all"}))}
    assert "connection.user_denied" in a and "connection.user_denied" not in b
    assert "advanced.review_product" in b


def test_normalise_flattens_to_the_vocabulary():
    facts = normalise({"continue_inactive": True, "scope": " ALL ", "note": "ignored"})
    assert facts["continue_inactive"] == "true" and facts["scope"] == "all"
    assert set(facts) == set(knowledge.load().vocabulary.rule_facts)
    assert facts["error"] == knowledge.UNKNOWN
