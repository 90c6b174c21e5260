"""The domain knowledge as data: steps, documented errors, questions, dates and decline codes.

Everything the assistant says comes from the YAML files beside this module; each is validated
by a pydantic schema at load, so a malformed file fails loudly, naming the file and the field.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.exceptions import KnowledgeError, PayassistError
from knowledge.schema import (
    Cite,
    Concept,
    ConceptsFile,
    Connection,
    ConnectionFile,
    DeclineCode,
    DeclineCodes,
    DocumentedError,
    ErrorsFile,
    FactsFile,
    Handoff,
    Language,
    LanguagesFile,
    LocaleWordsFile,
    PhraseGroup,
    PhrasesFile,
    ProductFile,
    Question,
    QuestionsFile,
    RepliesFile,
    ReplyKind,
    RetryCycle,
    Source,
    SourcesFile,
    Step,
    StepsFile,
)
from knowledge.vocabulary import UNKNOWN, Vocabulary, as_rule_value, build

HERE = Path(__file__).parent
M = TypeVar("M", bound=BaseModel)

__all__ = ["HERE", "UNKNOWN", "Knowledge", "KnowledgeError", "PayassistError", "Vocabulary", "as_rule_value",
           "load", "load_file"]


def load_file(path: Path, model: type[M]) -> M:
    """Parse one YAML file into ``model``; errors name the file and the failing field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KnowledgeError(f"{path.name}: file is missing") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: not valid YAML: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise KnowledgeError(
            f"{path.name}: field '{where}': {first['msg']} ({exc.error_count()} error(s))"
        ) from exc


@dataclass(frozen=True)
class Knowledge:
    sources: dict[str, Source]
    steps: dict[str, Step]
    errors: dict[str, DocumentedError]
    questions: dict[str, Question]
    phrases: tuple[PhraseGroup, ...]
    connection: Connection
    declines: dict[str, DeclineCode]
    decline_source_url: str
    vocabulary: Vocabulary
    wizard_modules: tuple[str, ...]
    replies: tuple[ReplyKind, ...]
    handoff: Handoff
    retry_cycle: RetryCycle
    concepts: tuple[Concept, ...]
    languages: dict[str, Language]
    english_stopwords: tuple[str, ...]
    #: the everyday-words lexicon (locale_words.yaml) by language, then meaning
    locale_words: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def escalation(self) -> str:
        """The id of the hand-off step (the plan's last resort)."""
        return next(s.id for s in self.steps.values() if s.escalation)

    @property
    def generic_steps(self) -> frozenset[str]:
        """Steps that end any plan: on their own they are no diagnosis."""
        return frozenset(s.id for s in self.steps.values() if s.generic or s.escalation)

    def source_url(self, cite: Cite) -> str:
        src = self.sources.get(cite.doc)
        return src.url if src else ""

    def cite(self, cite: Cite) -> str:
        """'Kartra help: Payment troubleshooting › Basic troubleshooting' (no file names: those are for support)."""
        src = self.sources.get(cite.doc)
        if src is None:
            return cite.section
        return f"{src.title} › {cite.section}"


def _decline_step(code: DeclineCode, url: str) -> Step:
    words = code.code.replace("_", " ")
    detail = f"{code.meaning} {code.next_step}"
    if code.fraud_related:
        detail += (
            " Stripe asks sellers not to tell the customer the real reason: tell them the card"
            " was declined and that they should contact their bank or use another card."
        )
    return Step(
        id=f"decline.{code.code}",
        actor=code.actor,
        title=f"Card declined: {words}",
        detail=detail,
        why=f"Stripe reported the decline code '{code.code}'.",
        source=Cite(doc="stripe_declines", section=code.code),
        if_not_fixed="Check the payment in your processor's records for more detail.",
        customer_message=code.customer_message,
        fraud_related=code.fraud_related,
    )


def _check_references(k: Knowledge) -> None:
    voc = k.vocabulary
    for concept in k.concepts:
        voc.check_facts(concept.facts, f"concepts.yaml: concept '{concept.id}'")
    for lang in k.languages:
        voc.check_value("language", lang, "languages.yaml")
    for q in k.questions.values():
        for step_id in q.answered_by:
            if step_id not in k.steps:
                raise KnowledgeError(f"questions.yaml: question '{q.id}' is answered by unknown step '{step_id}'")
        for name in q.prompt_when:
            if name not in voc.facts:
                raise KnowledgeError(f"questions.yaml: question '{q.id}' words its prompt on unknown fact '{name}'")
        for opt in q.options:
            voc.check_facts(opt.facts, f"questions.yaml: question '{q.id}', option '{opt.label}'")
    for group in k.phrases:
        voc.check_facts(group.facts, f"phrases.yaml: phrases {group.phrases[0]!r}…")
    for step in k.steps.values():
        voc.check_facts(step.implies, f"steps.yaml: step '{step.id}' implies")
    if sum(s.escalation for s in k.steps.values()) != 1:
        raise KnowledgeError("steps.yaml: exactly one step must be marked escalation: true")
    for kind in k.replies:
        for code in kind.codes:
            if code not in k.declines:
                raise KnowledgeError(f"replies.yaml: kind '{kind.id}' names unknown decline code '{code}'")
        for step_id in kind.steps:
            if step_id not in k.steps:
                raise KnowledgeError(f"replies.yaml: kind '{kind.id}' names unknown step '{step_id}'")
    for err in k.errors.values():
        voc.check_facts(err.facts, f"errors.yaml: error '{err.id}'")
        for step_id in err.steps:
            if step_id not in k.steps:
                raise KnowledgeError(f"errors.yaml: error '{err.id}' names unknown step '{step_id}'")
    for step in k.steps.values():
        if step.source.doc not in k.sources:
            raise KnowledgeError(f"steps.yaml: step '{step.id}' cites unknown source '{step.source.doc}'")


def _locale_words(root: Path) -> dict[str, dict[str, tuple[str, ...]]]:
    path = root / "locale_words.yaml"
    if not path.exists():
        return {}
    return {lang: dict(words) for lang, words in load_file(path, LocaleWordsFile).languages.items()}


def _with_locale_words(concepts: tuple[Concept, ...], root: Path) -> tuple[Concept, ...]:
    """Each concept's groups with the everyday words of every language for the meaning it names
    (``locale_words``): the lexicon is kept once, by language, not copied into every concept."""
    path = root / "locale_words.yaml"
    if not path.exists():
        return concepts
    by_meaning: dict[str, list[str]] = {}
    for words in load_file(path, LocaleWordsFile).languages.values():
        for meaning, terms in words.items():
            by_meaning.setdefault(meaning, []).extend(terms)
    out = []
    for c in concepts:
        if not (c.locale_words or c.locale_none_of or c.locale_unless_error):
            out.append(c)
            continue
        groups = tuple((*group, *by_meaning.get(meaning, ())) if meaning else group
                       for group, meaning in zip(c.all_of, (*c.locale_words, *[None] * len(c.all_of)), strict=False))
        veto = (*c.none_of, *(t for meaning in c.locale_none_of for t in by_meaning.get(meaning, ())))
        unless = (*c.unless_error, *(t for meaning in c.locale_unless_error for t in by_meaning.get(meaning, ())))
        out.append(c.model_copy(update={"all_of": groups, "none_of": veto, "unless_error": unless}))
    return tuple(out)


def _languages(root: Path) -> dict[str, object]:
    f = load_file(root / "languages.yaml", LanguagesFile)
    return {"languages": f.languages, "english_stopwords": f.english_stopwords}


def _fingerprint(root: Path) -> str:
    """A hash of every knowledge file and of the code that reads them: a snapshot is valid for exactly these."""
    digest = hashlib.sha256()
    for path in sorted([*root.glob("*.yaml"), *(HERE / name for name in ("__init__.py", "schema.py",
                                                                          "vocabulary.py"))]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _snapshot_path(root: Path) -> Path | None:
    if os.environ.get("PAYASSIST_NO_KNOWLEDGE_SNAPSHOT") or root != HERE:
        return None
    try:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("payassist"))
        return folder / f"knowledge-{_fingerprint(root)}.pickle"
    except OSError:
        return None


@lru_cache(maxsize=4)
def load(root: Path = HERE) -> Knowledge:
    """Every knowledge file under ``root``, validated (cached: the files are static).

    Validating 20 YAML files with pydantic takes ~130 ms, on the first visitor's path. The validated
    result is kept as a snapshot in the user's cache folder, named by a hash of the files and of this
    code, so the next process loads it in a few milliseconds; any change to a file makes a new one.
    """
    snapshot = _snapshot_path(root)
    if snapshot is not None and snapshot.exists():
        try:
            with open(snapshot, "rb") as fh:
                k = pickle.load(fh)  # noqa: S301 - our own snapshot, named by the hash of what it holds
            if isinstance(k, Knowledge):
                return k
        except Exception:  # noqa: BLE001 - a stale or broken snapshot is rebuilt
            pass
    k = _load(root)
    if snapshot is not None:
        try:
            snapshot.parent.mkdir(parents=True, exist_ok=True)
            tmp = snapshot.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(k, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, snapshot)
        except OSError:
            pass
    return k


def _load(root: Path) -> Knowledge:
    declines = load_file(root / "decline_codes.yaml", DeclineCodes)
    steps = {s.id: s for s in load_file(root / "steps.yaml", StepsFile).steps}
    for code in declines.codes:
        step = _decline_step(code, declines.source.url)
        steps[step.id] = step
    errors = {e.id: e for e in load_file(root / "errors.yaml", ErrorsFile).errors}
    derived = {
        "errors": {e.id: e.message.rstrip(".") for e in errors.values()},
        "declines": {c.code: c.code.replace("_", " ") for c in declines.codes},
        "steps": {s.id: s.title for s in steps.values()},
    }
    vocabulary = build(load_file(root / "facts.yaml", FactsFile).facts, derived)
    k = Knowledge(
        sources={s.id: s for s in load_file(root / "sources.yaml", SourcesFile).sources},
        steps=steps,
        errors=errors,
        questions={q.id: q for q in load_file(root / "questions.yaml", QuestionsFile).questions},
        phrases=load_file(root / "phrases.yaml", PhrasesFile).phrases,
        connection=load_file(root / "connection.yaml", ConnectionFile).connection,
        declines={c.code: c for c in declines.codes},
        decline_source_url=declines.source.url,
        vocabulary=vocabulary,
        wizard_modules=load_file(root / "product.yaml", ProductFile).wizard_modules,
        replies=load_file(root / "replies.yaml", RepliesFile).kinds,
        handoff=load_file(root / "handoff.yaml", Handoff),
        retry_cycle=load_file(root / "recurring.yaml", RetryCycle),
        concepts=_with_locale_words(load_file(root / "concepts.yaml", ConceptsFile).concepts, root),
        locale_words=_locale_words(root),
        **_languages(root),
    )
    _check_references(k)
    return k
