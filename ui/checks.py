"""The live check (with progress in ``st.status``) and the advanced checks' uploads and forms."""

from __future__ import annotations

from datetime import UTC, datetime, time

import streamlit as st

from conversation import METHODS, PROCESSORS, ProductForm, Session, view, wizard_modules
from ui.evidence import render_message


def run_pending_check(sess: Session) -> None:
    """Run a queued live check with its progress on screen, then show what it found."""
    job = sess.pending
    if job is None:
        return
    first = len(sess.conv.messages)
    with st.chat_message("user"):
        st.text(f"Check my Stripe account with the key {job.masked}.")
    with st.chat_message("assistant"):
        with st.status(f"Checking {job.masked} with Stripe…", expanded=True) as status:
            def progress(label: str, ok: bool) -> None:
                st.write(f"{':material/check:' if ok else ':material/close:'} {label}")

            def on_key_kind(kind: str) -> None:
                st.write(f"Key {job.masked}: {view.key_words(kind)}.")

            sess.run_pending(progress=progress, on_key_kind=on_key_kind)
            problems = any(m.kind == "problem" for m in sess.conv.messages[first:])
            status.update(label=f"Stripe check of {job.masked}: {'done, with problems' if problems else 'done'}",
                          state="error" if problems else "complete", expanded=False)
    for msg in sess.conv.messages[first + 1:]:
        render_message(msg)


def render_more_checks(sess: Session) -> None:
    """Uploads and forms for the advanced path: export, product configuration, account matching."""
    # Rendered only when asked for: a dozen widgets on every turn would slow every turn down.
    if not st.toggle("More checks: a payments export, a product, which Stripe account", key="more_checks"):
        return
    with st.container(border=True):
        export_tab, product_tab, account_tab, clock_tab = st.tabs(
            ["Payments export", "Product", "Which account?", "Retry clock"])
        with export_tab:
            up = st.file_uploader("Stripe payments export (Payments › Export, CSV)", type=["csv", "txt"],
                                  key=_uploader_key("export_upload"))
            if up is not None:
                with st.spinner("Reading the export…"):
                    sess.analyse_export(up, up.name)
                st.session_state.scroll = ".st-key-latest-evidence"  # the analysis, not the emptied uploader
                _read("export_upload")
        with product_tab:
            up = st.file_uploader("Product configuration (JSON or YAML)", type=["json", "yaml", "yml"],
                                  key=_uploader_key("product_upload"))
            if up is not None:
                sess.check_product_file(up.getvalue(), up.name)
                st.session_state.scroll = ".st-key-latest-evidence"
                _read("product_upload")
            with st.form("product_form", clear_on_submit=True, border=False):
                st.caption("…or describe it:")
                processor = st.selectbox("Processor selected at Basic Info", list(PROCESSORS),
                                         format_func=PROCESSORS.get)
                pending = st.multiselect("Modules not saved yet (red hourglass)", wizard_modules())
                key = st.text_input("Key in the Stripe integration, if it uses one", type="password")
                created = st.date_input("Integration created on", value=None)
                method = st.radio("Connected with", list(METHODS), format_func=METHODS.get, horizontal=True)
                if st.form_submit_button("Check product"):
                    sess.check_product_form(ProductForm(processor=processor, pending=tuple(pending), key=key or "",
                                                        created=created, method=method))
                    st.rerun()
        with account_tab:
            # Cleared on submit, and the single key field is masked: people paste secret keys here too.
            with st.form("account_form", border=False, clear_on_submit=True):
                kartra = st.text_input("Publishable key shown in the Kartra integration (bottom right)",
                                       type="password", placeholder="pk_live_…")
                accounts = st.text_area("Your Stripe accounts, one per line: `Name: pk_live_…` "
                                        "(Stripe › Developers › API keys). Publishable keys only.")
                if st.form_submit_button("Find the account"):
                    sess.match_accounts(kartra, accounts)
                    st.rerun()
        with clock_tab, st.form("clock_form", border=False):
            st.caption("When did the subscription's first payment fail? (Products › Analytics › Transactions)")
            day = st.date_input("Date of the first failed payment", value=None, format="YYYY-MM-DD")
            at = st.time_input("About what time (UTC)", value=time(12, 0))
            if st.form_submit_button("Show the retry clock") and day:
                sess.read_retry_clock(datetime.combine(day, at, tzinfo=UTC))
                st.rerun()


def _uploader_key(name: str) -> str:
    generation = st.session_state.get(f"{name}_generation", 0)
    return name if not generation else f"{name}-{generation}"


def _read(name: str) -> None:
    """Done with an uploaded file: a fresh, empty uploader takes the old one's place. Streamlit deep-copies
    an uploader's file into every later run (a 41 MB export made each turn cost 5x a turn before it), and
    keeps the bytes for as long as the widget holds them; what the file said is in the conversation."""
    st.session_state[f"{name}_generation"] = st.session_state.get(f"{name}_generation", 0) + 1
    st.rerun()
