"""payassist: the chat page. Thin by design: it collects input, calls ``rules`` and ``checks``,
and renders what they return. Run with ``make run``."""

from __future__ import annotations

import streamlit as st

from knowledge.demos import demos
from rules.conversation import ROLES, Conversation
from rules.summary import ticket_summary

ACTOR_BADGE = {
    "customer": ("Customer", "blue"),
    "seller": ("Seller", "orange"),
    "support": ("Support", "violet"),
}
GREETING = {
    "agent": "Ticket triage. Pick the symptom or paste the customer's error.",
    "seller": (
        "Hi! I'll help you find out why a payment isn't going through and walk you through "
        "the fix, step by step. Pick what's happening below, or paste the error message you "
        "or your customer see."
    ),
    "trainer": (
        "Trainer mode: pick a demo scenario in the sidebar, or walk a path yourself with the "
        "quick replies below."
    ),
}

st.set_page_config(page_title="payassist", page_icon="💳", layout="centered")


def conv() -> Conversation:
    if "conv" not in st.session_state:
        st.session_state.conv = Conversation(role=st.session_state.get("role_choice", "seller"))
    return st.session_state.conv


# --- callbacks: change state, then Streamlit reruns and renders it ------------------------------
def on_answer(question_id: str, label: str) -> None:
    conv().answer(question_id, label)


def on_paste() -> None:
    text = st.session_state.get("paste") or ""
    if text.strip():
        conv().paste(text)


def on_didnt_help(step_id: str) -> None:
    conv().didnt_help(step_id)


def on_fixed(step_id: str) -> None:
    conv().fixed(step_id)


def on_start_over() -> None:
    st.session_state.conv = Conversation(role=st.session_state.get("role_choice", "seller"))


def on_demo() -> None:
    name = st.session_state.get("demo_choice")
    demo = next((d for d in demos() if d.name == name), None)
    if demo is None:
        return
    c = Conversation(role="trainer")
    c.start_demo(demo.title, demo.description, demo.facts)
    st.session_state.conv = c


def on_role() -> None:
    conv().role = st.session_state.role_choice


# --- rendering -----------------------------------------------------------------------------------
def render_sidebar(c: Conversation) -> None:
    with st.sidebar:
        st.header("payassist")
        st.segmented_control(
            "I am a…", options=list(ROLES), format_func=ROLES.get, key="role_choice",
            default=c.role, on_change=on_role, selection_mode="single",
        )
        st.button("Start over", on_click=on_start_over, icon=":material/restart_alt:",
                  use_container_width=True)
        if c.role == "trainer":
            render_demo_picker()
        st.caption(
            "Steps come from Kartra's help-centre articles on payment troubleshooting and "
            "Stripe connections, and Stripe's decline-code documentation."
        )


def render_demo_picker() -> None:
    options = {d.name: d for d in demos()}
    if not options:
        st.info("No demo scenarios are installed.")
        return
    st.subheader("Demo scenarios")
    st.selectbox("Scenario", options=list(options), format_func=lambda n: options[n].title,
                 index=None, placeholder="Pick a scenario…", key="demo_choice")
    st.button("Start demo", on_click=on_demo, icon=":material/play_arrow:", type="primary",
              use_container_width=True, disabled=not st.session_state.get("demo_choice"))


def render_summary(c: Conversation, *, expanded: bool) -> None:
    summary = ticket_summary(c)
    with st.expander("Ticket summary", expanded=expanded, icon=":material/content_paste:"):
        st.code(summary, language="markdown")
        st.download_button(
            "Download summary (Markdown)", summary, file_name="payassist-summary.md",
            mime="text/markdown", icon=":material/download:",
        )


def render_question(c: Conversation) -> None:
    advice = c.advice()
    if not advice.questions or c.resolved:
        return
    q = advice.questions[0]
    with st.chat_message("assistant"):
        st.markdown(f"**{q.short if c.role == 'agent' else q.prompt}**")
        for i, option in enumerate(q.options):
            st.button(option.label, key=f"q-{q.id}-{i}", on_click=on_answer,
                      args=(q.id, option.label))


def render_plan(c: Conversation) -> None:
    advice = c.advice()
    if c.resolved:
        with st.chat_message("assistant"):
            st.success("Glad that fixed it! The summary below records what worked.")
        return
    if not advice.plan:
        return
    terse = c.role == "agent"
    with st.chat_message("assistant"):
        intro = "Plan:" if terse else (
            "Here's what to try, in this order. Tell me after each step whether it helped."
        )
        st.markdown(intro)
        for n, step in enumerate(advice.plan, 1):
            label, color = ACTOR_BADGE[step.actor]
            with st.container(border=True, key=f"step-{step.id}"):
                st.markdown(f"**{n}. {step.title}** &nbsp; :{color}-badge[{label}]")
                if terse:
                    st.caption(step.detail)
                else:
                    st.markdown(step.detail)
                    for tip in step.tips:
                        st.info(tip, icon=":material/lightbulb:")
                with st.expander("Why this step", expanded=not terse):
                    st.markdown(step.why)
                    src = f"Source: {step.source}"
                    st.caption(f"{src} — {step.source_url}" if step.source_url else src)
                if step.if_not_fixed and not terse:
                    st.caption(f"If this doesn't help: {step.if_not_fixed}")
                left, right = st.columns(2)
                left.button("This fixed it", key=f"fixed-{step.id}", on_click=on_fixed,
                            args=(step.id,), icon=":material/check_circle:",
                            use_container_width=True)
                right.button("Didn't help", key=f"nohelp-{step.id}", on_click=on_didnt_help,
                             args=(step.id,), icon=":material/arrow_forward:",
                             use_container_width=True)


def main() -> None:
    c = conv()
    render_sidebar(c)
    st.title(":material/credit_card: payassist")
    st.caption("Troubleshoot Kartra payments through Stripe or PayPal, step by step.")
    if c.role == "agent":
        render_summary(c, expanded=True)
    with st.chat_message("assistant"):
        st.markdown(GREETING[c.role])
    for msg in c.messages:
        with st.chat_message(msg.speaker):
            if msg.speaker == "user":
                st.text(msg.text)  # as typed: never interpreted as Markdown or HTML
            else:
                st.markdown(msg.text)
    render_question(c)
    render_plan(c)
    if c.role != "agent" and (c.facts or c.tried):
        render_summary(c, expanded=False)
    st.chat_input("Describe the problem or paste an error message…", key="paste",
                  on_submit=on_paste, max_chars=None)


main()
