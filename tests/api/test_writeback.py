"""Write-backs: the private note reaches each helpdesk's REST API in the vendor's documented shape
(checked by a local stand-in server), failures are retried with backoff and shown on the case,
nothing is lost across a restart, and no secret reaches the case store or the note."""

from __future__ import annotations

import base64
import json
import time
from datetime import timedelta

from cases.models import now
from conversation import service, writeback
from tests.api.conftest import (
    AGENT_EMAIL,
    FRESHDESK_API_KEY,
    FRESHDESK_SECRET,
    SECRETS,
    STRIPE_KEY,
    ZENDESK_API_TOKEN,
    freshdesk_body,
    zendesk_body,
    zendesk_headers,
)

LATER = timedelta(hours=3)


def post_zendesk(client, **kw):
    body = zendesk_body(**kw)
    r = client.post("/zendesk/webhook", content=body, headers=zendesk_headers(body))
    assert r.status_code == 200, r.text
    return r.json()


def notes(case_url: str) -> list[str]:
    return [n["text"] for n in service.store().notes(case_url.rpartition("=")[2])]


def test_zendesk_gets_a_private_comment_with_the_first_step_and_the_link(client, helpdesks):
    answer = post_zendesk(client, ticket_id=4411)
    assert helpdesks.requests == []  # answered at once: nothing was sent while the webhook waited
    assert writeback.deliver_due() == 1
    assert helpdesks.mistakes == []
    [req] = helpdesks.requests
    assert (req["method"], req["path"]) == ("PUT", "/zendesk/api/v2/tickets/4411.json")
    assert base64.b64decode(req["auth"].split()[1]).decode() == f"{AGENT_EMAIL}/token:{ZENDESK_API_TOKEN}"
    comment = json.loads(req["raw"])["ticket"]["comment"]
    assert comment["public"] is False
    assert comment["body"].startswith("payassist: first step: Card declined: insufficient funds")
    assert answer["case_url"] in comment["body"] and "### Steps" in comment["body"]
    [row] = service.outbox().for_case(answer["case_url"].rpartition("=")[2])
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")
    assert any("Written back to Zendesk ticket #4411" in n for n in notes(answer["case_url"]))
    assert writeback.deliver_due(at=now() + LATER) == 0  # sent once, never again
    post_zendesk(client, ticket_id=4411)  # the same ticket again: no second case, no second note
    assert writeback.deliver_due(at=now() + LATER) == 0 and len(helpdesks.requests) == 1


def test_freshdesk_gets_a_private_html_note(client, helpdesks):
    r = client.post("/freshdesk/webhook", content=freshdesk_body(ticket_id=77, description="<p>Tom &amp; Jerry: "
                    "Connection failed: Stripe account does not match</p>"),
                    headers={"X-Payassist-Secret": FRESHDESK_SECRET})
    assert r.status_code == 200
    assert writeback.deliver_due() == 1
    assert helpdesks.mistakes == []
    [req] = helpdesks.requests
    assert (req["method"], req["path"]) == ("POST", "/freshdesk/api/v2/tickets/77/notes")
    assert base64.b64decode(req["auth"].split()[1]).decode() == f"{FRESHDESK_API_KEY}:X"
    note = json.loads(req["raw"])
    assert note["private"] is True
    assert "<br>" in note["body"] and "Tom &amp; Jerry" in note["body"] and "<p>" not in note["body"]
    assert r.json()["case_url"] in note["body"]


def test_a_failing_helpdesk_is_retried_with_backoff_and_shown_on_the_case(client, helpdesks, monkeypatch):
    monkeypatch.setenv("PAYASSIST_WRITEBACK_ATTEMPTS", "4")
    helpdesks.fail = [503, 503]
    answer = post_zendesk(client, ticket_id=500)
    cid = answer["case_url"].rpartition("=")[2]
    assert writeback.deliver_due() == 0
    [row] = service.outbox().for_case(cid)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "Zendesk answered HTTP 503.")
    first_wait = row.next_at - now()
    assert timedelta(seconds=25) < first_wait <= timedelta(seconds=30)
    assert writeback.deliver_due() == 0  # not due yet: nothing sent
    assert len(helpdesks.requests) == 1
    assert any("failed: Zendesk answered HTTP 503" in n for n in notes(answer["case_url"]))

    assert writeback.deliver_due(at=now() + LATER) == 0
    [row] = service.outbox().for_case(cid)
    assert row.attempts == 2 and row.next_at - now() > first_wait + timedelta(seconds=20)  # doubled
    assert writeback.deliver_due(at=now() + LATER) == 1
    [row] = service.outbox().for_case(cid)
    assert row.status == "sent" and row.attempts == 3
    assert helpdesks.mistakes == [] and len(helpdesks.requests) == 3


