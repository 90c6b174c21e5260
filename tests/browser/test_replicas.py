"""Two app servers on one PostgreSQL, as a deployment with two replicas: both migrate an empty
database at once, a case started on one continues on the other, outcomes recorded on the second
appear on the first's Outcomes page, a stale tab never overwrites a newer state, and a tab that
outlives its server's restart says so instead of dropping the click."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import expect

from cases.store import CaseStore
from tests.helpers import chromium_missing, free_port, patient_expect, streamlit_server, wait_idle

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
patient_expect()

PASTE = "The customer says: Your card has insufficient funds."


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']", has_text=label)
    return box.locator("[data-testid='stMetricValue']").inner_text()


def outcomes_page(page, server: str) -> None:
    page.goto(f"{server}/Outcomes")
    wait_idle(page)


def step_title(page) -> str:
    return page.locator(".st-key-current-step strong").first.inner_text()


def test_two_replicas_on_one_postgresql(browser, fresh_pg):
    env = {"PAYASSIST_DATABASE_URL": fresh_pg}
    port_a = free_port()
    with contextlib.ExitStack() as stack:
        a = stack.enter_context(streamlit_server(env=env, port=port_a))
        b = stack.enter_context(streamlit_server(env=env))
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab_a, tab_b = context.new_page(), context.new_page()

        # Both replicas open the empty database at the same moment: one migrates, the other waits.
        tab_a.goto(f"{a}/Outcomes", wait_until="commit")
        tab_b.goto(f"{b}/Outcomes", wait_until="commit")
        for tab in (tab_a, tab_b):
            wait_idle(tab)
            expect(tab.get_by_text("No outcomes recorded yet", exact=False)).to_be_visible()

        # A case started on replica A ...
        tab_a.goto(a)
        wait_idle(tab_a)
        tab_a.get_by_placeholder("Describe the problem or paste an error message…").fill(PASTE)
        tab_a.keyboard.press("Enter")
        wait_idle(tab_a)
        first = step_title(tab_a)
        case_id = tab_a.url.split("case=")[1]

        # ... continues on replica B (the same browser: the same owner), which records an outcome ...
        tab_b.goto(f"{b}/?case={case_id}")
        wait_idle(tab_b)
        assert step_title(tab_b) == first
        tab_b.get_by_role("button", name="Didn't help").click()
        wait_idle(tab_b)
        second = step_title(tab_b)
        assert second != first

        # ... that replica A's Outcomes page shows.
        outcomes = context.new_page()
        outcomes_page(outcomes, a)
        assert metric(outcomes, "Cases with outcomes") == "1"

        # Tab A still shows the first step: a stale tab. B marks the second step fixed; A's old
        # "Didn't help" must not turn the case back to unresolved.
        tab_b.get_by_role("button", name="This fixed it").click()
        wait_idle(tab_b)
        tab_a.get_by_role("button", name="Didn't help").click()
        wait_idle(tab_a)
        expect(tab_a.get_by_text("changed in another tab", exact=False)).to_be_visible()
        expect(tab_a.get_by_text("Glad that fixed it", exact=False)).to_be_visible()
        store = CaseStore(fresh_pg)
        rec = store.load(case_id)
        assert rec.status == "fixed"
        assert sorted(o["outcome"] for o in rec.outcomes) == ["didnt_help", "fixed"]
        outcomes_page(outcomes, a)
        assert metric(outcomes, "Resolved") == "1"

        # Replica A restarts under tab A: the tab reconnects and says so on its next click.
        tab_a.get_by_role("button", name="Start over").click()
        wait_idle(tab_a)
        tab_a.get_by_placeholder("Describe the problem or paste an error message…").fill(PASTE)
        tab_a.keyboard.press("Enter")
        wait_idle(tab_a)
        expect(tab_a.get_by_role("button", name="Didn't help")).to_be_visible()
        new_case = tab_a.url.split("case=")[1]
        stack.close()  # both servers stop
        with streamlit_server(env=env, port=port_a):
            tab_a.wait_for_timeout(500)
            expect(tab_a.get_by_role("button", name="Didn't help")).to_be_enabled()
            tab_a.get_by_role("button", name="Didn't help").click()
            wait_idle(tab_a)
            expect(tab_a.get_by_text("reconnected", exact=False)).to_be_visible()
            expect(tab_a.get_by_role("button", name="Didn't help")).to_be_visible()  # the case, re-rendered
            tab_a.get_by_role("button", name="Didn't help").click()  # repeated: it counts now
            wait_idle(tab_a)
            assert [o["outcome"] for o in store.outcomes(new_case)] == ["didnt_help"]
        context.close()
        store.engine.dispose()
