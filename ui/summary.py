"""The ticket summary: a copyable block, a Markdown download and the case link."""

from __future__ import annotations

import streamlit as st

from conversation import Session, ticket_summary


def render_summary(sess: Session, *, expanded: bool) -> None:
    summary = ticket_summary(sess.conv)
    with st.expander("Ticket summary", expanded=expanded, icon=":material/content_paste:"):
        st.code(summary, language="markdown")
        left, right = st.columns(2)
        left.download_button("Download summary (Markdown)", summary, file_name="payassist-summary.md",
                             mime="text/markdown", icon=":material/download:", width="stretch", on_click="ignore")
        case_id = sess.casefile.case_id
        if case_id:
            right.download_button("Download case (JSON)", sess.casefile.export_json() or "{}",
                                  file_name=f"payassist-case-{case_id}.json", mime="application/json",
                                  icon=":material/data_object:", width="stretch", on_click="ignore")
            st.caption(f"Case link: add `?case={case_id}` to this page's address (it is in your address bar now) "
                       "to hand this case over or come back to it.")
