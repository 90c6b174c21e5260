"""Issue 15 through the page (AppTest): sign-in and roles, cases that belong to someone, read-only
links, stale tabs, outcomes that count once, notes, deletion and what an export leaves stored."""

from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cases.store import CaseStore
from tests.helpers import APP, PAGES, case_id_of, click, csv, everything_shown, plan_titles, stripe_export

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "payassist", "client_secret": "s",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}
PASTE = ("Hi, customer jane.doe@example.com (call her on +1 415 555 0132) says: "
         "Your card has insufficient funds.")


@pytest.fixture(autouse=True)
def own_store(tmp_path, monkeypatch):
    """Each test counts outcomes in a case store of its own."""
    monkeypatch.setenv("PAYASSIST_DATABASE_URL", f"sqlite:///{tmp_path}/cases.sqlite3")
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def page(path: str = APP, *, user: str | None = None, signin: bool = True, case: str | None = None,
         domains: list[str] | None = None) -> AppTest:
    """A fresh browser session: signed in as ``user``, or anonymous; sign-in configured or local mode."""
    at = AppTest.from_file(path, default_timeout=30)
    if signin:
        at.secrets["auth"] = AUTH
    if domains:
        at.secrets["payassist"] = {"allowed_domains": domains}
    at.user = {"is_logged_in": True, "email": user, "name": user.split("@")[0].title(),
               "email_verified": True} if user else {"is_logged_in": False}  # (as providers send it)
    if case:
        at.query_params["case"] = case
    at.run()
    assert not at.exception, at.exception
    return at


def buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def seller_case(at: AppTest) -> str:
    at.chat_input(key="paste").set_value(PASTE).run()
    assert plan_titles(at), "a plan after the paste"
    return case_id_of(at)


# --- sign-in and roles --------------------------------------------------------------------------
def test_local_mode_is_labelled_and_everything_is_open():
    at = page(signin=False)
    assert any("Local mode" in c.value for c in at.caption)
    assert at.segmented_control(key="role_choice").options == ["Support agent", "Seller", "Trainer"]
    cases = page(str(PAGES / "2_Cases.py"), signin=False)
    assert not any("Sign in" in i.value for i in cases.info)


def test_anonymous_visitors_are_sellers_and_the_team_pages_are_closed():
    at = page()
    assert "Sign in" in buttons(at)
    assert not [s for s in at.segmented_control if s.key == "role_choice"]
    assert not any("Local mode" in c.value for c in at.caption)
    for name in ("2_Cases.py", "1_Outcomes.py"):
        closed = page(str(PAGES / name))
        assert any("Sign in as a support agent" in i.value for i in closed.info)
        assert not closed.dataframe and not closed.table and not closed.metric


def test_a_signed_in_agent_gets_the_roles_and_the_team_pages():
    at = page(user="ada@example.com")
    assert any("Signed in as Ada (ada@example.com)" in c.value for c in at.caption)
    assert "Sign out" in buttons(at)
    at.segmented_control(key="role_choice").set_value("agent").run()
    assert at.session_state.session.conv.role == "agent"
    cases = page(str(PAGES / "2_Cases.py"), user="ada@example.com")
    assert not any("Sign in" in i.value for i in cases.info)


def test_a_role_can_not_be_forced_by_an_anonymous_visitor():
    at = page()
    at.session_state.session.set_role("agent")
    assert at.session_state.session.conv.role == "seller"


def test_only_listed_domains_are_agents():
    at = page(user="bob@elsewhere.org", domains=["example.com"])
    assert any("isn't in a domain allowed" in w.value for w in at.warning)
    assert not [s for s in at.segmented_control if s.key == "role_choice"]
    closed = page(str(PAGES / "2_Cases.py"), user="bob@elsewhere.org", domains=["example.com"])
    assert not closed.table
    ok = page(user="ada@example.com", domains=["example.com"])
    assert ok.segmented_control(key="role_choice")


# --- cases that belong to someone ---------------------------------------------------------------
def test_a_case_link_opened_by_someone_else_is_read_only_and_masked():
    owner = page()
    case_id = seller_case(owner)
    stranger = page(case=case_id)  # another browser, no cookies, not signed in
    shown = everything_shown(stranger)
    assert "jane.doe@example.com" not in shown and "j•••@example.com" in shown
    assert "555 0132" not in shown and "•••32" in shown
    assert any("Read-only" in i.value or "read-only" in i.value for i in stranger.info)
    assert "Didn't help" not in buttons(stranger) and "This fixed it" not in buttons(stranger)
    assert stranger.chat_input(key="paste").disabled
    # Even driven directly, the session writes nothing into the owner's case.
    sess = stranger.session_state.session
    sess.paste("I am someone else, writing into your case")
    sess.didnt_help(sess.conv.advice().plan[0].id)
    stranger.run()
    stored = CaseStore().load(case_id)
    assert "someone else" not in json.dumps(stored.conversation) and stored.outcomes == []
    assert "jane.doe@example.com" in json.dumps(stored.conversation)  # the owner's own words are kept


def test_a_signed_in_agent_opens_any_case_in_full():
    case_id = seller_case(page())
    agent = page(user="ada@example.com", case=case_id)
    assert "jane.doe@example.com" in everything_shown(agent)
    click(agent, "Didn't help")
    rec = CaseStore().load(case_id)
    assert [(o["author"], o["by_agent"]) for o in rec.outcomes] == [("ada@example.com", True)]
    assert rec.owner.startswith("visitor:")


