"""The next question and the plan, with "This fixed it" / "Didn't help" on each step."""

from __future__ import annotations

import streamlit as st

from conversation import Session
from rules import PlanStep
from ui.state import session

ACTOR_BADGE = {
    "customer": ("Customer", "blue"),
    "seller": ("Seller", "orange"),
    "support": ("Support", "violet"),
}


def _answer(question_id: str, label: str) -> None:
    session().answer(question_id, label)


def _didnt_help(step_id: str) -> None:
    session().didnt_help(step_id)


def _fixed(step_id: str) -> None:
    session().fixed(step_id)


def render_question(sess: Session) -> None:
    c = sess.conv
    advice = c.advice()
    if not advice.questions or c.resolved:
        return
    q = advice.questions[0]
    with st.chat_message("assistant"):
        st.markdown(f"**{q.short if c.role == 'agent' else q.prompt}**")
        for i, label in enumerate(q.options):
            st.button(label, key=f"q-{q.id}-{i}", on_click=_answer, args=(q.id, label))


def render_plan(sess: Session) -> None:
    c = sess.conv
    if c.resolved:
        with st.chat_message("assistant"):
            st.success("Glad that fixed it! The summary below records what worked.")
        return
    advice = c.advice()
    if not advice.plan:
        return
    terse = c.role == "agent"
    with st.chat_message("assistant"):
        st.markdown("Plan:" if terse else
                    "Here's what to try, in this order. Tell me after each step whether it helped.")
        for n, step in enumerate(advice.plan, 1):
            render_step(n, step, terse)


def render_step(n: int, step: PlanStep, terse: bool) -> None:
    """One plan step in few elements: each element is a message to the browser on every turn."""
    label, color = ACTOR_BADGE[step.actor]
    with st.container(border=True, key=f"step-{step.id}"):
        body = [f"**{n}. {step.title}** &nbsp; :{color}-badge[{label}]",
                f":gray[{step.detail}]" if terse else step.detail]
        if not terse:
            body += [f"> :material/lightbulb: **Pro tip:** {tip}" for tip in step.tips]
            if step.if_not_fixed:
                body.append(f":gray[If this doesn't help: {step.if_not_fixed}]")
        st.markdown("\n\n".join(body))
        with st.expander("Why this step", expanded=not terse):
            src = f"Source: {step.source}" + (f" — {step.source_url}" if step.source_url else "")
            st.markdown(f"{step.why}\n\n:gray[{src}]")
        with st.container(horizontal=True):
            st.button("This fixed it", key=f"fixed-{step.id}", on_click=_fixed, args=(step.id,),
                      icon=":material/check_circle:", width="stretch")
            st.button("Didn't help", key=f"nohelp-{step.id}", on_click=_didnt_help, args=(step.id,),
                      icon=":material/arrow_forward:", width="stretch")
