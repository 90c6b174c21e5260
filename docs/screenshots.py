"""Take the README's screenshots in headless Chromium: `.venv/bin/python -m docs.screenshots`."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_idle

OUT = Path(__file__).parent / "screenshots"


def click(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).first.click()
    wait_idle(page)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with streamlit_server() as url, sync_playwright() as p:
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
            page.screenshot(path=OUT / f"{name}-plan.png", full_page=False)
            ctx.close()
        browser.close()


if __name__ == "__main__":
    main()
