"""One person's troubleshooting conversation: facts, transcript, tried steps.

The application layer between the page and the domain: it takes input (answers, pastes, check
results), asks ``checks`` for facts and ``rules`` for advice, and keeps the transcript. Free of
Streamlit so it can be tested and reused. Everything kept here has passed through ``redact``, so
a Stripe key typed or pasted never lands in the transcript, the summary or the case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import knowledge
from checks.evidence import Evidence, evidence_from_dict
from checks.finding import Finding
from checks.message import recognise
from checks.redact import redact, redact_obj
from conversation.pasted import read_paste
from conversation.subject import ACCOUNT, Subject, Worklist, worklist
from conversation.view import known, recognised
from rules import Advice, advise

#: Facts that say a payment is in trouble: once one is known, a follow-up needs no payment named to be about it.
_A_PROBLEM = ("error", "decline_code", "continue_inactive", "attempt", "purchase", "charges_enabled")


def _a_problem(facts: dict[str, Any]) -> bool:
    return any(facts.get(k) not in (None, "", "unknown") for k in _A_PROBLEM)


def _figures(finding: Finding) -> dict[str, Any]:
    """The account-wide counts behind a worklist's headline, from an export or a live check."""
    ev = finding.evidence
    summary = dict(getattr(ev, "summary", None) or {})
    if not summary and ev is not None and hasattr(ev, "charges_seen"):
        summary = {"rows": ev.charges_seen, "failed": len(ev.failed_payments)}
    summary.setdefault("failing_customers", len(finding.customers))
    return summary

Role = Literal["agent", "seller", "trainer"]
Speaker = Literal["assistant", "user"]
ROLES: dict[str, str] = {"agent": "Support agent", "seller": "Seller", "trainer": "Trainer"}

#: A paste longer than this is shown shortened in the transcript (it is still read in full).
SHOWN_CHARS = 600
#: How much of each paste the summary keeps as the customer's own words, and how many pastes.
WORDS_CHARS, WORDS_KEPT = 1000, 5


def describe_facts(facts: dict[str, Any]) -> str:
    """'Who is affected: Every payment fails; Card declined: insufficient funds' in plain words."""
    parts = [f"{label}: {value}" for label, value in knowledge.load().vocabulary.describe(facts)]
    return "; ".join(parts) or "nothing new"


@dataclass
class Message:
    speaker: Speaker
    text: str
    kind: str = "text"  # text, recognised, question, outcome, notice, evidence, problem
    evidence: Evidence | None = None
    #: Who added a person's entry: a signed-in e-mail, or '' (anonymous, or the assistant itself).
    by: str = ""
    #: A pasted e-mail's other parts (quoted replies, signature), shown one click away; '' for none.
    rest: str = ""
    #: What an agent looks for in a paste: (what, value) pairs, e.g. ("Order", "4521").
    found: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = {"speaker": self.speaker, "text": self.text, "kind": self.kind,
                "evidence": self.evidence.to_dict() if self.evidence else None}
        data |= {"by": self.by} if self.by else {}
        data |= {"rest": self.rest} if self.rest else {}
        return data | ({"found": [list(f) for f in self.found]} if self.found else {})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        speaker = data.get("speaker") if data.get("speaker") in ("assistant", "user") else "assistant"
        found = tuple((str(f[0]), str(f[1])) for f in data.get("found") or () if isinstance(f, list | tuple)
                      and len(f) == 2)
        return cls(speaker, str(data.get("text") or ""), str(data.get("kind") or "text"),
                   evidence_from_dict(data.get("evidence")), str(data.get("by") or "")[:200],
                   str(data.get("rest") or ""), found)


