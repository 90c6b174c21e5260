"""The sidebar: role, start over, trainer demos and the live-check key form."""

from __future__ import annotations

import os

import streamlit as st

from conversation import ROLES, Session
from knowledge.demos import demos
from ui.state import session


def _on_role() -> None:
    session().set_role(st.session_state.role_choice)


def _on_start_over() -> None:
    session().start_over(role=st.session_state.get("role_choice", "seller"))
    st.query_params.clear()


def _on_demo() -> None:
    if session().start_demo(st.session_state.get("demo_choice") or ""):
        st.query_params.clear()


def render_sidebar(sess: Session) -> None:
    with st.sidebar:
        st.header("payassist")
        st.page_link("pages/1_Outcomes.py", label="Outcomes: what fixes what", icon=":material/insights:")
        st.segmented_control("I am a…", options=list(ROLES), format_func=ROLES.get, key="role_choice",
                             default=sess.conv.role, on_change=_on_role, selection_mode="single")
        st.button("Start over", on_click=_on_start_over, icon=":material/restart_alt:", width="stretch")
        if sess.conv.role == "trainer":
            render_demo_picker()
        render_key_form(sess)
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
        st.subheader("Check with Stripe")
        key = st.text_input(
            "Stripe API key", type="password", placeholder="rk_live_…",
            help="A restricted key with read-only permissions is safest. payassist only reads "
                 "(GET requests) and never keeps the key: it is shown masked, like sk_live_…1234.",
        )
        if st.form_submit_button("Run live check", icon=":material/search:", width="stretch"):
            sess.request_live_check(key, os.environ.get("PAYASSIST_STRIPE_API_BASE") or None)
