"""Analyse a generated 1,000,000-row Stripe export vs a bare pandas.read_csv of the same file.

Each side runs in its own process so its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROWS = 1_000_000

_BARE = """
import json, resource, sys, time
import pandas as pd
t = time.perf_counter(); df = pd.read_csv(sys.argv[1]); s = time.perf_counter() - t
print(json.dumps({"s": s, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "rows": len(df)}))
"""
_ANALYSE = """
import json, resource, sys, time
from checks.export import analyse_export
t = time.perf_counter(); f = analyse_export(sys.argv[1]); s = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"s": s, "rss": rss, "rows": f.evidence.summary["rows"]}))
"""


def make_export(path: Path, rows: int = ROWS) -> None:
    rng = np.random.default_rng(1)
    failed = rng.random(rows) < 0.03
    reasons = np.where(failed, rng.choice(["insufficient_funds", "expired_card", "do_not_honor",
                                           "Your card was declined."], rows), "")
    pd.DataFrame({
        "id": [f"ch_{i:010d}" for i in range(rows)],
        "Description": "Kartra checkout",
        "Created date (UTC)": pd.date_range("2025-01-01", periods=rows, freq="30s").strftime("%Y-%m-%d %H:%M:%S"),
        "Amount": rng.integers(500, 20000, rows) / 100,
        "Currency": "usd",
        "Status": np.where(failed, "Failed", "Paid"),
        "Decline Reason": reasons,
        "Customer Email": [f"c{i}@example.com" for i in rng.integers(0, 200_000, rows)],
        "Invoice ID": "",
    }).to_csv(path, index=False)


def _run(code: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parents[1])
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "payments.csv"
        make_export(path)
        size = path.stat().st_size / 1024 / 1024
        bare = min((_run(_BARE, path) for _ in range(2)), key=lambda r: r["s"])
        ours = min((_run(_ANALYSE, path) for _ in range(2)), key=lambda r: r["s"])
    return [
        (f"bare pandas.read_csv, {ROWS:,} rows ({size:.0f} MB)", f"{bare['s']:.2f} s, peak {bare['rss'] / 1024:.0f} MB",
         ""),
        ("analyse_export, same file", f"{ours['s']:.2f} s, peak {ours['rss'] / 1024:.0f} MB", "within 2× of bare"),
        ("ratio analyse / bare read (time)", f"{ours['s'] / bare['s']:.2f}×", "< 2×"),
    ]
