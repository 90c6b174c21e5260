"""The real server, started as `make run` starts it (``python -m serve``, Streamlit's ``st.App`` with
the API's routes), over real HTTP on a free loopback port: the page and the API on one port, the
headers and the visitor cookie, the refusals, a Zendesk webhook whose private note the server's own
worker writes back to a stand-in Zendesk, a log at DEBUG without a secret in it, and Chromium
opening a case made through the API by its link."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import (
    AGENT_EMAIL,
    FRESHDESK_SECRET,
    HELPSCOUT_SECRET,
    OTHER_TOKEN,
    SECRETS,
    STRIPE_KEY,
    TOKEN,
    ZENDESK_API_TOKEN,
    ZENDESK_SECRET,
    Helpdesks,
    auth,
    zendesk_body,
    zendesk_headers,
)
from tests.helpers import chromium_missing, patient_expect, streamlit_server, wait_idle

THIRD_TOKEN = "pa_test_token_for_the_rate_limit"
FRAMER = "https://shop.zendesk.com"


@pytest.fixture(scope="module")
def helpdesks():
    with Helpdesks() as h:
        yield h


@pytest.fixture(scope="module")
def server_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("server") / "server.log"


@pytest.fixture(scope="module")
def server(tmp_path_factory, helpdesks, server_log):
    env = {
        "PAYASSIST_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('store')}/cases.sqlite3",
        "PAYASSIST_API_TOKENS": f"{TOKEN},{OTHER_TOKEN},{THIRD_TOKEN}",
        "PAYASSIST_API_RATE": "25/60",
        "PAYASSIST_HELPSCOUT_SECRET": HELPSCOUT_SECRET,
        "PAYASSIST_ZENDESK_WEBHOOK_SECRET": ZENDESK_SECRET,
        "PAYASSIST_FRESHDESK_WEBHOOK_SECRET": FRESHDESK_SECRET,
        "PAYASSIST_ZENDESK_URL": f"{helpdesks.url}/zendesk",
        "PAYASSIST_ZENDESK_EMAIL": AGENT_EMAIL,
        "PAYASSIST_ZENDESK_API_TOKEN": ZENDESK_API_TOKEN,
        "PAYASSIST_FRAME_ANCESTORS": FRAMER,
    }
    with streamlit_server(env=env, log_path=server_log, args=["--logger.level", "debug"]) as url:
        yield url


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server, timeout=30) as c:
        yield c


def test_the_page_and_the_api_share_one_port(http):
    assert http.get("/_stcore/health").text == "ok"
    page = http.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    assert http.get("/api/v1/openapi.json").json()["paths"]["/api/v1/triage"]["post"]


def test_headers_and_the_visitor_cookie(server):
    page = httpx.get(f"{server}/")  # no cookie jar: a first visit each time
    csp = page.headers["content-security-policy"]
    assert f"frame-ancestors 'self' {FRAMER}" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    assert "x-frame-options" not in page.headers  # a helpdesk may frame it: CSP says which
    cookie = next(c for c in page.headers.get_list("set-cookie") if c.startswith("payassist_visitor="))
    parts = {p.strip().split("=")[0].lower() for p in cookie.split(";")}
    assert {"httponly", "path", "max-age"} <= parts and "samesite=lax" in cookie.lower() and "secure" not in parts
    behind_https = httpx.get(f"{server}/", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in next(c for c in behind_https.headers.get_list("set-cookie") if "payassist_visitor" in c)
    kept = httpx.get(f"{server}/", headers={"Cookie": "payassist_visitor=" + "a" * 32})
    assert not any("payassist_visitor" in c for c in kept.headers.get_list("set-cookie"))
    assert httpx.get(f"{server}/api/v1/openapi.json").headers["x-content-type-options"] == "nosniff"


def test_triage_read_and_outcome_over_http(http):
    r = http.post("/api/v1/triage", json={"text": f"key {STRIPE_KEY} and Your card was declined. do_not_honor"},
                  headers=auth())
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["case_url"].startswith(str(http.base_url).rstrip("/") + "/?case=")
    assert STRIPE_KEY[8:40] not in r.text
    cid = answer["case_url"].rpartition("=")[2]
    assert http.get(f"/api/v1/cases/{cid}", headers=auth(OTHER_TOKEN)).json()["plan"] == answer["plan"]
    step = answer["plan"][0]["id"]
    after = http.post(f"/api/v1/cases/{cid}/outcomes", json={"step": step, "outcome": "didnt_help"}, headers=auth())
    assert after.status_code == 200 and step not in [s["id"] for s in after.json()["plan"]]


def test_refusals_over_http(http):
    def error(r, status):
        assert r.status_code == status, r.text
        assert set(r.json()) == {"error"}
        return r

    error(http.post("/api/v1/triage", json={"text": "x"}), 401)
    error(http.post("/api/v1/triage", json={"text": "x"}, headers=auth("wrong")), 401)
    error(http.get("/api/v1/triage", headers=auth()), 405)
    error(http.post("/api/v1/triage", content=b"{nope", headers=auth()), 400)
    error(http.post("/api/v1/triage", json={"text": ["a"]}, headers=auth()), 422)
    error(http.post("/api/v1/triage", content=b"x" * (5 * 1024 * 1024 + 1), headers=auth()), 413)
    error(http.post("/api/zendesk/webhook", content=zendesk_body()), 401)
    body = zendesk_body()
    error(http.post("/api/zendesk/webhook", content=body, headers=zendesk_headers(body, secret="wrong")), 401)
    stale = zendesk_headers(body, stamp="2026-01-01T00:00:00Z")
    assert "five minutes" in error(http.post("/api/zendesk/webhook", content=body, headers=stale), 401).text
    error(http.post("/api/helpscout", content=b"{}"), 401)
    error(http.post("/api/freshdesk/webhook", content=b"{}", headers={"X-Payassist-Secret": "no"}), 401)
    codes = [http.get("/api/v1/cases/abcdefghijklmnopqrstuv", headers=auth(THIRD_TOKEN)).status_code
             for _ in range(26)]
    assert codes[:25] == [404] * 25 and codes[25] == 429
    limited = error(http.get("/api/v1/cases/abcdefghijklmnopqrstuv", headers=auth(THIRD_TOKEN)), 429)
    assert int(limited.headers["retry-after"]) >= 1


def test_a_zendesk_ticket_gets_its_note_from_the_servers_worker(http, helpdesks):
    body = zendesk_body(ticket_id=31337, description=f"Card declined: insufficient_funds. Key: {STRIPE_KEY}")
    r = http.post("/api/zendesk/webhook", content=body, headers=zendesk_headers(body))
    assert r.status_code == 200 and r.json()["created"] is True
    assert helpdesks.got.wait(30), "the server's write-back worker sent nothing"
    assert helpdesks.mistakes == []
    req = next(q for q in helpdesks.requests if q["path"] == "/zendesk/api/v2/tickets/31337.json")
    comment = json.loads(req["raw"])["ticket"]["comment"]
    assert comment["public"] is False and r.json()["case_url"] in comment["body"]
    assert STRIPE_KEY[8:40] not in comment["body"]


def test_the_log_at_debug_holds_no_secret(http, server_log):
    http.post("/api/v1/triage", json={"text": f"my key {STRIPE_KEY}"}, headers=auth())
    http.post("/api/v1/triage", json={"text": "x"}, headers=auth(TOKEN[:-1]))
    text = server_log.read_text()
    assert "Runtime state:" in text  # one of Streamlit's DEBUG lines: the level was on
    for secret in (*SECRETS, THIRD_TOKEN, STRIPE_KEY[8:40], TOKEN[:-1]):
        assert secret not in text, secret


@pytest.mark.browser
@pytest.mark.skipif(bool(chromium_missing()) and not os.environ.get("CI"), reason="Chromium is not installed")
def test_chromium_opens_a_case_made_through_the_api(browser, http, server):
    from playwright.sync_api import expect

    patient_expect()
    answer = http.post("/api/v1/triage", json={"text": "The customer sees: Your card was declined. "
                                               "insufficient_funds"}, headers=auth()).json()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(answer["case_url"])
        wait_idle(page)
        expect(page.locator(":text('Card declined: insufficient funds'):visible").first).to_be_visible()
        expect(page.get_by_text("belongs to someone else")).to_have_count(0)  # not a read-only view
        expect(page.get_by_test_id("stChatInput").locator("textarea")).to_be_enabled()
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies["payassist_visitor"]["httpOnly"] is True and cookies["payassist_visitor"]["sameSite"] == "Lax"
    finally:
        context.close()


def test_the_visitor_cookie_name_is_the_pages():
    from api.headers import VISITOR_COOKIE
    from ui.auth import VISITOR_COOKIE as PAGE_COOKIE

    assert VISITOR_COOKIE == PAGE_COOKIE
