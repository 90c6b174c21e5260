"""The JSON API through Starlette's TestClient: answers in the contract's shape, every refusal as a
JSON sentence with its status, keys masked before anything is kept or answered."""

from __future__ import annotations

import logging

import pytest

from tests.api.conftest import OTHER_TOKEN, SECRETS, STRIPE_KEY, TOKEN, auth

SHAPE = {"facts", "recognised", "questions", "plan", "exhausted", "customer_reply", "summary", "case_url"}
STEP = {"id", "actor", "title", "detail", "why", "source"}


def case_id(answer: dict) -> str:
    return answer["case_url"].rpartition("?case=")[2]


def assert_error(r, status: int) -> str:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and isinstance(body["error"], str)
    assert body["error"][:1].isupper() and body["error"].rstrip().endswith("."), body["error"]
    return body["error"]


def test_triage_answers_the_contract_and_makes_an_ordinary_case(client):
    r = client.post("/v1/triage", json={"text": "The customer sees: Your card was declined. (insufficient_funds)"},
                    headers=auth())
    assert r.status_code == 200, r.text
    answer = r.json()
    assert set(answer) == SHAPE
    assert answer["facts"]["decline_code"] == "insufficient_funds"
    assert answer["plan"] and all(set(s) == STEP for s in answer["plan"])
    assert answer["plan"][0]["id"] == "decline.insufficient_funds"
    assert answer["case_url"].startswith("http://payassist.test/?case=")
    assert answer["case_url"] in answer["summary"]

    from conversation import service

    rec = service.store().load(case_id(answer))
    assert rec is not None and rec.owner == "api:triage" and rec.role == "agent"
    assert rec.conversation["words"] and "insufficient_funds" in rec.conversation["words"][0]


def test_the_public_url_is_the_one_links_use(client, monkeypatch):
    monkeypatch.setenv("PAYASSIST_PUBLIC_URL", "https://help.shop.example/payassist/")
    r = client.post("/v1/triage", json={"text": "card declined"}, headers=auth())
    assert r.json()["case_url"].startswith("https://help.shop.example/payassist/?case=")


def test_facts_and_role_are_taken(client):
    r = client.post("/v1/triage", json={"text": "", "facts": {"scope": "all", "processor": "stripe"}, "role": "seller"},
                    headers=auth())
    assert r.status_code == 200, r.text
    assert r.json()["facts"]["scope"] == "all"
    assert "Reported by: Seller" in r.json()["summary"]


def test_a_case_reads_back_and_outcomes_move_the_plan_on(client):
    text = "Your card was declined. insufficient_funds"
    first = client.post("/v1/triage", json={"text": text}, headers=auth()).json()
    cid = case_id(first)
    again = client.get(f"/v1/cases/{cid}", headers=auth(OTHER_TOKEN))
    assert again.status_code == 200 and set(again.json()) == SHAPE
    assert again.json()["plan"] == first["plan"]

    step = first["plan"][0]["id"]
    after = client.post(f"/v1/cases/{cid}/outcomes", json={"step": step, "outcome": "didnt_help"}, headers=auth())
    assert after.status_code == 200, after.text
    assert step not in [s["id"] for s in after.json()["plan"]]
    assert "didn't help" in after.json()["summary"]

    fixed = client.post(f"/v1/cases/{cid}/outcomes", json={"step": after.json()["plan"][0]["id"], "outcome": "fixed"},
                        headers=auth()).json()
    assert "fixed it" in fixed["summary"]
    from conversation import service

    rec = service.store().load(cid)
    assert rec.status == "fixed" and {o["outcome"] for o in rec.outcomes} == {"didnt_help", "fixed"}


# --- refusals ----------------------------------------------------------------------------------------------
def test_no_token_wrong_token_and_no_tokens_configured_are_401(client, monkeypatch):
    assert "Bearer" in assert_error(client.post("/v1/triage", json={"text": "x"}), 401)
    assert_error(client.post("/v1/triage", json={"text": "x"}, headers=auth("nope")), 401)
    assert_error(client.post("/v1/triage", json={"text": "x"}, headers={"Authorization": f"Basic {TOKEN}"}), 401)
    assert_error(client.post("/v1/triage", json={"text": "x"}, headers=auth(TOKEN + "x")), 401)
    assert_error(client.get("/v1/cases/abcdefghijklmnopqrstuv"), 401)
    monkeypatch.setenv("PAYASSIST_API_TOKENS", "")
    assert "PAYASSIST_API_TOKENS" in assert_error(client.post("/v1/triage", json={"text": "x"}, headers=auth()), 401)


