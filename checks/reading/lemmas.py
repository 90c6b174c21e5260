"""Word forms to lemmas for the concepts, from simplemma's dictionaries, built once into data.

simplemma's tables for the 8 languages take about 15 s and 900 MB to load, too much for a page
that answers in milliseconds. Only the forms whose lemma is a word of a concept or a language list
can change what the reader recognises, so those forms are written to knowledge/lemmas.json once
(``python -m checks.reading.lemmas``, after editing concepts.yaml or languages.yaml) and looked up
at run time: "pudieron" -> "poder", "konden" -> "kunnen", "riusciti" -> "riuscire".
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import yaml

import knowledge

LANGS = ("de", "fr", "es", "it", "pt", "nl", "pl", "sv")
TABLE = Path(knowledge.__file__).parent / "lemmas.json"
_SPLIT = re.compile(r"[^\w]+")


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    if not TABLE.exists():
        return {}
    return json.loads(TABLE.read_text(encoding="utf-8"))["forms"]


def lemma(word: str, lang: str) -> str:
    """The lemma of a (case-folded) word in ``lang``, or the word when the table has none."""
    return _table().get(lang, {}).get(word, word)


def _target_words() -> set[str]:
    """Every word of every concept and language term (stars and punctuation gone)."""
    here = Path(knowledge.__file__).parent
    words: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            words.update(w for w in _SPLIT.split(node.casefold().replace("'", " ")) if w)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list | tuple):
            for v in node:
                walk(v)

    for name in ("concepts.yaml", "languages.yaml"):
        walk(yaml.safe_load((here / name).read_text(encoding="utf-8")))
    return words


def build() -> dict[str, int]:
    """Write knowledge/lemmas.json from simplemma's dictionaries; returns forms kept per language."""
    import simplemma
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    targets = _target_words()
    factory = DefaultDictionaryFactory()
    forms: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        kept: dict[str, str] = {}
        for form, lem in factory.get_dictionary(lang).items():
            f, base = form.casefold(), lem.casefold()
            if base in targets and f != base and " " not in f:
                kept[f] = base
        forms[lang] = dict(sorted(kept.items()))
    version = getattr(simplemma, "__version__", "?")
    TABLE.write_text(json.dumps({"source": f"simplemma {version} dictionaries (python -m checks.reading.lemmas)",
                                 "forms": forms}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    _table.cache_clear()
    return {lang: len(v) for lang, v in forms.items()}


if __name__ == "__main__":
    print(build())
