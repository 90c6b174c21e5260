"""payassist: the chat page. Thin by design: it collects input, calls ``rules`` and ``checks``,
and renders what they return. Run with ``make run``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import streamlit as st

from checks.keys import classify_key
from checks.redact import mask
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

if TYPE_CHECKING:
    from cases.store import CaseStore
    from checks.sandbox import Sandbox

# The Stripe SDK, pandas, SQLAlchemy and Alembic are imported where they are used, so the first
# question reaches the browser before they load (see BENCHMARKS.md: first render).

st.set_page_config(page_title="payassist", page_icon="💳", layout="centered")


@st.cache_resource(show_spinner=False)
def case_store() -> tuple[CaseStore | None, str]:
    """The case store, or why there is none (the assistant still advises without it)."""
    from cases.store import open_store

    return open_store()


def conv() -> Conversation:
    if "conv" not in st.session_state:
        st.session_state.conv = open_case_from_link() or Conversation(
            role=st.session_state.get("role_choice", "seller"))
    return st.session_state.conv


def open_case_from_link() -> Conversation | None:
    case_id = st.query_params.get("case")
    if not case_id:
        return None
    store, _ = case_store()
    rec = store.load(case_id) if store else None
    if rec is None:
        st.session_state.notice = "That case link is unknown or malformed, so this is a fresh start."
        del st.query_params["case"]
        return None
    st.session_state.case_id = rec.id
    c = Conversation.from_dict(rec.conversation)
    st.session_state.role_choice = c.role
    st.session_state.saved = fingerprint(c)
    return c


def fingerprint(c: Conversation) -> tuple:
    return (c.role, len(c.messages), len(c.tried), c.fixed_by, len(c.facts))


def save_case(c: Conversation) -> None:
    """Create or update this conversation's case; only when something changed."""
    store, _ = case_store()
    if store is None or not c.messages or st.session_state.get("saved") == fingerprint(c):
        return
    summary = ticket_summary(c)
    plan = [{"id": s.id, "title": s.title} for s in c.advice().plan]
    data = {"role": c.role, "facts": c.facts, "conversation": c.to_dict(), "plan": plan, "summary": summary,
            "symptom": c.symptom_key()}
    try:
        case_id = st.session_state.get("case_id")
        if case_id:
            store.save(case_id, **data)
        else:
            case_id = store.create(demo=c.role == "trainer" and bool(c.symptoms and c.symptoms[0].startswith("Demo")),
                                   **data)
            st.session_state.case_id = case_id
        if st.query_params.get("case") != case_id:
            st.query_params["case"] = case_id
        st.session_state.saved = fingerprint(c)
    except Exception:  # noqa: BLE001 - the conversation goes on without the store
        st.session_state.store_error = "The case store stopped answering: this case is not being saved."


def record_outcome(c: Conversation, step_id: str, outcome: str) -> None:
    store, _ = case_store()
    if store is None:
        return
    save_case(c)
    case_id = st.session_state.get("case_id")
    if case_id:
        try:
            store.record_outcome(case_id, step_id, outcome, c.symptom_key())
        except Exception:  # noqa: BLE001
            st.session_state.store_error = "The case store stopped answering: outcomes are not being saved."


# --- callbacks: change state, then Streamlit reruns and renders it ------------------------------
def on_answer(question_id: str, label: str) -> None:
    conv().answer(question_id, label)


def on_paste() -> None:
    text = st.session_state.get("paste") or ""
    if text.strip():
        conv().paste(text)


def on_didnt_help(step_id: str) -> None:
    record_outcome(conv(), step_id, "didnt_help")
    conv().didnt_help(step_id)


def on_fixed(step_id: str) -> None:
    record_outcome(conv(), step_id, "fixed")
    conv().fixed(step_id)


def on_start_over() -> None:
    st.session_state.conv = Conversation(role=st.session_state.get("role_choice", "seller"))
    st.session_state.pop("case_id", None)
    st.session_state.pop("saved", None)
    st.query_params.clear()


def on_demo() -> None:
    name = st.session_state.get("demo_choice")
    demo = next((d for d in demos() if d.name == name), None)
    if demo is None:
        return
    c = Conversation(role="trainer")
    c.start_demo(demo.title, demo.description, demo.facts)
    st.session_state.conv = c
    st.session_state.pending_demo = demo.name
    st.session_state.pop("case_id", None)
    st.session_state.pop("saved", None)


def on_role() -> None:
    conv().role = st.session_state.role_choice


# --- live checks -----------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def demo_sandbox() -> Sandbox:
    """One Stripe sandbox per app process, for trainer demos (loopback only)."""
    from checks.sandbox import Sandbox

    return Sandbox().start()


