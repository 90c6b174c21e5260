"""Accessibility in Chromium with axe-core (axe-playwright-python): no serious or critical violation on
the start page, a plan, the closing hand-off, the Outcomes page and a phone; flows work by keyboard."""

from __future__ import annotations

import os

import pytest

from tests.helpers import chromium_missing, patient_expect, streamlit_server, wait_idle

pytestmark = pytest.mark.browser

if (reason := chromium_missing()) and not os.environ.get("CI"):
    pytest.skip(reason, allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

patient_expect()
AXE = Axe()


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


def serious(page) -> list[str]:
    """Serious and critical violations, one line each (rule, impact, the first offending element)."""
    # Streamlit fades elements while a script runs and for a moment after: measure the settled page.
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stElementContainer]')]"
                           ".every(e => getComputedStyle(e).opacity === '1')", timeout=10_000)
    page.wait_for_timeout(1000)
    results = AXE.run(page)  # the copy buttons are in the page (st.components.v2), checked with it
    out = []
    for v in results.response["violations"]:
        if v["impact"] in ("serious", "critical"):
            out.append(f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]} · {v['help']}")
    return out


def click(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).first.click()
    wait_idle(page)


def test_start_page(page):
    expect(page.get_by_text("What's going wrong with your payments?")).to_be_visible()
    assert serious(page) == []


def test_a_plan_and_the_hand_off(page):
    click(page, "One or a few customers can't pay")
    click(page, "A new purchase won't go through")
    expect(page.get_by_text("step 1 of 7")).to_be_visible()
    assert serious(page) == []
    for _ in range(8):
        if page.get_by_role("button", name="Didn't help", exact=True).count() == 0:
            break
        click(page, "Didn't help")
    expect(page.get_by_text("tried every step Kartra's help articles cover", exact=False).first).to_be_visible()
    assert serious(page) == []


def test_the_outcomes_page(page, server):
    page.goto(f"{server}/Outcomes")
    wait_idle(page)
    expect(page.get_by_role("heading", name="What fixes what")).to_be_visible()
    assert serious(page) == []


def test_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(server)
        wait_idle(page)
        # The role and the live check are on the page, not hidden in the sidebar.
        expect(page.get_by_role("radio", name="Support agent")).to_be_visible()
        expect(page.get_by_role("button", name="Check with Stripe")).to_be_visible()
        assert serious(page) == []
        page.get_by_role("button", name="No payments go through at all").tap()
        wait_idle(page)
        page.wait_for_timeout(800)  # the smooth scroll to the new question
        question = page.get_by_text("Does the product wizard show a red hourglass", exact=False)
        expect(question).to_be_in_viewport()
        assert serious(page) == []
    finally:
        context.close()


def test_keyboard_only_from_symptom_to_plan(page):
    button = page.get_by_role("button", name="One or a few customers can't pay")
    button.focus()
    page.keyboard.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="A recurring (subscription) payment failed").focus()
    page.keyboard.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="PayPal", exact=True).focus()
    page.keyboard.press("Space")
    wait_idle(page)
    expect(page.get_by_text("1. Update the funding source in PayPal")).to_be_visible()
    page.get_by_role("button", name="Didn't help").focus()
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.get_by_text("2. Check the card on file is still valid")).to_be_visible()


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_every_screen_a_person_meets(browser, server, tmp_path, viewport):
    """#24: the start, a plan, the hand-off with its summary and copy buttons open, an export and the
    Cases page, on a desktop and on a phone: no serious or critical violation on any."""
    from tests.helpers import export_all_failing

    phone = viewport[0] < 600
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, is_mobile=phone,
                                  has_touch=phone)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        page.goto(server)
        wait_idle(page)
        found["start"] = serious(page)
        click(page, "One or a few customers can't pay")
        click(page, "A new purchase won't go through")
        found["plan"] = serious(page)
        for _ in range(10):
            if page.get_by_role("button", name="Didn't help", exact=True).count() == 0:
                break
            click(page, "Didn't help")
        expect(page.get_by_role("button", name="Copy summary")).to_be_visible()
        found["hand-off"] = serious(page)
        path = tmp_path / "payments.csv"
        path.write_bytes(export_all_failing())
        page.goto(server)
        wait_idle(page)
        page.get_by_text("More checks: a payments export").click()
        wait_idle(page)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(path))
        expect(page.get_by_text("Every payment has failed since", exact=False).first).to_be_visible()
        found["export"] = serious(page)
        page.goto(f"{server}/Cases")
        wait_idle(page)
        expect(page.get_by_role("heading", name="Cases")).to_be_visible()
        found["cases"] = serious(page)
    finally:
        context.close()
    assert {k: v for k, v in found.items() if v} == {}
