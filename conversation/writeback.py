"""Writing the case back into the helpdesk ticket: a private note through each helpdesk's REST API.

Notes wait in the case store's outbox (``cases.outbox``); ``deliver_due`` sends those whose time
has come and records what happened, and ``Worker`` calls it in a background thread the server's
lifespan starts. A failed attempt is retried with exponential backoff (``PAYASSIST_WRITEBACK_BACKOFF``
seconds at first, doubling, at most an hour) up to ``PAYASSIST_WRITEBACK_ATTEMPTS`` times; the case
gets a note when a write-back succeeds, first fails, or is given up, so an agent sees it there.

Where a note goes, and with which credentials, is read from the environment when it is sent
(never stored); requests go through an ``httpx.Client`` the caller may give (``client=``, or a
``transport=``), so tests point it at a local server that checks what the vendors' API references
say: the method, the path, Basic auth, the JSON body.

- Zendesk: ``PUT {PAYASSIST_ZENDESK_URL}/api/v2/tickets/{id}.json``
  ``{"ticket": {"comment": {"body": …, "public": false}}}``, Basic ``{email}/token:{api_token}``.
- Freshdesk: ``POST {PAYASSIST_FRESHDESK_URL}/api/v2/tickets/{id}/notes`` ``{"body": …, "private": true}``
  (the body is HTML), Basic ``{api_key}:X``.
"""

from __future__ import annotations

import html
import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from cases.outbox import Note, Outbox

log = logging.getLogger(__name__)

MAX_DELAY = 3600.0
NAMES = {"zendesk": "Zendesk", "freshdesk": "Freshdesk"}


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    json: dict[str, Any]
    auth: tuple[str, str]

    def __repr__(self) -> str:  # the credentials never reach a log line or an exception
        return f"Request({self.method} {self.url})"


def configured(helpdesk: str) -> bool:
    """The helpdesk's address and credentials are all set, so notes can be written back."""
    if helpdesk == "zendesk":
        return all(os.environ.get(f"PAYASSIST_ZENDESK_{k}") for k in ("URL", "EMAIL", "API_TOKEN"))
    if helpdesk == "freshdesk":
        return all(os.environ.get(f"PAYASSIST_FRESHDESK_{k}") for k in ("URL", "API_KEY"))
    return False


def request_for(helpdesk: str, ticket_id: str, body: str) -> Request | None:
    """The REST call that writes ``body`` as a private note on the ticket, or None when the helpdesk
    is not configured."""
    if not configured(helpdesk):
        return None
    env = os.environ
    if helpdesk == "zendesk":
        return Request("PUT", f"{env['PAYASSIST_ZENDESK_URL'].rstrip('/')}/api/v2/tickets/{ticket_id}.json",
                       {"ticket": {"comment": {"body": body, "public": False}}},
                       (f"{env['PAYASSIST_ZENDESK_EMAIL']}/token", env["PAYASSIST_ZENDESK_API_TOKEN"]))
    return Request("POST", f"{env['PAYASSIST_FRESHDESK_URL'].rstrip('/')}/api/v2/tickets/{ticket_id}/notes",
                   {"body": as_html(body), "private": True}, (env["PAYASSIST_FRESHDESK_API_KEY"], "X"))


def as_html(text: str) -> str:
    """Freshdesk notes are HTML: the text escaped, its lines kept."""
    return "<br>\n".join(html.escape(line) for line in text.splitlines())


def _settings() -> tuple[float, int]:
    try:
        base = max(0.01, float(os.environ.get("PAYASSIST_WRITEBACK_BACKOFF", "30")))
    except ValueError:
        base = 30.0
    try:
        attempts = max(1, int(os.environ.get("PAYASSIST_WRITEBACK_ATTEMPTS", "10")))
    except ValueError:
        attempts = 10
    return base, attempts


