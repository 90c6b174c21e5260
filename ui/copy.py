"""Visible copy buttons that work on touch screens (Streamlit's own copy icon shows only on hover),
and the scroll that brings new content into view.

A copy button is an ``st.components.v2`` component: a real ``<button>`` mounted in the page itself
(in a shadow root for its styles, no iframe). The text to copy travels as the component's ``data``
(JSON, set with ``textContent`` and read by the script), never as markup, so a paste holding
``<!--<script`` or ``</script>`` can't change the button. The Clipboard API, with a
hidden-textarea fallback for browsers that refuse it, and a short "Copied" confirmation.
"""

from __future__ import annotations

import hashlib
import itertools
import json

import streamlit as st

_HTML = '<button type="button"><span class="icon" aria-hidden="true"></span><span class="label"></span></button>' \
        '<span class="ok" role="status" aria-live="polite"></span>'
_CSS = """
:host { display: block; }
button { font: inherit; font-size: 0.95rem; padding: 0.4rem 0.9rem; border-radius: 0.5rem; cursor: pointer;
         border: 1px solid #6b7280; background: #ffffff; color: #111827; min-height: 2.75rem; }
button:hover { border-color: #4f46e5; color: #3730a3; }
button:focus-visible { outline: 3px solid #4f46e5; outline-offset: 2px; }
.icon { margin-right: 0.35rem; }
.ok { margin-left: 0.5rem; color: #166534; font-size: 0.9rem; }
"""
_JS = """
export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector("button");
  const ok = parentElement.querySelector(".ok");
  parentElement.querySelector(".label").textContent = data.label;
  parentElement.querySelector(".icon").textContent = data.icon;
  button.onclick = async () => {
    try {
      await navigator.clipboard.writeText(data.text);
    } catch (e) {
      const t = document.createElement("textarea");
      t.value = data.text; t.setAttribute("readonly", ""); t.style.position = "fixed"; t.style.left = "-9999px";
      document.body.appendChild(t); t.select(); document.execCommand("copy"); t.remove();
    }
    ok.textContent = "Copied";
    setTimeout(() => { ok.textContent = ""; }, 2500);
  };
}
"""
_COPY = st.components.v2.component("payassist_copy", html=_HTML, css=_CSS, js=_JS)


def copy_button(label: str, text: str, *, icon: str = "⧉") -> None:
    """A button that copies ``text``; label and text are data for the script, never markup."""
    key = "copy-" + hashlib.sha1(label.encode()).hexdigest()[:10]
    _COPY(data={"label": label, "text": text, "icon": icon}, key=key, width="content", height="content")


_runs = itertools.count()

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
