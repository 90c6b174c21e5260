"""payassist: the chat page. Thin by design: it collects input, hands it to the conversation
(``conversation.Session``) and renders what comes back. Run with ``make run``."""

from __future__ import annotations

import streamlit as st

from ui.auth import remember_visitor
from ui.case import render_notes
from ui.checks import render_more_checks, run_pending_check
from ui.copy import start_at_top
from ui.evidence import render_transcript
from ui.plan import render_plan, render_question
from ui.sidebar import render_sidebar, render_toolbar
from ui.state import session
from ui.style import apply_style
from ui.submits import install as keep_every_submit
from ui.submits import take as submitted
from ui.summary import render_summary
from ui.worklist import render_worklist

GREETING = {
    "agent": "Ticket triage. Pick the symptom or paste the customer's error.",
    "seller": ("Hi! I'll help you find out why a payment isn't going through and walk you through the fix, "
               "step by step. Pick what's happening below, or paste the error message you or your customer see."),
    "trainer": ("Trainer mode: pick a demo scenario in the sidebar, or walk a path yourself with the quick "
                "replies below."),
}

st.set_page_config(page_title="payassist", page_icon="💳", layout="centered")
keep_every_submit()  # every chat submit is queued, so none is lost to an interrupted run (ui/submits.py)


def on_paste() -> None:
    read_submits()
    st.session_state.scroll = True


def read_submits() -> None:
    """Every text submitted since the last run, in order (ui/submits.py: a run a newer submit interrupted
    never saw its own); without the queue, the chat's value as Streamlit gives it."""
    sess = session()
    if not submitted("paste", sess.paste):
        sess.paste(st.session_state.get("paste") or "")


def keep_case(sess) -> None:
    """Save the case and put its link in the address bar (no database is touched before the first answer)."""
    case_id = sess.save()
    if case_id and st.query_params.get("case") != case_id:
        st.query_params["case"] = case_id
    elif not case_id and "case" in st.query_params:
        del st.query_params["case"]  # deleted, here or elsewhere


def main() -> None:
    sess = session()
    submitted("paste", sess.paste)  # submitted in a run that was stopped before its callback
    keep_case(sess)  # before rendering, so the summary carries the case link
    apply_style()
    render_sidebar(sess)
    st.title(":material/credit_card: payassist")
    render_toolbar(sess)
    if sess.notice:
        st.info(sess.notice, icon=":material/link_off:")
        sess.notice = ""
    elif sess.read_only:
        st.info("Read-only: this case belongs to someone else, and e-mail addresses and phone numbers are "
                "hidden. Start over to work on your own case.", icon=":material/visibility:")
    store_slot = st.empty()  # filled at the end: opening the store must not delay the first question
    agent = sess.conv.role == "agent"
    if agent:  # first for agents, one click away: open on its own once there is a hand-off or a fix
        end = sess.conv.resolved or sess.conv.advice().exhausted
        render_summary(sess, expanded=end)
        render_notes(sess)
    with st.chat_message("assistant"):
        st.markdown(GREETING[sess.conv.role])
    render_transcript(sess.conv.messages)
    run_pending_check(sess)
    advice = sess.conv.advice()
    render_worklist(sess, advice)
    render_question(sess, advice)
    render_plan(sess, advice)
    if not sess.read_only:
        render_more_checks(sess)
    if not agent and (sess.conv.facts or sess.conv.tried):
        render_summary(sess, expanded=advice.exhausted or sess.conv.resolved)
    st.chat_input("Read-only: start over to describe your own problem" if sess.read_only else
                  "Describe the problem or paste an error message…", key="paste", on_submit=on_paste,
                  disabled=sess.read_only)
    remember_visitor()
    if not st.session_state.get("placed"):  # a first load starts at the top, not at the chat's bottom
        st.session_state.placed = True
        start_at_top()
    keep_case(sess)  # a live check or an upload in this run changed the case
    if sess.casefile.status:
        store_slot.warning(sess.casefile.status, icon=":material/cloud_off:")


main()