@dataclass
class Conversation:
    role: Role = "seller"
    facts: dict[str, Any] = field(default_factory=dict)
    tried: list[str] = field(default_factory=list)
    fixed_by: str | None = None
    messages: list[Message] = field(default_factory=list)
    symptoms: list[str] = field(default_factory=list)
    recognised: list[str] = field(default_factory=list)
    #: What people pasted (the customer's own words, an error), masked and shortened, for the summary.
    words: list[str] = field(default_factory=list)
    #: The trainer demo scenario this conversation runs, if any.
    demo: str | None = None
    started: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    #: Who is adding entries now (stamped on the person's messages; not saved as a field of its own).
    author: str = field(default="", repr=False, compare=False)
    #: Who the plan is for: the account, or one customer picked from the worklist.
    subject: Subject = field(default_factory=Subject)
    #: Customers with failures from evidence about many of them, most urgent first.
    worklist: Worklist = field(default_factory=Worklist)
    #: Each subject's own facts and tried steps while another subject is in front (key "" = the account).
    parked: dict[str, dict[str, Any]] = field(default_factory=dict)

    # --- reading ---------------------------------------------------------------------------
    def advice(self) -> Advice:
        """The advice for the conversation as it stands (remembered until the facts or the tried steps change:
        a turn renders the question, the plan, the summary and the case record from the same advice)."""
        # With a worklist in front of the account, one customer's questions are answered by picking them.
        account = bool(self.worklist) and self.subject.kind == "account"
        key = repr((sorted(self.facts.items()), self.tried, account))
        cached = self.__dict__.get("_advice")
        if cached is None or cached[0] != key:
            cached = (key, advise({**self.facts, "tried": list(self.tried)}, about_one_customer=not account))
            self.__dict__["_advice"] = cached
        return cached[1]

    @property
    def resolved(self) -> bool:
        return self.fixed_by is not None

    def symptom_key(self) -> str:
        """The facts that identify the problem, for "what fixes what" statistics."""
        return knowledge.load().vocabulary.symptom_key(self.facts)

    # --- what the person does --------------------------------------------------------------
    def say(self, speaker: Speaker, text: str, kind: str = "text", evidence: Evidence | None = None) -> None:
        self.messages.append(Message(speaker, redact(text), kind, evidence.map_text(redact) if evidence else None,
                                     self.author if speaker == "user" else ""))

    def record_check(self, title: str, finding: Finding, *, override: dict[str, Any] | None = None) -> None:
        """Keep what a check found: its facts, its evidence and its problems, in the transcript.

        Evidence about many customers gives the case the account's facts only, and a worklist: one
        row per customer. When only one customer has failures, they are the subject at once."""
        if len(finding.customers) > 1 and self.subject.kind == "customer":
            self.pick(ACCOUNT)  # a new worklist is about the account: the customer in front is parked
        self.learn({**finding.facts, **(override or {})})
        if finding.customers:
            self.worklist = worklist(tuple(finding.customers), self.account_facts(), _figures(finding), title)
            if len(finding.customers) == 1:
                self.subject = Subject("customer", finding.customers[0].customer, finding.customers[0].key)
        else:
            self._refresh_worklist()
        evidence = finding.evidence
        if len(finding.customers) > 1 and evidence is not None:
            # The worklist lists each customer once, with their retry cycle: no second table of either.
            evidence = evidence.replace(**{f: () for f in ("by_customer", "cycles") if hasattr(evidence, f)})
        summary = describe_facts(finding.facts)
        self.recognised.append(f"{title}: {summary}")
        said = known(finding.facts)
        text = f"**{title}**" + ("\n\n" + "\n".join(f"- {s}" for s in said) if said else ": nothing new.")
        self.say("assistant", text, "evidence", evidence)
        for problem in finding.problems:
            self.say("assistant", problem, "problem")

    def learn(self, facts: dict[str, Any]) -> None:
        """Merge facts from an answer or a check (keys are never facts, only their kinds)."""
        self.facts.update(redact_obj({k: v for k, v in facts.items() if k != "tried"}))

    # --- subjects --------------------------------------------------------------------------------
    def account_facts(self) -> dict[str, Any]:
        """The facts about the account alone (what every customer's plan starts from)."""
        subject = knowledge.load().vocabulary.subject_facts
        return {k: v for k, v in self.facts.items() if k not in subject}

    def _refresh_worklist(self) -> None:
        if self.worklist:
            self.worklist = self.worklist.refreshed(self.account_facts())

    def pick(self, key: str) -> bool:
        """Make the worklist's customer ``key`` the subject: the plan becomes theirs. False if unknown."""
        item = self.worklist.find(key) if key else None
        if key and item is None:
            return False
        if key == self.subject.key:
            return True
        subject = knowledge.load().vocabulary.subject_facts
        own = {k: v for k, v in self.facts.items() if k in subject}
        self.parked[self.subject.key] = {"facts": own, "tried": list(self.tried)}
        account_tried = self.parked.get(ACCOUNT, {}).get("tried", []) if self.subject.key else list(self.tried)
        back = self.parked.pop(key, None) or {}
        self.facts = {**self.account_facts(), **(item.facts if item else {}), **back.get("facts", {})}
        self.tried = list(dict.fromkeys([*account_tried, *back.get("tried", [])]))
        self.subject = Subject("customer", item.customer, item.key) if item else Subject()
        self.say("assistant", f"The plan is now for the customer **{item.customer}**." if item else
                 "The plan is now for the whole account.", "notice")
        return True

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
        pasted = read_paste(redact(text))  # the customer's new words; quotes and signature aside
        words = pasted.words
        shown = words if len(words) <= SHOWN_CHARS else (
            f"{words[:SHOWN_CHARS]}… ({len(text):,} characters in all)"
        )
        self.say("user", shown)
        self.messages[-1].rest = pasted.rest[:WORDS_CHARS * 5]
        self.messages[-1].found = pasted.found
        if len(self.words) < WORDS_KEPT and words.strip():
            self.words.append(words.strip()[:WORDS_CHARS])
        rec = recognise(text, payment_known=_a_problem(self.facts))
        sentences = list(dict.fromkeys(m.describe() for m in rec.matches))
        if rec.facts:
            self.learn(rec.facts)
            self.recognised.extend(s for s in sentences if s not in self.recognised)
            self.say("assistant", recognised(rec), "recognised")
        else:
            self.say(
                "assistant",
                "I couldn't find a documented error or symptom in that. Pick one of the options "
                "below, or paste the exact error message you see.",
                "notice",
            )
        return sentences

    def start_demo(self, name: str, title: str, description: str, facts: dict[str, Any]) -> None:
        """Preload a trainer's demo scenario."""
        self.demo = name
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

    @staticmethod
    def _title(step_id: str) -> str:
        step = knowledge.load().steps.get(step_id)
        return step.title if step else step_id

    # --- saving ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role, "facts": dict(self.facts), "tried": list(self.tried), "fixed_by": self.fixed_by,
            "messages": [m.to_dict() for m in self.messages], "symptoms": list(self.symptoms),
            "recognised": list(self.recognised), "words": list(self.words), "demo": self.demo,
            "started": self.started, "subject": self.subject.to_dict(), "worklist": self.worklist.to_dict(),
            "parked": dict(self.parked),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conversation:
        """Rebuild a stored conversation (the case store keeps ``to_dict`` as JSON)."""
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k not in ("messages", "author")}
        if fields.get("role") not in ROLES:
            fields.pop("role", None)
        fields["subject"] = Subject.from_dict(fields.get("subject"))
        fields["worklist"] = Worklist.from_dict(fields.get("worklist"))
        parked = fields.get("parked")
        fields["parked"] = {str(k): v for k, v in parked.items() if isinstance(v, dict)} \
            if isinstance(parked, dict) else {}
        conv = cls(**fields)
        conv.messages = [Message.from_dict(m) for m in data.get("messages", []) if isinstance(m, dict)]
        return conv
