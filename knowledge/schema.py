"""Pydantic models of the knowledge files: a malformed file fails at load, naming file and field."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Actor = Literal["customer", "seller", "support"]
FactValue = str | bool | int | float | list[str]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    id: str
    file: str
    title: str
    url: str = ""


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
    #: A step every plan can end with (processor records, the ticket): alone it is no diagnosis.
    generic: bool = False
    #: The hand-off step: the plan's last resort.
    escalation: bool = False
    #: What trying the step (without success) establishes: "Finish and save every module" tried
    #: means the configuration was checked and is complete, so its question is not asked again.
    implies: dict[str, FactValue] = Field(default_factory=dict)


class DocumentedError(Strict):
    id: str
    message: str
    variants: tuple[str, ...] = ()
    where: str
    cause: str
    steps: tuple[str, ...]
    source: Cite
    #: When several errors are recognised in one text, the highest priority is the one kept.
    priority: int = 0
    #: Machine codes that mean this error (Stripe API error codes in logs and JSON).
    codes: tuple[str, ...] = ()
    #: False when a typo-tolerant match could mistake a sibling message for this one.
    fuzzy: bool = True
    #: Facts the error brings besides itself (PayPal's errors name the processor).
    facts: dict[str, FactValue] = Field(default_factory=dict)


class FactDef(Strict):
    """One fact of the vocabulary (knowledge/facts.yaml)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    type: Literal["choice", "bool", "list", "text", "int"] = "choice"
    values: dict[str, str] = Field(default_factory=dict)
    values_from: Literal["errors", "declines", "steps"] | None = None
    rule: bool = True
    symptom: bool = False
    shown: bool = True
    #: Worked out by the rules from other facts; never taken from input.
    derived: bool = False
    #: A plain sentence per value, for check results ("Only one or a few customers are affected.").
    says: dict[str, str] = Field(default_factory=dict)
    #: Whose fact it is: the account's (the checkout, every payment) or the subject's (one customer's
    #: payments). Evidence about many customers gives the conversation only the account's facts.
    about: Literal["account", "subject"] = "account"


LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "ja")


class ReplyKind(Strict):
    id: str
    codes: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    text: dict[str, str]

    @field_validator("text")
    @classmethod
    def _every_language(cls, text: dict[str, str]) -> dict[str, str]:
        missing = [lang for lang in LANGUAGES if not text.get(lang)]
        if missing:
            raise ValueError(f"no text for {missing}")
        return text


class RepliesFile(Strict):
    source: Cite
    kinds: tuple[ReplyKind, ...]


LocaleMeaning = Literal["buy", "recurring", "failed", "one", "all", "first_connect", "card", "card_expired", "no_funds",
                        "cvc_wrong", "payment"]


class Concept(Strict):
    """A symptom recognised from its concept words within one sentence (concepts.yaml)."""

    id: str
    facts: dict[str, FactValue]
    all_of: tuple[tuple[str, ...], ...] = Field(min_length=1)
    none_of: tuple[str, ...] = ()
    pattern: str = ""
    #: The groups and none_of may match anywhere in the text; the pattern still within one sentence.
    text_wide: bool = False
    #: Vetoes read only in the sentence the concept is found in, even when it is text-wide: "we set up the new
    #: calendar" three sentences before "one subscriber's renewal failed" invites nobody (README #22, round 28).
    sentence_none_of: tuple[str, ...] = ()
    #: The last group is also satisfied when an error or a decline was recognised in the text.
    or_error: bool = False
    #: Per group of all_of, the meaning in locale_words.yaml whose words, in every language, join it.
    locale_words: tuple[LocaleMeaning | None, ...] = ()
    #: Meanings whose words, in every language, veto the concept (none_of): "nobody can pay" is no one purchase.
    locale_none_of: tuple[LocaleMeaning, ...] = ()
    #: One more group, needed only when no error or decline was recognised in the text: "la mia richiesta è stata
    #: rifiutata" beside "il rinnovo del sito" names no payment, so it is no failed renewal (README #22, round 13).
    unless_error: tuple[str, ...] = ()
    #: The meanings in locale_words.yaml whose words, in every language, join ``unless_error``.
    locale_unless_error: tuple[LocaleMeaning, ...] = ()

    @model_validator(mode="after")
    def _one_meaning_per_group(self) -> Concept:
        if len(self.locale_words) > len(self.all_of):
            raise ValueError(f"concept '{self.id}': more locale_words than all_of groups")
        return self


class ConceptsFile(Strict):
    concepts: tuple[Concept, ...]


class LocaleWordsFile(Strict):
    """Everyday words per language for a few meanings (locale_words.yaml), joined to the concepts' groups."""

    languages: dict[str, dict[LocaleMeaning, tuple[str, ...]]]


class Language(Strict):
    """A language's words for a card decline, by meaning (languages.yaml)."""

    cjk: bool = False
    card: tuple[str, ...]
    declined: tuple[str, ...]
    expired: tuple[str, ...]
    insufficient: tuple[str, ...]
    cvc: tuple[str, ...]
    wrong: tuple[str, ...]
    new_purchase: tuple[str, ...] = ()
    recurring: tuple[str, ...] = ()
    number: tuple[str, ...] = ()
    processing: tuple[str, ...] = ()
    authentication: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = Field(min_length=5)


class LanguagesFile(Strict):
    languages: dict[str, Language]
    english_stopwords: tuple[str, ...] = Field(min_length=5)


class Handoff(Strict):
    closing: str
    attach: tuple[str, ...] = Field(min_length=1)
    source: Cite


class RetryCycle(Strict):
    retry_every_days: int = Field(gt=0)
    attempts: int = Field(gt=1)
    spacing_days: tuple[float, float]
    time_of_day_hours: float
    source: Cite


class ProductFile(Strict):
    wizard_modules: tuple[str, ...] = Field(min_length=1)


class FactsFile(Strict):
    facts: tuple[FactDef, ...]


class Option(Strict):
    label: str
    facts: dict[str, FactValue]


class Question(Strict):
    id: str
    prompt: str
    short: str
    options: tuple[Option, ...] = Field(min_length=2)
    #: Steps whose trying answers the question (the seller looked at exactly this): never asked after.
    answered_by: tuple[str, ...] = ()
    #: A prompt that names what the evidence showed, used when the fact is known: {value} is its value.
    prompt_when: dict[str, str] = Field(default_factory=dict)


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
    #: Where the exact customer-facing wording was found (a page or repository + path).
    message_source: str = ""
    fraud_related: bool = False
    deprecated: bool = False
    #: Stripe's advice code for this decline, where its pages imply one.
    advice_code: Literal["do_not_try_again", "try_again_later", "confirm_card_data"] | None = None
    #: False for the "unknown reason" codes (generic_decline, do_not_honor, …): basic troubleshooting
    #: still applies. A specific code is a known cause: the plan is not padded with browser steps.
    specific: bool = True


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
