"""Pydantic models of the knowledge files: a malformed file fails at load, naming file and field."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Actor = Literal["customer", "seller", "support"]
FactValue = str | bool | int | float | list[str]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    id: str
    file: str
    title: str


class Cite(Strict):
    doc: str
    section: str


class Step(Strict):
    id: str = Field(pattern=r"^(customer|seller|support|decline)\.[a-z0-9_]+$")
    actor: Actor
    title: str = Field(min_length=3)
    detail: str = Field(min_length=10)
    tips: tuple[str, ...] = ()
    why: str = Field(min_length=10)
    source: Cite
    if_not_fixed: str = ""
    customer_message: str = ""
    fraud_related: bool = False


class DocumentedError(Strict):
    id: str
    message: str
    variants: tuple[str, ...] = ()
    where: str
    cause: str
    steps: tuple[str, ...]
    source: Cite


class Option(Strict):
    label: str
    facts: dict[str, FactValue]


class Question(Strict):
    id: str
    prompt: str
    short: str
    options: tuple[Option, ...] = Field(min_length=2)


class PhraseGroup(Strict):
    facts: dict[str, FactValue]
    phrases: tuple[str, ...] = Field(min_length=1)


class Connection(Strict):
    api_key_cutoff: date
    deadline: date
    needs_update_signs: tuple[str, ...]
    after_deadline: str
    after_reauthentication: tuple[str, ...]
    source: Cite


class DeclineCode(Strict):
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    meaning: str
    actor: Actor
    next_step: str
    customer_message: str = ""
    fraud_related: bool = False
    deprecated: bool = False


class DeclineSource(Strict):
    title: str
    url: str


class DeclineCodes(Strict):
    source: DeclineSource
    codes: tuple[DeclineCode, ...]

    @field_validator("codes")
    @classmethod
    def _unique(cls, codes: tuple[DeclineCode, ...]) -> tuple[DeclineCode, ...]:
        seen = [c.code for c in codes]
        dupes = {c for c in seen if seen.count(c) > 1}
        if dupes:
            raise ValueError(f"duplicate decline codes: {sorted(dupes)}")
        return codes


class StepsFile(Strict):
    steps: tuple[Step, ...]


class ErrorsFile(Strict):
    errors: tuple[DocumentedError, ...]


class QuestionsFile(Strict):
    questions: tuple[Question, ...]


class PhrasesFile(Strict):
    phrases: tuple[PhraseGroup, ...]


class ConnectionFile(Strict):
    connection: Connection


class SourcesFile(Strict):
    sources: tuple[Source, ...]
