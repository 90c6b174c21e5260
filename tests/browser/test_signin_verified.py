"""Issue 23 in Chromium through a real OIDC provider on loopback: with allowed domains, a person whose
provider says ``email_verified: false`` is not trusted with the agent features; a verified one is."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers import chromium_missing, patient_expect, signin_server, wait_idle

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
patient_expect()


@pytest.fixture(scope="module")
def oidc():
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub="mallory", claims={"email": "ada@example.com", "name": "Not Ada", "email_verified": False}),
             User(sub="ada", claims={"email": "ada@example.com", "name": "Ada Agent", "email_verified": True})]
    with run_server_in_thread(port=0, user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def server(oidc, tmp_path_factory):
    env = {"PAYASSIST_ALLOWED_DOMAINS": "example.com"}
    with signin_server(oidc, tmp_path_factory.mktemp("signin-verified"), env) as url:
        yield url


def sign_in(page, server: str, sub: str) -> None:
    page.get_by_role("button", name="Sign in").click()
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{server}/**")
    wait_idle(page)


def test_an_unverified_address_in_an_allowed_domain_gets_no_agent_features(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server)
    wait_idle(page)
    sign_in(page, server, "mallory")
    expect(page.get_by_text("hasn't verified ada@example.com", exact=False).first).to_be_visible()
    expect(page.get_by_text("Support agent", exact=True)).to_have_count(0)
    page.goto(server + "/Cases")
    wait_idle(page)
    expect(page.locator("[data-testid='stTable']")).to_have_count(0)
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server)
    wait_idle(page)
    sign_in(page, server, "ada")
    expect(page.get_by_text("Support agent", exact=True)).to_be_visible()
    context.close()
