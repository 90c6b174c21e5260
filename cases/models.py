"""The case store's tables: a case, and the outcome of each step tried in it (one row each)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Case(Base):
    """A conversation that lasts. ``version`` grows by one on every save: a save that names an older
    version is refused (a stale tab), so nobody overwrites a newer state without seeing it."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    #: Who created it: a signed-in person's e-mail, or ``visitor:<hash>`` of an anonymous browser.
    owner: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | fixed | escalated
    #: Lower-cased words to find the case by: customer e-mails pasted, error and decline codes.
    search: Mapped[str] = mapped_column(Text, default="")
    link_revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    symptom: Mapped[str] = mapped_column(String(200), default="")
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    conversation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    plan: Mapped[list[Any]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)

    __table_args__ = (Index("ix_cases_demo", "demo"), Index("ix_cases_owner", "owner"),
                      Index("ix_cases_updated", "updated"))


class StepOutcome(Base):
    """One row per step per case: marking a step again replaces its outcome, it never counts twice."""

    __tablename__ = "step_outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    step_id: Mapped[str] = mapped_column(String(80))
    outcome: Mapped[str] = mapped_column(String(16))  # fixed | didnt_help | not_tried
    symptom: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    #: Who recorded it: a signed-in person's e-mail, or "" for an anonymous visitor.
    author: Mapped[str] = mapped_column(String(200), default="")
    by_agent: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_outcomes_case", "case_id"), Index("ix_outcomes_symptom", "symptom"),
                      UniqueConstraint("case_id", "step_id", name="uq_outcomes_case_step"))


class CaseNote(Base):
    """An agent's internal note on a case: never shown to a seller, included in the ticket summary."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    __table_args__ = (Index("ix_notes_case", "case_id"),)