def test_a_wrong_method_is_405(client):
    assert "POST" in assert_error(client.get("/v1/triage", headers=auth()), 405)
    assert_error(client.put("/v1/triage", json={"text": "x"}, headers=auth()), 405)
    assert_error(client.delete("/v1/cases/abcdefghijklmnopqrstuv", headers=auth()), 405)
    assert_error(client.get("/zendesk/webhook"), 405)


def test_bad_json_is_400(client):
    assert_error(client.post("/v1/triage", content=b'{"text": "unterminated', headers=auth()), 400)
    assert_error(client.post("/v1/triage", content=b"\xff\xfe not utf-8", headers=auth()), 400)
    assert_error(client.post("/v1/triage", content=b"", headers=auth()), 400)


@pytest.mark.parametrize("body, field", [
    ({"text": 42}, "text"),
    ({}, "text"),
    ({"text": "x", "facts": {"scope": "everyone"}}, "facts.scope"),
    ({"text": "x", "facts": {"no_such_fact": "1"}}, "facts.no_such_fact"),
    ({"text": "x", "facts": {"continue_inactive": "yes"}}, "facts.continue_inactive"),
    ({"text": "x", "facts": []}, "facts"),
    ({"text": "x", "role": "trainer"}, "role"),
    (["text"], "body"),
])
def test_a_field_of_the_wrong_type_is_422_naming_it(client, body, field):
    sentence = assert_error(client.post("/v1/triage", json=body, headers=auth()), 422)
    assert f"“{field}”" in sentence or (field == "body" and "JSON object" in sentence)


def test_outcome_refusals(client):
    cid = case_id(client.post("/v1/triage", json={"text": "card declined"}, headers=auth()).json())
    assert_error(client.post(f"/v1/cases/{cid}/outcomes", json={"step": "decline.generic_decline", "outcome": "maybe"},
                             headers=auth()), 422)
    assert_error(client.post(f"/v1/cases/{cid}/outcomes", json={"step": "no.such_step", "outcome": "fixed"},
                             headers=auth()), 422)
    assert_error(client.post("/v1/cases/abcdefghijklmnopqrstuv/outcomes",
                             json={"step": "decline.generic_decline", "outcome": "fixed"}, headers=auth()), 404)
    assert_error(client.get("/v1/cases/not a case id", headers=auth()), 404)
    assert_error(client.get("/nowhere", headers=auth()), 404)


def test_a_body_over_5_mb_is_413_declared_or_streamed(client):
    big = b'{"text": "' + b"a" * (5 * 1024 * 1024) + b'"}'
    assert "5 MB" in assert_error(client.post("/v1/triage", content=big, headers=auth()), 413)

    def chunks():  # no Content-Length: the cap holds while reading
        yield b'{"text": "'
        for _ in range(6):
            yield b"a" * (1024 * 1024)
        yield b'"}'

    assert_error(client.post("/v1/triage", content=chunks(), headers=auth()), 413)
    for path in ("/helpscout", "/zendesk/webhook", "/freshdesk/webhook"):
        assert_error(client.post(path, content=big), 413)


def test_just_under_5_mb_is_read(client):
    text = "Your card was declined. " + "x" * (5 * 1024 * 1024 - 200)
    r = client.post("/v1/triage", json={"text": text}, headers=auth())
    assert r.status_code == 200, r.text[:200]
    assert r.json()["facts"].get("error") == "card_declined"


def test_over_the_rate_limit_is_429_with_retry_after_per_token(client, monkeypatch):
    monkeypatch.setenv("PAYASSIST_API_RATE", "3/60")
    for _ in range(3):
        assert client.get("/v1/cases/abcdefghijklmnopqrstuv", headers=auth()).status_code == 404
    r = client.get("/v1/cases/abcdefghijklmnopqrstuv", headers=auth())
    assert_error(r, 429)
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert client.get("/v1/cases/abcdefghijklmnopqrstuv", headers=auth(OTHER_TOKEN)).status_code == 404


# --- secrets -----------------------------------------------------------------------------------------------
def test_a_stripe_key_in_the_text_is_never_answered_stored_or_logged(client, env, caplog):
    caplog.set_level(logging.DEBUG)
    r = client.post("/v1/triage", json={"text": f"Kartra says my key {STRIPE_KEY} fails: Your card was declined."},
                    headers=auth())
    assert r.status_code == 200
    assert STRIPE_KEY not in r.text and STRIPE_KEY[8:40] not in r.text
    assert r.json()["facts"]["key_kind"] == "live_secret"
    again = client.get(f"/v1/cases/{case_id(r.json())}", headers=auth())
    assert STRIPE_KEY[8:40] not in again.text
    stored = b"".join(p.read_bytes() for p in env.parent.glob("cases.sqlite3*"))
    assert STRIPE_KEY[8:40].encode() not in stored
    for secret in SECRETS:
        assert secret.encode() not in stored
    logged = caplog.text + " ".join(str(rec.__dict__) for rec in caplog.records)
    assert STRIPE_KEY[8:40] not in logged and TOKEN not in logged


