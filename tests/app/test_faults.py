"""The case store failing at start and mid-session: the assistant still advises, and says so."""

from __future__ import annotations

import json

import pytest
import streamlit as st
from sqlalchemy.exc import OperationalError

from cases.store import CaseStore
from tests.helpers import click, plan_titles, start


@pytest.fixture
def fresh_store_cache():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_database_down_at_start(monkeypatch, fresh_store_cache):
    monkeypatch.setenv("PAYASSIST_DATABASE_URL", "postgresql+psycopg://payassist:pw@127.0.0.1:9/cases")
    at = start()
    click(at, "One or a few customers can't pay")
    click(at, "A new purchase won't go through")
    assert plan_titles(at)[0] == "**1. Check the details typed into the checkout**"
    assert any("not being saved" in w.value for w in at.warning)
    assert all("pw@" not in w.value for w in at.warning)
    click(at, "Didn't help")
    assert plan_titles(at)[0] == "**2. Clear the browser's cache and cookies**"


def test_database_fails_mid_session(monkeypatch, fresh_store_cache):
    at = start()
    click(at, "One or a few customers can't pay")
    click(at, "A new purchase won't go through")
    click(at, "Didn't help")
    case_id = at.query_params["case"]
    case_id = case_id[0] if isinstance(case_id, list) else case_id
    assert len(CaseStore().outcomes(case_id)) == 1

    def down(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(CaseStore, "record_outcome", down)
    monkeypatch.setattr(CaseStore, "save", down)
    click(at, "Didn't help")
    assert plan_titles(at)[0] == "**3. Try a different browser**"
    assert any("not being saved" in w.value for w in at.warning)
    monkeypatch.undo()
    assert len(CaseStore().outcomes(case_id)) == 1  # what was recorded before is still there


# --- issue 23: PostgreSQL faults ------------------------------------------------------------------------------
PASTE = "A new purchase fails with: Your card was declined."


class FlakyLink:
    """A TCP relay between the app and PostgreSQL that can go down (connections reset, new ones refused)
    or hang (connections stay open and nothing moves: a hung server, or a network that drops packets)."""

    def __init__(self, target_url: str) -> None:
        import socket
        import threading

        from sqlalchemy.engine import make_url

        self.target = make_url(target_url)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.url = self.target.set(host="127.0.0.1", port=self.listener.getsockname()[1]).render_as_string(
            hide_password=False)
        self.state = "up"
        self.pairs: list = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import socket
        import threading

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.state == "down":
                client.close()
                continue
            server = socket.create_connection((self.target.host, self.target.port))
            with self.lock:
                self.pairs.append((client, server))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, src, dst) -> None:
        import time

        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                while self.state == "hung":
                    time.sleep(0.02)
                dst.sendall(data)
        except OSError:
            pass

    def _reset_all(self) -> None:
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for s in pair:
                try:
                    s.close()
                except OSError:
                    pass

    def down(self) -> None:
        self.state = "down"
        self._reset_all()

    def hang(self) -> None:
        self.state = "hung"

    def up(self) -> None:
        if self.state == "hung":
            self._reset_all()  # what was stuck stays stuck: those connections are gone
        self.state = "up"


@pytest.fixture
def pg_page(fresh_pg, monkeypatch, fresh_store_cache):
    """The page on a PostgreSQL of its own, reached through a link the test can break."""
    monkeypatch.setattr("cases.store.LOCK_TIMEOUT", 0.5)
    monkeypatch.setattr("cases.store.STATEMENT_TIMEOUT", 1.5)
    monkeypatch.setattr("conversation.casefile.RETRY_SECONDS", 0.0)
    link = FlakyLink(fresh_pg)
    monkeypatch.setenv("PAYASSIST_DATABASE_URL", link.url)
    yield link, fresh_pg
    link.up()


def _store_warnings(at) -> list[str]:
    return [w.value for w in at.warning if "saved" in w.value or "case store" in w.value]


def test_a_nul_byte_in_a_paste_does_not_stop_saving_on_postgresql(pg_page):
    at = start()
    at.chat_input[0].set_value("A new purchase fails with: \x00 Your card was declined. \x00").run()
    click(at, "Didn't help")
    assert _store_warnings(at) == []
    rec = CaseStore().load(at.session_state.session.casefile.case_id)
    assert "Your card was declined" in json.dumps(rec.conversation) and len(rec.outcomes) == 1
    click(at, "Didn't help")
    assert len(CaseStore().outcomes(rec.id)) == 2


