"""The team pages (Cases, Outcomes) need a signed-in agent once sign-in is configured."""

from __future__ import annotations

import streamlit as st

from conversation.identity import Identity
from ui.auth import current_identity


def require_team(what: str) -> Identity:
    """Who is here, or stop the page with a sign-in button when they may not see ``what``."""
    ident = current_identity()
    if ident.team:
        if ident.local:
            st.caption(":material/lock_open: Local mode: sign-in isn't configured, so this page is open to anyone "
                       "who can reach payassist.")
        return ident
    if ident.refused:
        st.warning(f"{ident.email} isn't in a domain allowed to see {what}.", icon=":material/block:")
        st.button("Sign out", on_click=st.logout, icon=":material/logout:")
    else:
        st.info(f"Sign in as a support agent to see {what}.", icon=":material/lock:")
        st.button("Sign in", on_click=st.login, icon=":material/login:", type="primary")
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises
