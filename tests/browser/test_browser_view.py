"""What a person just did is where their eye is (#24): after an upload the analysis is in view, not the
emptied uploader; after *Start demo* the banner or step 1 is on screen. Desktop and phone."""

from __future__ import annotations

import os

import pytest

from tests.helpers import chromium_missing, export_all_failing, patient_expect, streamlit_server, wait_idle

pytestmark = pytest.mark.browser

if (reason := chromium_missing()) and not os.environ.get("CI"):
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

patient_expect()
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
#: Some of the element between the top and the bottom of the window.
_IN_VIEW = "e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }"


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


@pytest.mark.parametrize("name", VIEWPORTS)
def test_after_an_upload_the_analysis_is_in_view(browser, server, tmp_path, name):
    w, h = VIEWPORTS[name]
    ctx = browser.new_context(viewport={"width": w, "height": h})
    page = ctx.new_page()
    try:
        page.goto(server)
        wait_idle(page)
        page.get_by_text("More checks: a payments export").click()
        wait_idle(page)
        path = tmp_path / "payments.csv"
        path.write_bytes(export_all_failing())
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(path))
        wait_idle(page)
        page.wait_for_timeout(1500)  # the page places new content once the run has settled
        expect(page.get_by_text("failed of 300 payments", exact=False).first).to_be_in_viewport()
    finally:
        ctx.close()


@pytest.mark.parametrize("name", VIEWPORTS)
def test_after_start_demo_the_banner_or_step_one_is_in_view(browser, server, name):
    w, h = VIEWPORTS[name]
    ctx = browser.new_context(viewport={"width": w, "height": h})
    page = ctx.new_page()
    try:
        page.goto(server)
        wait_idle(page)
        page.get_by_text("Trainer", exact=True).click()
        wait_idle(page)
        if name == "phone":
            page.get_by_test_id("stExpandSidebarButton").click()
        page.get_by_role("combobox", name="Scenario").click()
        page.get_by_role("option", name="A subscription on its third failed attempt (Kartra's retry cycle)").click()
        wait_idle(page)
        page.get_by_role("button", name="Start demo", exact=True).click()
        wait_idle(page)
        page.wait_for_timeout(1500)
        demo = page.get_by_text("Demo:", exact=False).first
        step = page.locator(".st-key-current-step")
        expect(step).to_be_visible()
        assert demo.evaluate(_IN_VIEW) or step.evaluate(_IN_VIEW), "neither the banner nor step 1 is on screen"
    finally:
        ctx.close()