def run_live_check(c: Conversation, key: str, *, api_base: str | None, title: str,
                   override: dict | None = None) -> None:
    """Run the real live check with progress in an st.status, then keep what it found."""
    from checks.stripe_live import check_account

    masked = mask(key)
    c.say("user", f"Check my Stripe account with the key {masked}.", "outcome")
    render_message(c.messages[-1])
    first = len(c.messages)
    with st.chat_message("assistant"):
        with st.status(f"Checking {masked} with Stripe…", expanded=True) as status:
            kind = classify_key(key).facts["key_kind"]
            st.write(f"Key {masked}: {kind.replace('_', ' ')}.")

            def progress(label: str, ok: bool) -> None:
                st.write(f"{':material/check:' if ok else ':material/close:'} {label}")

            finding = check_account(key, api_base=api_base, progress=progress)
            state = "complete" if finding.ok else "error"
            status.update(label=f"Stripe check of {masked}: {'done' if finding.ok else 'done, with problems'}",
                          state=state, expanded=False)
    del key
    c.record_check(title, finding, override=override)
    for msg in c.messages[first:]:
        render_message(msg)


def take_pending_checks(c: Conversation, key: str | None) -> None:
    if key:
        run_live_check(c, key, api_base=os.environ.get("PAYASSIST_STRIPE_API_BASE") or None,
                       title="Live Stripe check")
    name = st.session_state.pop("pending_demo", None)
    if name:
        from checks.sandbox import load_scenarios

        sc = load_scenarios()[name]
        sb = demo_sandbox()
        run_live_check(c, sc.key, api_base=sb.url, title=f"Live check of the demo account “{sc.account.business_name}”",
                       override=sc.facts)


# --- rendering -----------------------------------------------------------------------------------
def render_key_form() -> str | None:
    """The key field. Returns the key for this run only; the form clears it at once."""
    with st.form("live_check", clear_on_submit=True, border=False):
        st.subheader("Check with Stripe")
        key = st.text_input(
            "Stripe API key", type="password", placeholder="rk_live_…",
            help="A restricted key with read-only permissions is safest. payassist only reads "
                 "(GET requests) and never keeps the key: it is shown masked, like sk_live_…1234.",
        )
        submitted = st.form_submit_button("Run live check", icon=":material/search:",
                                          width="stretch")
    return key if submitted and key and key.strip() else None


def render_sidebar(c: Conversation) -> str | None:
    with st.sidebar:
        st.header("payassist")
        st.page_link("pages/1_Outcomes.py", label="Outcomes: what fixes what", icon=":material/insights:")
        st.segmented_control(
            "I am a…", options=list(ROLES), format_func=ROLES.get, key="role_choice",
            default=c.role, on_change=on_role, selection_mode="single",
        )
        st.button("Start over", on_click=on_start_over, icon=":material/restart_alt:",
                  width="stretch")
        if c.role == "trainer":
            render_demo_picker()
        key = render_key_form()
        st.caption(
            "Steps come from Kartra's help-centre articles on payment troubleshooting and "
            "Stripe connections, and Stripe's decline-code documentation."
        )
    return key


def render_demo_picker() -> None:
    options = {d.name: d for d in demos()}
    if not options:
        st.info("No demo scenarios are installed.")
        return
    st.subheader("Demo scenarios")
    st.selectbox("Scenario", options=list(options), format_func=lambda n: options[n].title,
                 index=None, placeholder="Pick a scenario…", key="demo_choice")
    st.button("Start demo", on_click=on_demo, icon=":material/play_arrow:", type="primary",
              width="stretch", disabled=not st.session_state.get("demo_choice"))


def render_summary(c: Conversation, *, expanded: bool) -> None:
    summary = ticket_summary(c)
    with st.expander("Ticket summary", expanded=expanded, icon=":material/content_paste:"):
        st.code(summary, language="markdown")
        left, right = st.columns(2)
        left.download_button(
            "Download summary (Markdown)", summary, file_name="payassist-summary.md",
            mime="text/markdown", icon=":material/download:", width="stretch", on_click="ignore",
        )
        case_id = st.session_state.get("case_id")
        store, _ = case_store()
        if case_id and store:
            right.download_button("Download case (JSON)", store.export_json(case_id) or "{}",
                                  file_name=f"payassist-case-{case_id}.json", mime="application/json",
                                  icon=":material/data_object:", width="stretch", on_click="ignore")
            st.caption(f"Case link: add `?case={case_id}` to this page's address (it is in your address bar now) "
                       "to hand this case over or come back to it.")


def render_question(c: Conversation) -> None:
    advice = c.advice()
    if not advice.questions or c.resolved:
        return
    q = advice.questions[0]
    with st.chat_message("assistant"):
        st.markdown(f"**{q.short if c.role == 'agent' else q.prompt}**")
        for i, label in enumerate(q.options):
            st.button(label, key=f"q-{q.id}-{i}", on_click=on_answer, args=(q.id, label))


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
            render_step(n, step, terse)


def render_step(n: int, step, terse: bool) -> None:
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
            st.button("This fixed it", key=f"fixed-{step.id}", on_click=on_fixed, args=(step.id,),
                      icon=":material/check_circle:", width="stretch")
            st.button("Didn't help", key=f"nohelp-{step.id}", on_click=on_didnt_help, args=(step.id,),
                      icon=":material/arrow_forward:", width="stretch")


EVIDENCE_COLUMNS = ["created", "amount", "currency", "customer", "decline_code", "meaning", "who acts",
                    "failure_message", "network_status"]


def render_message(msg) -> None:
    with st.chat_message(msg.speaker):
        if msg.speaker == "user":
            st.text(msg.text)  # as typed: never interpreted as Markdown or HTML
        elif msg.kind == "problem":
            st.warning(msg.text, icon=":material/warning:")
        else:
            st.markdown(msg.text)
        if msg.kind == "evidence" and msg.data:
            render_evidence(msg.data)


def render_evidence(ev: dict) -> None:
    if "by_reason" in ev:
        return render_export(ev)
    if "modules" in ev:
        return render_product(ev)
    if "accounts" in ev:
        st.dataframe(ev["accounts"], hide_index=True, width="stretch")
        if ev.get("match"):
            st.success(f"Select **{ev['match']}** when you click Connect with Stripe.")
        return None
    acct = ev.get("account")
    if acct:
        def yn(v: object) -> str:
            return "yes" if v else "**no**"

        st.markdown(
            f"Account **{acct.get('name') or acct.get('id')}** (`{acct.get('id')}`, {acct.get('country')}, "
            f"{ev.get('mode', '')} mode): can take charges {yn(acct.get('charges_enabled'))}, payouts "
            f"{yn(acct.get('payouts_enabled'))}, details submitted {yn(acct.get('details_submitted'))}"
            + (f", disabled because `{acct['disabled_reason']}`" if acct.get("disabled_reason") else "") + "."
        )
    failed = ev.get("failed_payments") or []
    if failed:
        st.markdown(f"**Failed payments** ({len(failed)} of the last {ev.get('charges_seen', len(failed))}):")
        st.dataframe([{k: r.get(k) for k in EVIDENCE_COLUMNS} for r in failed], hide_index=True,
                     width="stretch")
    elif ev.get("checked", {}).get("charges"):
        st.markdown("No failed payments among the recent charges.")
    if ev.get("subscriptions"):
        st.markdown("**Subscriptions in trouble:**")
        st.dataframe(ev["subscriptions"], hide_index=True, width="stretch")
    if ev.get("invoices"):
        st.markdown("**Open invoices:**")
        st.dataframe(ev["invoices"], hide_index=True, width="stretch")


MODULES = ["Basic info", "Pricing", "Checkout", "Thank you page", "Access", "Emails", "Affiliates"]


