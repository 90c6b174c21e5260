"""The full live check against the sandbox with 100 ms injected per request: ≈ one round trip?"""

from __future__ import annotations

import statistics
import time

from checks.sandbox import Sandbox
from checks.stripe_guard import read_only_client
from checks.stripe_live import check_account

LATENCY_MS = 100
RUNS = 10


def run() -> list[tuple[str, str, str]]:
    with Sandbox() as sb:
        key = sb.key_for("card_decline_mix")
        sb.inject(latency_ms=LATENCY_MS)
        client = read_only_client(key, api_base=sb.url)
        single, full = [], []
        for _ in range(RUNS):
            t = time.perf_counter()
            client.v1.accounts.retrieve_current()
            single.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            check_account(key, api_base=sb.url)
            full.append((time.perf_counter() - t) * 1000)
    one, all_ = statistics.median(single), statistics.median(full)
    return [
        (f"one request, {LATENCY_MS} ms injected (median of {RUNS})", f"{one:.0f} ms", ""),
        (f"full live check, 5 requests, {LATENCY_MS} ms each (median of {RUNS})", f"{all_:.0f} ms",
         "< 2× one request"),
        ("ratio full check / one request", f"{all_ / one:.2f}×", "< 2×"),
    ]
