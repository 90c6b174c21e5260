"""The process's shared resources and this browser session's ``Session``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from conversation import Session

if TYPE_CHECKING:
    from cases.store import CaseStore


@st.cache_resource(show_spinner=False)
def case_store() -> tuple[CaseStore | None, str]:
    """The case store, or why there is none (the assistant still advises without it)."""
    from cases.store import open_store

    return open_store()


def session() -> Session:
    """This browser session's Session, opened from a ``?case=`` link when there is one."""
    if "session" not in st.session_state:
        sess = Session(case_store, role=st.session_state.get("role_choice", "seller"))
        case_id = st.query_params.get("case")
        if case_id:
            if sess.open_case(case_id):
                st.session_state.role_choice = sess.conv.role
            else:
                del st.query_params["case"]
        st.session_state.session = sess
    return st.session_state.session
