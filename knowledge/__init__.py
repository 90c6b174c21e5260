"""The domain knowledge as data: steps, documented errors, questions, dates and decline codes.

Everything the assistant says comes from the YAML files beside this module; each is validated
by a pydantic schema at load, so a malformed file fails loudly, naming the file and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.schema import (
    Cite,
    Connection,
    ConnectionFile,
    DeclineCode,
    DeclineCodes,
    DocumentedError,
    ErrorsFile,
    PhraseGroup,
    PhrasesFile,
    Question,
    QuestionsFile,
    Source,
    SourcesFile,
    Step,
    StepsFile,
)

HERE = Path(__file__).parent
M = TypeVar("M", bound=BaseModel)

__all__ = ["Knowledge", "KnowledgeError", "load", "load_file", "HERE"]


class KnowledgeError(ValueError):
    """A knowledge file is missing, not YAML, or does not match its schema."""


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
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise KnowledgeError(
            f"{path.name}: field '{field}': {first['msg']} ({exc.error_count()} error(s))"
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

    def cite(self, cite: Cite) -> str:
        """'Kartra help: Payment troubleshooting (001_….txt) › Basic troubleshooting'."""
        src = self.sources.get(cite.doc)
        if src is None:
            return cite.section
        return f"{src.title} ({src.file}) › {cite.section}"


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
    for err in k.errors.values():
        for step_id in err.steps:
            if step_id not in k.steps:
                raise KnowledgeError(f"errors.yaml: error '{err.id}' names unknown step '{step_id}'")
    for step in k.steps.values():
        if step.source.doc not in k.sources:
            raise KnowledgeError(f"steps.yaml: step '{step.id}' cites unknown source '{step.source.doc}'")


@lru_cache(maxsize=4)
def load(root: Path = HERE) -> Knowledge:
    """Load and validate every knowledge file under ``root`` (cached: the files are static)."""
    declines = load_file(root / "decline_codes.yaml", DeclineCodes)
    steps = {s.id: s for s in load_file(root / "steps.yaml", StepsFile).steps}
    for code in declines.codes:
        step = _decline_step(code, declines.source.url)
        steps[step.id] = step
    k = Knowledge(
        sources={s.id: s for s in load_file(root / "sources.yaml", SourcesFile).sources},
        steps=steps,
        errors={e.id: e for e in load_file(root / "errors.yaml", ErrorsFile).errors},
        questions={q.id: q for q in load_file(root / "questions.yaml", QuestionsFile).questions},
        phrases=load_file(root / "phrases.yaml", PhrasesFile).phrases,
        connection=load_file(root / "connection.yaml", ConnectionFile).connection,
        declines={c.code: c for c in declines.codes},
        decline_source_url=declines.source.url,
    )
    _check_references(k)
    return k
