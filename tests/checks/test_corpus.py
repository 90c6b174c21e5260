"""read_message on labelled messages nobody on the reader wrote: precision and recall per fact.

Corpora written by people who had not seen the reader's code (tests/checks/corpus/README.md has the
labelling policy): ``corpus/`` (the reader was tuned on it; 40% of it states no fact) and
``corpus_holdout/`` (written later against the same policy), which must reach 0.97 together;
``corpus_fresh/`` (issue 13's fresh corpus, tuned on since issue 22: its misses of multilingual
connection and Continue wordings were fixed then); ``corpus_fresh22/`` (206 messages written after
issue 22's first round, measured, then tuned on in its second round); then one blind corpus per later
round (``_WRITTEN``, ``_ROUNDS``), of which ``_REPORTED`` alone was never tuned on: its figures are the
ones to report (README.md). Run with ``-s`` to print.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from checks.message import read_message

HERE = Path(__file__).parent
FACTS = ("error", "decline_code", "processor", "scope", "purchase", "continue_inactive", "connection", "language",
         "charges_enabled", "attempt", "topic", "several_accounts")
TARGET = 0.97


def load(folder: str) -> list[dict]:
    items = []
    for path in sorted((HERE / folder).glob("*.yaml")):
        items += yaml.safe_load(path.read_text(encoding="utf-8"))
    return items


#: Each corpus is scored beside every corpus written before it: each message is read once per run.
_read = lru_cache(maxsize=None)(read_message)


def score(items: list[dict]) -> dict[str, tuple[float, float, int]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for item in items:
        got, want = _read(item["text"]), item["expect"] or {}
        for fact in FACTS:
            g, w = got.get(fact), want.get(fact)
            if g is None and w is None:
                continue
            if g == w:
                tp[fact] += 1
                continue
            fp[fact] += g is not None
            fn[fact] += w is not None
    out = {}
    for fact in FACTS:
        p = tp[fact] / (tp[fact] + fp[fact]) if tp[fact] + fp[fact] else 1.0
        r = tp[fact] / (tp[fact] + fn[fact]) if tp[fact] + fn[fact] else 1.0
        out[fact] = (p, r, tp[fact] + fn[fact])
    return out


@pytest.fixture(scope="module")
def corpora():
    main, holdout = load("corpus"), load("corpus_holdout")
    assert len(main) >= 300 and len(holdout) >= 100
    ids = [i["id"] for i in main + holdout]
    assert len(ids) == len(set(ids)), "ids are unique"
    return main, holdout


def test_precision_and_recall_per_fact(corpora):
    main, holdout = corpora
    table = {"corpus": score(main), "holdout": score(holdout), "both": score(main + holdout)}
    print(f"\n{'fact':18s}" + "".join(f"{name:>22s}" for name in table))
    for fact in FACTS:
        cells = "".join(f"   P {table[n][fact][0]:.3f} R {table[n][fact][1]:.3f} ({table[n][fact][2]:>3})"
                        for n in table)
        print(f"{fact:18s}{cells}")
    low = {f: v[:2] for f, v in table["both"].items() if min(v[:2]) < TARGET}
    assert low == {}, f"below {TARGET}: {low}"


def test_messages_that_must_yield_nothing_yield_nothing(corpora):
    main, holdout = corpora
    negatives = [i for i in main + holdout if not i["expect"]]
    assert len(negatives) * 3 >= len(main + holdout), "at least a third of the labelled corpus states no fact"
    wrong = [(i["id"], read_message(i["text"])) for i in negatives if read_message(i["text"])]
    assert len(wrong) <= len(negatives) * 0.03, wrong


def _measure(folder: str, beside: dict[str, list[dict]], size: int = 200) -> dict[str, tuple[float, float, int]]:
    """A fresh corpus's figures, printed beside others' (run with -s); it holds ``size`` messages and at
    least a third of them state no fact."""
    fresh = load(folder)
    assert len(fresh) >= size
    negatives = [i for i in fresh if not i["expect"]]
    assert len(negatives) * 3 >= len(fresh)
    name = folder.removeprefix("corpus_")
    table = {name: score(fresh), **{n: score(items) for n, items in beside.items()}}
    print(f"\n{'fact':18s}" + "".join(f"{n:>24s}" for n in table))
    for fact in FACTS:
        cells = "".join(f"     P {table[n][fact][0]:.2f} R {table[n][fact][1]:.2f} ({table[n][fact][2]:>3})"
                        for n in table)
        print(f"{fact:18s}{cells}")
    wrong = [i["id"] for i in negatives if _read(i["text"])]
    print(f"{name} negatives read as something: {len(wrong)} of {len(negatives)} {wrong}")
    return table[name]


def _tuned(*folders: str) -> list[dict]:
    return [item for folder in folders for item in load(folder)]


def test_issue_22s_fresh_corpus_written_after_the_reader_changed(corpora):
    """corpus_fresh22/ (206 messages) was written after issue 22's first round and measured it; the second
    round looked at its misses, so it is a regression corpus now (corpus_fresh22b/ is the fresh one).
    The floor only guards against regressions."""
    main, holdout = corpora
    table = _measure("corpus_fresh22", {"fresh (#13)": load("corpus_fresh"), "tuned": main + holdout})
    for fact, (precision, recall, n) in table.items():
        assert n < 10 or (precision >= 0.9 and recall >= 0.85), (fact, precision, recall)


#: The corpora in the order they were written. From corpus_fresh22b/ on, each was written after a round of
#: issue 22's reader was committed (the commit given), by writers blind to its code and word lists who never
#: ran it, and measured once as written; the next round looked at its misses. Only the last is never tuned
#: on: its figures are the ones issue 22 reports (README.md); the others are regression corpora now.
_WRITTEN = ["corpus", "corpus_holdout", "corpus_fresh", "corpus_fresh22", "corpus_fresh22b", "corpus_fresh22c",
            "corpus_fresh22d", "corpus_fresh22e", "corpus_fresh22f", "corpus_fresh22g", "corpus_fresh22h",
            "corpus_fresh22i", "corpus_fresh22j", "corpus_fresh22k", "corpus_fresh22l", "corpus_fresh22m",
            "corpus_fresh22n", "corpus_fresh22o", "corpus_fresh22p", "corpus_fresh22q", "corpus_fresh22r",
            "corpus_fresh22s", "corpus_fresh22t", "corpus_fresh22u", "corpus_fresh22v",
            "corpus_fresh22w", "corpus_fresh22x", "corpus_fresh22y", "corpus_fresh22z",
            "corpus_fresh22aa", "corpus_fresh22ab", "corpus_fresh22ac", "corpus_fresh22ad", "corpus_fresh22ae",
            "corpus_fresh22af"]
_ROUNDS = {  # blind corpus -> the reader it measured (fresh22c is read only as a tuned corpus of the later ones)
    "corpus_fresh22b": "84ff1c7", "corpus_fresh22d": "4cdfd42",
    "corpus_fresh22e": "57655ba (frozen while it was written)", "corpus_fresh22f": "6e26c5b",
    "corpus_fresh22g": "b204f2e", "corpus_fresh22h": "da9dd24", "corpus_fresh22i": "0143a18",
    "corpus_fresh22j": "b548df2 (the learned model's first round)",
    "corpus_fresh22k": "24e3184 (round 11: the model trained on fresh22j too)",
    "corpus_fresh22l": "0996147 (round 12: the model fills scope and purchase)",
    "corpus_fresh22m": "c7364e9 (round 13; written while it was built, blind to it)",
    "corpus_fresh22n": "a3ab878 (round 14; written while it was built, blind to it)",
    "corpus_fresh22o": "a22373a (round 15; written while it was built, blind to it)",
    "corpus_fresh22p": "aed26f1 (round 16; written while it was built, blind to it)",
    "corpus_fresh22q": "e58b68b (round 17; written while it was built, blind to it)",
    "corpus_fresh22r": "9bd80e3 (round 18; written while it was built, blind to it)",
    "corpus_fresh22s": "7bdbd0c (round 19; written while it was built, blind to it)",
    "corpus_fresh22t": "b144d55 (round 20; written while it was built, blind to it)",
    "corpus_fresh22u": "926da40 (round 21; written while it was built, blind to it)",
    "corpus_fresh22v": "89fab74 (round 22; written while it was built, blind to it)",
    "corpus_fresh22w": "a5a23e8 (round 23; written while it was built, blind to it)",
    "corpus_fresh22x": "d3c8792 (round 24; written while it was built, blind to it)",
    "corpus_fresh22y": "071f83a (round 25; written while it was built, blind to it)",
    "corpus_fresh22z": "96047db (round 26; written while it was built, blind to it)",
    "corpus_fresh22aa": "ab9efb2 (round 27; written while it was built, blind to it)",
    "corpus_fresh22ab": "6e0b7fb (round 28; written while it was built, blind to it)",
    "corpus_fresh22ac": "69fa25c (round 29; written while it was built, blind to it)",
    "corpus_fresh22ad": "e211efe (round 29's reader, a second blind corpus of it: written after it was committed; the "
                        "one commit between changed only the page's words)",
    "corpus_fresh22ae": "311f6b9 (round 30; written while it was built, blind to it)",
    "corpus_fresh22af": "a469180 (round 31; written while it was built, blind to it)"}


@pytest.mark.parametrize("folder", list(_ROUNDS))
def test_each_blind_corpus_beside_every_corpus_written_before_it(folder):
    """Printed beside the corpora written before it (run with -s); the floor only guards against regressions."""
    before = _WRITTEN[:_WRITTEN.index(folder)]
    tuned = _tuned(*before)
    for fact, (precision, recall, n) in _measure(folder, {f"tuned (all {len(before)})": tuned}).items():
        assert n < 10 or (precision >= 0.6 and recall >= 0.3), (fact, precision, recall)


def test_a_fresh_corpus_the_reader_was_never_tuned_on():
    """corpus_fresh/ (120 messages) was written after issue 13's reader and measured it on unseen text;
    issue 22 fixed some of its misses, so it is a regression corpus now. The floor guards the core facts."""
    fresh = load("corpus_fresh")
    assert len(fresh) >= 100
    table = score(fresh)
    print("\nfresh corpus: " + ", ".join(f"{f} P {p:.2f} R {r:.2f}" for f, (p, r, _) in table.items()))
    for fact in ("error", "decline_code", "processor"):
        precision, recall, _ = table[fact]
        assert precision >= 0.95 and recall >= 0.95, (fact, precision, recall)
    assert all(p >= 0.65 for p, _, _ in table.values())


#: The blind corpus whose figures issue 22 reports (None while the next one is being written, every corpus tuned).
_REPORTED: str | None = "corpus_fresh22af"
#: Blind corpora measured on the same reader as _REPORTED, never tuned on either: fresh22ac and fresh22ad were both
#: written while round 29 was built and read by it, so the two show how much the figures move with the writers.
_ALSO_BLIND: tuple[str, ...] = ()


def test_the_learned_model_is_trained_on_every_corpus_but_the_blind_one():
    """The blind corpora measure the reader: the model must not have seen them, and has seen the rest."""
    from checks.reading import learned

    assert list(learned.TRAINED_ON) == [f for f in _WRITTEN if f != _REPORTED and f not in _ALSO_BLIND]


def test_a_first_connection_is_always_a_connection_question():
    """However it was read (a concept, the learned model's words), a first or second connection comes with
    ``topic: connection`` (the corpus policy), over every message of every corpus the reader finds one in."""
    read = [_read(item["text"]) for folder in _WRITTEN for item in load(folder)]
    first = [got for got in read if got.get("connection") == "none"]
    assert len(first) >= 50
    assert [f for f in first if f.get("topic") != "connection"] == []
