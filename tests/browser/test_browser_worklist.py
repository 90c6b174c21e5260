"""One subject at a time in Chromium (#21): an export of many customers and a product check that finds
an expired connection; the plan starts with the account, the worklist lists each customer once, and
picking a customer gives their plan. Desktop and phone, with screenshots for docs/screenshots/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import chromium_missing, patient_expect, streamlit_server, wait_idle
from tests.helpers_worklist import expired_connection_product, many_customers_export

pytestmark = pytest.mark.browser

if (reason := chromium_missing()) and not os.environ.get("CI"):
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

patient_expect()
#: Screenshots go to docs/screenshots/ when asked (PAYASSIST_SCREENSHOTS=1), else beside the test's files.
DOCS = Path(__file__).parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


def _upload(page, tmp_path: Path, index: int, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").nth(index).set_input_files(str(path))
    wait_idle(page)


def _steps(page) -> list[str]:
    """The plan's steps as shown: the current one in full, the rest by title ("2. Title")."""
    import re

    plan = page.get_by_test_id("stChatMessage").filter(has=page.locator(".st-key-current-step"))
    return [line for line in plan.inner_text().splitlines() if re.match(r"^\d+\. ", line)]


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_an_export_and_an_expired_connection_make_a_worklist_behind_the_account(browser, server, tmp_path,
                                                                                viewport):
    shots = DOCS if os.environ.get("PAYASSIST_SCREENSHOTS") else tmp_path
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = ctx.new_page()
    try:
        page.goto(server)
        wait_idle(page)
        page.get_by_text("More checks: a payments export").click()
        wait_idle(page)
        _upload(page, tmp_path, 0, "payments.csv", many_customers_export())
        worklist = page.locator(".st-key-worklist")
        expect(worklist.get_by_text("Customers with failed payments")).to_be_visible()
        page.get_by_role("tab", name="Product").click()
        _upload(page, tmp_path, 1, "product.json", expired_connection_product())
        expect(page.get_by_text("a check found that the Stripe connection has expired")).to_be_visible()
        # The plan starts with the account-wide cause, and is short.
        expect(page.locator(".st-key-current-step")).to_contain_text("Reconnect the same Stripe account")
        assert len(_steps(page)) <= 7
        # Each customer once: the worklist's download holds one row per customer.
        with page.expect_download() as dl:
            worklist.get_by_role("button", name="Download the worklist (CSV)").click()
        rows = Path(dl.value.path()).read_text().splitlines()[1:]
        customers = [r.split(",")[0] for r in rows]
        assert len(customers) == len(set(customers)) > 50
        assert customers[0] == "no•••t@example.com"
        name = "desktop" if viewport[0] > 600 else "phone"
        worklist.scroll_into_view_if_needed()
        page.wait_for_timeout(600)
        page.screenshot(path=str(shots / f"{name}-worklist.png"))
        # Picking the subscriber makes the plan theirs: the account's step first, then their retry cycle.
        _pick(page, worklist, "no•••t@example.com · insufficient funds")
        wait_idle(page)
        expect(page.get_by_text("The plan below is for the customer no•••t@example.com")).to_be_visible()
        texts = _steps(page)
        assert "Reconnect the same Stripe account" in texts[0]
        assert any("Tell the customer before Kartra's next attempt" in t for t in texts), texts
        page.screenshot(path=str(shots / f"{name}-worklist-customer.png"), full_page=False)
    finally:
        ctx.close()


def _pick(page, worklist, label: str) -> None:
    """Open the worklist's picker and choose a row. A script run that lands while the list is open (the
    download just before it) redraws the picker and closes the list: open it again, as a person would."""
    wait_idle(page)
    for _ in range(3):
        worklist.get_by_role("combobox").click()
        option = page.get_by_role("option", name=label)
        try:
            option.click(timeout=8000)
            return
        except PlaywrightTimeout:
            wait_idle(page)
    page.get_by_role("option", name=label).click()
