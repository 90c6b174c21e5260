"""Take the README's screenshots in headless Chromium: `.venv/bin/python -m docs.screenshots`.

Also measures three journeys (steps shown, page height) for the record: `python -m docs.screenshots
--journeys` prints them without writing screenshots.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_idle

OUT = Path(__file__).parent / "screenshots"
DECLINE_EMAIL = ("Hi support,\n\nOne of my customers, Jo, forwarded this from the checkout:\n\n"
                 "> Your card has insufficient funds.\n\nShe is trying to buy the spring course. Can you help?\nMia")


def click(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).first.click()
    wait_idle(page)


def height(page) -> int:
    return page.evaluate("(document.querySelector('[data-testid=stMain]') || document.querySelector('main'))"
                         ".scrollHeight")


def steps_shown(page) -> int:
    """Plan steps on the page: the current step, the ones after it, and ticked ones (old page: every card)."""
    return page.evaluate("""() => {
      const cards = document.querySelectorAll('[class*="st-key-step-"]').length;
      if (cards) return cards;
      const text = [...document.querySelectorAll('[data-testid=stChatMessage]')].map(e => e.innerText).join('\\n');
      return (text.match(/^\\d+\\. /gm) || []).length;
    }""")


def journeys(browser, url: str) -> list[tuple[str, int, int]]:
    out = []
    for name, viewport in {"desktop": (1280, 800), "phone": (390, 844)}.items():
        ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = ctx.new_page()
        page.goto(url)
        wait_idle(page)
        click(page, "One or a few customers can't pay")
        click(page, "A recurring (subscription) payment failed")
        click(page, "PayPal")
        page.wait_for_timeout(800)
        out.append((f"seller, PayPal recurring ({name})", steps_shown(page), height(page)))
        ctx.close()
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(url)
    wait_idle(page)
    page.get_by_text("Support agent", exact=True).click()
    wait_idle(page)
    box = page.get_by_test_id("stChatInput").locator("textarea")
    box.fill(DECLINE_EMAIL)
    box.press("Enter")
    wait_idle(page)
    page.wait_for_timeout(800)
    out.append(("agent, pasted decline e-mail", steps_shown(page), height(page)))
    ctx.close()
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(url)
    wait_idle(page)
    page.get_by_text("Trainer", exact=True).click()
    wait_idle(page)
    page.get_by_role("combobox", name="Scenario").click()
    page.get_by_role("option", name="A few customers can't pay: a mix of card declines").click()
    wait_idle(page)
    click(page, "Start demo")
    page.wait_for_timeout(1500)
    out.append(("trainer demo, a mix of card declines", steps_shown(page), height(page)))
    ctx.close()
    out.append(export_journey(browser, url))
    return out


def export_journey(browser, url: str) -> tuple[str, int, int]:
    """Issue #21's journey: a 2,000-payment export of many customers, then a product check that finds an
    expired connection (seller, desktop)."""
    from tests.helpers_worklist import expired_connection_product, many_customers_export

    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(url)
    wait_idle(page)
    page.get_by_text("More checks: a payments export").click()
    wait_idle(page)
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, data) in enumerate((("payments.csv", many_customers_export()),
                                          ("product.json", expired_connection_product()))):
            if i:
                page.get_by_role("tab", name="Product").click()
            path = Path(tmp) / name
            path.write_bytes(data)
            page.locator("[data-testid='stFileUploaderDropzoneInput']").nth(i).set_input_files(str(path))
            wait_idle(page)
    page.wait_for_timeout(1500)
    out = ("seller, export of many customers + expired connection", steps_shown(page), height(page))
    ctx.close()
    return out


VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}


def placed(page) -> None:
    """Wait for the page to place what a click brought (ui.copy keeps it placed for up to 3 s): the
    screenshot is what the person sees, with no scrolling of our own."""
    wait_idle(page)
    page.wait_for_timeout(3200)


def screenshots(browser, url: str) -> None:
    """The start, a plan, the hand-off, an export and the Cases page, on a desktop and on a phone."""
    from tests.helpers import export_all_failing

    OUT.mkdir(exist_ok=True)
    export = Path(tempfile.mkdtemp()) / "payments.csv"
    export.write_bytes(export_all_failing())
    for name, (width, tall) in VIEWPORTS.items():
        phone = name == "phone"
        ctx = browser.new_context(viewport={"width": width, "height": tall}, is_mobile=phone, has_touch=phone)
        page = ctx.new_page()
        page.goto(url)
        placed(page)
        page.screenshot(path=OUT / f"{name}-start.png")
        click(page, "One or a few customers can't pay")
        click(page, "A new purchase won't go through")
        click(page, "Didn't help")
        placed(page)
        page.screenshot(path=OUT / f"{name}-plan.png")
        for _ in range(10):
            if page.get_by_role("button", name="Didn't help", exact=True).count() == 0:
                break
            click(page, "Didn't help")
        placed(page)
        page.screenshot(path=OUT / f"{name}-handoff.png")
        page.goto(url)
        placed(page)
        page.get_by_text("More checks: a payments export").click()
        wait_idle(page)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(export))
        page.get_by_text("Every payment has failed since", exact=False).first.wait_for()
        placed(page)
        page.wait_for_timeout(1000)  # the chart and the data grid draw after layout
        page.screenshot(path=OUT / f"{name}-export.png")
        page.goto(f"{url}/Cases")
        placed(page)
        page.screenshot(path=OUT / f"{name}-cases.png")
        ctx.close()
    # The trainer's demos and the team's Outcomes page, on a desktop.
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
    placed(page)
    page.wait_for_timeout(1500)  # the data grid draws on a canvas after layout
    page.screenshot(path=OUT / "desktop-live-check.png")
    page.goto(f"{url}/Outcomes")
    wait_idle(page)
    page.wait_for_timeout(1500)
    page.screenshot(path=OUT / "desktop-outcomes.png")
    page.goto(url)
    wait_idle(page)
    page.get_by_text("Trainer", exact=True).click()
    wait_idle(page)
    page.get_by_role("combobox", name="Scenario").click()
    page.get_by_role("option", name="A subscription on its third failed attempt (Kartra's retry cycle)").click()
    wait_idle(page)
    click(page, "Start demo")
    placed(page)
    page.screenshot(path=OUT / "desktop-retry-clock.png")
    ctx.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, streamlit_server(
        env={"PAYASSIST_DATABASE_URL": f"sqlite:///{tmp}/cases.sqlite3"}
    ) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if "--journeys" in sys.argv:
            for name, steps, px in journeys(browser, url):
                print(f"{name}: {steps} steps shown, page {px} px tall")
        else:
            screenshots(browser, url)
        browser.close()


if __name__ == "__main__":
    main()
