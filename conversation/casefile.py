"""A conversation's case in the store: what is saved, when, and what happens when the store fails.

The advice never depends on the store: every failure here becomes a sentence in ``warning`` and
the conversation goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from conversation.conversation import Conversation
from conversation.summary import ticket_summary

if TYPE_CHECKING:
    from cases.store import CaseStore

NOT_SAVED = "The case store stopped answering: this case is not being saved."
OUTCOMES_NOT_SAVED = "The case store stopped answering: outcomes are not being saved."


def _explain(exc: BaseException, fallback: str) -> str:
    from cases.store import explain

    return explain(exc, fallback)


def case_record(conv: Conversation) -> dict[str, Any]:
    """What the store keeps of a conversation: plain JSON, no secrets (the store redacts again)."""
    return {
        "role": conv.role, "facts": dict(conv.facts), "conversation": conv.to_dict(),
        "plan": [{"id": s.id, "title": s.title} for s in conv.advice().plan],
        "summary": ticket_summary(conv), "symptom": conv.symptom_key(),
    }


StoreFactory = Callable[[], "tuple[CaseStore | None, str]"]


@dataclass
class CaseFile:
    """The link between one session's conversation and its case in the store.

    The store is opened on first use (``opener`` returns it, or why there is none), so a first
    visit shows its first question before any database is touched.
    """

    opener: StoreFactory | None = field(default=None, repr=False)
    case_id: str | None = None
    warning: str = ""
    _saved: tuple | None = field(default=None, repr=False)
    _store: CaseStore | None = field(default=None, repr=False)
    _problem: str | None = field(default=None, repr=False)

    @property
    def store(self) -> CaseStore | None:
        if self._problem is None:
            self._store, self._problem = self.opener() if self.opener else (None, "")
        return self._store

    @property
    def problem(self) -> str:
        """Why there is no store ('' when there is one, or when it hasn't been opened yet)."""
        return self._problem or ""

    @staticmethod
    def _fingerprint(c: Conversation) -> tuple:
        return (c.role, len(c.messages), len(c.tried), c.fixed_by, len(c.facts))

    def open(self, case_id: Any) -> Conversation | None:
        """The conversation behind a case link, or None when the link is unknown or malformed."""
        try:
            rec = self.store.load(case_id) if self.store else None
        except Exception as exc:  # noqa: BLE001 - a broken store is a sentence, the conversation goes on
            self.warning = _explain(exc, NOT_SAVED)
            return None
        if rec is None:
            return None
        self.case_id = rec.id
        conv = Conversation.from_dict(rec.conversation)
        self._saved = self._fingerprint(conv)
        return conv

    def detach(self) -> None:
        """Start over: later saves create a new case."""
        self.case_id, self._saved = None, None

    def save(self, conv: Conversation) -> str | None:
        """Create or update the case, only when something changed. Returns the case id."""
        if self.store is None or not conv.messages or self._saved == self._fingerprint(conv):
            return self.case_id
        try:
            data = case_record(conv)
            if self.case_id:
                self.store.save(self.case_id, **data)
            else:
                self.case_id = self.store.create(demo=conv.demo is not None, **data)
            self._saved = self._fingerprint(conv)
        except Exception as exc:  # noqa: BLE001 - the conversation goes on without the store
            self.warning = _explain(exc, NOT_SAVED)
        return self.case_id

    def record_outcome(self, conv: Conversation, step_id: str, outcome: str) -> None:
        if self.store is None:
            return
        self.save(conv)
        if not self.case_id:
            return
        try:
            self.store.record_outcome(self.case_id, step_id, outcome, conv.symptom_key())
        except Exception as exc:  # noqa: BLE001
            self.warning = _explain(exc, OUTCOMES_NOT_SAVED)

    def export_json(self) -> str | None:
        if self.store is None or not self.case_id:
            return None
        try:
            return self.store.export_json(self.case_id)
        except Exception as exc:  # noqa: BLE001
            self.warning = _explain(exc, NOT_SAVED)
            return None

    @property
    def status(self) -> str:
        """What the page should say about saving, or '' when all is well."""
        return self.warning or self.problem
