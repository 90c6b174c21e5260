"""Take the README's screenshots in headless Chromium: `.venv/bin/python -m docs.screenshots`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_idle

OUT = Path(__file__).parent / "screenshots"


def click(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).first.click()
    wait_idle(page)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, streamlit_server(
        env={"PAYASSIST_DATABASE_URL": f"sqlite:///{tmp}/cases.sqlite3"}
    ) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, viewport in {"desktop": (1280, 800), "phone": (390, 844)}.items():
            ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            page = ctx.new_page()
            page.goto(url)
            wait_idle(page)
            page.screenshot(path=OUT / f"{name}-start.png")
            click(page, "One or a few customers can't pay")
            click(page, "A recurring (subscription) payment failed")
            click(page, "PayPal")
            page.wait_for_timeout(1000)  # let the chat's own scroll-to-bottom settle first
            page.get_by_text("Here's what to try").evaluate("e => e.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(300)
            page.screenshot(path=OUT / f"{name}-plan.png")
            ctx.close()
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        page.goto(url)
        wait_idle(page)
        page.get_by_text("Trainer", exact=True).click()
        wait_idle(page)
        page.get_by_role("combobox", name="Scenario").click()
        page.get_by_role("option", name="A few customers can't pay: a mix of card declines").click()
        wait_idle(page)
        click(page, "Start demo")
        page.wait_for_timeout(1000)
        page.get_by_text("Check my Stripe account", exact=False).first.evaluate(
            "e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(1500)  # the data grid draws on a canvas after layout
        page.screenshot(path=OUT / "desktop-live-check.png")
        ctx.close()
        browser.close()


if __name__ == "__main__":
    main()
