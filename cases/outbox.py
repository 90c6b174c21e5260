"""Notes to write back to a helpdesk ticket, kept in the case store until the helpdesk has them.

A webhook is answered at once; what payassist owes the ticket (a private note with the summary)
is a row here, written in the same transaction that ties the ticket to its case. A worker sends
due rows and marks them sent, or schedules the next attempt with backoff: a helpdesk outage, a
restart or a crash in between loses nothing, and the row says what happened (shown on the case).

Only the note's text is stored (redacted like everything else in the store); where it goes and
with which credentials is read from the environment when it is sent, so no helpdesk token or
secret is ever in a table.

Tables (migration 0003): ``helpdesk_tickets`` (one case per helpdesk ticket: the same ticket sent
twice makes one case) and ``helpdesk_outbox`` (a row per note).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from cases.models import Base, now
from checks.redact import redact

if TYPE_CHECKING:
    from cases.store import CaseStore

HELPDESKS = ("zendesk", "freshdesk", "helpscout")
#: pending: to be sent (at ``next_at``); sent: the helpdesk has it; failed: attempts ran out.
STATUSES = ("pending", "sent", "failed")
#: How long a worker holds a row it is sending before another worker (another replica) may try it.
LEASE = timedelta(seconds=60)


class HelpdeskTicket(Base):
    """The case made for one helpdesk ticket."""

    __tablename__ = "helpdesk_tickets"

    helpdesk: Mapped[str] = mapped_column(String(16), primary_key=True)
    ticket_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    __table_args__ = (Index("ix_helpdesk_tickets_case", "case_id"),)


class OutboxRow(Base):
    """One note owed to one ticket."""

    __tablename__ = "helpdesk_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    helpdesk: Mapped[str] = mapped_column(String(16))
    ticket_id: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    #: What went wrong last, as a sentence (a status code or "timed out"; never a credential).
    last_error: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    __table_args__ = (Index("ix_outbox_due", "status", "next_at"), Index("ix_outbox_case", "case_id"))


@dataclass(frozen=True)
class Note:
    """An outbox row as the worker and the case see it."""

    id: int
    case_id: str
    helpdesk: str
    ticket_id: str
    body: str
    status: str
    attempts: int
    next_at: datetime
    last_error: str
    sent_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {"helpdesk": self.helpdesk, "ticket_id": self.ticket_id, "status": self.status,
                "attempts": self.attempts, "next_at": self.next_at.isoformat(), "last_error": self.last_error,
                "sent_at": self.sent_at.isoformat() if self.sent_at else None}


def _note(r: OutboxRow) -> Note:
    return Note(r.id, r.case_id, r.helpdesk, r.ticket_id, r.body, r.status, r.attempts, _aware(r.next_at),
                r.last_error, _aware(r.sent_at) if r.sent_at else None)


def _aware(t: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns: they were stored in UTC."""
    from datetime import UTC

    return t if t.tzinfo else t.replace(tzinfo=UTC)


class Outbox:
    """The outbox over a ``CaseStore``'s database (its engine and its check for a lost file)."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def _s(self):  # noqa: ANN202 - a SQLAlchemy session
        return self.store._s()

    # --- tickets -----------------------------------------------------------------------------
    def case_for(self, helpdesk: str, ticket_id: str) -> str | None:
        """The case already made for this ticket, or None."""
        with self._s() as s:
            return s.execute(select(HelpdeskTicket.case_id).where(
                HelpdeskTicket.helpdesk == helpdesk, HelpdeskTicket.ticket_id == ticket_id)).scalar_one_or_none()

    def claim_ticket(self, helpdesk: str, ticket_id: str, case_id: str, note: str | None = None) -> str:
        """Tie ``ticket_id`` to ``case_id`` and queue ``note`` for it, in one transaction.

        Returns the case the ticket belongs to: ``case_id``, or the case another request made for the
        same ticket first (the caller then deletes its own); the note is queued only for the winner."""
        if helpdesk not in HELPDESKS:
            raise ValueError(f"helpdesk must be one of {HELPDESKS}")
        try:
            with self._s() as s, s.begin():
                s.add(HelpdeskTicket(helpdesk=helpdesk, ticket_id=ticket_id, case_id=case_id))
                s.flush()
                if note is not None:
                    s.add(OutboxRow(case_id=case_id, helpdesk=helpdesk, ticket_id=ticket_id, body=redact(note)))
        except IntegrityError:
            existing = self.case_for(helpdesk, ticket_id)
            if existing is None:
                raise
            return existing
        return case_id

    # --- notes -------------------------------------------------------------------------------
    def enqueue(self, case_id: str, helpdesk: str, ticket_id: str, body: str) -> int:
        with self._s() as s, s.begin():
            row = OutboxRow(case_id=case_id, helpdesk=helpdesk, ticket_id=ticket_id, body=redact(body))
            s.add(row)
            s.flush()
            return row.id

    def due(self, limit: int = 20, at: datetime | None = None) -> list[Note]:
        """Pending notes whose time has come, each leased to this caller (so two workers, on two
        replicas, never send the same note at once); oldest first."""
        at = at or now()
        with self._s() as s, s.begin():
            rows = s.execute(select(OutboxRow).where(OutboxRow.status == "pending", OutboxRow.next_at <= at)
                             .order_by(OutboxRow.next_at, OutboxRow.id).limit(limit)).scalars().all()
            taken = []
            for r in rows:
                got = s.execute(update(OutboxRow).where(OutboxRow.id == r.id, OutboxRow.status == "pending",
                                                        OutboxRow.next_at == r.next_at)
                                .values(next_at=at + LEASE)).rowcount
                if got:
                    taken.append(_note(r))
            return taken

    def next_due(self) -> datetime | None:
        """When the next pending note is due (None when nothing is pending)."""
        with self._s() as s:
            t = s.execute(select(OutboxRow.next_at).where(OutboxRow.status == "pending")
                          .order_by(OutboxRow.next_at).limit(1)).scalar_one_or_none()
        return _aware(t) if t else None

    def sent(self, note_id: int) -> None:
        with self._s() as s, s.begin():
            s.execute(update(OutboxRow).where(OutboxRow.id == note_id)
                      .values(status="sent", sent_at=now(), attempts=OutboxRow.attempts + 1, last_error=""))

    def failed(self, note_id: int, error: str, retry_in: timedelta | None) -> None:
        """Record a failed attempt: try again in ``retry_in``, or give up (``None``)."""
        values: dict[str, Any] = {"attempts": OutboxRow.attempts + 1, "last_error": redact(error)[:500]}
        if retry_in is None:
            values["status"] = "failed"
        else:
            values["next_at"] = now() + retry_in
        with self._s() as s, s.begin():
            s.execute(update(OutboxRow).where(OutboxRow.id == note_id).values(**values))

    def get(self, note_id: int) -> Note | None:
        with self._s() as s:
            r = s.get(OutboxRow, note_id)
            return _note(r) if r else None

    def for_case(self, case_id: str) -> list[Note]:
        """Every note owed to or written to this case's tickets, oldest first."""
        with self._s() as s:
            rows = s.execute(select(OutboxRow).where(OutboxRow.case_id == case_id)
                             .order_by(OutboxRow.created, OutboxRow.id)).scalars().all()
            return [_note(r) for r in rows]
