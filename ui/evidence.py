"""The transcript, and each kind of evidence a check brings, rendered by its type."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from conversation import (
    AccountMatchEvidence,
    Evidence,
    ExportEvidence,
    IntegratedEvidence,
    KeyEvidence,
    LiveCheckEvidence,
    Message,
    ProductEvidence,
    view,
)
from conversation.markup import literal, plain

#: The failed payments a live check found: (field, column heading a person reads).
FAILED_COLUMNS = {"created": "When", "amount": "Amount", "currency": "Currency", "customer": "Customer",
                  "reason": "Why it failed", "meaning": "What it means", "who acts": "Who acts",
                  "failure_message": "Stripe's message", "id": "Charge"}


def render_transcript(messages: list[Message]) -> None:
    """Every message; one that can't be shown (a case saved by an older version) is said so, not raised."""
    last = max((i for i, m in enumerate(messages) if m.kind == "evidence"), default=-1)
    for i, msg in enumerate(messages):
        # The newest evidence and a demo's banner can be brought into view after an upload or a demo start.
        key = "latest-evidence" if i == last else "demo-banner" if msg.text.startswith("**Demo: ") else None
        try:
            with st.container(key=key) if key else _nothing():
                render_message(msg)
        except Exception:  # noqa: BLE001 - a stored case must never break the page
            st.info("One part of this case can't be shown (it was saved in a form this version doesn't read). "
                    "The rest of the case and its plan are unaffected.", icon=":material/history:")


def _nothing():
    from contextlib import nullcontext

    return nullcontext()


def render_message(msg: Message) -> None:
    with st.chat_message(msg.speaker):
        if msg.speaker == "user":
            st.text(msg.text)  # as typed: never interpreted as Markdown or HTML
            if msg.found:
                st.markdown("Picked out: " + " · ".join(f"{what} {literal(value, 60)}" for what, value in msg.found))
            if msg.rest:
                with st.expander("The rest of the e-mail (earlier messages, signature)", icon=":material/mail:"):
                    st.text(msg.rest)
            if msg.by:
                st.caption(f"Added by {literal(msg.by, 80)}")
        elif msg.kind == "problem":
            st.warning(plain(msg.text), icon=":material/warning:")
        else:
            st.markdown(msg.text)
        if msg.evidence is not None:
            render_evidence(msg.evidence)


def render_evidence(ev: Evidence) -> None:
    match ev:
        case ExportEvidence():
            render_export(ev)
        case ProductEvidence():
            render_product(ev)
        case AccountMatchEvidence():
            if ev.accounts:
                st.dataframe(list(ev.accounts), hide_index=True, width="stretch")
            if ev.match:
                st.success(f"Select {literal(ev.match)} when you click Connect with Stripe.")
        case LiveCheckEvidence():
            render_live_check(ev)
        case IntegratedEvidence():
            st.dataframe(list(ev.integrations), hide_index=True, width="stretch")
        case KeyEvidence():
            for note in ev.notes:
                st.caption(plain(note))


def account_sentence(acct: dict, mode: str) -> str:
    """The Stripe account in one plain sentence; what stops payments in bold."""
    name = plain(acct.get("name") or "") or "This account"
    ident = ", ".join(x for x in (plain(acct["id"]) if acct.get("id") else "", plain(acct.get("country") or ""),
                                  f"{mode} mode" if mode else "") if x)
    charges, payouts, wants = view.account_words(acct)
    charges = charges if acct.get("charges_enabled") else f"**{charges}**"
    payouts = payouts if acct.get("payouts_enabled") else f"**{payouts}**"
    wants = f"**{wants}**" if acct.get("disabled_reason") or acct.get("details_submitted") is False else wants
    return f"**{name}** ({ident}) {charges} and {payouts}; {wants}."


def render_live_check(ev: LiveCheckEvidence) -> None:
    if ev.account:
        st.markdown(account_sentence(ev.account, ev.mode))
    if ev.failed_payments:
        st.markdown(f"**Failed payments** ({len(ev.failed_payments)} of the last {ev.charges_seen}):")
        st.dataframe([failed_row(r) for r in ev.failed_payments], hide_index=True, width="stretch",
                     column_config={"What it means": st.column_config.TextColumn("What it means", width="large"),
                                    "Stripe's message": st.column_config.TextColumn("Stripe's message",
                                                                                    width="medium")})
    elif ev.checked.get("charges"):
        st.markdown("No failed payments among the recent charges.")
    render_cycles(ev.cycles)
    if ev.subscriptions:
        st.markdown("**Subscriptions in trouble:**")
        st.dataframe(view.subscription_rows(ev.subscriptions), hide_index=True, width="stretch")
    if ev.invoices:
        st.markdown("**Open invoices:**")
        st.dataframe(view.invoice_rows(ev.invoices), hide_index=True, width="stretch")


