"""A conversation's case in the store: who may change it, what is saved, when, and what happens
when the store fails or someone else saved first.

The advice never depends on the store: every failure here becomes a sentence in ``warning`` and
the conversation goes on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checks.personal import emails_in, mask_emails, mask_for_stranger, mask_personal_obj
from conversation.conversation import Conversation
from conversation.identity import Access, Identity
from conversation.summary import ticket_summary
from knowledge.exceptions import StaleCase

if TYPE_CHECKING:
    from cases.store import CaseRecord, CaseStore

NOT_SAVED = "The case store stopped answering: this case is not being saved."
#: A store that was unavailable is tried again at most this often (seconds).
RETRY_SECONDS = 5.0
OUTCOMES_NOT_SAVED = "The case store stopped answering: outcomes are not being saved."
GONE = ("This case was deleted (by its owner or an agent), so it stays deleted: your last click was not saved, "
        "and this tab starts a new, empty case.")


def _explain(exc: BaseException, fallback: str) -> str:
    from cases.store import explain

    return explain(exc, fallback)


def case_status(conv: Conversation) -> str:
    """open, fixed (a step fixed it) or escalated (every documented step tried: a support ticket)."""
    if conv.resolved:
        return "fixed"
    return "escalated" if conv.advice().exhausted else "open"


def search_words(conv: Conversation) -> str:
    """What the case list finds a case by: error and decline codes, customer e-mails people pasted."""
    words = {str(conv.facts.get(k, "")).lower() for k in ("error", "decline_code", "paypal_error")}
    for m in conv.messages:
        if m.speaker == "user":
            words.update(e.lower() for e in emails_in(m.text))
    for w in conv.words:
        words.update(e.lower() for e in emails_in(w))
    return " ".join(sorted(w for w in words if w and w != "?"))


def stored_conversation(conv: Conversation) -> dict[str, Any]:
    """The conversation as the store keeps it: customer e-mails inside check evidence (an export's
    per-customer table and failed rows) masked. The full table lives in the running session only."""
    data = conv.to_dict()
    for m in data["messages"]:
        if m.get("evidence"):
            m["evidence"] = mask_personal_obj(m["evidence"], mask_emails)
    return data


def case_record(conv: Conversation, notes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """What the store keeps of a conversation: plain JSON, no secrets (the store redacts again)."""
    return {
        "role": conv.role, "facts": dict(conv.facts), "conversation": stored_conversation(conv),
        "plan": [{"id": s.id, "title": s.title} for s in conv.advice().plan],
        "summary": ticket_summary(conv, notes=notes), "symptom": conv.symptom_key(),
        "status": case_status(conv), "search": search_words(conv),
    }


def what_changed(before: Conversation, after: Conversation) -> str:
    """One sentence on how the stored case differs from what this tab showed."""
    parts = []
    if after.fixed_by and after.fixed_by != before.fixed_by:
        parts.append(f"it was marked fixed by “{Conversation._title(after.fixed_by)}”")
    new_tried = [s for s in after.tried if s not in before.tried]
    if new_tried:
        parts.append("“" + "”, “".join(Conversation._title(s) for s in new_tried) + "” didn't help")
    extra = len(after.messages) - len(before.messages)
    if extra > 0 and not parts:
        parts.append(f"{extra} new entr{'y' if extra == 1 else 'ies'} in the conversation")
    if not parts:
        parts.append("it was saved from another tab")
    return ("This case changed in another tab or on another device since this page showed it: "
            + "; ".join(parts) + ". Your last click was not saved, so nothing was overwritten; "
            "here is the case as it stands now.")


StoreFactory = Callable[[], "tuple[CaseStore | None, str]"]


def data_symptom(conv: Conversation) -> str:
    try:
        return conv.symptom_key()
    except Exception:  # noqa: BLE001 - only a label for the statistics
        return ""


@dataclass
class CaseFile:
    """The link between one session's conversation and its case in the store.

    The store is opened on first use (``opener`` returns it, or why there is none), so a first
    visit shows its first question before any database is touched. ``version`` is the case's
    version this session last saw: a save carries it, and the store refuses it if someone saved
    since (``StaleCase``); the case is then reloaded and ``reloaded`` holds it.
    """

    opener: StoreFactory | None = field(default=None, repr=False)
    case_id: str | None = None
    warning: str = ""
    version: int | None = None
    owner: str = ""
    access: Access = "owner"
    link_revoked: bool = False
    notes: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    #: Set when a save was refused as stale: the stored conversation and a sentence saying what changed.
    reloaded: tuple[Conversation, str] | None = None
    #: Set when a save found the case deleted: the session must drop the conversation (never save it again).
    gone: bool = False
    #: Outcomes clicked while the store was not answering: written with the next save that works
    #: (step, outcome, symptom, author, by_agent).
    unsaved: list[tuple[str, str, str, str, bool]] = field(default_factory=list)
    _retry_at: float = field(default=0.0, repr=False)
    _saved: tuple | None = field(default=None, repr=False)
    _store: CaseStore | None = field(default=None, repr=False)
    _problem: str | None = field(default=None, repr=False)
    #: One save at a time: a run a newer request stopped may still be saving while the new run saves; both
    #: carried the same version, so the second was refused as stale and reloaded, losing its pastes.
    _saving: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def store(self) -> CaseStore | None:
        if self._problem is None:
            self._store, self._problem = self.opener() if self.opener else (None, "")
            self._retry_at = time.monotonic() + RETRY_SECONDS
        elif self._store is None and self._problem and self.opener and time.monotonic() >= self._retry_at:
            # Unavailable when this session began: it may be back (the opener's answer is cached per process).
            from cases.store import reopen_store

            self._retry_at = time.monotonic() + RETRY_SECONDS
            store, _ = reopen_store()
            if store is not None:
                self._store, self._problem = store, ""
        return self._store

    @property
    def problem(self) -> str:
        """Why there is no store ('' when there is one, or when it hasn't been opened yet)."""
        return self._problem or ""

    @property
    def read_only(self) -> bool:
        return self.access in ("read_only", "revoked")

    @staticmethod
    def _fingerprint(c: Conversation) -> tuple:
        return (c.role, len(c.messages), len(c.tried), c.fixed_by, len(c.facts))

    def _adopt(self, rec: CaseRecord) -> None:
        self.case_id, self.version, self.owner = rec.id, rec.version, rec.owner
        self.link_revoked, self.notes, self.outcomes = rec.link_revoked, rec.notes, rec.outcomes

    def open(self, case_id: Any, identity: Identity) -> Conversation | None:
        """The conversation behind a case link, or None when the link is unknown, malformed or revoked.

        Opened by anyone but its owner or an agent, it is read-only and its personal data masked."""
        try:
            rec = self.store.load(case_id) if self.store else None
        except Exception as exc:  # noqa: BLE001 - a broken store is a sentence, the conversation goes on
            self.warning = _explain(exc, NOT_SAVED)
            return None
        if rec is None:
            return None
        access = identity.access(rec.owner, rec.link_revoked)
        if access == "revoked":
            return None
        self._adopt(rec)
        self.access = access
        data = rec.conversation
        if self.read_only:
            data = mask_for_stranger(data)
            self.notes = []
        conv = Conversation.from_dict(data)
        self._saved = self._fingerprint(conv)
        return conv

    def detach(self) -> None:
        """Start over: later saves create a new case, owned by whoever is here."""
        self.case_id, self._saved, self.version, self.owner = None, None, None, ""
        self.access, self.link_revoked, self.notes, self.outcomes = "owner", False, [], []

    def save(self, conv: Conversation, identity: Identity, outcome: tuple[str, str] | None = None) -> str | None:
        """Create or update the case when something changed (and record ``outcome`` with it).
        Returns the case id. A read-only view never writes."""
        with self._saving:
            return self._save(conv, identity, outcome)

    def _save(self, conv: Conversation, identity: Identity, outcome: tuple[str, str] | None) -> str | None:
        if self.read_only or not conv.messages:
            return self.case_id
        if self.store is None:
            if outcome is not None:
                self.unsaved.append((*outcome, conv.symptom_key(), identity.author, identity.agent))
            return self.case_id
        # What is written, fingerprinted before it is read: a paste another run adds meanwhile is then saved
        # by the next save (taken after the write, it marked that paste saved though it was not).
        fingerprint = self._fingerprint(conv)
        if self._saved == fingerprint and outcome is None and not self.unsaved:
            return self.case_id
        try:
            data = case_record(conv, self.notes)
            if self.case_id:
                self.version = self.store.save(self.case_id, version=self.version, outcome=outcome,
                                               author=identity.author, by_agent=identity.agent, **data)
            else:
                self.case_id = self.store.create(demo=conv.demo is not None, owner=identity.owner, **data)
                self.version, self.owner, self.access = 1, identity.owner, "owner"
                if outcome is not None:
                    self.store.record_outcome(self.case_id, *outcome, data["symptom"], author=identity.author,
                                              by_agent=identity.agent)
            self._saved = fingerprint
            self.warning = ""  # saving works (again): say nothing more about the store
            self._write_unsaved(data["symptom"], outcome[0] if outcome else None)
        except StaleCase as exc:
            self.unsaved.clear()  # they belonged to a state of the case that is no longer the stored one
            self._stale(conv, exc)
        except Exception as exc:  # noqa: BLE001 - the conversation goes on without the store
            self.warning = _explain(exc, OUTCOMES_NOT_SAVED if outcome else NOT_SAVED)
            if outcome is not None:
                self.unsaved.append((*outcome, data_symptom(conv), identity.author, identity.agent))
        return self.case_id

    def _write_unsaved(self, symptom: str, saved_step: str | None) -> None:
        """The outcomes clicked while the store was not answering, written now that it does (one row per
        step: a later click on the same step was saved with the case and wins)."""
        while self.unsaved and self.case_id and self.store is not None:
            step, outcome, sym, author, by_agent = self.unsaved[0]
            if step == saved_step or any(o == step for o, *_ in self.unsaved[1:]):
                self.unsaved.pop(0)
                continue
            try:
                self.store.record_outcome(self.case_id, step, outcome, sym or symptom, author=author,
                                          by_agent=by_agent)
            except Exception as exc:  # noqa: BLE001 - kept for the next save
                self.warning = _explain(exc, OUTCOMES_NOT_SAVED)
                return
            self.unsaved.pop(0)

    def _stale(self, conv: Conversation, exc: StaleCase) -> None:
        rec = None
        try:
            rec = self.store.load(exc.case_id) if exc.stored else None
        except Exception as err:  # noqa: BLE001
            self.warning = _explain(err, NOT_SAVED)
            return
        if rec is None:  # deleted elsewhere: it stays deleted, and this tab starts an empty case
            self.detach()
            self.gone = True
            return
        self._adopt(rec)
        fresh = Conversation.from_dict(rec.conversation)
        self._saved = self._fingerprint(fresh)
        self.reloaded = (fresh, what_changed(conv, fresh))

    # --- what an owner or an agent can do with the case ---------------------------------------------
    def add_note(self, identity: Identity, text: str) -> bool:
        if self.read_only or self.store is None or not self.case_id or not text.strip():
            return False
        try:
            self.store.add_note(self.case_id, identity.author or "local", text)
            self.notes = self.store.notes(self.case_id)
            return True
        except Exception as exc:  # noqa: BLE001
            self.warning = _explain(exc, NOT_SAVED)
            return False

    def set_link_revoked(self, revoked: bool) -> None:
        if self.read_only or self.store is None or not self.case_id:
            return
        try:
            self.store.set_link_revoked(self.case_id, revoked)
            self.link_revoked = revoked
        except Exception as exc:  # noqa: BLE001
            self.warning = _explain(exc, NOT_SAVED)

    def delete(self) -> bool:
        if self.read_only or self.store is None or not self.case_id:
            return False
        try:
            self.store.delete(self.case_id)
        except Exception as exc:  # noqa: BLE001
            self.warning = _explain(exc, NOT_SAVED)
            return False
        self.detach()
        return True

    def export_json(self, identity: Identity | None = None) -> str | None:
        """The case as JSON for its owner or an agent. The agents' internal notes are in it only for the team
        (``identity.team``): a seller downloading their own case never gets them (nor without an identity)."""
        if self.read_only or self.store is None or not self.case_id:
            return None
        try:
            return self.store.export_json(self.case_id, notes=identity is not None and identity.team)
        except Exception as exc:  # noqa: BLE001
            self.warning = _explain(exc, NOT_SAVED)
            return None

    @property
    def status(self) -> str:
        """What the page should say about saving, or '' when all is well."""
        return self.warning or self.problem
