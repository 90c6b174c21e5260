"""Issue 12's reproductions: keys on real-world pastes and files, markup in names, formulas in
downloads, files that cost too much, crashes, and a case store that disappears."""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cases.store import CaseStore
from checks.export import analyse_export
from checks.product import check_product
from tests.helpers import (
    APP,
    PAGES,
    case_id_of,
    click,
    csv,
    everything_shown,
    plan_titles,
    start,
    start_with_checks,
    stripe_export,
)

BODY = "51Hq" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0Ed" * 2 + "CANARYend"
KEY = f"sk_live_{BODY}"


B64 = __import__("base64").b64encode(f"{KEY}:".encode()).decode()


def windows(text: str) -> list[str]:
    """16-character windows of the key's body (or of its base64, as in Basic credentials) found in ``text``."""
    return [w for secret in (BODY, B64[4:]) for i in range(len(secret) - 15)
            if (w := secret[i:i + 16]) in text]


def stored(case_id: str) -> str:
    store = CaseStore()
    rec = store.load(case_id)
    return (store.export_json(case_id) or "") + json.dumps(rec.conversation) + rec.summary


@pytest.mark.parametrize("paste", [
    f"Kartra log: Authorization: Bearer{KEY} -> The user denied your request",
    f'{{"level":"error","msg":"authfailed\\n{KEY}","detail":"The user denied your request"}}',
    "webhook https://x.test/cb?key%3D" + KEY.replace("sk_", "rk_") + " The user denied your request",
    f"STRIPE_SECRET_KEY_{KEY.replace('live', 'test')} The user denied your request",
    f"On Monday Jo wrote:\n> my key is\n> {KEY[:72]}\n> {KEY[72:]}\n> The user denied your request",
    # issue 23: broken in the middle, after some text (a space, NBSP, U+200B, U+00AD, a line break after
    # about 40 characters, quoted or not), and inside Basic credentials as curl -v shows them
    *[f"Kartra says The user denied your request. My key: {KEY[:40]}{brk}{KEY[40:]} thanks"
      for brk in (" ", "\u00a0", "\u200b", "\u00ad")],
    f"The user denied your request.\nKey: {KEY[:32]}\n{KEY[32:]}\nJo",
    f"On Monday Jo wrote:\n> The user denied your request\n> {KEY[:40]}\n> {KEY[40:]}\n> Jo",
    f"> GET /v1/account HTTP/1.1\r\n> Authorization: Basic {B64}\r\n< The user denied your request",
])
def test_glued_encoded_and_wrapped_keys_never_survive(paste):
    at = start()
    at.chat_input[0].set_value(paste).run()
    assert not at.exception
    assert "The user denied your request" in everything_shown(at)
    assert windows(everything_shown(at)) == []
    assert windows(stored(case_id_of(at))) == []


def test_a_key_typed_in_the_cases_find_box_is_masked_on_screen_and_in_the_sql_log(own_store, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    try:
        start().chat_input[0].set_value("The user denied your request").run()  # one case to list
        cases = AppTest.from_file(str(PAGES / "2_Cases.py"), default_timeout=30)
        cases.run()
        find = next(t for t in cases.text_input if t.label == "Find")
        find.input(f"{KEY[:40]} {KEY[40:]}").run()
        assert not cases.exception
        shown = everything_shown(cases) + " ".join(t.value or "" for t in cases.text_input)
        assert windows(shown) == [] and windows(shown.lower()) == []
        assert "sk_live_…" in " ".join(t.value or "" for t in cases.text_input)
        logged = caplog.text
        assert "FROM cases" in logged, "the SQL log was on"
        assert windows(logged) == [] and windows(logged.lower()) == [] and BODY.lower()[:16] not in logged
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)


def export_with_hostile_cells() -> bytes:
    df = stripe_export(60)
    df.loc[[5, 6, 7], ["Status", "Decline Reason"]] = ["Failed", "insufficient_funds"]
    df.loc[5, "Customer Email"] = f"key {KEY}"
    df.loc[6, "Decline Reason"] = '=HYPERLINK("http://evil.test","click")'
    df.loc[7, "Customer Email"] = "@SUM(1+1)"
    df.loc[7, "Currency"] = "+1-555-0100"
    df = df.rename(columns={"Description": f"Description {KEY}"})
    return csv(df)


def test_keys_in_a_csv_never_reach_the_page_or_the_download():
    f = analyse_export(export_with_hostile_cells())
    shown = json.dumps(f.evidence.to_dict(), ensure_ascii=False)
    assert windows(shown) == [] and "sk_live_…" in shown
    assert windows(f.evidence.download.decode()) == []
    at = start_with_checks()
    at.file_uploader(key="export_upload").upload("payments.csv", export_with_hostile_cells(), "text/csv").run()
    assert not at.exception
    assert windows(everything_shown(at)) == []
    assert windows(stored(case_id_of(at))) == []


def test_download_cells_are_safe_to_open_in_a_spreadsheet():
    f = analyse_export(export_with_hostile_cells())
    rows = pd.read_csv(__import__("io").BytesIO(f.evidence.download), dtype=str, keep_default_na=False)
    cells = [c for col in rows.columns for c in rows[col]] + list(rows.columns)
    risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert risky == []
    assert "'=HYPERLINK(\"http://evil.test\",\"click\")" in cells and "'@SUM(1+1)" in cells


def test_hostile_file_name_is_shown_as_text_not_markup():
    name = "pay [Verify your Stripe login](http://evil.test) ![t](http://evil.test/pixel.png).csv"
    at = start_with_checks()
    df = stripe_export(30)
    df.loc[[3], ["Status", "Decline Reason"]] = ["Failed", "expired_card"]
    at.file_uploader(key="export_upload").upload(name, csv(df), "text/csv").run()
    md = [m.value for m in at.markdown if "Verify your Stripe login" in m.value]
    assert md, "the file name is shown"
    # Only ever inside an inline code span (`…`, shortened to 80 characters): never a live link or image.
    assert all(re.search(r"`pay \[Verify your Stripe login\]\(http://evil\.test\) ![^`]*…`", m) for m in md)


def test_csv_headers_are_shown_as_text_not_markup():
    at = start_with_checks()
    data = b"when,[click](http://evil.test),Status\n2026-01-01,x,Failed\n"
    at.file_uploader(key="export_upload").upload("p.csv", data, "text/csv").run()
    captions = " ".join(c.value for c in at.caption)
    assert "[click](http://evil.test)" not in captions.replace("`[click](http://evil.test)`", "")


def test_a_header_of_a_million_columns_is_refused_with_a_sentence():
    data = (",".join(f"c{i}" for i in range(1_000_000)) + "\n").encode()
    f = analyse_export(data)
    assert "longer than 64 KB" in f.problems[0] or "columns" in f.problems[0]


def test_too_many_columns_is_refused_with_a_sentence():
    data = (",".join(f"c{i}" for i in range(300)) + ",Status\n" + ",".join("x" * 301) + "\n").encode()
    assert "more than 200 columns" in analyse_export(data).problems[0]


def test_an_upload_over_the_cap_says_the_limit_and_how_to_export_less(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "wb") as fh:
        fh.truncate(60 * 1024 * 1024)
    problem = analyse_export(path).problems[0]
    assert "more than the 50 MB" in problem and "date" in problem


def test_deeply_nested_product_configuration_is_a_sentence_and_the_chat_goes_on():
    at = start_with_checks()
    at.file_uploader(key="product_upload").upload("p.json", b"[" * 3000 + b"]" * 3000, "application/json").run()
    assert not at.exception
    assert any("nested" in w.value for w in at.warning)
    assert at.chat_input, "the chat box is still there"


def test_reopening_a_case_with_an_export_renders_it():
    at = start_with_checks()
    df = stripe_export(60)
    df.loc[[5, 6], ["Status", "Decline Reason"]] = ["Failed", "insufficient_funds"]
    at.file_uploader(key="export_upload").upload("payments.csv", csv(df), "text/csv").run()
    case_id = case_id_of(at)
    other = AppTest.from_file(APP, default_timeout=30)
    other.query_params["case"] = case_id
    other.run()
    assert not other.exception
    assert any("failed of 60 payments" in m.value for m in other.markdown)
    assert other.dataframe, "the top reasons table is back"


def test_free_text_and_codes_mixed_in_decline_reason_never_give_nan():
    df = stripe_export(80)
    df.loc[[3, 4, 5], ["Status", "Decline Reason"]] = ["Failed", "Your card has insufficient funds."]
    df.loc[[6], ["Status", "Decline Reason"]] = ["Failed", "do_not_honor"]
    df.loc[[7], ["Status", "Decline Reason"]] = ["Failed", "something odd happened"]
    df.loc[[3, 4, 5, 6, 7], "Customer Email"] = "one@example.com"  # one customer: the subject at once
    f = analyse_export(csv(df))
    assert f.facts["decline_code"] == "insufficient_funds"
    assert "nan" not in json.dumps(f.facts)
    assert set(f.facts["decline_codes"]) == {"insufficient_funds", "do_not_honor"}


@pytest.fixture
def own_store(tmp_path, monkeypatch):
    monkeypatch.setenv("PAYASSIST_DATABASE_URL", f"sqlite:///{tmp_path}/cases.sqlite3")
    st.cache_resource.clear()
    yield tmp_path / "cases.sqlite3"
    st.cache_resource.clear()


def test_deleting_the_sqlite_file_mid_session_is_noticed(own_store):
    at = start()
    click(at, "One or a few customers can't pay")
    os.remove(own_store)
    click(at, "A new purchase won't go through")
    assert plan_titles(at)[0] == "**1. Check the details typed into the checkout**"
    assert any("case file was deleted" in w.value for w in at.warning)


def test_a_locked_database_is_a_message_not_a_freeze(own_store, monkeypatch):
    monkeypatch.setattr("cases.store.LOCK_TIMEOUT", 0.2)
    at = start()
    click(at, "One or a few customers can't pay")
    lock = sqlite3.connect(own_store, timeout=0.1, check_same_thread=False)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        click(at, "A new purchase won't go through")
    finally:
        lock.rollback()
        lock.close()
    assert plan_titles(at), "the advice goes on"
    assert any("locked by another program" in w.value for w in at.warning)


def test_account_key_fields_do_not_keep_a_pasted_secret_visible():
    at = start_with_checks()
    field = [t for t in at.text_input if t.label.startswith("Publishable key")][0]
    assert field.proto.type == field.proto.PASSWORD
    field.input(KEY)
    at.text_area[0].input(f"Shop: {KEY}")
    click(at, "Find the account")
    assert windows(everything_shown(at)) == []
    assert any("secret key" in w.value for w in at.warning)




# --- issue 23: files that crash or exhaust the server -------------------------------------------------------
def test_a_yaml_configuration_nested_600_levels_is_a_sentence_and_later_runs_go_on():
    data = ("- " * 600 + "x\n").encode()
    problem = check_product(data).problems[0]
    assert "nested" in problem
    at = start_with_checks()
    at.file_uploader(key="product_upload").upload("p.yaml", data, "application/x-yaml").run()
    assert not at.exception
    assert any("nested" in w.value for w in at.warning)
    at.chat_input[0].set_value("The user denied your request").run()  # the next run works too
    assert not at.exception and plan_titles(at)


def alias_bomb() -> bytes:
    """Under 20 KB that PyYAML would expand into a 3 MB list of module names (a "billion laughs")."""
    lines = ["product: course", "processor: stripe", "s0: &s0 " + "A" * 10_000]
    lines += [f"s{i}: &s{i} [*s{i - 1}, *s{i - 1}, *s{i - 1}, *s{i - 1}]" for i in range(1, 6)]
    lines.append("modules: [" + ", ".join(["{name: *s0, state: not_saved}"] * 300) + "]")
    return "\n".join(lines).encode()


