"""Would a learned reader help? A character n-gram model measured against the phrase lists and concepts.

Issue 22 asked for a reader that generalises for the plain-words facts, "only if it measures better".
This trains, per fact, a TF-IDF over character 3-5-grams and a logistic regression (seeded,
deterministic) on the eleven tuned corpora (2,559 messages), and measures on corpus_fresh22i/, which the
reader was never tuned on, three ways: the reader alone, the model alone (abstaining below a
probability threshold), and the model filling only facts the reader left unknown (never outranking it).
Run: ``python -m benchmarks.learned_reader`` (needs scikit-learn, a dev dependency).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import yaml

from checks.message import read_message

FACTS = ("scope", "purchase", "continue_inactive", "processor", "connection", "language", "attempt", "topic",
         "several_accounts")
HERE = Path(__file__).parents[1] / "tests" / "checks"


def load(folder: str) -> list[dict]:
    items: list[dict] = []
    for path in sorted((HERE / folder).glob("*.yaml")):
        items += yaml.safe_load(path.read_text(encoding="utf-8"))
    return items


def _pr(pairs: list[tuple[str | None, str | None]]) -> tuple[float, float]:
    tp = fp = fn = 0
    for got, want in pairs:
        if got is None and want is None:
            continue
        if got == want:
            tp += 1
            continue
        fp += got is not None
        fn += want is not None
    return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


TUNED = ("corpus", "corpus_holdout", "corpus_fresh", "corpus_fresh22", "corpus_fresh22b", "corpus_fresh22c",
         "corpus_fresh22d", "corpus_fresh22e", "corpus_fresh22f", "corpus_fresh22g", "corpus_fresh22h")
FRESH = "corpus_fresh22i"


def run(threshold: float = 0.5) -> list[tuple[str, str, str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    train = [item for folder in TUNED for item in load(folder)]
    rows = []
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True, max_features=50000)
    x = vec.fit_transform([i["text"][:3000] for i in train])
    for folder in (FRESH,):
        test = load(folder)
        xt = vec.transform([i["text"][:3000] for i in test])
        reader = [read_message(i["text"]) for i in test]
        for fact in FACTS:
            y = [str((i["expect"] or {}).get(fact, "-")) for i in train]
            if len(set(y)) < 2:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                clf = LogisticRegression(C=5, max_iter=2000, random_state=0).fit(x, y)
            probs = clf.predict_proba(xt)
            want = [None if (v := (i["expect"] or {}).get(fact)) is None else str(v) for i in test]
            ours = [None if (v := r.get(fact)) is None else str(v) for r in reader]
            model = []
            for p in probs:
                j = p.argmax()
                model.append(clf.classes_[j] if p[j] >= threshold and clf.classes_[j] != "-" else None)
            both = [o if o is not None else m for o, m in zip(ours, model, strict=True)]
            cells = [f"{name} P {p:.2f} R {r:.2f}" for name, (p, r) in
                     (("reader", _pr(list(zip(ours, want, strict=True)))),
                      ("model", _pr(list(zip(model, want, strict=True)))),
                      ("reader+model", _pr(list(zip(both, want, strict=True)))))]
            rows.append((f"{folder} {fact}", " · ".join(cells), f"threshold {threshold}"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
