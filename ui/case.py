"""What the owner of a case (or an agent) can do with it: turn its link off, delete it, add notes."""

from __future__ import annotations

import streamlit as st

from conversation import Session
from ui.state import session


def _on_revoke(revoked: bool) -> None:
    session().revoke_link(revoked)


def _on_note() -> None:
    if session().add_note(st.session_state.get("note_text") or ""):
        st.session_state.note_text = ""


def _on_delete() -> None:
    if session().delete_case():
        st.query_params.clear()


def render_case_menu(sess: Session) -> None:
    """A popover in the toolbar; only for a saved case this person may change."""
    cf = sess.casefile
    if not cf.case_id or sess.read_only:
        return
    # Lazy: its content runs only while it is open (``on_change="rerun"``); eight elements on every
    # turn of every session showed in the 200-session load test.
    with st.popover("This case", icon=":material/folder_shared:", on_change="rerun", key="case_menu") as menu:
        if not menu.open:
            return
        owner = "you" if cf.access == "owner" else (cf.owner if "@" in cf.owner else "an anonymous seller")
        st.caption(f"Created by {owner}. Kept for {retention()} days after its last change.")
        if cf.link_revoked:
            st.markdown("Its link is **off**: only you (and support agents) can open it.")
            st.button("Turn the link back on", on_click=_on_revoke, args=(False,), icon=":material/link:")
        else:
            st.markdown("Anyone with its link sees it read-only, with e-mail addresses and phone numbers hidden.")
            st.button("Turn the link off", on_click=_on_revoke, args=(True,), icon=":material/link_off:")
        if sess.can_delete:
            st.divider()
            sure = st.checkbox("Delete it for good: the conversation, its outcomes and notes. Anyone with the "
                               "link will find nothing.", key="delete_sure")
            st.button("Delete this case", icon=":material/delete:", key="delete_case", on_click=_on_delete,
                      disabled=not sure, type="primary" if sure else "secondary")


def render_notes(sess: Session) -> None:
    """Internal notes (agents): kept with the case, in the ticket summary, never shown to a seller."""
    if not sess.identity.team or sess.read_only or sess.conv.role != "agent":
        return
    with st.expander(f"Internal notes ({len(sess.casefile.notes)})", icon=":material/sticky_note_2:",
                     expanded=bool(sess.casefile.notes)):
        for n in sess.casefile.notes:
            st.markdown(f"{_plain(n['text'])}  \n:gray[{n.get('author') or 'anonymous'} · {str(n['at'])[:16]}]")
        st.text_area("Add a note for the team (not shown to the seller)", key="note_text", height=80)
        st.button("Add note", on_click=_on_note, icon=":material/add:")


def _plain(text: str) -> str:
    from conversation.markup import plain

    return plain(text)


def retention() -> int:
    from cases.store import retention_days

    return retention_days()