def failed_row(r: dict) -> dict:
    """A failed payment with headings a person reads, the decline reason in words (the charge id kept:
    it is how the payment is found in Stripe)."""
    row = {**r, "reason": view.decline_words(r.get("decline_code") or r.get("failure_code"))}
    return {label: row.get(k) for k, label in FAILED_COLUMNS.items() if k in row}


def render_export(ev: ExportEvidence) -> None:
    s = ev.summary
    if s:
        st.markdown(
            f"**{s.get('failed', 0):,} failed of {s.get('rows', 0):,} payments** ({s.get('failure_rate', 0):.1%})"
            + (f", from {s['first']} to {s['last']}" if s.get("first") else "")
            + (f". **Every payment has failed since {s['since']}.**" if s.get("since") else ".")
        )
    if ev.daily:
        st.markdown("Failed payments per day, by reason:")
        st.vega_lite_chart(daily_chart(ev.daily), height=260)
    if ev.by_reason:
        st.markdown("Top decline reasons:")
        st.dataframe([view.reason_row(r) for r in ev.by_reason[:10]], hide_index=True, width="stretch",
                     column_config={"Share": st.column_config.NumberColumn("Share", format="percent"),
                                    "Payments": st.column_config.NumberColumn("Payments"),
                                    "What it means": st.column_config.TextColumn("What it means", width="large")})
    render_cycles(ev.cycles)
    if ev.download:
        st.download_button("Download the failed payments (CSV)", _deferred(ev.download),
                           file_name="failed-payments.csv", mime="text/csv", icon=":material/download:",
                           key=f"dl-failed-{id(ev)}", on_click="ignore")
    if ev.mapping:
        st.caption("Read from your file: " + "; ".join(f"{what} from the column {literal(col, 60)}"
                                                     for what, col in view.columns_used(ev.mapping)) + ".")
    for note in ev.notes:
        st.caption(plain(note))


def daily_chart(daily: tuple[dict, ...]) -> dict:
    """A Vega-Lite spec with the records inline: one bar a day, stacked by reason. Built as a plain
    dict, not through Altair, whose schema validation was most of a turn's cost after an upload.

    Sane on tiny data: each day is one band labelled once (a time axis repeated "01 Nov" at hourly
    ticks), counts have whole-number ticks from 0 (not 0.0-1.0), and a day or two of failures draw
    narrow bars, not one bar the width of the page."""
    days = len({d.get("day") for d in daily})
    return {
        "data": {"values": list(daily)},
        "mark": {"type": "bar", "tooltip": True, **({"width": 28} if days <= 6 else {})},
        "encoding": {
            "x": {"field": "day", "type": "ordinal", "timeUnit": "yearmonthdate", "title": None,
                  "axis": {"format": "%d %b", "labelAngle": 0, "labelOverlap": True}},
            "y": {"field": "failures", "type": "quantitative", "aggregate": "sum", "title": "failed payments",
                  "axis": {"format": "d", "tickMinStep": 1}, "scale": {"domainMin": 0, "nice": True}},
            "color": {"field": "reason", "type": "nominal", "title": "reason",
                      "legend": {"orient": "bottom", "columns": 2, "labelLimit": 320}},
        },
    }


def render_cycles(cycles: tuple[dict, ...]) -> None:
    """Subscriptions in Kartra's retry cycle, each with its clock."""
    if not cycles:
        return
    st.markdown("**Subscriptions in Kartra's retry cycle:**")
    st.dataframe([{"Customer": c.get("customer"), "Amount": c.get("amount"), "Failed attempts": c.get("attempt"),
                   "Retry clock": c.get("sentence")} for c in cycles[:20]], hide_index=True, width="stretch",
                 column_config={"Retry clock": st.column_config.TextColumn("Retry clock", width="large")})


def _deferred(data: bytes) -> bytes | Callable[[], bytes]:
    """Big downloads are handed over only when clicked, not hashed and registered on every rerun."""
    return data if len(data) < 1_000_000 else (lambda: data)


def render_product(ev: ProductEvidence) -> None:
    pending = [m["name"] for m in ev.modules if m.get("needs_action")]
    if ev.modules:
        st.markdown("Modules to finish: " + (", ".join(f"⌛ {literal(m, 60)}" for m in pending) if pending else "none"))
    if ev.integrations:
        st.dataframe(list(ev.integrations), hide_index=True, width="stretch")
