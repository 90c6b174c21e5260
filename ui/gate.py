"""The team pages (Cases, Outcomes): one header, and a signed-in agent once sign-in is configured."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st
from streamlit.errors import StreamlitAPIException

from conversation.identity import Identity
from ui.auth import current_identity
from ui.state import case_store
from ui.style import apply_style

if TYPE_CHECKING:
    from cases.store import CaseStore


def team_page(title: str, icon: str, what: str, caption: str = "") -> tuple[Identity, CaseStore]:
    """Set up a team page: its header, who is here (or stop with a sign-in), and the case store
    (or stop with why there is none)."""
    st.set_page_config(page_title=f"payassist · {title.lower()}", page_icon=icon, layout="wide")
    apply_style()
    try:
        st.page_link("assistant_app.py", label="Back to the assistant", icon=":material/arrow_back:")
    except StreamlitAPIException:  # run on its own (tests): there is no main page to link to
        pass
    st.title(f"{icon} {title}")
    if caption:
        st.caption(caption)
    ident = require_team(what)
    render_team_sidebar()
    store, problem = case_store()
    if store is None:
        st.warning(problem)
        st.stop()
    return ident, store


def render_team_sidebar() -> None:
    """The same way around as on the assistant's sidebar: the assistant and both team pages. Without it
    Streamlit sometimes kept the assistant's sidebar open, empty, after its Cases link (#24)."""
    with st.sidebar:
        st.header("payassist")
        try:
            st.page_link("assistant_app.py", label="The assistant", icon=":material/credit_card:")
            st.page_link("pages/2_Cases.py", label="Cases", icon=":material/folder_open:")
            st.page_link("pages/1_Outcomes.py", label="Outcomes: what fixes what", icon=":material/insights:")
        except StreamlitAPIException:  # run on its own (tests): there are no other pages to link to
            pass


def require_team(what: str) -> Identity:
    """Who is here, or stop the page with a sign-in button when they may not see ``what``."""
    ident = current_identity()
    if ident.team:
        if ident.local:
            st.caption(":material/lock_open: Local mode: sign-in isn't configured, so this page is open to anyone "
                       "who can reach payassist.")
        return ident
    if ident.refused:
        st.warning(ident.refusal(what), icon=":material/block:")
        st.button("Sign out", on_click=st.logout, icon=":material/logout:")
    else:
        st.info(f"Sign in as a support agent to see {what}.", icon=":material/lock:")
        st.button("Sign in", on_click=st.login, icon=":material/login:", type="primary")
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises
