"""The process's shared resources and this browser session's ``Session``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from conversation import Session
from ui.auth import arrived_with_clicks, current_identity

if TYPE_CHECKING:
    from cases.store import CaseStore

RECONNECTED = ("payassist restarted while this page was open, so it reconnected. The case is shown as it was "
               "last saved: if you had just clicked something, please do it again.")


@st.cache_resource(show_spinner=False)
def case_store() -> tuple[CaseStore | None, str]:
    """The case store, or why there is none (the assistant still advises without it)."""
    from cases.store import open_store

    return open_store()


def session() -> Session:
    """This browser session's Session, opened from a ``?case=`` link when there is one; who is here
    (signed in, or this browser) is read again on every run."""
    identity = current_identity()
    if "session" not in st.session_state:
        reconnected = arrived_with_clicks()
        sess = Session(case_store, role=st.session_state.get("role_choice", "seller"), identity=identity)
        case_id = st.query_params.get("case")
        if case_id:
            if sess.open_case(case_id):
                st.session_state.role_choice = sess.conv.role
                if reconnected and not sess.notice:
                    sess.notice = RECONNECTED
            else:
                del st.query_params["case"]
        elif reconnected:
            sess.notice = RECONNECTED
        st.session_state.session = sess
    else:
        st.session_state.session.set_identity(identity)
    return st.session_state.session