def test_entries_say_who_added_them():
    at = page(user="ada@example.com")
    seller_case(at)
    rec = CaseStore().load(case_id_of(at))
    assert rec.owner == "ada@example.com"
    assert {m.get("by") for m in rec.conversation["messages"] if m["speaker"] == "user"} == {"ada@example.com"}
    assert any("Added by" in c.value for c in at.caption)


def test_a_revoked_link_opens_nothing():
    owner = page()
    case_id = seller_case(owner)
    owner.session_state.session.revoke_link(True)
    stranger = page(case=case_id)
    assert any("turned its link off" in i.value for i in stranger.info)
    assert "jane" not in everything_shown(stranger)
    assert page(user="ada@example.com", case=case_id).session_state.session.casefile.case_id == case_id


def test_the_owner_deletes_the_case():
    owner = page()
    case_id = seller_case(owner)
    assert owner.session_state.session.can_delete
    assert not page(case=case_id).session_state.session.can_delete  # a stranger can't
    owner.session_state.session.delete_case()
    owner.run()
    assert CaseStore().load(case_id) is None
    assert "case" not in owner.query_params
    assert any("deleted" in i.value for i in owner.info)


# --- a stale tab ----------------------------------------------------------------------------------
def test_a_stale_tab_does_not_overwrite_a_newer_state():
    tab_a = page(user="ada@example.com")
    case_id = seller_case(tab_a)
    tab_b = page(user="ada@example.com", case=case_id)
    click(tab_b, "This fixed it")
    click(tab_a, "Didn't help")  # tab A still shows the plan from before
    notice = " ".join(i.value for i in tab_a.info)
    assert "changed in another tab" in notice and "marked fixed" in notice
    rec = CaseStore().load(case_id)
    assert rec.status == "fixed" and [o["outcome"] for o in rec.outcomes] == ["fixed"]
    assert tab_a.session_state.session.conv.resolved  # the tab now shows the newer state
    click(tab_a, "Start over")


# --- outcomes that count once ----------------------------------------------------------------------
def test_anonymous_outcomes_are_kept_apart_from_agents(monkeypatch):
    for _ in range(15):  # 15 scripted anonymous sessions, each "This fixed it" on one step
        at = page()
        seller_case(at)
        click(at, "This fixed it")
    outcomes = page(str(PAGES / "1_Outcomes.py"), user="ada@example.com")
    assert outcomes.radio[0].value == "agents"
    assert not outcomes.table  # agents recorded nothing: no "100 % fix"
    outcomes.radio[0].set_value("anonymous").run()
    assert outcomes.table


def test_a_session_can_not_record_outcomes_in_a_loop(monkeypatch):
    monkeypatch.setenv("PAYASSIST_OUTCOME_LIMIT", "2/300")
    at = page()
    case_id = seller_case(at)
    for _ in range(3):
        click(at, "Didn't help")
    assert any("not counted in the statistics" in i.value for i in at.info)
    assert len(CaseStore().outcomes(case_id)) == 2
    assert len(at.session_state.session.conv.tried) == 3  # the plan still moved on


# --- notes ----------------------------------------------------------------------------------------
def test_agents_notes_are_kept_and_in_the_ticket_summary():
    at = page(user="ada@example.com")
    at.segmented_control(key="role_choice").set_value("agent").run()
    seller_case(at)
    at.text_area(key="note_text").input("Bank confirmed the card is fine.").run()
    click(at, "Add note")
    assert "### Internal notes" in at.code[0].value and "Bank confirmed" in at.code[0].value
    assert CaseStore().load(case_id_of(at)).notes[0]["author"] == "ada@example.com"
    seller_view = page(case=case_id_of(at))
    assert "Bank confirmed" not in everything_shown(seller_view)


# --- what an export leaves in the store ---------------------------------------------------------------
@pytest.mark.parametrize("signin", [True, False])
def test_only_masked_customer_emails_are_stored_from_an_export(signin):
    at = page(signin=signin)
    at.toggle(key="more_checks").set_value(True).run()
    df = stripe_export()
    df.loc[250:, ["Status", "Decline Reason"]] = ["Failed", "Your card was declined."]
    at.session_state.session.analyse_export(csv(df), "payments.csv")
    at.run()
    shown = repr([m.evidence for m in at.session_state.session.conv.messages if m.evidence])
    assert "c10@example.com" in shown  # the person at the keyboard sees the full table
    stored = json.dumps(CaseStore().load(case_id_of(at)).conversation, ensure_ascii=False)
    assert "c10@example.com" not in stored and "c•••@example.com" in stored


# --- the case list --------------------------------------------------------------------------------
def test_the_case_list_finds_cases_by_customer_email_and_mine():
    seller_case(page())  # an anonymous seller's case
    mine = page(user="ada@example.com")
    mine.chat_input(key="paste").set_value("bob@buyer.example says: Your card has expired.").run()
    cases = page(str(PAGES / "2_Cases.py"), user="ada@example.com")
    assert len(cases.table[0].value) == 2
    cases.text_input[0].input("jane.doe@example.com").run()
    table = cases.table[0].value
    assert len(table) == 1 and table.iloc[0]["Created by"] == "anonymous seller"
    cases.text_input[0].input("").run()
    cases.segmented_control(key="which").set_value("Mine").run()
    table = cases.table[0].value
    assert len(table) == 1 and table.iloc[0]["Created by"] == "you (seller)"
    assert "expired" in table.iloc[0]["Problem"].lower()
