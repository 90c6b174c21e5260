"""The worklist: customers with failed payments, most urgent first, and whose plan is shown.

Evidence about many customers (an export, a live check) is a worklist, not one customer's story:
the account-wide picture in a sentence above it, one row per customer, and a picker that makes one
customer the subject (the plan below becomes theirs) or goes back to the whole account.
"""

from __future__ import annotations

import streamlit as st

from conversation import Advice, Session
from ui.state import session

ACCOUNT = ""
SHOWN = 50


def _picked() -> None:
    session().pick(st.session_state.get("worklist_pick") or ACCOUNT)
    st.session_state.scroll = True


def render_worklist(sess: Session, advice: Advice) -> None:
    c = sess.conv
    if advice.note:
        st.warning(advice.note, icon=":material/priority_high:")
    items = c.worklist.items
    if len(items) < 2:
        if c.subject.kind == "customer":
            st.caption(f"This plan is for the customer {c.subject.customer}.")
        return
    with st.container(border=True, key="worklist"):
        st.markdown(f"**Customers with failed payments** ({len(items):,})")
        if c.worklist.headline:
            st.markdown(c.worklist.headline)
        rows = [{"customer": i.customer, "failed": f"{i.failures} of {i.payments}" if i.payments else i.failures,
                 "reason": i.reason, "retry cycle": i.retry or "—", "who acts": (i.actor or "").capitalize(),
                 "next step": i.next_title} for i in items[:SHOWN]]
        st.dataframe(rows, hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 320))
        if len(items) > SHOWN:
            st.caption(f"The {SHOWN} most urgent are shown; the download has all {len(items):,}.")
        keys = [ACCOUNT, *[i.key for i in items]]
        labels = {ACCOUNT: "The whole account", **{i.key: f"{i.customer} · {i.reason}" for i in items}}
        st.session_state.worklist_pick = c.subject.key if c.subject.key in labels else ACCOUNT
        st.selectbox("Whose plan do you want to see?", keys, format_func=labels.__getitem__, key="worklist_pick",
                     on_change=_picked, disabled=sess.read_only)
        st.download_button("Download the worklist (CSV)", c.worklist.download, file_name="worklist.csv",
                           mime="text/csv", on_click="ignore", icon=":material/download:")
    if c.subject.kind == "customer":
        st.caption(f"The plan below is for the customer {c.subject.customer}; the account-wide steps come first.")
