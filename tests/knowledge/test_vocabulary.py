"""The facts vocabulary: one list of names and values, and every file checked against it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import knowledge
from rules.rulebook import load_rules


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "kn"
    shutil.copytree(knowledge.HERE, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def test_design_contract_facts_are_in_the_vocabulary():
    voc = knowledge.load().vocabulary
    for name in ("role", "processor", "scope", "purchase", "continue_inactive", "error", "decline_code",
                 "decline_codes", "key_kind", "connection", "product_config", "processor_selected",
                 "integration_matches", "charges_enabled", "language", "tried"):
        assert name in voc.facts, name
    assert voc.allowed("scope") == {"one_or_few", "all"}
    assert "insufficient_funds" in voc.allowed("decline_code")
    assert voc.allowed("continue_inactive") == {"true", "false"}


def test_plain_words_for_every_fact():
    voc = knowledge.load().vocabulary
    said = dict(voc.describe({"scope": "all", "decline_code": "insufficient_funds", "charges_enabled": False,
                              "error": "user_denied"}))
    assert said == {"Who is affected": "Every payment fails", "Card declined": "insufficient funds",
                    "Stripe account can take charges": "no", "Error": "The user denied your request"}


def test_symptom_key_is_stable_and_readable():
    voc = knowledge.load().vocabulary
    key = voc.symptom_key({"decline_code": "insufficient_funds", "scope": "one_or_few", "processor": "stripe"})
    assert key == "scope=one_or_few · decline_code=insufficient_funds"
    assert voc.describe_symptom(key) == "One or a few customers · Card declined: insufficient funds"


def test_misspelt_value_in_the_rulebook_fails_at_load(tmp_path):
    book = (Path("rules") / "rulebook.yaml").read_text()
    (tmp_path / "rulebook.yaml").write_text(book.replace("when: {scope: one_or_few}", "when: {scope: one_or_fwe}", 1))
    load_rules.cache_clear()
    try:
        with pytest.raises(knowledge.KnowledgeError, match="fact 'scope' for unknown value 'one_or_fwe'"):
            load_rules(tmp_path / "rulebook.yaml")
    finally:
        load_rules.cache_clear()


def test_misspelt_fact_in_the_rulebook_fails_at_load(tmp_path):
    book = (Path("rules") / "rulebook.yaml").read_text()
    (tmp_path / "rulebook.yaml").write_text(book.replace("when: {purchase: new}", "when: {purchse: new}", 1))
    load_rules.cache_clear()
    try:
        with pytest.raises(knowledge.KnowledgeError, match="unknown fact 'purchse'"):
            load_rules(tmp_path / "rulebook.yaml")
    finally:
        load_rules.cache_clear()


def test_misspelt_value_in_a_question_fails_at_load(tmp_path):
    root = _copy(tmp_path)
    text = (root / "questions.yaml").read_text().replace("facts: {purchase: recurring}", "facts: {purchase: monthly}")
    (root / "questions.yaml").write_text(text)
    with pytest.raises(knowledge.KnowledgeError, match="questions.yaml: .* fact 'purchase' has no value 'monthly'"):
        knowledge.load(root)


def test_misspelt_value_in_a_phrase_group_fails_at_load(tmp_path):
    root = _copy(tmp_path)
    text = (root / "phrases.yaml").read_text().replace("facts: {scope: all}", "facts: {scope: everyone}")
    (root / "phrases.yaml").write_text(text)
    with pytest.raises(knowledge.KnowledgeError, match="phrases.yaml: .* fact 'scope' has no value 'everyone'"):
        knowledge.load(root)


def test_exceptions_share_one_root():
    from knowledge.exceptions import (
        CheckError,
        KnowledgeError,
        NonGetRequestError,
        PayassistError,
        RuleEngineError,
        StoreUnavailable,
    )

    for exc in (CheckError, KnowledgeError, NonGetRequestError, RuleEngineError, StoreUnavailable):
        assert issubclass(exc, PayassistError)
