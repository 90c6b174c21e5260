"""Sign-in in a real Chromium against a real OIDC provider on loopback (oidc-provider-mock), with
Streamlit's own ``st.login`` configured in a secrets file as its documentation says; and the
visitor cookie that lets an anonymous seller keep their case while a stranger sees it read-only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers import chromium_missing, patient_expect, signin_server, wait_idle

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
patient_expect()

PASTE = ("Hi, customer jane.doe@example.com (call her on +1 415 555 0132) says: "
         "Your card has insufficient funds.")


@pytest.fixture(scope="module")
def oidc():
    """A real OpenID Connect provider on loopback: discovery, authorize form, tokens, userinfo, logout."""
    from oidc_provider_mock import User, run_server_in_thread

    ada = User(sub="ada", claims={"email": "ada@example.com", "name": "Ada Agent"})
    with run_server_in_thread(port=0, user_claims=[ada]) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def server(oidc, tmp_path_factory):
    """The app with sign-in configured in a secrets file (the browser must use the redirect's host)."""
    with signin_server(oidc, tmp_path_factory.mktemp("signin")) as url:
        yield url


def test_an_agent_signs_in_sees_the_agent_features_and_signs_out(page, server):
    # Anonymous: a seller, with a way in for the team and none of the team's features.
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Support agent", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Cases")).to_have_count(0)

    page.get_by_role("button", name="Sign in").click()
    page.locator('input[name="sub"]').fill("ada")  # the provider's own login form
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{server}/**")
    wait_idle(page)
    expect(page.get_by_text("Signed in as Ada Agent (ada@example.com)")).to_be_visible()
    page.get_by_text("Support agent", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("Ticket triage", exact=False)).to_be_visible()
    page.get_by_role("link", name="Cases").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    expect(page.get_by_text("Sign in as a support agent")).to_have_count(0)

    page.goto(server)
    wait_idle(page)
    page.get_by_role("button", name="Sign out").click()
    end_session = page.get_by_role("button", name="End session")  # the provider confirms the logout
    end_session.click()
    page.wait_for_url(f"{server}/**")
    wait_idle(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Support agent", exact=True)).to_have_count(0)

    # Signed out, the team's pages are closed even when reached by their address.
    for path in ("/Cases", "/Outcomes"):
        page.goto(server + path)
        wait_idle(page)
        expect(page.get_by_text("Sign in as a support agent")).to_be_visible()
        expect(page.locator("[data-testid='stTable']")).to_have_count(0)


def test_a_seller_keeps_their_case_and_a_stranger_sees_it_masked(browser, server):
    seller = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = seller.new_page()
    tab.goto(server)
    wait_idle(tab)
    tab.get_by_placeholder("Describe the problem or paste an error message…").fill(PASTE)
    tab.keyboard.press("Enter")
    wait_idle(tab)
    expect(tab.get_by_role("button", name="Didn't help")).to_be_visible()
    link = tab.url
    assert "case=" in link
    assert any(c["name"] == "payassist_visitor" for c in seller.cookies())

    tab.reload()  # the same browser: still the owner, still able to work on it
    wait_idle(tab)
    expect(tab.get_by_role("button", name="Didn't help")).to_be_visible()
    expect(tab.get_by_text("jane.doe@example.com", exact=False).first).to_be_visible()

    stranger = browser.new_context(viewport={"width": 1280, "height": 900})
    other = stranger.new_page()
    other.goto(link)
    wait_idle(other)
    expect(other.get_by_text("Read-only", exact=False).first).to_be_visible()
    expect(other.get_by_role("button", name="Didn't help")).to_have_count(0)
    expect(other.get_by_text("j•••@example.com", exact=False).first).to_be_visible()
    assert "jane.doe@example.com" not in other.content() and "555 0132" not in other.content()
    expect(other.get_by_placeholder("Read-only: start over to describe your own problem")).to_be_disabled()

    # The seller deletes their own case; the link then opens nothing.
    tab.wait_for_timeout(1500)  # the page's own scroll after a run has settled
    tab.get_by_role("button", name="This case").click()
    tab.get_by_text("Delete it for good", exact=False).click()
    wait_idle(tab)
    tab.get_by_role("button", name="Delete this case").click()
    wait_idle(tab)
    expect(tab.get_by_text("The case was deleted", exact=False)).to_be_visible()
    assert "case=" not in tab.url
    other.goto(link)
    wait_idle(other)
    expect(other.get_by_text("unknown or malformed", exact=False)).to_be_visible()
    seller.close()
    stranger.close()