def test_yaml_aliases_are_refused_before_anything_is_built():
    import tracemalloc

    data = alias_bomb()
    assert len(data) < 30_000
    tracemalloc.start()
    try:
        f = check_product(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f.problems and "alias" in f.problems[0]
    assert len(json.dumps([f.problems, f.facts])) < 2_000
    assert peak < 3 * len(data) + 2_000_000, peak
    at = start_with_checks()
    at.file_uploader(key="product_upload").upload("p.yaml", data, "application/x-yaml").run()
    assert not at.exception
    assert any("alias" in w.value for w in at.warning)
    assert len(stored(case_id_of(at))) < 200_000


def test_one_cell_costs_what_a_short_one_does(monkeypatch):
    """500 distinct 100 KB decline reasons (a 48 MB export): no cell is read past what a reason needs."""
    import checks.export as export

    seen: list[int] = []
    real = export.read_message

    def counting(text, *args, **kwargs):
        seen.append(len(text))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(export, "read_message", counting)
    filler = "Your card was declined because the bank said so. " * 2_000
    rows = ["Created date (UTC),Status,Decline Reason,Customer Email"]
    rows += [f"2026-11-{1 + i % 28:02d} 10:00:00,Failed,\"{i} {filler[:100_000]}\",c{i}@example.com"
             for i in range(500)]
    data = ("\n".join(rows) + "\n").encode()
    assert len(data) > 48_000_000
    f = analyse_export(data)
    assert not f.problems and f.evidence.summary["failed"] == 500
    assert seen and max(seen) <= export.MAX_CELL_CHARS
    assert sum(seen) <= 500 * export.MAX_CELL_CHARS


# --- issue 23: personal data to strangers ---------------------------------------------------------------
STRANGER_PASTE = ("Customer Maria Gonzalez (maria.gonzalez@example.com) says Kartra shows: Your card has "
                  "insufficient funds. Her other addresses: dan.url%40example.com, eve&#64;example.com, "
                  "fay\\u0040example.com, gus@bücher.de, and call her on 0044 7700 900123 or 0049 30 12345678.")
HIDDEN = ["dan.url", "an.url%40", "ve&#64;", "eve&", "ay\\u0040", "fay\\", "gus@", "us@bücher", "7700 900123",
          "900123", "30 12345678", "12345678", "Gonzalez", "Maria", "maria.gonzalez", "aria.gonzalez"]


def test_a_stranger_sees_no_encoded_or_international_address_no_00_phone_and_no_name(own_store):
    owner = start()
    owner.chat_input[0].set_value(STRANGER_PASTE).run()
    assert all(h in everything_shown(owner) for h in ("gus@bücher.de", "Maria Gonzalez"))  # the owner's words
    stranger = AppTest.from_file(APP, default_timeout=30)
    stranger.query_params["case"] = case_id_of(owner)
    stranger.run()
    assert not stranger.exception
    shown = everything_shown(stranger)
    assert "insufficient funds" in shown and "•••@bücher.de" in shown
    assert [h for h in HIDDEN if h in shown] == []


def test_export_rows_with_international_emails_are_not_stored_in_full(own_store):
    at = start_with_checks()
    df = stripe_export(60)
    df.loc[[5, 6, 7], ["Status", "Decline Reason"]] = ["Failed", "insufficient_funds"]
    df.loc[5, "Customer Email"] = "jürgen.müller@bücher.de"
    df.loc[6, "Customer Email"] = "josé@ejemplo.es"
    df.loc[7, "Customer Email"] = "李@例子.中国"
    at.session_state.session.analyse_export(csv(df), "payments.csv")
    at.run()
    stored_case = json.dumps(CaseStore().load(case_id_of(at)).conversation, ensure_ascii=False)
    for address in ("jürgen.müller@bücher.de", "josé@ejemplo.es", "李@例子.中国", "ürgen.müller", "osé@"):
        assert address not in stored_case, address
    assert "j•••@bücher.de" in stored_case


# --- issue 23: access -------------------------------------------------------------------------------------
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "payassist", "client_secret": "s",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}


def browser(path: str = APP, *, user: str | None = None, verified: bool | None = True,
            domains: list[str] | None = None, case: str | None = None) -> AppTest:
    """A fresh browser with sign-in configured: signed in as ``user`` (the provider saying whether the
    address is verified, or nothing when ``verified`` is None), or anonymous."""
    at = AppTest.from_file(path, default_timeout=30)
    at.secrets["auth"] = AUTH
    if domains:
        at.secrets["payassist"] = {"allowed_domains": domains}
    claims = {"is_logged_in": True, "email": user, "name": "Ada"} if user else {"is_logged_in": False}
    if user and verified is not None:
        claims["email_verified"] = verified
    at.user = claims
    if case:
        at.query_params["case"] = case
    at.run()
    assert not at.exception, at.exception
    return at


