"""A learned reading of what people put in their own words: the connection, which account, who is affected.

The phrase lists and concepts match what their authors wrote; the blind corpora kept bringing
wordings no list held, most of all for the connection (``connection``, ``topic``), for several
Stripe accounts (``several_accounts``), and for who is affected and what kind of payment failed
(``scope``, ``purchase``, since the twelfth round). This model fills only those facts, only where the
reader left them unknown, and abstains below ``THRESHOLD`` (``THRESHOLDS`` for the last two).

It is a multinomial logistic regression (scikit-learn, at build time) over the character 3–5-grams of
each distinct word of the normalised text. A word's share of a class's score is the sum of its
n-grams' weights, so the score is a sum over words: each word's share is cached, reading costs a few
lookups, and "what I recognised" names the words that carried the reading. The weights are data,
``knowledge/learned.json``, written by ``python -m checks.reading.learned`` from the labelled corpora
named in ``TRAINED_ON`` (tests/checks/); scikit-learn is not needed to read.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

import knowledge
from checks.reading import lookalike

MODEL = Path(knowledge.__file__).parent / "learned.json"
FACTS = ("connection", "topic", "several_accounts", "scope", "purchase")
#: Below this probability the model says nothing (the reader's "don't know" stands).
THRESHOLD = 0.7
#: ... and below these for who is affected and the kind of payment, which the phrase lists read far more often
#: (a wrong guess there costs more readings than it adds; README #22, twelfth round).
THRESHOLDS = {"scope": 0.8, "purchase": 0.8}
#: Facts said of a payment problem: read only when the reader found one ("one client who claims she can't remember
#: the purchase" in a chargeback question is nobody affected by a failing checkout).
OF_A_PROBLEM = frozenset({"scope", "purchase"})
#: A reading needs this many words that each carry it: one word in passing ("our Stripe account") is no reading.
MIN_WORDS = 2
#: A word carries a reading when its share is at least this part of the largest word's share.
CARRIES = 0.25
#: Distinct words read (a symptom is in the first ones people write; a log's rest is no plain words).
MAX_WORDS = 300
#: A text shorter than this many distinct words weighs its words as if it had this many.
SHORT = 16
#: Characters of the normalised text the words are taken from.
MAX_CHARS = 20_000
#: Unspaced scripts (Japanese, Chinese, Thai) have "words" as long as a sentence: read them in pieces.
PIECE = 30
#: The labelled corpora the model is trained on (tests/checks/). A corpus measured blind is not among them.
TRAINED_ON = ("corpus", "corpus_holdout", "corpus_fresh", "corpus_fresh22", "corpus_fresh22b", "corpus_fresh22c",
              "corpus_fresh22d", "corpus_fresh22e", "corpus_fresh22f", "corpus_fresh22g", "corpus_fresh22h",
              "corpus_fresh22i", "corpus_fresh22j", "corpus_fresh22k", "corpus_fresh22l",
              "corpus_fresh22m", "corpus_fresh22n", "corpus_fresh22o", "corpus_fresh22p", "corpus_fresh22q",
              "corpus_fresh22r", "corpus_fresh22s", "corpus_fresh22t", "corpus_fresh22u", "corpus_fresh22v",
              "corpus_fresh22w", "corpus_fresh22x", "corpus_fresh22y", "corpus_fresh22z",
              "corpus_fresh22aa", "corpus_fresh22ab", "corpus_fresh22ac", "corpus_fresh22ad",
              "corpus_fresh22ae")
#: The regularisation the build uses (chosen by leaving each corpus out in turn; README #22).
C = 5.0
#: n-grams whose every weight is smaller than this are left out of the file (readings unchanged).
PRUNE = 0.05


@dataclass(frozen=True)
class Reading:
    fact: str
    value: Any
    probability: float
    words: tuple[str, ...]  # the words that carried it, strongest first


def words(norm: str) -> list[str]:
    """The distinct words of a normalised text, in order, the first ``MAX_WORDS`` (long ones in pieces;
    words that only look like Stripe left out)."""
    out: list[str] = []
    seen: set[str] = set()
    for word in norm[:MAX_CHARS].split():
        if lookalike.is_lookalike(word):
            continue  # "pinstripe" shares n-grams with Stripe and nothing else
        for i in range(0, len(word), PIECE):
            piece = word[i:i + PIECE]
            if piece not in seen:
                seen.add(piece)
                out.append(piece)
        if len(out) >= MAX_WORDS:
            break
    return out[:MAX_WORDS]


def grams(word: str) -> frozenset[str]:
    """The character 3–5-grams of a word with a space either side (scikit-learn's ``char_wb``)."""
    padded = f" {word} "
    return frozenset(padded[i:i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1))


@dataclass(frozen=True)
class _Fact:
    name: str
    classes: tuple[Any, ...]  # "-" (nothing stated) among them
    intercept: tuple[float, ...]
    weights: dict[str, list[float]]  # as knowledge/learned.json holds them


class Model:
    """The weights of every fact, and each word's share of every score once it has been computed.

    Every n-gram is one row of a matrix holding all facts' class weights side by side, so a word's shares are one
    sum of its n-grams' rows (numpy) rather than a dictionary look-up per n-gram per fact."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.facts = tuple(_Fact(name, tuple(f["classes"]), tuple(f["intercept"]), f["weights"])
                           for name, f in data["facts"].items())
        self.columns: list[slice] = []  # each fact's classes in a row
        index: dict[str, int] = {}
        rows: list[list[int]] = []
        start = 0
        for fact in self.facts:
            self.columns.append(slice(start, start + len(fact.classes)))
            start += len(fact.classes)
            rows.append([index.setdefault(g, len(index)) for g in fact.weights])
        matrix = np.zeros((len(index) + 1, start))  # (the last row: zeros, for a word with no known n-gram)
        for fact, cols, at in zip(self.facts, self.columns, rows, strict=True):
            if at:
                matrix[np.array(at), cols] = np.array(list(fact.weights.values()), dtype=float)
        self._index, self._matrix, self._none = index, matrix, len(index)
        self._shares: dict[str, np.ndarray] = {}

    def shares(self, word: str) -> np.ndarray:
        """The word's share of every class's score, all facts side by side (before the text's length is divided
        out)."""
        if (known := self._shares.get(word)) is not None:
            return known
        rows = [i for g in grams(word) if (i := self._index.get(g)) is not None] or [self._none]
        out = self._matrix[rows].sum(axis=0)
        if len(self._shares) < 50_000:  # (bounded: a stream of new words can't grow it without end)
            self._shares[word] = out
        return out


@lru_cache(maxsize=1)
def _model() -> Model | None:
    if not MODEL.exists():
        return None
    return Model(json.loads(MODEL.read_text(encoding="utf-8")))


def scale(n_words: int) -> float:
    """What each word counts for in a text of ``n_words`` distinct words: a short text is not a confident one
    (below ``SHORT`` words it counts as ``SHORT``)."""
    return 1 / math.sqrt(max(n_words, SHORT))


def read(norm: str, unknown: frozenset[str] | set[str], model: Model | None = None) -> list[Reading]:
    """What the model reads in a normalised text, for the facts in ``unknown`` only."""
    model = model or _model()
    if model is None or not unknown:
        return []
    ws = words(norm)
    if len(ws) < MIN_WORDS:
        return []
    each = scale(len(ws))
    shares = np.stack([model.shares(w) for w in ws])  # one row per word
    sums = shares.sum(axis=0)
    out: list[Reading] = []
    for fact, cols in zip(model.facts, model.columns, strict=True):
        if fact.name not in unknown:
            continue
        scores = [b + each * float(x) for b, x in zip(fact.intercept, sums[cols], strict=True)]
        top = max(range(len(scores)), key=scores.__getitem__)
        value = fact.classes[top]
        if value == "-":
            continue
        peak = scores[top]
        probability = 1 / sum(math.exp(s - peak) for s in scores)
        if probability < THRESHOLDS.get(fact.name, THRESHOLD):
            continue
        nothing = fact.classes.index("-")
        margin = (shares[:, cols.start + top] - shares[:, cols.start + nothing]).tolist()
        carried = sorted(zip(margin, ws, strict=True), reverse=True)
        strongest = carried[0][0]
        carrying = tuple(w for share, w in carried if strongest > 0 and share >= CARRIES * strongest)
        if len(carrying) < MIN_WORDS:
            continue  # one word in passing is no reading
        out.append(Reading(fact.name, value, probability, carrying[:3]))
    return out


# --- Build (scikit-learn, a dev dependency) ---------------------------------------------------------

def _labelled() -> list[dict]:
    import yaml

    here = Path(__file__).parents[2] / "tests" / "checks"
    items: list[dict] = []
    for folder in TRAINED_ON:
        for path in sorted((here / folder).glob("*.yaml")):
            items += yaml.safe_load(path.read_text(encoding="utf-8"))
    return items


def train(items: list[dict], c: float = C) -> dict[str, Any]:
    """The model's data, trained on labelled messages (``text``, ``expect``); deterministic (lbfgs, sorted
    vocabulary, rounded weights)."""
    import warnings

    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from checks.message import normalise, prepare

    texts = [words(normalise(prepare(item["text"]))) for item in items]
    counts = []
    df: dict[str, int] = {}
    for ws in texts:
        c_ = {}
        for w in ws:
            for g in grams(w):
                c_[g] = c_.get(g, 0) + 1
        counts.append(c_)
        for g in c_:
            df[g] = df.get(g, 0) + 1
    vocab = {g: j for j, g in enumerate(sorted(g for g, n in df.items() if n >= 2))}
    rows, cols, vals = [], [], []
    for r, (c_, ws) in enumerate(zip(counts, texts, strict=True)):
        each = scale(len(ws))
        for g, n in c_.items():
            if (j := vocab.get(g)) is not None:
                rows.append(r)
                cols.append(j)
                vals.append(n * each)
    x = csr_matrix((vals, (rows, cols)), shape=(len(items), len(vocab)))
    names = sorted(vocab, key=vocab.__getitem__)
    facts: dict[str, Any] = {}
    for fact in FACTS:
        values = [(item.get("expect") or {}).get(fact, "-") for item in items]
        labels = [json.dumps(v) for v in values]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf = LogisticRegression(C=c, max_iter=5000).fit(x, labels)
        classes = [json.loads(k) for k in clf.classes_]
        coef, intercept = clf.coef_, clf.intercept_
        if len(classes) == 2:  # one row scores the second class against the first
            coef = [[0.0] * coef.shape[1], list(coef[0])]
            intercept = [0.0, float(intercept[0])]
        else:
            coef = [list(row) for row in coef]
            intercept = [float(b) for b in intercept]
        weights = {}
        for j, g in enumerate(names):
            w = [round(float(row[j]), 3) for row in coef]
            if max(abs(v) for v in w) >= PRUNE:
                weights[g] = w
        facts[fact] = {"classes": classes, "intercept": [round(b, 4) for b in intercept], "weights": weights}
    return {"trained_on": list(TRAINED_ON), "messages": len(items), "C": c, "facts": facts}


def build() -> None:
    """Write knowledge/learned.json from the labelled corpora (after a corpus is added to ``TRAINED_ON``)."""
    data = train(_labelled())
    MODEL.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                     encoding="utf-8")
    size = sum(len(f["weights"]) for f in data["facts"].values())
    print(f"{MODEL.name}: {data['messages']} messages, {size} n-gram weights, {MODEL.stat().st_size:,} bytes")


if __name__ == "__main__":
    build()
