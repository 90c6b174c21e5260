"""The page in Chromium: `streamlit run` start to first question, and time per turn."""

from __future__ import annotations

import statistics
import time

from playwright.sync_api import sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, chromium_missing, streamlit_server, wait_idle

TURNS = [
    "One or a few customers can't pay", "A new purchase won't go through",
    "Didn't help", "Didn't help", "Didn't help", "Didn't help", "Didn't help",
    "Start over", "No payments go through at all", "Yes, a module isn't finished",
]


def run() -> list[tuple[str, str, str]]:
    if why := chromium_missing():
        return [("page benchmarks", f"skipped: {why}", "")]
    t0 = time.perf_counter()
    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url)
        page.get_by_text("What's going wrong with your payments?").wait_for()
        first = (time.perf_counter() - t0) * 1000
        # A warm page load (server already up), which is what a second visitor sees.
        t1 = time.perf_counter()
        page.reload()
        page.get_by_text("What's going wrong with your payments?").wait_for()
        warm = (time.perf_counter() - t1) * 1000
        wait_idle(page)
        turns = []
        for label in TURNS:
            t = time.perf_counter()
            page.get_by_role("button", name=label, exact=True).first.click()
            wait_idle(page, timeout=20_000)
            turns.append((time.perf_counter() - t) * 1000 - 150)  # wait_idle's settle pause
        browser.close()
    print('  turns (ms):', [round(t) for t in turns], flush=True)
    return [
        ("first question rendered, from `streamlit run` start", f"{first:.0f} ms", "< 1500 ms"),
        ("first question rendered, page load on a running server", f"{warm:.0f} ms", ""),
        ("per turn (click → new content), median of 10", f"{statistics.median(turns):.0f} ms", "< 300 ms"),
        ("per turn, worst of 10", f"{max(turns):.0f} ms", ""),
    ]