def test_with_allowed_domains_an_unverified_email_is_not_trusted(own_store):
    for verified in (False, None):
        at = browser(user="ada@example.com", verified=verified, domains=["example.com"])
        assert not [s for s in at.segmented_control if s.key == "role_choice"], verified
        assert any("verified" in w.value for w in at.warning)
        cases = browser(str(PAGES / "2_Cases.py"), user="ada@example.com", verified=verified, domains=["example.com"])
        assert not cases.table
    ok = browser(user="ada@example.com", verified=True, domains=["example.com"])
    assert ok.segmented_control(key="role_choice")


def test_agents_notes_never_reach_the_sellers_case_download(own_store):
    seller = browser()
    seller.chat_input(key="paste").set_value("Kartra says: Your card has insufficient funds.").run()
    case_id = case_id_of(seller)
    agent = browser(user="ada@example.com", case=case_id)
    agent.session_state.session.add_note("Bank confirmed the card is fine; seller seems confused.")
    agent.run()
    assert "Bank confirmed" in (agent.session_state.session.casefile.export_json(agent.session_state.session.identity)
                                or "")
    seller.run()
    sess = seller.session_state.session
    for download in (sess.casefile.export_json(sess.identity), sess.casefile.export_json()):
        assert download and case_id in download
        data = json.loads(download)
        assert data["notes"] == [] and "Internal notes" not in data["summary"]
        assert "Bank confirmed" not in download and "ada@example.com" not in download


def test_a_case_deleted_by_its_owner_stays_deleted(own_store):
    owner = browser()
    owner.chat_input(key="paste").set_value("Kartra says: Your card has insufficient funds. jo@shop.example").run()
    case_id = case_id_of(owner)
    agent = browser(user="ada@example.com", case=case_id)  # an agent's tab open on it
    assert owner.session_state.session.delete_case()
    click(agent, "Didn't help")
    store = CaseStore()
    assert store.load(case_id) is None
    assert store.list_cases() == [], "nothing saved again under a new id"
    assert not agent.session_state.session.conv.messages, "the tab starts an empty case"
    assert any("stays deleted" in i.value for i in [*agent.info, *agent.warning])
    assert "insufficient funds" not in " ".join(m.value for m in agent.markdown)


# --- issue 23: injection in the spreadsheet download ----------------------------------------------------------
HIDDEN_FORMULAS = [" =HYPERLINK(\"http://evil.test\")", "   +1+1", "\u00a0=1+1", "\n=1+1", "\ufeff=1+1",
                   "\u200b=1+1", "＝1+1", "＋1+1", "＠SUM(A1)", "－1+1", " \u200b\u00a0@SUM(A1)", "\r\n=1"]


def test_formulas_behind_spaces_invisible_characters_or_full_width_signs_get_the_quote():
    df = stripe_export(40)
    rows = list(range(3, 3 + len(HIDDEN_FORMULAS)))
    df.loc[rows, "Status"] = "Failed"
    df.loc[rows, "Decline Reason"] = HIDDEN_FORMULAS
    f = analyse_export(csv(df))
    got = pd.read_csv(__import__("io").BytesIO(f.evidence.download), dtype=str, keep_default_na=False)
    reasons = list(got["reason"])
    assert len(reasons) == len(HIDDEN_FORMULAS)
    assert [r for r in reasons if not r.startswith("'")] == []
    shown = [r["reason"] for r in f.evidence.failed_rows]
    assert [r for r in shown if not r.startswith("'")] == []
    assert "'Your card" not in reasons and "' hello" not in reasons  # ordinary cells are left alone


def test_a_configuration_with_thousands_of_values_is_refused_before_it_is_built():
    import tracemalloc

    import yaml

    cfg = {"product": "p", "processor": "stripe",
           "modules": [{"name": f"Module {i} " + "x" * 40, "state": "saved"} for i in range(9_000)]}
    for data in (yaml.safe_dump(cfg).encode(), yaml.safe_dump(cfg, default_flow_style=True, width=10**9).encode(),
                 json.dumps(cfg).encode()):
        tracemalloc.start()
        try:
            f = check_product(data)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert "more than 5,000 values" in f.problems[0]
        assert peak < 3 * len(data), (len(data), peak)