def render_more_checks(c: Conversation) -> None:
    """Uploads and forms for the advanced path: export, product configuration, account matching."""
    from checks.accounts import match_account
    from checks.export import analyse_export
    from checks.product import check_product

    # Rendered only when asked for: a dozen widgets on every turn would slow every turn down.
    if not st.toggle("More checks: a payments export, a product, which Stripe account", key="more_checks"):
        return
    with st.container(border=True):
        export_tab, product_tab, account_tab = st.tabs(["Payments export", "Product", "Which account?"])
        with export_tab:
            up = st.file_uploader("Stripe payments export (Payments › Export, CSV)", type=["csv", "txt"],
                                  key="export_upload")
            if up is not None and st.session_state.get("export_done") != up.file_id:
                st.session_state.export_done = up.file_id
                with st.spinner("Reading the export…"):
                    c.say("user", f"Analyse my payments export {up.name}.", "outcome")
                    c.record_check(f"Payments export {up.name}", analyse_export(up))
                st.rerun()
        with product_tab:
            up = st.file_uploader("Product configuration (JSON or YAML)", type=["json", "yaml", "yml"],
                                  key="product_upload")
            if up is not None and st.session_state.get("product_done") != up.file_id:
                st.session_state.product_done = up.file_id
                c.say("user", f"Check my product configuration {up.name}.", "outcome")
                c.record_check("Product check", check_product(up.getvalue()))
                st.rerun()
            with st.form("product_form", clear_on_submit=True, border=False):
                st.caption("…or describe it:")
                processor = st.selectbox("Processor selected at Basic Info", ["stripe", "paypal", "none"])
                pending = st.multiselect("Modules not saved yet (red hourglass)", MODULES)
                key = st.text_input("Key in the Stripe integration, if it uses one", type="password")
                created = st.date_input("Integration created on", value=None)
                method = st.radio("Connected with", ["Connect with Stripe", "API keys"], horizontal=True)
                if st.form_submit_button("Check product"):
                    cfg = {"processor": processor,
                           "modules": [{"name": m, "state": "not_saved" if m in pending else "saved"} for m in MODULES],
                           "integrations": [{"processor": "stripe" if processor != "paypal" else "paypal",
                                             "key": key or None, "created": created,
                                             "method": "oauth" if method == "Connect with Stripe" else "api_keys"}]}
                    c.say("user", "Check my product configuration.", "outcome")
                    c.record_check("Product check", check_product(cfg))
                    st.rerun()
        with account_tab:
            with st.form("account_form", border=False):
                kartra = st.text_input("Publishable key shown in the Kartra integration (bottom right)")
                accounts = st.text_area("Your Stripe accounts, one per line: `Name: pk_live_…` "
                                        "(Stripe › Developers › API keys)")
                if st.form_submit_button("Find the account"):
                    cands = {}
                    for line in accounts.splitlines():
                        name, _, pk = line.rpartition(":") if ":" in line else ("", "", line)
                        if pk.strip():
                            cands[name.strip() or f"Account {len(cands) + 1}"] = pk.strip()
                    c.say("user", "Which Stripe account matches my Kartra integration?", "outcome")
                    c.record_check("Account matching", match_account(kartra, cands))
                    st.rerun()


def render_export(ev: dict) -> None:
    summary = ev.get("summary", {})
    st.markdown(
        f"**{summary.get('failed', 0):,} failed of {summary.get('rows', 0):,} payments** "
        f"({summary.get('failure_rate', 0):.1%})"
        + (f", from {summary['first']} to {summary['last']}" if summary.get("first") else "")
        + (f". **Every payment has failed since {summary['since']}.**" if summary.get("since") else ".")
    )
    daily = ev.get("daily")
    if daily is not None and not daily.empty:
        st.markdown("Failures per day, by reason:")
        st.bar_chart(daily.pivot_table(index="day", columns="reason", values="failures", aggfunc="sum").fillna(0),
                     height=260)
    reasons = ev["by_reason"]
    if not reasons.empty:
        st.markdown("Top decline reasons:")
        st.dataframe(reasons.head(10)[["reason", "count", "share", "who acts", "meaning"]], hide_index=True,
                     width="stretch")
    failed = ev.get("failed_rows")
    if failed is not None and not failed.empty:
        st.download_button("Download the failed payments (CSV)", failed.to_csv(index=False),
                           file_name="failed-payments.csv", mime="text/csv", icon=":material/download:",
                           key=f"dl-failed-{id(ev)}", on_click="ignore")
    mapping = ev.get("mapping") or {}
    st.caption("Columns used: " + ", ".join(f"{role} ← {col}" for role, col in mapping.items()))
    for note in ev.get("notes") or []:
        st.caption(note)
    return None


def render_product(ev: dict) -> None:
    pending = [m["name"] for m in ev["modules"] if m["needs_action"]]
    if ev["modules"]:
        st.markdown("Modules to finish: " + (", ".join(f"⌛ **{m}**" for m in pending) if pending else "none"))
    if ev.get("integrations"):
        st.dataframe(ev["integrations"], hide_index=True, width="stretch")
    return None


def main() -> None:
    c = conv()
    key = render_sidebar(c)
    st.title(":material/credit_card: payassist")
    st.caption("Troubleshoot Kartra payments through Stripe or PayPal, step by step.")
    if notice := st.session_state.pop("notice", None):
        st.info(notice, icon=":material/link_off:")
    store_slot = st.empty()  # filled at the end: opening the store must not delay the first question
    if c.role == "agent":
        render_summary(c, expanded=True)
    with st.chat_message("assistant"):
        st.markdown(GREETING[c.role])
    for msg in c.messages:
        render_message(msg)
    take_pending_checks(c, key)
    del key
    render_question(c)
    render_plan(c)
    render_more_checks(c)
    if c.role != "agent" and (c.facts or c.tried):
        render_summary(c, expanded=False)
    st.chat_input("Describe the problem or paste an error message…", key="paste",
                  on_submit=on_paste, max_chars=None)
    save_case(c)
    _, store_problem = case_store()
    if store_problem or st.session_state.get("store_error"):
        store_slot.warning(st.session_state.get("store_error") or store_problem, icon=":material/cloud_off:")


main()