def test_a_row_locked_on_postgresql_is_a_sentence_and_the_outcome_is_written_later(pg_page):
    import psycopg

    _, direct = pg_page
    at = start()
    at.chat_input[0].set_value(PASTE).run()
    case_id = at.session_state.session.casefile.case_id
    first = plan_titles(at)[0]
    holder = psycopg.connect(direct.replace("postgresql+psycopg://", "postgresql://"))
    holder.execute("SELECT * FROM cases WHERE id = %s FOR UPDATE", (case_id,))
    try:
        click(at, "Didn't help")
        assert plan_titles(at)[0] != first, "the advice goes on"
        assert any("locked by another program" in w for w in _store_warnings(at))
    finally:
        holder.rollback()
        holder.close()
    click(at, "Didn't help")
    assert _store_warnings(at) == [], "the warning clears once saving works again"
    assert len(CaseStore().outcomes(case_id)) == 2, "the outcome clicked while locked is written"


@pytest.mark.timeout(120)
def test_a_hung_postgresql_is_a_sentence_not_a_freeze(pg_page):
    link, _ = pg_page
    at = start()
    at.chat_input[0].set_value(PASTE).run()
    case_id = at.session_state.session.casefile.case_id
    first = plan_titles(at)[0]
    link.hang()
    click(at, "Didn't help")
    assert plan_titles(at)[0] != first, "the advice goes on"
    assert any("not being saved" in w or "too long" in w for w in _store_warnings(at))
    link.up()
    click(at, "Didn't help")
    assert _store_warnings(at) == []
    assert len(CaseStore().outcomes(case_id)) == 2


def test_after_postgresql_comes_back_the_warning_clears_and_outcomes_are_written(pg_page):
    link, _ = pg_page
    at = start()
    at.chat_input[0].set_value(PASTE).run()
    case_id = at.session_state.session.casefile.case_id
    link.down()
    click(at, "Didn't help")
    click(at, "This fixed it")
    assert any("not being saved" in w for w in _store_warnings(at))
    link.up()
    at.chat_input[0].set_value("It works again").run()
    assert _store_warnings(at) == []
    assert sorted(o["outcome"] for o in CaseStore().outcomes(case_id)) == ["didnt_help", "fixed"]


def test_down_at_start_then_back(pg_page):
    link, _ = pg_page
    link.down()
    at = start()
    at.chat_input[0].set_value(PASTE).run()
    click(at, "Didn't help")
    assert any("not being saved" in w for w in _store_warnings(at))
    link.up()
    click(at, "Didn't help")
    assert _store_warnings(at) == []
    case_id = at.session_state.session.casefile.case_id
    assert case_id and len(CaseStore().outcomes(case_id)) == 2


# --- issue 23: rapid submits ---------------------------------------------------------------------------------
def test_rapid_submits_are_never_dropped(tmp_path):
    """100 chat submits sent as fast as a browser can send them, over Streamlit's own websocket protocol:
    Streamlit folds reruns queued while a run is going, and each one is still read, in order."""
    import re
    import time

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.Common_pb2 import ChatInputValue
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    from benchmarks.wsclient import Session as Socket
    from tests.helpers import streamlit_server

    def read_until_finished(ws) -> tuple[str, list[str]]:
        chat, texts = "", []
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(ws.recv(timeout=120))
            if fwd.WhichOneof("type") == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                if el.WhichOneof("type") == "chat_input":
                    chat = el.chat_input.id
                elif el.WhichOneof("type") == "markdown":
                    texts.append(el.markdown.body)
                elif el.WhichOneof("type") == "text":  # what a person pasted is shown as plain text
                    texts.append(el.text.body)
            elif fwd.WhichOneof("type") == "script_finished":
                return chat, texts

    def rerun(ws, page_hash: str, widgets: list) -> None:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = page_hash
        msg.rerun_script.widget_states.widgets.extend(widgets)
        ws.send(msg.SerializeToString())

    with streamlit_server(env={"PAYASSIST_DATABASE_URL": f"sqlite:///{tmp_path}/c.sqlite3"}) as url:
        sock = Socket(url)
        try:
            rerun(sock.ws, "", [])
            chat, _ = read_until_finished(sock.ws)
            assert chat
            for i in range(100):
                rerun(sock.ws, sock.page_hash, [WidgetState(id=chat, chat_input_value=ChatInputValue(
                    data=f"Kartra shows error zq{i:03d}x"))])
            # read everything those runs send, then one plain run shows the transcript as it stands
            while True:
                try:
                    sock.ws.recv(timeout=5)
                except TimeoutError:
                    break
            time.sleep(0.5)
            rerun(sock.ws, sock.page_hash, [])
            _, texts = read_until_finished(sock.ws)
        finally:
            sock.close()
    shown = " ".join(texts)
    got = sorted(set(re.findall(r"zq(\d{3})x", shown)))
    missing = [i for i in range(100) if f"{i:03d}" not in got]
    assert missing == [] or "not taken" in shown, f"{len(missing)} submits dropped without a word"
    order = [int(n) for n in re.findall(r"zq(\d{3})x", shown)]
    assert order == sorted(order), "in the order they were sent"
