"""The next question and the plan as a checklist: tried steps stay ticked, the current step in full,
the rest by title, "step 3 of 7"; the hand-off when every documented step was tried."""

from __future__ import annotations

import streamlit as st

from conversation import Advice, PlanStep, Session, view
from ui.copy import copy_button, scroll_to
from ui.state import session

ACTOR_BADGE = {
    "customer": ("Customer", "blue"),
    "seller": ("Seller", "orange"),
    "support": ("Support", "violet"),
}


def _clicked() -> None:
    st.session_state.scroll = True


def _answer(question_id: str, label: str) -> None:
    session().answer(question_id, label)
    _clicked()


def _didnt_help(step_id: str) -> None:
    session().didnt_help(step_id)
    _clicked()


def _fixed(step_id: str) -> None:
    session().fixed(step_id)
    _clicked()


def render_question(sess: Session, advice: Advice) -> None:
    c = sess.conv
    if not advice.questions or c.resolved or sess.read_only:
        return
    q = advice.questions[0]
    with st.chat_message("assistant"), st.container(key="current-question"):
        st.markdown(f"**{q.short if c.role == 'agent' else q.prompt}**")
        with st.container():
            for i, label in enumerate(q.options):
                st.button(label, key=f"q-{q.id}-{i}", on_click=_answer, args=(q.id, label))
    _scroll_if_clicked(".st-key-current-question")


def render_plan(sess: Session, advice: Advice) -> None:
    c = sess.conv
    if c.resolved:
        with st.chat_message("assistant"), st.container(key="plan-end"):
            render_tried(c.tried)
            st.success(f"Glad that fixed it! “{view.step_title(c.fixed_by or '')}” solved it; the summary below "
                       "records what worked.", icon=":material/task_alt:")
        _scroll_if_clicked(".st-key-plan-end")
        return
    if advice.exhausted:
        render_handoff(sess, advice)
        return
    if not advice.plan:
        return
    terse = c.role == "agent"
    done, total = len(c.tried), len(c.tried) + len(advice.plan)
    with st.chat_message("assistant"):
        intro = "Plan" if terse else "Here's what to try, in this order. Tell me after each step whether it helped."
        st.markdown(intro)
        if clock := c.facts.get("retry_clock"):
            st.warning(f"**Kartra's retry clock:** {clock}", icon=":material/timer:")
        render_tried(c.tried)
        current, *rest = advice.plan
        render_current_step(done + 1, current, terse, buttons=not sess.read_only,
                            fallback=view.fallback(current, c.tried, rest), total=total)
        if rest:
            lines = [f"**{n}. {s.title}** &nbsp; {_badge(s.actor)}" for n, s in enumerate(rest, done + 2)]
            st.markdown("Then:\n\n" + "\n\n".join(lines))
        render_reply(advice)
    _scroll_if_clicked(".st-key-current-step")


def _badge(actor: str) -> str:
    label, color = ACTOR_BADGE[actor]
    return f":{color}-badge[{label}]"


def render_tried(tried: list[str]) -> None:
    for n, step_id in enumerate(tried, 1):
        st.markdown(f":gray[~~{n}. {view.step_title(step_id)}~~ · didn't help]")


def render_current_step(n: int, step: PlanStep, terse: bool, *, buttons: bool = True, fallback: str = "",
                        total: int = 0) -> None:
    """The step to do now, in full: where it is in the plan, what to do, the tips, why (collapsed), and the
    two outcomes (not on a read-only view of someone else's case). "step 3 of 7" is inside the card, so
    the card brought into view shows it too."""
    with st.container(border=True, key="current-step"):
        if total:
            st.markdown(f"**Step {n} of {total}**")
            st.progress((n - 1) / total)
        body = [f"**{n}. {step.title}** &nbsp; {_badge(step.actor)}",
                f":gray[{step.detail}]" if terse else step.detail]
        if not terse:
            body += [f"> :material/lightbulb: **Pro tip:** {tip}" for tip in step.tips]
            if fallback:
                # a fallback that is its own condition ("If no account's key matches, …") reads alone
                body.append(fallback if fallback.startswith("If ") else f"If this doesn't help: {fallback}")
        st.markdown("\n\n".join(body))
        with st.expander("Why this step", expanded=False):
            st.markdown(f"{view.why(step)}\n\nFrom: {view.citation(step).markdown()}")
        if not buttons:
            return
        with st.container(horizontal=True):
            st.button("This fixed it", key=f"fixed-{step.id}", on_click=_fixed, args=(step.id,),
                      icon=":material/check_circle:", width="stretch")
            st.button("Didn't help", key=f"nohelp-{step.id}", on_click=_didnt_help, args=(step.id,),
                      icon=":material/arrow_forward:", width="stretch")


def render_reply(advice: Advice) -> None:
    if not advice.customer_reply:
        return
    with st.expander("Reply to send your customer", icon=":material/mail:"):
        st.markdown(f"> {advice.customer_reply}")
        copy_button("Copy reply to customer", advice.customer_reply)


def render_handoff(sess: Session, advice: Advice) -> None:
    closing, attach = view.handoff(sess.conv.role)
    with st.chat_message("assistant"):
        render_tried(sess.conv.tried)
        with st.container(key="plan-end"):
            st.markdown(f"**{closing}**")
            st.markdown("Attach to the ticket:\n\n" + "\n".join(f"- {a}" for a in attach))
        render_reply(advice)
    _scroll_if_clicked(".st-key-plan-end")


def _scroll_if_clicked(selector: str) -> None:
    """Place what a click brought (``st.session_state.scroll``: True for ``selector``, or another selector:
    the newest evidence after an upload, a demo's banner)."""
    target = st.session_state.pop("scroll", False)
    if target:
        scroll_to(target if isinstance(target, str) else selector)