def test_after_the_last_attempt_it_is_given_up_and_the_case_says_so(client, helpdesks, monkeypatch):
    monkeypatch.setenv("PAYASSIST_WRITEBACK_ATTEMPTS", "2")
    monkeypatch.setenv("PAYASSIST_ZENDESK_API_TOKEN", "revoked-token")  # the stand-in answers 401
    answer = post_zendesk(client, ticket_id=501)
    writeback.deliver_due()
    writeback.deliver_due(at=now() + LATER)
    [row] = service.outbox().for_case(answer["case_url"].rpartition("=")[2])
    assert (row.status, row.attempts, row.last_error) == ("failed", 2, "Zendesk answered HTTP 401.")
    assert any("Gave up writing back to Zendesk ticket #501 after 2 attempts" in n for n in notes(answer["case_url"]))
    assert writeback.deliver_due(at=now() + LATER) == 0
    assert "revoked-token" not in json.dumps(row.to_dict())


def test_an_unreachable_helpdesk_is_a_sentence_and_a_retry(client, helpdesks, monkeypatch):
    post_zendesk(client, ticket_id=502)
    monkeypatch.setenv("PAYASSIST_ZENDESK_URL", "http://127.0.0.1:9")  # nothing listens there
    writeback.deliver_due()
    [row] = [n for n in service.outbox().due(at=now() + LATER)]
    assert row.status == "pending" and row.last_error.startswith("Zendesk could not be reached")


def test_queued_notes_survive_a_restart(client, helpdesks):
    answer = post_zendesk(client, ticket_id=600)
    service.reset()  # the process is gone; a new one opens the same store
    assert writeback.deliver_due() == 1
    assert helpdesks.requests[0]["path"] == "/zendesk/api/v2/tickets/600.json"
    assert answer["case_url"] in json.loads(helpdesks.requests[0]["raw"])["ticket"]["comment"]["body"]


def test_without_credentials_nothing_is_queued(client, env, monkeypatch):
    monkeypatch.delenv("PAYASSIST_ZENDESK_URL", raising=False)
    answer = post_zendesk(client, ticket_id=700)
    assert service.outbox().for_case(answer["case_url"].rpartition("=")[2]) == []


def test_the_worker_sends_a_note_queued_while_it_runs(client, helpdesks):
    worker = writeback.Worker(poll=30).start()
    try:
        post_zendesk(client, ticket_id=800)
        assert helpdesks.got.wait(15), "the worker did not send the note"
    finally:
        worker.stop()
    assert helpdesks.requests[0]["path"] == "/zendesk/api/v2/tickets/800.json"
    deadline = time.monotonic() + 5
    while service.outbox().due(at=now() + LATER) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not service.outbox().due(at=now() + LATER)


def test_no_secret_and_no_key_reaches_the_note_the_store_or_a_debug_log(client, helpdesks, env, caplog, monkeypatch):
    import logging

    caplog.set_level(logging.DEBUG)
    post_zendesk(client, ticket_id=900, description=f"Here is my Stripe key {STRIPE_KEY}, card declined")
    helpdesks.fail = [500]
    writeback.deliver_due()
    writeback.deliver_due(at=now() + LATER)
    logged = caplog.text + " ".join(str(r.__dict__) for r in caplog.records)
    assert "httpcore" in logged or "httpx" in logged  # the HTTP client's own DEBUG lines were captured
    basic = [helpdesks.basic(f"{AGENT_EMAIL}/token", ZENDESK_API_TOKEN).split()[1],
             helpdesks.basic(FRESHDESK_API_KEY, "X").split()[1]]
    for secret in (*SECRETS, STRIPE_KEY[8:40], *basic):
        assert secret not in logged, secret
    helpdesks.requests = [r for r in helpdesks.requests if r["status"] < 300]
    sent = helpdesks.requests[0]["raw"].decode()
    assert STRIPE_KEY[8:40] not in sent and "sk_live_" in sent  # masked, its kind still said
    stored = b"".join(p.read_bytes() for p in env.parent.glob("cases.sqlite3*"))
    for secret in (*SECRETS, STRIPE_KEY[8:40]):
        assert secret.encode() not in stored, secret
    assert repr(writeback.request_for("zendesk", "1", "x")).count(ZENDESK_API_TOKEN) == 0


def test_the_outbox_on_postgresql(client, helpdesks, fresh_pg, monkeypatch):
    """Replicas share PostgreSQL: the same ticket is one case there too, and a note is sent once
    even when two workers look for due notes at the same moment."""
    monkeypatch.setenv("PAYASSIST_DATABASE_URL", fresh_pg)
    service.reset()
    answer = post_zendesk(client, ticket_id=1200)
    assert post_zendesk(client, ticket_id=1200)["created"] is False
    first, second = service.outbox().due(), service.outbox().due()
    assert len(first) == 1 and second == []  # leased to the first worker
    assert writeback.deliver_due(at=now() + LATER) == 1
    assert json.loads(helpdesks.requests[0]["raw"])["ticket"]["comment"]["body"].count(answer["case_url"]) >= 1
    [row] = service.outbox().for_case(answer["case_url"].rpartition("=")[2])
    assert row.status == "sent"
    service.store().delete(answer["case_url"].rpartition("=")[2])  # its ticket and notes go with it
    assert service.outbox().case_for("zendesk", "1200") is None
