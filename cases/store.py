"""Cases that last: SQLite by default (no set-up), PostgreSQL when PAYASSIST_DATABASE_URL is set.

Everything written passes through ``redact`` first, so a Stripe key typed during a case can't
reach a table. Each case carries a version, and a save from a tab that missed a newer state is
refused (``StaleCase``); outcomes are one row per step per case, written with an upsert.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import socket
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import create_engine, delete, event, func, or_, select, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cases.models import Case, CaseNote, StepOutcome, now
from checks.redact import redact, redact_obj
from knowledge.exceptions import StaleCase, StoreError, StoreLost, StoreUnavailable

__all__ = ["CaseRecord", "CaseRow", "CaseStore", "StaleCase", "StoreUnavailable", "explain", "is_valid_case_id",
           "open_store", "retention_days"]

MIGRATIONS = Path(__file__).parent / "migrations"
_CASE_ID = re.compile(r"^[A-Za-z0-9_-]{16,40}$")
OUTCOMES = {"fixed", "didnt_help", "not_tried"}
STATUSES = ("open", "fixed", "escalated")
NOTE_CHARS = 4000
_LOCK_ID = 727_274
# Alembic runs a migration through one process-wide ``alembic.context``: two sessions opening a new case
# file at once, in two threads, would read each other's (KeyError 'config', "table cases already exists").
_MIGRATING = threading.Lock()
#: How long a write waits for a database locked by another writer before giving up (seconds).
LOCK_TIMEOUT = float(os.environ.get("PAYASSIST_DB_LOCK_TIMEOUT", "2"))
#: PostgreSQL: how long one statement may run, and how long connecting may take (seconds). A server that
#: stops answering altogether (hung, or the network drops packets) can't enforce its own timeout, so the
#: connection is also cut from this side when one use of it lasts longer than STATEMENT_TIMEOUT + 1 s.
STATEMENT_TIMEOUT = float(os.environ.get("PAYASSIST_DB_STATEMENT_TIMEOUT", "5"))
CONNECT_TIMEOUT = float(os.environ.get("PAYASSIST_DB_CONNECT_TIMEOUT", "3"))
LOCKED = ("The case store is locked by another program, so this change was not saved. The advice goes on; "
          "try again in a moment.")
SLOW = ("The case store took too long to answer, so this change was not saved. The advice goes on; it is saved "
        "with your next step once the store answers again.")


def retention_days() -> int:
    """How long a case is kept after its last change (``PAYASSIST_RETENTION_DAYS``, default 90)."""
    try:
        return max(1, int(os.environ.get("PAYASSIST_RETENTION_DAYS", "90")))
    except ValueError:
        return 90


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


def _no_nul(obj: Any) -> Any:
    """PostgreSQL can't store a NUL character in text or JSON (SQLite can): it is dropped, everywhere."""
    if isinstance(obj, str):
        return obj.replace("\x00", "") if "\x00" in obj else obj
    if isinstance(obj, dict):
        return {_no_nul(k): _no_nul(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_no_nul(v) for v in obj]
    return obj


def clean(obj: Any) -> Any:
    return _no_nul(redact_obj(jsonable(obj)))


def clean_text(text: str) -> str:
    """A text column's value: keys masked, no NUL character."""
    return redact(text or "").replace("\x00", "")


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
    owner: str = ""
    version: int = 1
    status: str = "open"
    link_revoked: bool = False
    notes: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list: enough to choose a case, nothing from its transcript."""

    id: str
    role: str
    owner: str
    status: str
    symptom: str
    demo: bool
    created: datetime
    updated: datetime
    notes: int


class CaseStore:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        try:
            self.engine = self._engine(self.url)
            self._migrate()
        except CommandError:
            # Its revision is none of ours: a newer payassist wrote it, and this one must not guess.
            raise StoreUnavailable(
                f"The case store at {safe_url(self.url)} was set up by a newer version of payassist, so this "
                "one does not save cases there. Update payassist, or set PAYASSIST_DATABASE_URL to another "
                "database."
            ) from None
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
                # SQLite's advice for WAL: no fsync per commit, still no corruption on a crash (a power
                # cut may lose the last turns); case save p95 went from 3.5 to 2.6 ms here.
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.close()

            return engine
        if not url.startswith("postgresql"):
            return create_engine(url, pool_pre_ping=True)
        # The same bounded waits as SQLite's: connecting, waiting for a lock, running a statement; then a
        # sentence, and the advice goes on (``explain``).
        engine = create_engine(url, pool_pre_ping=True, pool_timeout=STATEMENT_TIMEOUT + 1, connect_args={
            "connect_timeout": max(1, math.ceil(CONNECT_TIMEOUT)),
            "options": f"-c lock_timeout={int(LOCK_TIMEOUT * 1000)} -c statement_timeout="
                       f"{int(STATEMENT_TIMEOUT * 1000)} -c idle_in_transaction_session_timeout="
                       f"{int((STATEMENT_TIMEOUT + 5) * 1000)}",
            "keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 2,
            "tcp_user_timeout": int((STATEMENT_TIMEOUT + 1) * 1000)})
        _Watchdog(engine, STATEMENT_TIMEOUT + 1)
        return engine

    def _migrate(self) -> None:
        with _MIGRATING:
            self._upgrade()

    def _upgrade(self) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        sqlite = self.engine.dialect.name == "sqlite"
        with self.engine.connect() as conn:
            if sqlite:
                # Alembic's batch mode rebuilds a table by copying it and dropping the old one; with
                # foreign keys on, dropping ``cases`` would cascade into every outcome (SQLite docs,
                # "ALTER TABLE": turn them off first; the pragma is ignored inside a transaction).
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    # Several replicas may start at once: one migrates, the others wait (as long as it takes:
                    # a migration is not bound by the waits of everyday statements).
                    _Watchdog.release(conn.connection.dbapi_connection)
                    conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
                    conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_ID})
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()

    def _s(self) -> Session:
        self.check()
        return self._session()

    # --- cases -------------------------------------------------------------------------------
    def create(self, role: str, facts: dict[str, Any], *, demo: bool = False, symptom: str = "",
               conversation: dict[str, Any] | None = None, plan: list[Any] | None = None,
               summary: str = "", owner: str = "", status: str = "open", search: str = "") -> str:
        case_id = secrets.token_urlsafe(16)
        with self._s() as s, s.begin():
            s.add(Case(id=case_id, role=role, facts=clean(facts), conversation=clean(conversation or {}),
                       plan=clean(plan or []), summary=clean_text(summary), demo=demo,
                       symptom=clean_text(symptom[:200]), owner=clean_text(owner[:200]), version=1,
                       status=_status(status), search=clean_text(search)))
        return case_id

    def load(self, case_id: Any) -> CaseRecord | None:
        if not is_valid_case_id(case_id):
            return None
        with self._s() as s:
            case = s.get(Case, case_id)
            if case is None:
                return None
            rec = CaseRecord(case.id, case.role, case.facts, case.conversation, case.plan, case.summary,
                             case.demo, case.created, case.updated, owner=case.owner, version=case.version,
                             status=case.status, link_revoked=case.link_revoked)
        rec.outcomes = self.outcomes(case_id)
        rec.notes = self.notes(case_id)
        return rec

    def version(self, case_id: str) -> int | None:
        with self._s() as s:
            return s.execute(select(Case.version).where(Case.id == case_id)).scalar_one_or_none()

    def save(self, case_id: str, *, role: str, facts: dict[str, Any], conversation: dict[str, Any],
             plan: list[Any], summary: str, symptom: str = "", demo: bool | None = None,
             version: int | None = None, status: str | None = None, search: str | None = None,
             outcome: tuple[str, str] | None = None, author: str = "", by_agent: bool = False) -> int:
        """Write a newer state of the case and return its new version.

        With ``version`` (the one this tab last saw), the write happens only if nobody saved in
        between, checked and bumped in one UPDATE, so two replicas can't both win; otherwise
        ``StaleCase`` and nothing is written, not even ``outcome`` (recorded in the same transaction).
        """
        values: dict[str, Any] = {
            "role": role, "facts": clean(facts), "conversation": clean(conversation), "plan": clean(plan),
            "summary": clean_text(summary), "updated": now(), "version": Case.version + 1,
        }
        if symptom:
            values["symptom"] = clean_text(symptom[:200])
        if demo is not None:
            values["demo"] = demo
        if status is not None:
            values["status"] = _status(status)
        if search is not None:
            values["search"] = clean_text(search)
        where = [Case.id == case_id] + ([Case.version == version] if version is not None else [])
        with self._s() as s, s.begin():
            done = s.execute(update(Case).where(*where).values(**values).returning(Case.version)).scalar_one_or_none()
            if done is None:
                stored = s.execute(select(Case.version).where(Case.id == case_id)).scalar_one_or_none()
                if stored is None:
                    raise StaleCase(case_id, 0, version or 0)
                raise StaleCase(case_id, stored, version or 0)
            if outcome is not None:
                self._upsert_outcome(s, case_id, outcome[0], outcome[1], symptom, author, by_agent)
        return done

    def record_outcome(self, case_id: str, step_id: str, outcome: str, symptom: str = "", *,
                       author: str = "", by_agent: bool = False) -> None:
        """One outcome per step per case: marking a step again replaces what it said before."""
        with self._s() as s, s.begin():
            self._upsert_outcome(s, case_id, step_id, outcome, symptom, author, by_agent)

    def _upsert_outcome(self, s: Session, case_id: str, step_id: str, outcome: str, symptom: str,
                        author: str, by_agent: bool) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {sorted(OUTCOMES)}")
        row = {"case_id": case_id, "step_id": clean_text(step_id[:80]), "outcome": outcome,
               "symptom": clean_text(symptom[:200]), "author": clean_text(author[:200]), "by_agent": by_agent,
               "at": now()}
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        stmt = insert(StepOutcome).values(**row)
        s.execute(stmt.on_conflict_do_update(
            index_elements=["case_id", "step_id"],
            set_={k: stmt.excluded[k] for k in ("outcome", "symptom", "author", "by_agent", "at")}))

    def outcomes(self, case_id: str) -> list[dict[str, Any]]:
        with self._s() as s:
            rows = s.execute(select(StepOutcome).where(StepOutcome.case_id == case_id)
                             .order_by(StepOutcome.at, StepOutcome.id)).scalars()
            return [{"step_id": r.step_id, "outcome": r.outcome, "at": r.at.isoformat(), "author": r.author,
                     "by_agent": r.by_agent} for r in rows]

    # --- notes, links, deletion ------------------------------------------------------------------
    def add_note(self, case_id: str, author: str, note: str) -> None:
        note = clean_text(note.strip())[:NOTE_CHARS]
        if not note:
            return
        with self._s() as s, s.begin():
            if s.get(Case, case_id) is None:
                raise StaleCase(case_id, 0, 0)
            s.add(CaseNote(case_id=case_id, author=clean_text(author[:200]), text=note))

    def notes(self, case_id: str) -> list[dict[str, Any]]:
        with self._s() as s:
            rows = s.execute(select(CaseNote).where(CaseNote.case_id == case_id)
                             .order_by(CaseNote.at, CaseNote.id)).scalars()
            return [{"author": r.author, "text": r.text, "at": r.at.isoformat()} for r in rows]

    def set_link_revoked(self, case_id: str, revoked: bool) -> None:
        with self._s() as s, s.begin():
            s.execute(update(Case).where(Case.id == case_id).values(link_revoked=revoked))

    def delete(self, case_id: str) -> bool:
        """Delete a case with its outcomes and notes. True when there was one."""
        if not is_valid_case_id(case_id):
            return False
        with self._s() as s, s.begin():
            s.execute(delete(StepOutcome).where(StepOutcome.case_id == case_id))
            s.execute(delete(CaseNote).where(CaseNote.case_id == case_id))
            return s.execute(delete(Case).where(Case.id == case_id)).rowcount > 0

    def purge(self, days: int | None = None) -> int:
        """Delete every case not changed for ``days`` (default: the retention). Returns how many."""
        cutoff = now() - timedelta(days=days if days is not None else retention_days())
        with self._s() as s, s.begin():
            old = select(Case.id).where(Case.updated < cutoff).scalar_subquery()
            s.execute(delete(StepOutcome).where(StepOutcome.case_id.in_(old)))
            s.execute(delete(CaseNote).where(CaseNote.case_id.in_(old)))
            return s.execute(delete(Case).where(Case.updated < cutoff)).rowcount

    # --- the case list ----------------------------------------------------------------------------
    def list_cases(self, *, owner: str | None = None, status: str | None = None, search: str = "",
                   since: date | None = None, until: date | None = None, include_demo: bool = True,
                   limit: int = 200) -> list[CaseRow]:
        """Most recently changed first. ``search`` matches customer e-mails, error and decline codes,
        words of the problem; ``since``/``until`` bound the last change (inclusive days, UTC)."""
        notes = (select(func.count(CaseNote.id)).where(CaseNote.case_id == Case.id).correlate(Case)
                 .scalar_subquery())
        q = select(Case.id, Case.role, Case.owner, Case.status, Case.symptom, Case.demo, Case.created,
                   Case.updated, notes).order_by(Case.updated.desc()).limit(limit)
        if owner is not None:
            q = q.where(Case.owner == owner)
        if status in STATUSES:
            q = q.where(Case.status == status)
        if not include_demo:
            q = q.where(Case.demo.is_(False))
        for word in redact(search).lower().split()[:5]:  # a key typed into a search never reaches the SQL log
            like = f"%{_escape_like(word)}%"
            q = q.where(or_(Case.search.like(like, escape="\\"), Case.symptom.like(like, escape="\\"),
                            Case.id == word))
        if since is not None:
            q = q.where(Case.updated >= _day(since))
        if until is not None:
            q = q.where(Case.updated < _day(until) + timedelta(days=1))
        with self._s() as s:
            return [CaseRow(*row) for row in s.execute(q).all()]

    # --- export --------------------------------------------------------------------------------
    def export_json(self, case_id: str, *, notes: bool = True) -> str | None:
        """The whole case as JSON; without ``notes``, the agents' internal notes are left out (their list,
        and their section of the stored ticket summary): what a seller downloads of their own case."""
        rec = self.load(case_id)
        if rec is None:
            return None
        if not notes:
            rec.notes = []
            rec.summary = without_notes(rec.summary)
        return json.dumps(jsonable(rec.__dict__), indent=2, ensure_ascii=False)

    def count(self) -> int:
        with self._s() as s:
            return s.execute(text("SELECT count(*) FROM cases")).scalar_one()


_NOTES_SECTION = re.compile(r"\n*^### Internal notes\n.*?(?=^### |\Z)", re.MULTILINE | re.DOTALL)


def without_notes(summary: str) -> str:
    """A ticket summary without its "Internal notes" section."""
    return _NOTES_SECTION.sub("\n\n", summary or "").rstrip("\n") + ("\n" if summary else "")


class _Watchdog:
    """Cut a PostgreSQL connection whose use lasts longer than ``seconds``: a hung server, or a network that
    drops everything, can't time its own statements out, and a wait on its socket would last for ever.

    Armed when a connection leaves the pool (before the pre-ping too) and disarmed when it returns; on
    expiry the socket is shut down, so the blocked call fails at once with a disconnect (the pool then
    drops that connection) and the page says the change was not saved."""

    _timers: dict[int, threading.Timer] = {}
    _lock = threading.Lock()

    def __init__(self, engine: Engine, seconds: float) -> None:
        self.seconds = seconds
        ping = engine.dialect.do_ping

        def do_ping(dbapi_conn: Any) -> bool:
            self.arm(dbapi_conn)
            return ping(dbapi_conn)

        engine.dialect.do_ping = do_ping  # type: ignore[method-assign]
        event.listen(engine, "checkout", lambda dbapi_conn, *_: self.arm(dbapi_conn))
        event.listen(engine, "checkin", lambda dbapi_conn, *_: self.release(dbapi_conn))

    def arm(self, dbapi_conn: Any) -> None:
        timer = threading.Timer(self.seconds, self.cut, (dbapi_conn,))
        timer.daemon = True
        with self._lock:
            old = self._timers.pop(id(dbapi_conn), None)
            self._timers[id(dbapi_conn)] = timer
        if old is not None:
            old.cancel()
        timer.start()

    @classmethod
    def release(cls, dbapi_conn: Any) -> None:
        with cls._lock:
            timer = cls._timers.pop(id(dbapi_conn), None)
        if timer is not None:
            timer.cancel()

    @classmethod
    def cut(cls, dbapi_conn: Any) -> None:
        with cls._lock:
            cls._timers.pop(id(dbapi_conn), None)
        try:
            fd = dbapi_conn.pgconn.socket
            sock = socket.socket(fileno=os.dup(fd))
        except Exception:  # noqa: BLE001 - closed already, or not a psycopg connection: nothing to cut
            return
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        finally:
            sock.close()


def _status(status: str) -> str:
    return status if status in STATUSES else "open"


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _day(day: date) -> datetime:
    from datetime import UTC, time

    return datetime.combine(day, time.min, tzinfo=UTC)


def explain(exc: BaseException, fallback: str) -> str:
    """A sentence for a store failure: lost file, locked database, or ``fallback``. Never a password."""
    if isinstance(exc, StoreError):
        return str(exc)
    said = str(exc).lower()
    if "locked" in said or "lock timeout" in said or "lock not available" in said:
        return LOCKED
    if "statement timeout" in said or "canceling statement" in said:
        return SLOW
    return fallback


_reopened: dict[str, CaseStore] = {}
_reopen_lock = threading.Lock()


def reopen_store(url: str | None = None) -> tuple[CaseStore | None, str]:
    """Try again to open a store that was unavailable when the app started (one store per URL is shared
    by every session that retries, so a recovered database gets one pool, not one per browser)."""
    url = url or default_url()
    with _reopen_lock:
        if url not in _reopened:
            store, problem = open_store(url)
            if store is None:
                return None, problem
            _reopened[url] = store
        return _reopened[url], ""


def open_store(url: str | None = None) -> tuple[CaseStore | None, str]:
    """The store, or why there is none: pages keep advising without it and say so."""
    try:
        return CaseStore(url), ""
    except StoreUnavailable as exc:
        return None, str(exc)
