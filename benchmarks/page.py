"""The page in Chromium: `streamlit run` start to first question, and time per turn."""

from __future__ import annotations

import statistics
import time

from playwright.sync_api import sync_playwright

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, chromium_missing, streamlit_server, wait_idle

#: (button to click, text that shows the turn's new content has rendered)
TURNS = [
    ("One or a few customers can't pay", "What happens for your customer?"),
    ("A new purchase won't go through", "1. Check the details typed into the checkout"),
    ("Didn't help", "1. Clear the browser's cache and cookies"),
    ("Didn't help", "1. Try a different browser"),
    ("Didn't help", "1. Try a different device"),
    ("Didn't help", "1. Ask the card issuer to authorise the charge"),
    ("Didn't help", "1. Check your payment processor's records"),
    ("Start over", "What's going wrong with your payments?"),
    ("No payments go through at all", "Does the product wizard show a red hourglass"),
    ("Yes, a module isn't finished", "1. Finish and save every module of the product"),
]


def run() -> list[tuple[str, str, str]]:
    if why := chromium_missing():
        return [("page benchmarks", f"skipped: {why}", "")]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto("about:blank")
        t0 = time.perf_counter()  # the browser is up: measure the server and the page
        with streamlit_server() as url:
            up = (time.perf_counter() - t0) * 1000
            rows = _measure(page, url, t0)
            rows.insert(0, ("`streamlit run` start → server answers /_stcore/health", f"{up:.0f} ms", ""))
        browser.close()
    return rows


def _measure(page, url: str, t0: float) -> list[tuple[str, str, str]]:
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
    for label, expected in TURNS:
        button = page.get_by_role("button", name=label, exact=True).first
        button.click(trial=True)  # scroll into view and wait until stable: not part of the turn
        t = time.perf_counter()
        button.click()
        page.get_by_text(expected).first.wait_for()
        turns.append((time.perf_counter() - t) * 1000)
        wait_idle(page, timeout=20_000)
    print("  turns (ms):", [round(t) for t in turns], flush=True)
    return [
        ("first question rendered, from `streamlit run` start", f"{first:.0f} ms", "< 1500 ms"),
        ("first question rendered, page load on a running server", f"{warm:.0f} ms", ""),
        ("per turn (click → new content), median of 10", f"{statistics.median(turns):.0f} ms", "< 300 ms"),
        ("per turn, worst of 10", f"{max(turns):.0f} ms", ""),
    ]
