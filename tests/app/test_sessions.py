"""Concurrent real sessions over Streamlit's websocket: each ends on its own plan (no cross-talk)."""

from __future__ import annotations

import threading

from benchmarks.load import PATHS
from benchmarks.wsclient import Session
from tests.helpers import streamlit_server


def test_twenty_concurrent_sessions_keep_their_own_conversations(tmp_path):
    results: dict[int, str] = {}
    errors: list[str] = []
    with streamlit_server(env={"PAYASSIST_DATABASE_URL": f"sqlite:///{tmp_path}/c.sqlite3"}) as url:
        barrier = threading.Barrier(20)

        def run(i: int) -> None:
            labels, _ = PATHS[i % len(PATHS)]
            try:
                s = Session(url)
                barrier.wait()
                s.start()
                for label in labels:
                    s.click(label)
                results[i] = s.first_step()
                s.close()
            except Exception as exc:  # noqa: BLE001
                errors.append(repr(exc))
                barrier.abort()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert not errors
    assert {i: results.get(i) for i in range(20)} == {i: PATHS[i % len(PATHS)][1] for i in range(20)}
