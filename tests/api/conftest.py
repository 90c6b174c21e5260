"""The API's tests: its Starlette app through TestClient (no Streamlit), each test on its own case
store, with its own tokens and secrets, and a local stand-in for the helpdesks' REST APIs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from starlette.testclient import TestClient

TOKEN = "pa_test_token_7f3c9e1b2d4a"
OTHER_TOKEN = "pa_test_token_second_55aa"
HELPSCOUT_SECRET = "hs-secret-0123456789abcdef0123456789"
ZENDESK_SECRET = "zd-signing-secret-Qm9vbSBib29tIGJvb20"
FRESHDESK_SECRET = "fd-shared-secret-8c2e71"
ZENDESK_API_TOKEN = "zd-api-token-6wQ2pXz9"
FRESHDESK_API_KEY = "fd-api-key-Jk29sLq"
AGENT_EMAIL = "agent@shop.example"
SECRETS = (TOKEN, OTHER_TOKEN, HELPSCOUT_SECRET, ZENDESK_SECRET, FRESHDESK_SECRET, ZENDESK_API_TOKEN,
           FRESHDESK_API_KEY)
#: A live secret key as a customer might paste it (made up; the reader must mask it everywhere).
#: A made-up key of a live key's shape (built from parts, so no scanner takes it for a real one).
STRIPE_KEY = "sk_live_" + "CANARY" + "Qx7Lm2Np9Rt4Vw6Yz1Ab3Cd5Ef8Gh0Jk2Mn4Pq6Rs8Tu1Wv3Xy5Za7Bc9De"


@pytest.fixture
def env(monkeypatch, tmp_path):
    """Tokens and secrets set, a fresh SQLite case store, the rate limiter and stores forgotten."""
    from api.limits import limiter
    from conversation import service

    db = tmp_path / "cases.sqlite3"
    values = {
        "PAYASSIST_DATABASE_URL": f"sqlite:///{db}",
        "PAYASSIST_API_TOKENS": f"{TOKEN}, {OTHER_TOKEN}",
        "PAYASSIST_HELPSCOUT_SECRET": HELPSCOUT_SECRET,
        "PAYASSIST_ZENDESK_WEBHOOK_SECRET": ZENDESK_SECRET,
        "PAYASSIST_FRESHDESK_WEBHOOK_SECRET": FRESHDESK_SECRET,
    }
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    for k in ("PAYASSIST_API_RATE", "PAYASSIST_PUBLIC_URL", "PAYASSIST_FRAME_ANCESTORS", "PAYASSIST_ZENDESK_URL",
              "PAYASSIST_FRESHDESK_URL"):
        monkeypatch.delenv(k, raising=False)
    service.reset()
    limiter.clear()
    yield db
    service.reset()
    limiter.clear()


@pytest.fixture
def client(env) -> Iterator[TestClient]:
    import api

    with TestClient(api.app, base_url="http://payassist.test") as c:
        yield c


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def zendesk_headers(body: bytes, secret: str = ZENDESK_SECRET, stamp: str | None = None) -> dict[str, str]:
    stamp = stamp or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    sig = base64.b64encode(hmac.new(secret.encode(), stamp.encode() + body, hashlib.sha256).digest()).decode()
    return {"X-Zendesk-Webhook-Signature": sig, "X-Zendesk-Webhook-Signature-Timestamp": stamp,
            "Content-Type": "application/json"}


def zendesk_body(ticket_id: int = 4411, description: str = "Hi, my card was declined: insufficient_funds.",
                 email: str = "mary@buyer.example", subject: str = "Payment problem") -> bytes:
    return json.dumps({"ticket": {"id": ticket_id, "subject": subject, "description": description,
                                  "requester": {"email": email}}}).encode()


def freshdesk_body(ticket_id: int = 77, description: str = "<div>Connection failed: Stripe account does not "
                   "match</div>", email: str = "seller@shop.example") -> bytes:
    return json.dumps({"freshdesk_webhook": {"ticket_id": ticket_id, "ticket_subject": "Stripe connection",
                                             "ticket_description": description,
                                             "ticket_contact_email": email}}).encode()


def helpscout_headers(body: bytes, secret: str = HELPSCOUT_SECRET) -> dict[str, str]:
    sig = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha1).digest()).decode()
    return {"X-HelpScout-Signature": sig, "Content-Type": "application/json"}


# --- the helpdesks' REST APIs, stood in for ------------------------------------------------------------
class Helpdesks:
    """A local HTTP server recording every request payassist sends to a helpdesk, and checking it
    against the vendors' API references:

    - Zendesk "Update Ticket": ``PUT /api/v2/tickets/{id}.json``, JSON ``{"ticket": {"comment": {"body": str,
      "public": false}}}`` (a private comment), Basic auth ``{email}/token:{api_token}``;
    - Freshdesk "Create a Note": ``POST /api/v2/tickets/{id}/notes``, JSON ``{"body": str (HTML), "private": true}``,
      Basic auth ``{api_key}:X``.

    A request that does not fit gets 400 (and is recorded as a mistake); ``fail`` makes the next
    requests answer that status instead."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.mistakes: list[str] = []
        self.fail: list[int] = []
        self.got = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, problem = outer.check(self.command, self.path, self.headers, raw)
                if outer.fail and problem is None:
                    status = outer.fail.pop(0)
                outer.requests.append({"method": self.command, "path": self.path, "raw": raw,
                                       "auth": self.headers.get("Authorization", ""),
                                       "content_type": self.headers.get("Content-Type", ""), "status": status})
                if problem:
                    outer.mistakes.append(problem)
                body = json.dumps({"error": problem} if problem else {"ok": True}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                if status < 300:
                    outer.got.set()

            do_PUT = do_POST = do_GET = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def basic(user: str, password: str) -> str:
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def check(self, method: str, path: str, headers, raw: bytes) -> tuple[int, str | None]:
        import re

        try:
            data = json.loads(raw)
        except ValueError:
            return 400, "body is not JSON"
        if not headers.get("Content-Type", "").startswith("application/json"):
            return 400, "Content-Type is not application/json"
        if re.fullmatch(r"/zendesk/api/v2/tickets/\d+\.json", path):
            if method != "PUT":
                return 405, f"Zendesk takes PUT here, not {method}"
            if headers.get("Authorization") != self.basic(f"{AGENT_EMAIL}/token", ZENDESK_API_TOKEN):
                return 401, "Zendesk Basic auth is not {email}/token:{api_token}"
            comment = data.get("ticket", {}).get("comment") if isinstance(data.get("ticket"), dict) else None
            if set(data) != {"ticket"} or not isinstance(comment, dict) or set(comment) != {"body", "public"} \
                    or not isinstance(comment["body"], str) or comment["public"] is not False:
                return 400, "Zendesk body is not {ticket: {comment: {body, public: false}}}"
            return 200, None
        if re.fullmatch(r"/freshdesk/api/v2/tickets/\d+/notes", path):
            if method != "POST":
                return 405, f"Freshdesk takes POST here, not {method}"
            if headers.get("Authorization") != self.basic(FRESHDESK_API_KEY, "X"):
                return 401, "Freshdesk Basic auth is not {api_key}:X"
            if set(data) != {"body", "private"} or not isinstance(data["body"], str) or data["private"] is not True:
                return 400, "Freshdesk body is not {body, private: true}"
            return 201, None
        return 404, f"no such endpoint {path}"

    def bodies(self) -> list[dict]:
        return [json.loads(r["raw"]) for r in self.requests]

    def __enter__(self) -> Helpdesks:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def helpdesks(env, monkeypatch) -> Iterator[Helpdesks]:
    """The stand-in helpdesks, with payassist configured to write back to them."""
    with Helpdesks() as h:
        monkeypatch.setenv("PAYASSIST_ZENDESK_URL", f"{h.url}/zendesk")
        monkeypatch.setenv("PAYASSIST_ZENDESK_EMAIL", AGENT_EMAIL)
        monkeypatch.setenv("PAYASSIST_ZENDESK_API_TOKEN", ZENDESK_API_TOKEN)
        monkeypatch.setenv("PAYASSIST_FRESHDESK_URL", f"{h.url}/freshdesk")
        monkeypatch.setenv("PAYASSIST_FRESHDESK_API_KEY", FRESHDESK_API_KEY)
        monkeypatch.setenv("PAYASSIST_WRITEBACK_BACKOFF", "30")
        yield h
