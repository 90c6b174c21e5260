"""Run every benchmark and write BENCHMARKS.md with the figures and the machine."""

from __future__ import annotations

import importlib
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

SECTIONS = [
    ("Rules and message reading", "benchmarks.core"),
    ("The page in Chromium", "benchmarks.page"),
]
OPTIONAL = [
    ("Live checks against the Stripe sandbox", "benchmarks.live"),
    ("Payments export analysis", "benchmarks.export"),
    ("Case store", "benchmarks.cases"),
    ("Load: concurrent sessions over Streamlit's websocket", "benchmarks.load"),
    ("The HTTP API under load", "benchmarks.api"),
    ("Fuzzing", "benchmarks.fuzz"),
]


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    python = sys.version.split()[0]
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, {mem}, Python {python}"


def calibration_ms() -> float:
    """A fixed pure-Python loop, best of 5: how fast this machine is today, so figures from different
    days can be compared (the same code measured 2-3x slower on a day this took twice as long)."""
    import time

    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        sum(range(10_000_000))
        best = min(best, time.perf_counter() - t)
    return best * 1000


def main() -> None:
    out = ["# Benchmarks", "", f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M UTC} on {machine()}; "
           f"calibration: `sum(range(10**7))` takes {calibration_ms():.0f} ms (best of 5).", "",
           "Figures, not assertions: these machines are noisy. `make bench` rewrites this file.", ""]
    for title, module in SECTIONS + OPTIONAL:
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue
            raise
        print(f"== {title}", flush=True)
        rows = mod.run()
        out += [f"## {title}", "", "| measure | figure | target |", "|---|---|---|"]
        out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
        out.append("")
        if getattr(mod, "NOTE", ""):  # what the profile shows where a target is missed
            out += [mod.NOTE.strip(), ""]
        for a, b, _ in rows:
            print(f"  {a}: {b}", flush=True)
    Path("BENCHMARKS.md").write_text("\n".join(out))
    print("wrote BENCHMARKS.md")


if __name__ == "__main__":
    main()
