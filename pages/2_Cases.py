"""The case list for agents: recent and mine, by status, found by customer e-mail, error or decline code
and date. Thin over ``cases.store.CaseStore.list_cases``."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import quote

import streamlit as st

from checks.redact import redact
from conversation import ROLES, view
from conversation.markup import plain
from ui.gate import team_page

STATUS = {"open": "Open", "fixed": "Fixed", "escalated": "Escalated"}

ident, cs = team_page("Cases", ":material/folder_open:", "the case list")

with st.container(horizontal=True, vertical_alignment="bottom"):
    which = st.segmented_control("Show", ["Recent", "Mine"], default="Recent", key="which")
    status = st.selectbox("Status", ["all", *STATUS], format_func=lambda s: STATUS.get(s, "Any status"))
    # A key typed here by mistake is masked in the box itself (the callback runs before the page does)
    # and never reaches the query, so never the SQL log either.
    search = st.text_input("Find", placeholder="Customer e-mail, error or decline code", key="find", width=300,
                           on_change=lambda: st.session_state.update(find=redact(st.session_state.find)),
                           help="Matches e-mail addresses pasted into a case, Stripe's error and decline codes, "
                                "and the problem's words, for example: insufficient funds.")
    period = st.date_input("Last changed between", value=(date.today() - timedelta(days=30), date.today()),
                           format="YYYY-MM-DD", width=260)  # its own width: the row wraps, the dates stay whole
    include_demo = st.toggle("Trainer demos", value=False)
since, until = (period[0], period[-1]) if isinstance(period, tuple) and period else (None, None)
rows = cs.list_cases(owner=ident.owner if which == "Mine" else None, status=None if status == "all" else status,
                     search=redact(search or ""), since=since, until=until, include_demo=include_demo)
if not rows:
    st.info("No cases match. Cases appear here as people work through the assistant.", icon=":material/search_off:")
    st.stop()


def who(owner: str, role: str) -> str:
    """Who started the case and in which role, in words (Markdown): "you (support agent)", an e-mail address,
    or "anonymous support agent" (the role the case was worked in, not always a seller)."""
    role_words = ROLES.get(role, "visitor").lower()
    if owner == ident.owner:
        return f"you ({role_words})"
    if "@" in owner:
        return f"[{plain(owner)}](mailto:{quote(owner, safe='@')}) ({role_words})"  # write to them from the list
    return f"anonymous {role_words}" if owner else "unknown"


def status_words(row) -> str:
    """'Open', or 'Escalated · 2 notes': the agents' notes counted beside the status (one column fewer on a phone)."""
    words = STATUS.get(row.status, row.status)
    return f"{words} · {row.notes} note{'s' if row.notes != 1 else ''}" if row.notes else words


def when(moment: datetime) -> str:
    """'1 Dec 22:10': short enough for a phone's column; the year only when it is not this one (UTC)."""
    fmt = "%-d %b %H:%M" if moment.year == date.today().year else "%-d %b %Y %H:%M"
    return moment.strftime(fmt)


def problem(row) -> str:
    """The problem in words; a case with no symptom yet is described by what its checks found."""
    if row.symptom and row.symptom != "unknown":
        return view.problem_words(row.symptom)
    rec = cs.load(row.id)
    return view.problem_words("", rec.facts if rec else None)


# A static table, not a data grid: its "Open" is a real link (the grid drew its links on a canvas and needed a
# hover before a click opened one, so never on a phone), and its cells wrap, so every column stays on screen
# beside the sidebar on a narrow desktop and on a phone (#24).
st.caption(f"{len(rows)} case{'s' if len(rows) != 1 else ''}, most recently changed first (times in UTC). "
           "Each opens in a new tab.")
st.table([{"Case": f"[Open](./?case={r.id})", "Problem": plain(problem(r)), "Status": status_words(r),
           "Created by": who(r.owner, r.role), "Last change": when(r.updated)} for r in rows],
         hide_index=True, border="horizontal")
