"""What fixes what: outcomes recorded in cases, per problem, in plain words. Thin over cases.stats."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

import knowledge
from cases.stats import stats
from conversation import ROLES, view
from conversation.markup import plain
from ui.gate import team_page

RECORDED_BY = {"agents": "Signed-in agents", "anonymous": "Anonymous visitors", "all": "Everyone"}

ident, cs = team_page("What fixes what", ":material/insights:", "what fixes what",
                      "From the outcomes recorded with “This fixed it” and “Didn't help” in every case: one per "
                      "step per case.")

know = knowledge.load()
with st.container(horizontal=True, vertical_alignment="bottom"):
    # Widths of their own, so beside the sidebar the row wraps rather than squeeze the dates and roles (#24).
    period = st.date_input("Outcomes recorded between", value=(date.today() - timedelta(days=90), date.today()),
                           format="YYYY-MM-DD", width=260)
    roles = st.multiselect("Reported by", list(ROLES), default=list(ROLES), format_func=ROLES.get, width=380,
                           wrap=True)
    # With sign-in, anonymous visitors' outcomes are kept apart: anyone can click "This fixed it".
    recorded_by = st.radio("Recorded by", list(RECORDED_BY), format_func=RECORDED_BY.get, horizontal=True,
                           index=0 if ident.signin else 2)
    include_demo = st.toggle("Include trainer demos", value=True)
since, until = (period[0], period[-1]) if isinstance(period, tuple) and period else (None, None)
s = stats(cs, include_demo=include_demo, since=since, until=until, roles=roles or None,
          recorded_by=None if recorded_by == "all" else recorded_by)

a, b, c = st.columns(3)
a.metric("Cases with outcomes", s.cases_with_outcomes)
b.metric("Resolved", s.resolved_cases)
c.metric("Average steps to resolution", f"{s.avg_steps_to_fix:.1f}" if s.avg_steps_to_fix else "–")

if s.by_step.empty:
    st.info("No outcomes recorded yet for these filters. They appear here as people mark steps in the assistant.")
    st.stop()

st.header("Steps that fixed each problem")
# The problem in the Cases page's words: each value named by what it is about, a decline said once (#24).
symptoms = sorted(s.by_step["symptom"].unique(), key=view.problem_words)
chosen = st.selectbox("Problem", symptoms, format_func=view.problem_words)
rows = s.by_step[s.by_step["symptom"] == chosen].copy()
rows["step"] = rows["step_id"].map(lambda i: know.steps[i].title if i in know.steps else i)
chart = rows.set_index("step")[["fixed", "didnt_help"]].rename(columns={"fixed": "Fixed it",
                                                                          "didnt_help": "Didn't help"})
st.bar_chart(chart, horizontal=True, stack=True, height=60 + 48 * len(rows), color=["#15803d", "#94a3b8"])
# A static table whose cells wrap: a data grid sized its columns to the longest step title, and beside the
# sidebar on a 1024 px screen its last column was cut off (#24).
st.table([{"Step": plain(r.step), "Times tried": r.tried, "Fixed it": r.fixed, "Fix rate": f"{r.fix_rate:.0%}",
           "Cases": len(r.cases)} for r in rows.itertuples()], hide_index=True, border="horizontal")
with st.expander("The cases behind each figure"):
    for _, row in rows.iterrows():
        links = " · ".join(f"[case {n}](./?case={i})" for n, i in enumerate(row["cases"][:20], 1))
        st.markdown(f"**{row['step']}**: {links}")

st.header("Most common unresolved paths")
unresolved = s.unresolved.copy()
unresolved["path"] = unresolved["path"].map(
    lambda p: " → ".join(know.steps[i].title if i in know.steps else i for i in p.split(" → ")))
# (a static table too: as a data grid it needed sideways scrolling on a phone, 550 px in 356)
st.table([{"Steps tried, none fixed it": plain(r.path), "Cases": r.cases} for r in unresolved.itertuples()],
         hide_index=True, border="horizontal")
