"""A Stripe sandbox: an HTTP server on loopback that speaks Stripe's wire protocol.

Bearer-key auth, list envelopes with ``has_more``, Stripe's error envelope and status codes, a
``Request-Id`` header, and faults on demand (401, 403, 429, 500, slow, malformed JSON). Tests
point the real SDK at it; trainer demos run the real live-check code against it. Built on
werkzeug's threaded server; it only ever binds to 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from checks.sandbox.scenarios import SCENARIOS, Scenario, expand, load_scenarios

LISTS = ("charges", "payment_intents", "subscriptions", "invoices")
PERMISSIONS = {
    "account": "rak_accounts_kyc_basic_read", "charges": "rak_charge_read",
    "payment_intents": "rak_payment_intent_read", "subscriptions": "rak_subscription_read",
    "invoices": "rak_invoice_read",
}


def _masked(key: str) -> str:
    m = re.match(r"^((?:sk|rk|pk)_(?:live|test)_)", key)
    return f"{m.group(1) if m else ''}****{key[-4:]}"


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr: tests and demos read the sandbox's ``requests`` instead."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@dataclass
class Fault:
    status: int | None = None  # 401, 403, 429, 500 … or 200 with malformed=True
    latency_ms: int = 0
    endpoint: str | None = None  # e.g. "charges"; None = every endpoint
    times: int | None = None  # how many requests it affects; None = until cleared
    malformed: bool = False
    drop: bool = False  # close the connection without answering


class Sandbox:
    """Serve the scenarios' accounts; ``with Sandbox() as sb: sb.url, sb.key_for(name)``."""

    def __init__(self, scenarios_dir: Path = SCENARIOS, port: int = 0) -> None:
        self.scenarios: dict[str, Scenario] = load_scenarios(scenarios_dir)
        self._by_key = {sc.key: sc for sc in self.scenarios.values()}
        self._data = {sc.name: expand(sc) for sc in self.scenarios.values()}
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []
        self._port = port
        self._server: Any = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> Sandbox:
        self._server = make_server("127.0.0.1", self._port, self._wsgi, threaded=True,
                                   request_handler=_QuietHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="stripe-sandbox",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def key_for(self, name: str) -> str:
        return self.scenarios[name].key

    # --- faults --------------------------------------------------------------------------------
    def inject(self, status: int | None = None, latency_ms: int = 0, endpoint: str | None = None,
               times: int | None = None, malformed: bool = False, drop: bool = False) -> None:
        with self._lock:
            self._faults.append(Fault(status, latency_ms, endpoint, times, malformed, drop))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self.requests.clear()

    def _fault_for(self, endpoint: str, scenario: Scenario | None) -> Fault | None:
        with self._lock:
            for f in self._faults:
                if f.endpoint in (None, endpoint) and (f.times is None or f.times > 0):
                    if f.times is not None:
                        f.times -= 1
                    return f
        if scenario is not None and scenario.inject is not None:
            i = scenario.inject
            if i.endpoint in (None, endpoint):
                return Fault(i.status, i.latency_ms, i.endpoint)
        return None

    # --- HTTP ------------------------------------------------------------------------------------
    def _wsgi(self, environ: dict, start_response: Any) -> Any:
        req = Request(environ)
        resp = self._handle(req)
        if resp is None:  # a dropped connection: close the socket, answer nothing
            sock = environ.get("werkzeug.socket")
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            return []
        return resp(environ, start_response)

    def _json(self, body: Any, status: int = 200) -> Response:
        resp = Response(json.dumps(body), status=status, mimetype="application/json")
        resp.headers["Request-Id"] = f"req_{uuid.uuid4().hex[:14]}"
        resp.headers["Stripe-Version"] = "2025-01-27.acacia"
        return resp

    def _error(self, status: int, type_: str, message: str, code: str | None = None) -> Response:
        err: dict[str, Any] = {"type": type_, "message": message}
        if code:
            err["code"] = code
        return self._json({"error": err}, status)

    def _handle(self, req: Request) -> Response | None:
        with self._lock:
            self.requests.append((req.method, req.path))
        m = re.fullmatch(r"/v1/(account|charges|payment_intents|subscriptions|invoices)", req.path)
        if req.method != "GET":
            return self._error(405, "invalid_request_error", "The sandbox is read-only.")
        if m is None:
            return self._error(404, "invalid_request_error", f"Unrecognized request URL (GET: {req.path}).")
        endpoint = m.group(1)
        auth = req.headers.get("Authorization", "")
        key = auth.removeprefix("Bearer ").strip()
        scenario = self._by_key.get(key)
        fault = self._fault_for(endpoint, scenario)
        if fault and fault.latency_ms:
            time.sleep(fault.latency_ms / 1000)
        # Injected faults come first: a rate limit or an outage hits whatever key is used.
        if fault and fault.drop:
            return None
        if fault and fault.malformed:
            return Response('{"object": "list", "data": [', status=200, mimetype="application/json")
        if fault and fault.status:
            return self._fault_response(fault.status, endpoint, key, scenario)
        if scenario is None:
            return self._error(401, "invalid_request_error", f"Invalid API Key provided: {_masked(key)}")
        data = self._data[scenario.name]
        if endpoint == "account":
            return self._json(data["account"])
        rows = list(data[endpoint])
        status = req.args.get("status")
        if status and status != "all":
            rows = [r for r in rows if r.get("status") == status]
        limit = max(1, min(int(req.args.get("limit", "10") or 10), 100))
        return self._json({"object": "list", "url": req.path, "has_more": len(rows) > limit,
                           "data": rows[:limit]})

    def _fault_response(self, status: int, endpoint: str, key: str, sc: Scenario | None) -> Response:
        if status == 401:
            return self._error(401, "invalid_request_error", f"Invalid API Key provided: {_masked(key)}")
        if status == 403:
            account = sc.account.id if sc else "acct_unknown"
            return self._error(
                403, "invalid_request_error",
                f"The provided key '{_masked(key)}' does not have the required permissions for this "
                f"endpoint on account '{account}'. Having the '{PERMISSIONS[endpoint]}' permission "
                "would allow this request to continue.", "secret_key_required" if key.startswith("pk_") else None)
        if status == 429:
            return self._error(429, "invalid_request_error",
                               "Too many requests hit the API too quickly.", "rate_limit")
        return self._error(status, "api_error", "An unknown error occurred on Stripe's side.")