def test_a_refused_token_is_never_echoed(client):
    for r in (client.post("/v1/triage", json={"text": "x"}, headers=auth(TOKEN[:-1])),
              client.post("/v1/triage", json={"text": 1}, headers=auth()),
              client.get("/v1/triage", headers=auth())):
        assert r.status_code >= 400
        assert TOKEN[:-1] not in r.text and TOKEN[:-1] not in str(r.headers)


# --- the OpenAPI document --------------------------------------------------------------------------------------
def test_openapi_is_generated_from_the_models_and_the_facts_vocabulary(client):
    import api
    from api.openapi import OPERATIONS
    from conversation import service

    doc = client.get("/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    routed = {("/api" + r.path, m.lower()) for r in api.ROUTES for m in r.methods if m != "HEAD"}
    assert routed == {(p, m) for p, m, *_ in OPERATIONS} == {(p, m) for p in doc["paths"] for m in doc["paths"][p]}
    schemas = doc["components"]["schemas"]
    triage = schemas["TriageRequest"]
    assert triage["required"] == ["text"]
    facts = schemas["Facts"]["properties"]
    vocab = service.fact_vocabulary()
    assert set(facts) == set(vocab)
    assert facts["scope"]["anyOf"][0]["enum"] == sorted(vocab["scope"]["values"])
    assert set(schemas["CaseAnswer"]["properties"]) == SHAPE
    assert set(schemas["PlanStep"]["properties"]) == STEP
    assert schemas["OutcomeRequest"]["properties"]["outcome"]["enum"] == ["fixed", "didnt_help"]


def test_no_case_store_is_503_without_the_password(client, monkeypatch):
    from conversation import service

    monkeypatch.setenv("PAYASSIST_DATABASE_URL", "postgresql+psycopg://u:hunter2@127.0.0.1:9/x")
    service.reset()
    r = client.post("/v1/triage", json={"text": "card declined"}, headers=auth())
    sentence = assert_error(r, 503)
    assert "hunter2" not in sentence and "unavailable" in sentence


def test_headers_on_every_answer_and_the_visitor_cookie(monkeypatch):
    """The middleware alone, around a plain app: CSP from PAYASSIST_FRAME_ANCESTORS, the cookie set
    once, HttpOnly and SameSite=Lax, Secure behind HTTPS, also on a cached page (304)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from api.headers import SecurityHeaders

    app = Starlette(routes=[Route("/", lambda r: HTMLResponse("<p>page</p>")),
                            Route("/cached", lambda r: Response(status_code=304)),
                            Route("/static/app.js", lambda r: Response("js", media_type="text/javascript"))],
                    middleware=[Middleware(SecurityHeaders)])
    monkeypatch.setenv("PAYASSIST_FRAME_ANCESTORS", "https://a.zendesk.com, https://b.freshdesk.com 'unsafe';x")
    with TestClient(app) as c:
        r = c.get("/")
        assert r.headers["content-security-policy"].startswith(
            "frame-ancestors 'self' https://a.zendesk.com https://b.freshdesk.com; ")
        assert "x-frame-options" not in r.headers
        cookie = r.headers["set-cookie"]
        assert cookie.startswith("payassist_visitor=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Secure" not in cookie
        assert "set-cookie" not in c.get("/").headers  # the client now sends it: not set again
    with TestClient(app) as c:
        assert "payassist_visitor=" in c.get("/cached").headers.get("set-cookie", "")
    with TestClient(app) as c:
        assert "set-cookie" not in c.get("/static/app.js").headers
        assert c.get("/static/app.js").headers["x-content-type-options"] == "nosniff"
        assert "Secure" in c.get("/", headers={"X-Forwarded-Proto": "https"}).headers["set-cookie"]
    monkeypatch.delenv("PAYASSIST_FRAME_ANCESTORS")
    with TestClient(app) as c:
        r = c.get("/")
        assert r.headers["x-frame-options"] == "SAMEORIGIN"
        assert r.headers["content-security-policy"].startswith("frame-ancestors 'self'; ")
        assert r.headers["referrer-policy"] == "same-origin"
