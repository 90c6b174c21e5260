"""Visible copy buttons that work on touch screens (Streamlit's own copy icon shows only on hover),
and the scroll that brings new content into view.

A copy button is a real ``<button>`` in a component iframe (Streamlit grants it clipboard-write): the
Clipboard API, with a hidden-textarea fallback for browsers that refuse it, and a short "Copied"
confirmation.
"""

from __future__ import annotations

import html
import itertools
import json

import streamlit as st
import streamlit.components.v1 as components

_TEMPLATE = """
<button id="b" type="button" aria-label="{label}">{icon} {label}</button>
<span id="ok" role="status" aria-live="polite"></span>
<style>
  body {{ margin: 0; font-family: "Source Sans Pro", sans-serif; }}
  button {{ font: inherit; font-size: 0.95rem; padding: 0.4rem 0.9rem; border-radius: 0.5rem; cursor: pointer;
           border: 1px solid #9ca3af; background: #ffffff; color: #111827; min-height: 2.5rem; }}
  button:hover {{ border-color: #4f46e5; color: #3730a3; }}
  button:focus-visible {{ outline: 3px solid #4f46e5; outline-offset: 2px; }}
  #ok {{ margin-left: 0.5rem; color: #166534; font-size: 0.9rem; }}
</style>
<script>
  const text = {text};
  function fallback() {{
    const t = document.createElement("textarea");
    t.value = text; t.setAttribute("readonly", ""); t.style.position = "absolute"; t.style.left = "-9999px";
    document.body.appendChild(t); t.select(); document.execCommand("copy"); t.remove();
  }}
  document.getElementById("b").addEventListener("click", async () => {{
    window.focus();
    try {{ await navigator.clipboard.writeText(text); }} catch (e) {{ fallback(); }}
    document.getElementById("ok").textContent = "Copied";
    setTimeout(() => {{ document.getElementById("ok").textContent = ""; }}, 2500);
  }});
</script>
"""


_runs = itertools.count()


def copy_button(label: str, text: str, *, icon: str = "⧉") -> None:
    """A button that copies ``text``; the text is embedded as JSON, never as markup."""
    payload = json.dumps(text).replace("</", "<\\/")
    # components.html, not st.iframe: with st.iframe the download buttons below the copy buttons missed
    # their clicks in Chromium (a layout change as the frames loaded); components.html only logs a warning.
    components.html(_TEMPLATE.format(label=html.escape(label), icon=icon, text=payload), height=48)


# Streamlit's chat layout scrolls to the bottom after a run, so the new content is brought back up
# whenever it has moved, for the next three seconds. The page never moves under the person's hand: a press
# (click, tap, Enter, Space) or a scroll of their own (wheel, touch, other keys) since the script run
# began cancels what is left (a popover opened in that second stayed anchored off-screen, and a click
# could land on whatever the scroll had moved under the pointer). The listeners live on the page
# itself, installed once per tab from this same-origin frame.
_HAND = """if (!window.payassistHand) {
  const now = () => performance.now(), opts = {capture: true, passive: true};
  const hand = window.payassistHand = {pressed: 0, moved: 0, run: now()};
  // When the last script run began: the press that started it came before; any press after is new.
  const app = document.querySelector('[data-testid="stApp"]');
  if (app) new MutationObserver(() => {
    if (app.getAttribute("data-test-script-state") === "running") hand.run = now();
  }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
  window.addEventListener("wheel", () => { hand.moved = now(); }, opts);
  window.addEventListener("touchmove", () => { hand.moved = now(); }, opts);
  window.addEventListener("pointerdown", () => { hand.pressed = now(); }, opts);
  window.addEventListener("keydown", e => {
    if (e.key === "Enter" || e.key === " ") hand.pressed = now(); else hand.moved = now();
  }, opts);
}"""

_SCROLL = """<script>/* {run} */
  const page = window.parent, doc = page.document;
  if (!page.payassistHand) {{
    // In the page's own realm: listeners made in this frame die when the next run replaces it.
    const s = doc.createElement("script");
    s.textContent = {hand};
    doc.head.appendChild(s);
  }}
  // Frozen now: a later run (an expander, a popover) must not make a press before it look old.
  const hand = page.payassistHand, start = page.performance.now(), since = Math.min(hand.run, start);
  // Keep the new content up while the page settles (Streamlit's own scroll to the bottom comes late
  // on a busy machine), for 3 s or until the person moves or presses anything.
  const tick = () => {{
    if (hand.pressed > since || hand.moved > since) return;
    const el = doc.querySelector({target});
    if (el && Math.abs(el.getBoundingClientRect().top) > 4) el.scrollIntoView({{behavior: "instant", block: "start"}});
    if (page.performance.now() - start < 3000) setTimeout(tick, 150);
  }};
  setTimeout(tick, 150);
</script>"""


def scroll_to(css_selector: str) -> None:
    """Bring new content into view after a click (on a phone it lands below the fold otherwise)."""
    # The run number makes each frame new, so a second click on the same step scrolls too.
    # st.iframe refuses a height of 0: the frame is 1 px, taken out of the layout by ui.style.
    with st.container(key="scroll-helper"):
        st.iframe(_SCROLL.format(run=next(_runs), hand=json.dumps(_HAND), target=json.dumps(css_selector)),
                  height=1, alt="scroll helper")
