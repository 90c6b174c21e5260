"""The toolbar at the top of the page (role, live check, the case, start over: reachable on a phone),
the account line (local mode, sign in, sign out) and the sidebar (team pages, trainer demos)."""

from __future__ import annotations

import os

import streamlit as st

from conversation import ROLES, Session
from knowledge.demos import demos
from ui.case import render_case_menu
from ui.state import session

LOCAL_MODE = ("Local mode: sign-in isn't configured, so every feature is open to anyone who can reach this "
              "page. See the README to set up sign-in for a team.")


def _on_role() -> None:
    session().set_role(st.session_state.role_choice or session().conv.role)


def _on_start_over() -> None:
    session().start_over(role=st.session_state.get("role_choice") or "seller")
    st.query_params.clear()


def _on_demo() -> None:
    if session().start_demo(st.session_state.get("demo_choice") or ""):
        st.query_params.clear()
        st.session_state.scroll = ".st-key-demo-banner"


def render_toolbar(sess: Session) -> None:
    roles = sess.identity.roles
    with st.container(horizontal=True, vertical_alignment="bottom", key="toolbar"):
        if len(roles) > 1 and not sess.read_only:
            st.segmented_control("I am a…", options=list(roles), format_func=ROLES.get, key="role_choice",
                                 default=sess.conv.role, on_change=_on_role, selection_mode="single")
        if not sess.read_only:
            with st.popover("Check with Stripe", icon=":material/search:"):
                render_key_form(sess)
        render_case_menu(sess)
        st.button("Start over", on_click=_on_start_over, icon=":material/restart_alt:")
    render_account(sess)


def render_account(sess: Session) -> None:
    """Who is here, in one line: local mode, a sign-in button for the team, or who is signed in."""
    ident = sess.identity
    if ident.local:
        st.caption(f":material/lock_open: {LOCAL_MODE}")
        return
    with st.container(horizontal=True, vertical_alignment="center", key="account"):
        if ident.signed_in:
            st.caption(f":material/badge: Signed in as {ident.label}")
            st.button("Sign out", on_click=st.logout, icon=":material/logout:", type="tertiary")
        else:
            st.caption("Support agent or trainer?")
            st.button("Sign in", on_click=st.login, icon=":material/login:", type="tertiary")
    if ident.unverified:
        st.warning(f"Your sign-in provider hasn't verified {ident.email}, so you're using payassist as a seller. "
                   "Verify the address with the provider, then sign in again.", icon=":material/block:")
    elif ident.refused:
        st.warning(f"{ident.email} isn't in a domain allowed to use the agent features here, so you're using "
                   "payassist as a seller. Sign out and sign in with your work account.", icon=":material/block:")


def render_sidebar(sess: Session) -> None:
    with st.sidebar:
        st.header("payassist")
        if sess.identity.team:
            st.page_link("pages/2_Cases.py", label="Cases", icon=":material/folder_open:")
            st.page_link("pages/1_Outcomes.py", label="Outcomes: what fixes what", icon=":material/insights:")
        if sess.conv.role == "trainer" and sess.identity.team:
            render_demo_picker()
        st.caption("Steps come from Kartra's help-centre articles on payment troubleshooting and "
                   "Stripe connections, and Stripe's decline-code documentation.")


def render_demo_picker() -> None:
    options = {d.name: d for d in demos()}
    if not options:
        st.info("No demo scenarios are installed.")
        return
    st.subheader("Demo scenarios")
    st.selectbox("Scenario", options=list(options), format_func=lambda n: options[n].title,
                 index=None, placeholder="Pick a scenario…", key="demo_choice")
    st.button("Start demo", on_click=_on_demo, icon=":material/play_arrow:", type="primary",
              width="stretch", disabled=not st.session_state.get("demo_choice"))


def render_key_form(sess: Session) -> None:
    """The key field; the form clears it at once and the key goes straight to the check."""
    with st.form("live_check", clear_on_submit=True, border=False):
        key = st.text_input(
            "Stripe API key", type="password", placeholder="rk_live_…",
            help="A restricted key with read-only permissions is safest. payassist only reads "
                 "(GET requests) and never keeps the key: it is shown masked, like sk_live_…1234.",
        )
        if st.form_submit_button("Run live check", icon=":material/search:", width="stretch"):
            sess.request_live_check(key, os.environ.get("PAYASSIST_STRIPE_API_BASE") or None)
