"""One canary key through every flow, then a search of every place a secret could land.

The canary is made at run time, so it appears in no source file: any hit is a leak.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.keys import classify_key
from tests.helpers import click, everything_shown, export_all_failing, key_field, start

ROOT = Path(__file__).parents[2]
CANARY = "rk_live_CANARY" + secrets.token_hex(12)
SECRET_CANARY = "sk_live_CANARY" + secrets.token_hex(12)


def scan_files(root: Path) -> list[Path]:
    hits = []
    for path in root.rglob("*"):
        if ".venv" in path.parts or ".git" in path.parts or not path.is_file():
            continue
        try:
            if path.stat().st_size > 50_000_000:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        if CANARY.encode() in data or SECRET_CANARY.encode() in data or CANARY[8:].encode() in data:
            hits.append(path)
    return hits


@pytest.fixture
def every_flow(sb, monkeypatch, caplog):
    """Run every flow with the canaries; return what the page showed."""
    caplog.set_level(logging.DEBUG)
    for name in ("stripe", "werkzeug", "streamlit", "sqlalchemy", "alembic", "urllib3"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    monkeypatch.setenv("PAYASSIST_STRIPE_API_BASE", sb.url)
    shown = []
    at = start("agent")
    # paste a key inside an error message
    at.chat_input[0].set_value(f"Kartra shows The user denied your request; my key is {SECRET_CANARY}").run()
    # live checks: unknown key, then every injected fault
    for fault in (None, 401, 403, 429, 500):
        sb.clear()
        if fault:
            sb.inject(status=fault)
        key_field(at).input(CANARY)
        click(at, "Run live check")
    sb.clear()
    sb.inject(latency_ms=50, drop=True)
    key_field(at).input(CANARY)
    click(at, "Run live check")
    sb.clear()
    # product check with the key in the integration, and an export
    at.toggle(key="more_checks").set_value(True).run()
    [t for t in at.text_input if t.label.startswith("Key in the Stripe integration")][0].input(SECRET_CANARY)
    click(at, "Check product")
    at.file_uploader(key="export_upload").upload("payments.csv", export_all_failing(), "text/csv").run()
    click(at, "Didn't help")
    shown.append(everything_shown(at))
    summary = at.code[0].value
    case_id = at.query_params["case"]
    case_id = case_id[0] if isinstance(case_id, list) else case_id
    return {"at": at, "shown": shown, "summary": summary, "case_id": case_id, "caplog": caplog}


def test_canary_is_nowhere(every_flow):
    from cases.store import CaseStore

    shown = " ".join(every_flow["shown"])
    assert "rk_live_…" in shown  # the masked form is what people see
    # every flow really ran (otherwise "not found" would prove nothing)
    for said in ("invalid or has been revoked", "rate-limiting", "Stripe's side", "“Account (read)”",
                 "could not be reached", "Every payment has failed since", "Kartra's error 'The user denied"):
        assert said in shown, said
    for canary in (CANARY, SECRET_CANARY):
        body = canary[8:]
        assert body not in shown, "page or session state"
        assert body not in every_flow["summary"], "ticket summary download"
        assert body not in every_flow["caplog"].text, "logs at DEBUG"
        store = CaseStore()
        assert body not in (store.export_json(every_flow["case_id"]) or ""), "case JSON export"
        assert body not in store.load(every_flow["case_id"]).summary
    db = os.environ["PAYASSIST_DATABASE_URL"].removeprefix("sqlite:///")
    assert scan_files(Path(db).parent) == [], "case store files"
    assert scan_files(ROOT) == [], "files under the working directory"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_classify_any_string_never_raises_or_echoes(text):
    f = classify_key(text)
    assert f.facts["key_kind"]
    if len(text.strip()) > 12:
        assert text.strip() not in " ".join(f.problems)


# --- issue 23: a key broken in the middle reaches nothing -------------------------------------------------
BROKEN = [" ", "\u00a0", "\u200b", "\u00ad", "\n", "\n> "]


@pytest.mark.parametrize("brk", BROKEN, ids=["space", "nbsp", "zwsp", "shy", "newline", "quoted"])
def test_a_key_broken_in_the_middle_reaches_no_page_store_log_or_read_only_view(brk, tmp_path, monkeypatch,
                                                                                   caplog):
    import json

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from cases.store import CaseStore
    from tests.helpers import APP, case_id_of

    monkeypatch.setenv("PAYASSIST_DATABASE_URL", f"sqlite:///{tmp_path}/cases.sqlite3")
    st.cache_resource.clear()
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    key = SECRET_CANARY + secrets.token_hex(20)  # a real key's length: about 100 characters
    body = key[8:]
    try:
        at = start()
        at.chat_input[0].set_value(f"Kartra shows The user denied your request.\n> my key:\n> "
                                   f"{key[:40]}{brk}{key[40:]}\n> Jo").run()
        case_id = case_id_of(at)
        stranger = AppTest.from_file(APP, default_timeout=30)
        stranger.query_params["case"] = case_id
        stranger.run()
        assert "The user denied your request" in everything_shown(stranger)
        store = CaseStore()
        places = {"page": everything_shown(at), "read-only view": everything_shown(stranger),
                  "case JSON": store.export_json(case_id) or "",
                  "stored conversation": json.dumps(store.load(case_id).conversation, ensure_ascii=False),
                  "SQL debug log": caplog.text}
        for where, text in places.items():
            found = [body[i:i + 16] for i in range(len(body) - 15) if body[i:i + 16] in text]
            assert found == [], where
        data = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
        assert not [i for i in range(len(body) - 15) if body[i:i + 16].encode() in data], "the SQLite files"
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
        st.cache_resource.clear()
