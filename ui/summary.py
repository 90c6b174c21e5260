"""The ticket summary: a copyable block with visible copy buttons, downloads and the full case link."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from conversation import Session, ticket_summary
from ui.copy import copy_button


def case_link(case_id: str | None) -> str | None:
    """The full address of this case, from the address the browser used."""
    if not case_id:
        return None
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # noqa: BLE001 - no browser context (tests): a relative link still works
        parts = None
    if not parts or not parts.scheme:
        return f"?case={case_id}"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, f"case={case_id}", ""))


def render_summary(sess: Session, *, expanded: bool) -> None:
    link = case_link(sess.casefile.case_id)
    team_view = sess.identity.team and sess.conv.role == "agent" and not sess.read_only
    summary = ticket_summary(sess.conv, link=link, notes=sess.casefile.notes if team_view else None)
    with st.expander("Ticket summary", expanded=expanded, icon=":material/content_paste:"):
        st.code(summary, language="text", wrap_lines=True)
        with st.container(horizontal=True):
            copy_button("Copy summary", summary)
            if link:
                copy_button("Copy case link", link, icon="🔗")
        left, right = st.columns(2)
        left.download_button("Download summary (Markdown)", summary, file_name="payassist-summary.md",
                             mime="text/markdown", icon=":material/download:", width="stretch", on_click="ignore")
        if sess.casefile.case_id and not sess.read_only:
            casefile, ident = sess.casefile, sess.identity  # read from the store when clicked, not on every run
            right.download_button("Download case (JSON)", lambda: casefile.export_json(ident) or "{}",
                                  file_name=f"payassist-case-{sess.casefile.case_id}.json", mime="application/json",
                                  icon=":material/data_object:", width="stretch", on_click="ignore")
            st.caption("Case link: anyone else who opens it sees this case read-only, with e-mail addresses and "
                       "phone numbers hidden; signed-in support agents can work on it.")
            st.text(link)
