"""One person's troubleshooting conversation: facts, transcript, tried steps, ticket summary.

Free of Streamlit so it can be tested and reused: the page keeps a ``Conversation`` in
``st.session_state`` and renders it. Everything stored here has passed through ``redact``, so
a Stripe key typed or pasted never lands in the transcript or the summary.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from checks.finding import Finding
from checks.message import recognise
from checks.redact import redact, redact_obj
from rules import Advice, advise

Role = Literal["agent", "seller", "trainer"]
ROLES: dict[str, str] = {"agent": "Support agent", "seller": "Seller", "trainer": "Trainer"}
FACT_LABELS = {
    "scope": "Scope", "purchase": "Purchase", "processor": "Processor",
    "continue_inactive": "Continue button inactive", "error": "Error", "decline_code": "Decline code",
    "key_kind": "Key kind", "connection": "Stripe connection", "product_config": "Product configuration",
    "processor_selected": "Processor selected at Basic Info",
    "integration_matches": "Integration matches processor account",
    "charges_enabled": "Stripe account can take charges", "topic": "Topic",
}


def describe_facts(facts: dict[str, Any]) -> str:
    """'Scope: all; Decline code: insufficient_funds' in the words a seller reads."""
    def word(v: Any) -> str:
        return ("yes" if v else "no") if isinstance(v, bool) else str(v).replace("_", " ")

    parts = [f"{FACT_LABELS[k]}: {word(v)}" for k, v in facts.items() if k in FACT_LABELS]
    return "; ".join(parts) or "nothing new"


#: A paste longer than this is shown shortened in the transcript (it is still read in full).
SHOWN_CHARS = 600


@dataclass
class Message:
    speaker: Literal["assistant", "user"]
    text: str
    kind: str = "text"  # text, recognised, question, outcome, notice, evidence, problem
    data: dict[str, Any] | None = None


@dataclass
class Conversation:
    role: Role = "seller"
    facts: dict[str, Any] = field(default_factory=dict)
    tried: list[str] = field(default_factory=list)
    fixed_by: str | None = None
    messages: list[Message] = field(default_factory=list)
    symptoms: list[str] = field(default_factory=list)
    recognised: list[str] = field(default_factory=list)
    started: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))

    # --- reading ---------------------------------------------------------------------------
    def advice(self) -> Advice:
        return advise({**self.facts, "tried": list(self.tried)})

    @property
    def resolved(self) -> bool:
        return self.fixed_by is not None

    # --- what the person does --------------------------------------------------------------
    def say(self, speaker: Literal["assistant", "user"], text: str, kind: str = "text",
            data: dict[str, Any] | None = None) -> None:
        self.messages.append(Message(speaker, redact(text), kind, redact_obj(data) if data else None))

    def record_check(self, title: str, finding: Finding, *, override: dict[str, Any] | None = None) -> None:
        """Keep what a check found: its facts, its evidence and its problems, in the transcript."""
        self.learn({**finding.facts, **(override or {})})
        summary = describe_facts(finding.facts)
        self.recognised.append(f"{title}: {summary}")
        self.say("assistant", f"**{title}** found: {summary}.", "evidence", dict(finding.evidence))
        for problem in finding.problems:
            self.say("assistant", problem, "problem")

    def learn(self, facts: dict[str, Any]) -> None:
        """Merge facts from an answer or a check (keys are never facts, only their kinds)."""
        self.facts.update(redact_obj({k: v for k, v in facts.items() if k != "tried"}))

    def answer(self, question_id: str, label: str) -> bool:
        """Apply the option ``label`` of question ``question_id``; False if it no longer applies."""
        for q in self.advice().questions:
            if q.id != question_id:
                continue
            if label in q.options:
                self.say("user", label)
                self.symptoms.append(f"{q.short} {label}")
                self.learn(q.options[label])
                return True
        return False

    def paste(self, text: str) -> list[str]:
        """Read pasted text; say what was recognised. Returns the recognition sentences."""
        text = text if isinstance(text, str) else ""
        shown = text if len(text) <= SHOWN_CHARS else (
            f"{text[:SHOWN_CHARS]}… ({len(text):,} characters in all)"
        )
        self.say("user", shown)
        rec = recognise(text)
        sentences = [m.describe() for m in rec.matches]
        if rec.facts:
            self.learn(rec.facts)
            self.recognised.extend(s for s in sentences if s not in self.recognised)
            self.say("assistant", "I recognised " + "; ".join(sentences) + ".", "recognised")
        else:
            self.say(
                "assistant",
                "I couldn't find a documented error or symptom in that. Pick one of the options "
                "below, or paste the exact error message you see.",
                "notice",
            )
        return sentences

    def start_demo(self, title: str, description: str, facts: dict[str, Any]) -> None:
        """Preload a trainer's demo scenario."""
        self.say("assistant", f"**Demo: {title}.** {description}", "notice")
        self.symptoms.append(f"Demo scenario: {title}")
        self.learn(facts)

    def didnt_help(self, step_id: str) -> None:
        if step_id not in self.tried:
            self.tried.append(step_id)
            self.say("user", f"Tried “{self._title(step_id)}”: it didn't help.", "outcome")

    def fixed(self, step_id: str) -> None:
        self.fixed_by = step_id
        self.say("user", f"“{self._title(step_id)}” fixed it.", "outcome")

    def _title(self, step_id: str) -> str:
        from knowledge import load

        step = load().steps.get(step_id)
        return step.title if step else step_id

    def symptom_key(self) -> str:
        """The facts that identify the problem, for "what fixes what" statistics."""
        keys = ("scope", "purchase", "continue_inactive", "error", "decline_code", "connection", "topic")
        return " · ".join(f"{k}={self.facts[k]}" for k in keys if k in self.facts) or "unknown"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conversation:
        """Rebuild a stored conversation (the case store keeps ``to_dict`` as JSON)."""
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "messages"}
        conv = cls(**fields)
        conv.messages = [Message(**{k: v for k, v in m.items() if k in Message.__dataclass_fields__})
                         for m in data.get("messages", [])]
        return conv
