"""The learned reader (checks/reading/learned.py): the connection and which account, in words no list holds.

Each wording below is mine, written after the model was trained, and read as nothing by the phrase lists
and concepts alone (the reader of c063e21).
"""

from __future__ import annotations

import json

import pytest

from checks.message import normalise, prepare, read_message, recognise
from checks.reading import learned


def assert_states(text: str, facts: dict) -> None:
    got = read_message(text)
    assert {k: got.get(k) for k in facts} == facts


@pytest.mark.parametrize(("text", "facts"), [
    ("How do I get my Stripe hooked up to Kartra? I just opened an account with them.",
     {"topic": "connection"}),
    ("I never set up a payment processor in Kartra yet, where do I add Stripe?",
     {"topic": "connection", "connection": "none"}),
    ("Can you walk me through plugging Stripe into my Kartra checkout for the first time?",
     {"connection": "none"}),
])
def test_the_connection_in_words_no_list_holds_is_read_by_the_model(text, facts):
    assert_states(text, facts)


def test_what_i_recognised_names_the_words_and_what_they_mean_never_a_fact_name():
    said = recognise("How do I get my Stripe hooked up to Kartra? I just opened an account with them.").summary()
    assert "the words 'stripe'" in said and "kartra" in said
    assert "which usually mean: it's about connecting or updating Stripe in Kartra" in said
    assert "% sure" in said
    assert "topic" not in said and "_" not in said


@pytest.mark.parametrize("text", [
    "our Stripe account",  # one word of ours in passing, however strongly it points
    "Thanks for the quick fix on the Stripe invoice, all good now!",
    "I love the new pinstripe banner and the striped tiles on the sales page.",
    "Our Zapier connection to Google Sheets broke after the update.",
    "Please cancel my Kartra subscription at the end of the month.",
])
def test_the_model_abstains_on_words_in_passing_and_other_senses(text):
    assert not {f for f in learned.FACTS if f in read_message(text)}


def test_a_keyed_connections_date_decides_not_the_models_words():
    """Connected with keys after the cut-off is a working connection, however much it reads like one to renew."""
    assert "connection" not in read_message("we connected stripe with api keys 10/2024, does it need an update?")


def test_the_model_fills_only_what_the_reader_left_unknown():
    text = "I have two Stripe accounts and no idea which one Kartra is using"
    rec = recognise(text)
    assert rec.facts["several_accounts"] is True
    assert not any(m.kind == "learned" and "several_accounts" in m.facts for m in rec.matches)


def test_a_huge_paste_reads_a_bounded_number_of_words():
    norm = normalise(prepare(" ".join(f"word{i}" for i in range(200_000))))
    assert len(learned.words(norm)) == learned.MAX_WORDS


def test_the_committed_model_is_what_the_labelled_corpora_build():
    """knowledge/learned.json is rebuilt from TRAINED_ON by ``python -m checks.reading.learned``: a corpus added
    or relabelled without rebuilding shows here (same readings on every labelled message, weights to 0.002)."""
    pytest.importorskip("sklearn")
    committed = json.loads(learned.MODEL.read_text(encoding="utf-8"))
    items = learned._labelled()
    rebuilt = learned.train(items)
    assert committed["trained_on"] == list(learned.TRAINED_ON) and committed["messages"] == len(items)
    for fact in learned.FACTS:
        a, b = committed["facts"][fact], rebuilt["facts"][fact]
        assert a["classes"] == b["classes"]
        common = a["weights"].keys() & b["weights"].keys()
        assert len(common) >= 0.99 * len(a["weights"])
        assert max(abs(x - y) for g in common for x, y in zip(a["weights"][g], b["weights"][g], strict=True)) <= 0.002
    ours, theirs = learned.Model(committed), learned.Model(rebuilt)
    for item in items:
        norm = normalise(prepare(item["text"]))
        assert sorted((r.fact, str(r.value)) for r in learned.read(norm, set(learned.FACTS), ours)) == \
            sorted((r.fact, str(r.value)) for r in learned.read(norm, set(learned.FACTS), theirs)), item["id"]
