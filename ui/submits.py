"""A person's pasted text is never dropped, however fast they submit.

Streamlit reads a chat submit through its widget state, and a run that a newer request stops
(``runner.fastReruns``: each request stops the running script and starts a new one, at the next
read of ``st.session_state``, the chat's own ``on_submit`` callback included) never sees the value it
was started for: of 100 submits sent as fast as a browser sends them, 51–73 were lost without a
word here (``tests/app/test_faults.py::test_rapid_submits_are_never_dropped``).

``install`` wraps the one method through which every browser request reaches a session
(``AppSession.request_rerun``, Streamlit 1.67) so that each chat value is also put on a queue of
that session's own, in the order it arrived, before any run can be stopped; ``take`` hands the page
what is on it, oldest first, each text exactly once, one run at a time. Where that method is not there (another
Streamlit, or ``AppTest``, which runs scripts without a session), ``take`` returns False and the page
reads the widget as usual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_FIELD = "chat_input_value"
_queues: dict[str, list[tuple[str, str]]] = {}
_turns: dict[str, threading.Lock] = {}
_lock = threading.Lock()


def install() -> bool:
    """Queue every chat value a browser request brings (once per process). True when installed."""
    try:
        from streamlit.runtime.app_session import AppSession
    except ImportError:
        return False
    if getattr(AppSession, "_payassist_keeps_submits", False):
        return True
    request_rerun = getattr(AppSession, "request_rerun", None)
    shutdown = getattr(AppSession, "shutdown", None)
    if request_rerun is None or shutdown is None:
        return False

    def queued_request_rerun(self: Any, client_state: Any) -> None:
        states = getattr(client_state, "widget_states", None) if client_state else None
        chats = [(w.id, w.chat_input_value.data) for w in states.widgets
                 if w.WhichOneof("value") == _FIELD and w.chat_input_value.data] if states else []
        with _lock:
            _queues.setdefault(self.id, []).extend(chats)
        request_rerun(self, client_state)

    def forgetting_shutdown(self: Any) -> None:
        with _lock:
            _queues.pop(self.id, None)
            _turns.pop(self.id, None)
        shutdown(self)

    AppSession.request_rerun = queued_request_rerun
    AppSession.shutdown = forgetting_shutdown
    AppSession._payassist_keeps_submits = True
    return True


def take(widget_key: str, handle: Callable[[str], None]) -> bool:
    """Hand each text submitted to the chat input ``widget_key`` and not yet handed over to ``handle``,
    oldest first; False when this session's submits are not queued (no browser session, or ``install``
    could not wrap Streamlit), and the page should read the widget itself.

    One run at a time per session: a run that a newer request stopped may still be finishing its
    Python while the new run starts, and two runs pasting at once would mix up the order."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        session_id = get_script_run_ctx().session_id
    except Exception:  # noqa: BLE001 - no run context: nothing is queued
        return False
    suffix = f"-{widget_key}"
    with _lock:
        if session_id not in _queues:
            return False
        turn = _turns.setdefault(session_id, threading.Lock())
    with turn:
        with _lock:
            queue = _queues.get(session_id, [])
            mine = [text for widget_id, text in queue if widget_id.endswith(suffix)]
            queue[:] = [item for item in queue if not item[0].endswith(suffix)]
        for text in mine:
            handle(text)
    return True
