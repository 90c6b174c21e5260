"""What the learned reader adds, each labelled corpus left out in turn.

checks/reading/learned.py fills three facts the phrase lists and concepts leave unknown. Its settings
(``C``, ``THRESHOLD``, ``SHORT``) were chosen here, never on a blind corpus: for each corpus of
``TRAINED_ON``, the model is trained on the others and measured on it, the reader alone beside the reader
with the model filling its gaps. (The reader itself was tuned on these corpora, so its own figures here
are flattering; a blind corpus is the measure to report: tests/checks/test_corpus.py.)
Run: ``python -m benchmarks.learned_reader [C THRESHOLD SHORT [FACTS]]`` (scikit-learn, a dev dependency; ~2 min).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from checks.message import normalise, prepare, recognise
from checks.reading import learned

HERE = Path(__file__).parents[1] / "tests" / "checks"


def load(folder: str) -> list[dict]:
    items: list[dict] = []
    for path in sorted((HERE / folder).glob("*.yaml")):
        items += yaml.safe_load(path.read_text(encoding="utf-8"))
    return items


def _count(tally: Counter, got: object, want: object) -> None:
    if got is None and want is None:
        return
    if got == want:
        tally["tp"] += 1
        return
    tally["fp"] += got is not None
    tally["fn"] += want is not None


def _pr(tally: Counter) -> str:
    p = tally["tp"] / (tally["tp"] + tally["fp"]) if tally["tp"] + tally["fp"] else 1.0
    r = tally["tp"] / (tally["tp"] + tally["fn"]) if tally["tp"] + tally["fn"] else 1.0
    return f"P {p:.3f} R {r:.3f}"


def run(c: float = learned.C) -> dict[str, tuple[str, str]]:
    corpora = {folder: load(folder) for folder in learned.TRAINED_ON}
    alone: dict[str, Counter] = {fact: Counter() for fact in learned.FACTS}
    both: dict[str, Counter] = {fact: Counter() for fact in learned.FACTS}
    for held in corpora:
        model = learned.Model(learned.train([i for f, items in corpora.items() if f != held for i in items], c))
        for item in corpora[held]:
            rec = recognise(item["text"])
            filled = {f for m in rec.matches if m.kind == "learned" for f in m.facts}
            ours = {f: v for f, v in rec.facts.items() if f in learned.FACTS and f not in filled}
            norm = normalise(prepare(item["text"]))
            fill = {r.fact: r.value for r in learned.read(norm, set(learned.FACTS) - set(ours), model)}
            want = item["expect"] or {}
            for fact in learned.FACTS:
                _count(alone[fact], ours.get(fact), want.get(fact))
                _count(both[fact], ours.get(fact, fill.get(fact)), want.get(fact))
    return {fact: (_pr(alone[fact]), _pr(both[fact])) for fact in learned.FACTS}


if __name__ == "__main__":
    if len(sys.argv) > 4:  # the facts to measure the model on, comma-separated (default: the ones it fills)
        learned.FACTS = tuple(sys.argv[4].split(","))
    if len(sys.argv) > 1:
        learned.THRESHOLD, learned.SHORT = float(sys.argv[2]), int(sys.argv[3])
    c = float(sys.argv[1]) if len(sys.argv) > 1 else learned.C
    print(f"C {c} threshold {learned.THRESHOLD} short {learned.SHORT}, "
          f"each of {len(learned.TRAINED_ON)} corpora left out")
    for fact, (a, b) in run(c).items():
        print(f"{fact}: reader {a} · reader+model {b}")
