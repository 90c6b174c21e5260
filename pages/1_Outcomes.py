"""What fixes what: outcomes recorded in cases, per symptom. Thin over cases.stats."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

import knowledge
from cases.stats import stats
from cases.store import CaseStore, open_store

st.set_page_config(page_title="payassist · outcomes", page_icon=":material/insights:", layout="wide")
try:
    st.page_link("assistant_app.py", label="Back to the assistant", icon=":material/arrow_back:")
except StreamlitAPIException:  # run on its own (tests): there is no main page to link to
    pass
st.title(":material/insights: What fixes what")
st.caption("From the outcomes recorded with “This fixed it” and “Didn't help” in every case.")


@st.cache_resource(show_spinner=False)
def store() -> tuple[CaseStore | None, str]:
    return open_store()


cs, problem = store()
if cs is None:
    st.warning(problem)
    st.stop()

include_demo = st.toggle("Include trainer demo cases", value=True)
s = stats(cs, include_demo=include_demo)
a, b, c = st.columns(3)
a.metric("Cases with outcomes", s.cases_with_outcomes)
b.metric("Resolved", s.resolved_cases)
c.metric("Average steps to resolution", f"{s.avg_steps_to_fix:.1f}" if s.avg_steps_to_fix else "–")

if s.by_step.empty:
    st.info("No outcomes recorded yet. They appear here as people mark steps in the assistant.")
    st.stop()

symptoms = sorted(s.by_step["symptom"].unique())
chosen = st.selectbox("Symptom", symptoms)
steps = knowledge.load().steps
rows = s.by_step[s.by_step["symptom"] == chosen].copy()
rows.insert(0, "step", rows["step_id"].map(lambda i: steps[i].title if i in steps else i))
chart = rows.set_index("step")[["fixed", "didnt_help"]].rename(columns={"fixed": "fixed it",
                                                                          "didnt_help": "didn't help"})
st.bar_chart(chart, horizontal=True, stack=True, height=60 + 48 * len(rows), color=["#16a34a", "#cbd5e1"])
st.dataframe(rows.drop(columns=["symptom"]), hide_index=True, width="stretch",
             column_config={"fix_rate": st.column_config.ProgressColumn("fix rate", min_value=0, max_value=1)})
st.subheader("Most common unresolved paths")
st.dataframe(s.unresolved, hide_index=True, width="stretch")
