"""A minimal Streamlit websocket client: a browser-less session against a real `streamlit run`.

It speaks the protocol the Streamlit frontend speaks (protobuf BackMsg / ForwardMsg over
/_stcore/stream): ask for a script run, read the elements, click a button by its label.
"""

from __future__ import annotations

import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect


class Session:
    def __init__(self, url: str) -> None:
        ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self._conn = connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=30)
        self.ws = self._conn.__enter__()
        self.buttons: dict[str, str] = {}
        self.texts: list[str] = []
        self.errors: list[str] = []  # exceptions the page showed (a traceback a person would have seen)
        self.page_hash = ""

    def close(self) -> None:
        self._conn.__exit__(None, None, None)

    def _rerun(self, widgets: list[WidgetState]) -> float:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.widget_states.widgets.extend(widgets)
        t = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        self._read_run()
        return (time.perf_counter() - t) * 1000

    def _read_run(self) -> None:
        """Read one script run's elements. A run that drew nothing (a fragment's or an early one, before
        the run the click asked for) is not the answer: keep reading, briefly, for the one that draws."""
        self.buttons, self.texts, self.errors = {}, [], []
        empty_runs = 0
        while True:
            fwd = ForwardMsg()
            try:
                fwd.ParseFromString(self.ws.recv(timeout=120 if not empty_runs else 15))
            except TimeoutError:
                return  # (nothing more came after an empty run: that was the answer)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fwd.new_session.page_script_hash or self.page_hash
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                which = el.WhichOneof("type")
                if which == "button":
                    self.buttons.setdefault(el.button.label, el.button.id)
                elif which == "markdown":
                    self.texts.append(el.markdown.body)
                elif which == "exception":
                    self.errors.append(f"{el.exception.type}: {el.exception.message}")
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN or not (self.buttons or self.texts):
                    empty_runs += 1
                    continue
                return

    def start(self) -> float:
        return self._rerun([])

    def click(self, label: str) -> float:
        if label not in self.buttons:
            raise KeyError(f"no button {label!r} on the page; it showed {self.errors or self.texts[:3]}")
        state = WidgetState(id=self.buttons[label], trigger_value=True)
        return self._rerun([state])

    def first_step(self) -> str:
        """The step to do now: the plan's current step ('**3. Title**'), whatever its number."""
        return next((t.split(" &nbsp;")[0] for t in self.texts
                     if t.startswith("**") and ". " in t[:8] and " &nbsp; " in t), "")
