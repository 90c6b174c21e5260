"""The case list for agents: recent and mine, by status, found by customer e-mail, error or decline code
and date. Thin over ``cases.store.CaseStore.list_cases``."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from checks.redact import redact
from conversation import ROLES, view
from ui.gate import team_page

STATUS = {"open": "Open", "fixed": "Fixed", "escalated": "Escalated"}

ident, cs = team_page("Cases", ":material/folder_open:", "the case list")

with st.container(horizontal=True, vertical_alignment="bottom"):
    which = st.segmented_control("Show", ["Recent", "Mine"], default="Recent", key="which")
    status = st.selectbox("Status", ["all", *STATUS], format_func=lambda s: STATUS.get(s, "Any status"))
    # A key typed here by mistake is masked in the box itself (the callback runs before the page does)
    # and never reaches the query, so never the SQL log either.
    search = st.text_input("Find", placeholder="Customer e-mail, error or decline code", key="find",
                           on_change=lambda: st.session_state.update(find=redact(st.session_state.find)),
                           help="Matches e-mail addresses pasted into a case, error and decline codes "
                                "(e.g. insufficient_funds), and the problem's words.")
    period = st.date_input("Last changed between", value=(date.today() - timedelta(days=30), date.today()),
                           format="YYYY-MM-DD")
    include_demo = st.toggle("Trainer demos", value=False)
since, until = (period[0], period[-1]) if isinstance(period, tuple) and period else (None, None)
rows = cs.list_cases(owner=ident.owner if which == "Mine" else None, status=None if status == "all" else status,
                     search=redact(search or ""), since=since, until=until, include_demo=include_demo)
if not rows:
    st.info("No cases match. Cases appear here as people work through the assistant.", icon=":material/search_off:")
    st.stop()

ROLE_WORDS = {"agent": "support agent", "seller": "seller", "trainer": "trainer"}


def who(owner: str, role: str) -> str:
    """Who started the case, in words: "you", an e-mail address, or "anonymous support agent" (the role
    the case was worked in, not always a seller)."""
    if owner == ident.owner:
        return "you"
    if "@" in owner:
        return owner
    return f"anonymous {ROLE_WORDS.get(role, 'visitor')}" if owner else "unknown"


def problem(row) -> str:
    """The problem in words; a case with no symptom yet is described by what its checks found."""
    if row.symptom and row.symptom != "unknown":
        return view.problem_words(row.symptom)
    rec = cs.load(row.id)
    return view.problem_words("", rec.facts if rec else None)


# (Selecting a row gives an Open button: on a touch screen the grid's Open link needs a hover first.)
st.caption(f"{len(rows)} case{'s' if len(rows) != 1 else ''}, most recently changed first. Select a row to open it.")
table = st.dataframe(
    [{"case": f"./?case={r.id}", "problem": problem(r),
      "status": STATUS.get(r.status, r.status), "created_by": who(r.owner, r.role), "role": ROLES.get(r.role, r.role),
      "changed": r.updated, "notes": r.notes} for r in rows],
    hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="case_table",
    column_config={
        "case": st.column_config.LinkColumn("Case", display_text="Open", width="small"),
        # Medium, not large: with the sidebar open the last columns were cut off.
        "problem": st.column_config.TextColumn("Problem", width="medium"),
        "status": st.column_config.TextColumn("Status", width="small"),
        "created_by": st.column_config.TextColumn("Created by", width="small"),
        "role": st.column_config.TextColumn("Role", width="small"),
        "changed": st.column_config.DatetimeColumn("Last change", format="YYYY-MM-DD HH:mm", width="small"),
        "notes": st.column_config.NumberColumn("Notes", width="small"),
    },
)
picked = [rows[i] for i in table.selection.rows if 0 <= i < len(rows)]
if picked:
    # A new tab is a new session, which opens the case from its link (this tab keeps the list).
    st.link_button(f"Open the case: {problem(picked[0])}", f"./?case={picked[0].id}", icon=":material/open_in_new:",
                   type="primary")