def backoff(attempts_so_far: int, base: float | None = None) -> timedelta:
    """How long to wait after the ``attempts_so_far``-th failure: base, 2×base, 4×base, … at most an hour."""
    base = _settings()[0] if base is None else base
    return timedelta(seconds=min(MAX_DELAY, base * 2 ** max(0, attempts_so_far - 1)))


def send(note: Note, client: httpx.Client) -> str | None:
    """Write one note. Returns None when the helpdesk took it, else a sentence saying why not."""
    name = NAMES.get(note.helpdesk, note.helpdesk)
    req = request_for(note.helpdesk, note.ticket_id, note.body)
    if req is None:
        return f"{name} is not configured (its address or credentials are not set)."
    try:
        r = client.request(req.method, req.url, json=req.json, auth=req.auth)
    except httpx.TimeoutException:
        return f"{name} did not answer in time."
    except httpx.HTTPError as exc:
        return f"{name} could not be reached ({type(exc).__name__})."
    if 200 <= r.status_code < 300:
        return None
    return f"{name} answered HTTP {r.status_code}."


def deliver_due(box: Outbox | None = None, *, client: httpx.Client | None = None,
                transport: httpx.BaseTransport | None = None, at: datetime | None = None) -> int:
    """Send every note whose time has come (by ``at``, default now); returns how many the helpdesks took."""
    if box is None:
        from conversation.service import outbox

        box = outbox()
    own = client is None
    client = client or httpx.Client(transport=transport, timeout=10.0)
    done = 0
    base, attempts = _settings()
    try:
        for note in box.due(at=at):
            error = send(note, client)
            name = NAMES.get(note.helpdesk, note.helpdesk)
            if error is None:
                box.sent(note.id)
                done += 1
                _note_case(box, note, f"Written back to {name} ticket #{note.ticket_id} as a private note.")
                continue
            tries = note.attempts + 1
            give_up = tries >= attempts
            box.failed(note.id, error, None if give_up else backoff(tries, base))
            log.info("write-back to %s ticket %s failed (attempt %d): %s", name, note.ticket_id, tries, error)
            if give_up:
                _note_case(box, note, f"Gave up writing back to {name} ticket #{note.ticket_id} after {tries} "
                           f"attempts: {error} Copy the summary into the ticket by hand.")
            elif tries == 1:
                _note_case(box, note, f"Writing back to {name} ticket #{note.ticket_id} failed: {error} "
                           "payassist keeps trying, waiting longer each time.")
    finally:
        if own:
            client.close()
    return done


def _note_case(box: Outbox, note: Note, text: str) -> None:
    try:
        box.store.add_note(note.case_id, "payassist", text)
    except Exception:  # noqa: BLE001 - the case may be gone; the outbox row says it all anyway
        pass


class Worker:
    """Delivers due notes in a daemon thread until stopped: woken at once when a note is queued
    (``wake``), else when the next one is due, and every ``poll`` seconds for notes queued by
    another replica."""

    def __init__(self, *, poll: float = 5.0, transport: httpx.BaseTransport | None = None) -> None:
        self.poll, self.transport = poll, transport
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Worker:
        global _worker
        self._thread = threading.Thread(target=self._run, name="payassist-writeback", daemon=True)
        self._thread.start()
        _worker = self
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        global _worker
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if _worker is self:
            _worker = None

    def _run(self) -> None:
        from datetime import UTC

        from conversation.service import outbox

        with httpx.Client(transport=self.transport, timeout=10.0) as client:
            while not self._stop.is_set():
                wait = self.poll
                try:
                    box = outbox()
                    deliver_due(box, client=client)
                    due = box.next_due()
                    if due is not None:
                        wait = min(wait, max(0.05, (due - datetime.now(UTC)).total_seconds()))
                except Exception as exc:  # noqa: BLE001 - a store outage must not end the worker
                    log.warning("write-back worker: %s", type(exc).__name__)
                self._wake.wait(wait)
                self._wake.clear()


_worker: Worker | None = None


def wake() -> None:
    """A note was queued: the running worker (if any) sends it now rather than at its next poll."""
    if _worker is not None:
        _worker.wake()
