"""200 concurrent browser-less sessions against a real server (`make run`'s), over Streamlit's websocket.

Each session is a websocket client speaking the frontend's protocol (benchmarks/wsclient.py)
and runs a full conversation; we measure each turn (click → script finished), check that every
session ends on its own plan (no cross-talk), and read the server's memory growth per session.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import threading
import time

from benchmarks.wsclient import Session
from tests.helpers import streamlit_server

SESSIONS = int(__import__("os").environ.get("PAYASSIST_BENCH_SESSIONS", "200"))
#: A person reads the answer before clicking: 2-8 s between turns.
THINK_S = (2.0, 8.0)
PATHS = [
    (["One or a few customers can't pay", "A new purchase won't go through", "Didn't help", "Didn't help"],
     "**3. Try a different browser**"),
    (["No payments go through at all", "Yes, a module isn't finished", "Didn't help"],
     "**2. Check the payment integration matches your processor account**"),
    (["Connecting or updating Stripe in Kartra", "\"The user denied your request\""],
     "**1. Click Connect with Stripe again and finish the connection**"),
    (["One or a few customers can't pay", "A recurring (subscription) payment failed", "PayPal", "Didn't help"],
     "**2. Check the card on file is still valid**"),
]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def conversation(url: str, i: int, turns: list[float], ok: dict, barrier: threading.Barrier,
                 hold: threading.Event, errors: list) -> None:
    labels, expected = PATHS[i % len(PATHS)]
    try:
        s = Session(url)
        barrier.wait()
        s.start()
        rng = random.Random(i)
        for label in labels:
            time.sleep(rng.uniform(*THINK_S))  # a person reads the answer before clicking
            turns.append(s.click(label))
        ok[i] = s.first_step() == expected
        hold.wait(60)  # keep the session open while memory is read
        s.close()
    except Exception as exc:  # noqa: BLE001
        errors.append(repr(exc))
        barrier.abort()


def run() -> list[tuple[str, str, str]]:
    info: dict = {}
    with tempfile.TemporaryDirectory() as tmp, streamlit_server(
        env={"PAYASSIST_DATABASE_URL": f"sqlite:///{tmp}/cases.sqlite3"}, info=info
    ) as url:
        warm = Session(url)
        warm.start()
        warm.click("No payments go through at all")
        warm.close()
        time.sleep(1)
        before = rss_mb(info["pid"])
        turns: list[float] = []
        ok: dict[int, bool] = {}
        errors: list[str] = []
        barrier, hold = threading.Barrier(SESSIONS), threading.Event()
        threads = [threading.Thread(target=conversation, args=(url, i, turns, ok, barrier, hold, errors))
                   for i in range(SESSIONS)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        while len(ok) + len(errors) < SESSIONS and time.perf_counter() - t0 < 600:
            time.sleep(0.1)
        wall = time.perf_counter() - t0
        during = rss_mb(info["pid"])
        hold.set()
        for t in threads:
            t.join()
    q = statistics.quantiles(turns, n=100, method="inclusive")
    per_session = (during - before) / SESSIONS
    return [
        ("concurrent sessions held, each a full conversation",
         f"{SESSIONS} ({len(turns)} turns in {wall:.1f} s, {len(errors)} errors)", "200, 0 errors"),
        ("sessions that ended on their own plan (no cross-talk)", f"{sum(ok.values())} of {SESSIONS}", "all"),
        (f"turn latency p50 / p95 / p99 (click → script finished; {THINK_S[0]:.0f}-{THINK_S[1]:.0f} s think time)",
         f"{q[49]:.0f} / {q[94]:.0f} / {q[98]:.0f} ms",
         "p95 ≤ 150 ms" + ("" if q[94] <= 150 else f": missed by {q[94] - 150:.0f} ms")),
        ("server memory per open session (RSS growth / sessions)", f"{per_session:.2f} MB",
         "≤ 1 MB" + ("" if per_session <= 1 else ": missed")),
    ]


NOTE = """
**Note on load.** Streamlit runs every session's script in one process under one GIL, so one server
turns at most about 1 / (CPU per turn) turns a second, whatever the number of sessions. 200 sessions
with 2-8 s of think time offer up to ~40 turns a second; where the calibration above is about
100 ms that fits (p95 68-110 ms on 2026-11-25), where it is about 200 ms the same code (measured
before and after this version on the same day) queues and p95 grows to seconds. The profile of a
saturated server: the script run's own elements and the websocket writes (~60%), the case save
(~15%), Streamlit's multipage lookup of `pages/` on every run (~7%). The case JSON download, 18% of
server time before, is now built only when clicked. Past one server, run replicas on one PostgreSQL
(tested in `tests/browser/test_replicas.py`).
"""
