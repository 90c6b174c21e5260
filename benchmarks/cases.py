"""Case save/load latency with 10,000 stored cases (SQLite and PostgreSQL), and the stats query."""

from __future__ import annotations

import os
import secrets
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cases.models import Case, StepOutcome
from cases.stats import stats
from cases.store import CaseStore

N_CASES = 10_000
STEPS = ["customer.check_entered_info", "customer.clear_cache_cookies", "seller.check_processor_records",
         "seller.finish_product_configuration", "seller.check_integration_matches", "support.open_ticket"]
SYMPTOMS = ["scope=one_or_few · purchase=new", "scope=all", "error=account_mismatch", "scope=all · error=card_declined"]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def fill(store: CaseStore, n: int = N_CASES) -> list[str]:
    ids = [secrets.token_urlsafe(16) for _ in range(n)]
    t0 = datetime.now(UTC)
    conv = {"role": "seller", "messages": [{"speaker": "user", "text": "One or a few customers can't pay",
                                            "kind": "text"}] * 6, "tried": STEPS[:2]}
    cases, outcomes = [], []
    for i, cid in enumerate(ids):
        sym = SYMPTOMS[i % len(SYMPTOMS)]
        cases.append({"id": cid, "role": "seller", "symptom": sym, "facts": {"scope": "all"}, "conversation": conv,
                      "plan": [{"id": s} for s in STEPS], "summary": "## summary\n" * 10, "demo": i % 10 == 0,
                      "created": t0, "updated": t0})
        for j, step in enumerate(STEPS[: 1 + i % 4]):
            outcomes.append({"case_id": cid, "step_id": step, "symptom": sym, "at": t0 + timedelta(seconds=j),
                             "outcome": "fixed" if (j == i % 4 and i % 3) else "didnt_help"})
    with store.engine.begin() as conn:
        conn.execute(Case.__table__.insert(), cases)
        conn.execute(StepOutcome.__table__.insert(), outcomes)
    return ids


def measure(url: str, label: str) -> list[tuple[str, str, str]]:
    store = CaseStore(url)
    ids = fill(store)
    conv = {"role": "agent", "messages": [{"speaker": "assistant", "text": "x" * 200, "kind": "text"}] * 20}
    saves, loads = [], []
    for cid in ids[:300]:
        t = time.perf_counter()
        store.save(cid, role="agent", facts={"scope": "all"}, conversation=conv, plan=[], summary="## s")
        saves.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        store.load(cid)
        loads.append((time.perf_counter() - t) * 1000)
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        stats(store)
        runs.append((time.perf_counter() - t) * 1000)
    count = store.count()
    return [
        (f"{label}: case save p95 ({count:,} cases stored)", f"{p95(saves):.1f} ms", "< 20 ms"),
        (f"{label}: case load p95 (with its outcomes)", f"{p95(loads):.1f} ms", "< 20 ms"),
        (f"{label}: statistics over all cases (best of 3)", f"{min(runs):.0f} ms", "< 500 ms"),
    ]


def _postgres() -> tuple[str | None, str | None]:
    if url := os.environ.get("PAYASSIST_TEST_PG_URL"):
        return url, None
    script = Path(__file__).parents[1] / ".ci" / "postgres.sh"
    try:
        out = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=True, timeout=300)
    except (subprocess.SubprocessError, OSError):
        return None, None
    env = dict(line.removeprefix("export ").split("=", 1) for line in out.stdout.splitlines() if "=" in line)
    return env["PAYASSIST_TEST_PG_URL"], env["PAYASSIST_TEST_PG_STOP"].strip("'")


def run() -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(f"sqlite:///{tmp}/bench.sqlite3", "SQLite")
    url, stop = _postgres()
    if url is None:
        return rows + [("PostgreSQL", "skipped: no PostgreSQL server here", "")]
    try:
        store = CaseStore(url)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM step_outcomes")
            conn.exec_driver_sql("DELETE FROM cases")
        rows += measure(url, "PostgreSQL")
    finally:
        if stop:
            subprocess.run(stop.split(), capture_output=True)
    return rows
