"""Cases that last: SQLite by default (no set-up), PostgreSQL when PAYASSIST_DATABASE_URL is set.

Everything written passes through ``redact`` first, so a Stripe key typed during a case can't
reach a table. Outcomes are appended rows, so concurrent tabs never lose one.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cases.models import Case, StepOutcome, now
from checks.redact import redact, redact_obj
from knowledge.exceptions import StoreError, StoreLost, StoreUnavailable

__all__ = ["CaseRecord", "CaseStore", "StoreUnavailable", "explain", "is_valid_case_id", "open_store"]

MIGRATIONS = Path(__file__).parent / "migrations"
_CASE_ID = re.compile(r"^[A-Za-z0-9_-]{16,40}$")
OUTCOMES = {"fixed", "didnt_help", "not_tried"}
_LOCK_ID = 727_274
#: How long a write waits for a database locked by another writer before giving up (seconds).
LOCK_TIMEOUT = float(os.environ.get("PAYASSIST_DB_LOCK_TIMEOUT", "2"))
LOCKED = ("The case store is locked by another program, so this change was not saved. The advice goes on; "
          "try again in a moment.")


def is_valid_case_id(text: Any) -> bool:
    return isinstance(text, str) and bool(_CASE_ID.match(text))


def default_url() -> str:
    env = os.environ.get("PAYASSIST_DATABASE_URL")
    if env:
        return env
    folder = Path(platformdirs.user_data_dir("payassist"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'cases.sqlite3'}"


def safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as nothing at all
        return "(invalid database URL)"


def jsonable(obj: Any, rows: int = 200) -> Any:
    """What JSON can hold: DataFrames become records (first ``rows``), dates ISO strings."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v, rows) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set):
        return [jsonable(v, rows) for v in obj]
    if isinstance(obj, str | bool | int | float) or obj is None:
        return obj
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    if hasattr(obj, "to_dict") and hasattr(obj, "head"):  # a pandas DataFrame
        return jsonable(obj.head(rows).to_dict(orient="records"), rows)
    if hasattr(obj, "item"):  # a numpy scalar
        return jsonable(obj.item(), rows)
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return str(obj)


def clean(obj: Any) -> Any:
    return redact_obj(jsonable(obj))


@dataclass
class CaseRecord:
    id: str
    role: str
    facts: dict[str, Any]
    conversation: dict[str, Any]
    plan: list[Any]
    summary: str
    demo: bool
    created: datetime
    updated: datetime
    outcomes: list[dict[str, Any]] = field(default_factory=list)


class CaseStore:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        try:
            self.engine = self._engine(self.url)
            self._migrate()
        except (SQLAlchemyError, OSError, ValueError, ImportError) as exc:
            raise StoreUnavailable(
                f"The case store at {safe_url(self.url)} is unavailable ({type(exc).__name__}); "
                "cases are not being saved."
            ) from None
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self._file = self._sqlite_file()
        self._identity = self._stat()

    # --- noticing a store that is gone ------------------------------------------------------------
    def _sqlite_file(self) -> Path | None:
        url = make_url(self.url)
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return None
        return Path(url.database)

    def _stat(self) -> tuple[int, int] | None:
        if self._file is None:
            return None
        try:
            st = self._file.stat()
        except FileNotFoundError:
            return None
        return (st.st_dev, st.st_ino)

    def check(self) -> None:
        """Raise StoreLost when the SQLite file was deleted or replaced under the running app.

        Without this, SQLite keeps writing to the unlinked file through open connections: every
        later save "succeeds" and is lost, and the case link is dead.
        """
        if self._file is None:
            return
        now_ = self._stat()
        if now_ != self._identity:
            what = "deleted" if now_ is None else "replaced"
            raise StoreLost(f"The case file was {what} while payassist was running, so cases are not being "
                            "saved. Restart payassist to start a new case file.")

    @staticmethod
    def _engine(url: str) -> Engine:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": LOCK_TIMEOUT, "check_same_thread": False})

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn: Any, _: Any) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.close()

            return engine
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5}
                             if url.startswith("postgresql") else {})

    def _migrate(self) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Several replicas may start at once: one migrates, the others wait.
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_ID})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def _s(self) -> Session:
        self.check()
        return self._session()

    # --- cases -------------------------------------------------------------------------------
    def create(self, role: str, facts: dict[str, Any], *, demo: bool = False, symptom: str = "",
               conversation: dict[str, Any] | None = None, plan: list[Any] | None = None,
               summary: str = "") -> str:
        case_id = secrets.token_urlsafe(16)
        with self._s() as s, s.begin():
            s.add(Case(id=case_id, role=role, facts=clean(facts), conversation=clean(conversation or {}),
                       plan=clean(plan or []), summary=redact(summary), demo=demo, symptom=symptom[:200]))
        return case_id

    def load(self, case_id: Any) -> CaseRecord | None:
        if not is_valid_case_id(case_id):
            return None
        with self._s() as s:
            case = s.get(Case, case_id)
            if case is None:
                return None
            rec = CaseRecord(case.id, case.role, case.facts, case.conversation, case.plan, case.summary,
                             case.demo, case.created, case.updated)
        rec.outcomes = self.outcomes(case_id)
        return rec

    def save(self, case_id: str, *, role: str, facts: dict[str, Any], conversation: dict[str, Any],
             plan: list[Any], summary: str, symptom: str = "", demo: bool | None = None) -> None:
        """Last writer wins for these fields; outcomes live in their own rows and are untouched."""
        with self._s() as s, s.begin():
            case = s.get(Case, case_id)
            if case is None:
                return
            case.role, case.facts, case.conversation = role, clean(facts), clean(conversation)
            case.plan, case.summary, case.updated = clean(plan), redact(summary), now()
            if symptom:
                case.symptom = symptom[:200]
            if demo is not None:
                case.demo = demo

    def record_outcome(self, case_id: str, step_id: str, outcome: str, symptom: str = "") -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {sorted(OUTCOMES)}")
        with self._s() as s, s.begin():
            s.add(StepOutcome(case_id=case_id, step_id=step_id, outcome=outcome, symptom=symptom[:200]))

    def outcomes(self, case_id: str) -> list[dict[str, Any]]:
        with self._s() as s:
            rows = s.execute(select(StepOutcome).where(StepOutcome.case_id == case_id)
                             .order_by(StepOutcome.at, StepOutcome.id)).scalars()
            return [{"step_id": r.step_id, "outcome": r.outcome, "at": r.at.isoformat()} for r in rows]

    # --- export --------------------------------------------------------------------------------
    def export_json(self, case_id: str) -> str | None:
        rec = self.load(case_id)
        if rec is None:
            return None
        return json.dumps(jsonable(rec.__dict__), indent=2, ensure_ascii=False)

    def count(self) -> int:
        with self._s() as s:
            return s.execute(text("SELECT count(*) FROM cases")).scalar_one()


def explain(exc: BaseException, fallback: str) -> str:
    """A sentence for a store failure: lost file, locked database, or ``fallback``. Never a password."""
    if isinstance(exc, StoreError):
        return str(exc)
    if "locked" in str(exc).lower():
        return LOCKED
    return fallback


def open_store(url: str | None = None) -> tuple[CaseStore | None, str]:
    """The store, or why there is none: pages keep advising without it and say so."""
    try:
        return CaseStore(url), ""
    except StoreUnavailable as exc:
        return None, str(exc)
