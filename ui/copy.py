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

# After a run that answers a click, the new content is placed just below the sticky header. Streamlit
# keeps a chat page stuck to its bottom (its scroll container, ``stAppScrollToBottomContainer``), so
# the place is kept for the next three seconds while the page settles, and only that container is
# scrolled: ``scrollIntoView`` also scrolled the outer view, which has ``overflow: hidden`` and so
# stayed scrolled (a blank band at the bottom, the title off the top). The page never moves under the
# person's hand: a press (click, tap, Enter, Space) or a scroll of their own (wheel, touch, other keys)
# since the script run began ends it. On a first load the page starts at its top.
_HAND_JS = """
function hand() {
  if (window.payassistHand) return window.payassistHand;
  const now = () => performance.now(), opts = {capture: true, passive: true};
  const h = window.payassistHand = {pressed: 0, moved: 0, run: now()};
  const app = document.querySelector('[data-testid="stApp"]');
  if (app) new MutationObserver(() => {
    if (app.getAttribute("data-test-script-state") === "running") h.run = now();
  }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
  window.addEventListener("wheel", () => { if (!h.self) h.moved = now(); }, opts);
  window.addEventListener("touchmove", () => { h.moved = now(); }, opts);
  window.addEventListener("pointerdown", () => { h.pressed = now(); }, opts);
  window.addEventListener("keydown", e => {
    if (e.key === "Enter" || e.key === " ") h.pressed = now(); else h.moved = now();
  }, opts);
  return h;
}

export default function (component) {
  const { data } = component;
  const h = hand(), start = performance.now(), since = Math.min(h.run, start);
  const q = s => document.querySelector(s);
  // True when nothing needed moving (the content is where it belongs).
  const place = () => {
    const view = q('[data-testid="stAppViewContainer"]');
    if (view && view.scrollTop) view.scrollTop = 0;
    const box = q('[data-testid="stAppScrollToBottomContainer"]') || q('[data-testid="stMain"]');
    if (!box) return false;
    if (data.target === "top") { if (!box.scrollTop) return true; box.scrollTop = 0; return false; }
    const el = data.target && q(data.target);
    if (!el) return false;
    const header = q('[data-testid="stHeader"]');
    const below = (header ? header.getBoundingClientRect().bottom : 0) + 8;
    const off = el.getBoundingClientRect().top - below;
    if (Math.abs(off) <= 4 || box.scrollTop + box.clientHeight >= box.scrollHeight - 2 && off > 0) return true;
    // Streamlit's chat layout animates to the bottom while it "sticks" there, and lets go on a wheel event:
    // the page sends it one (not the person's, so it does not count as their hand), then places the content.
    h.self = true;
    box.dispatchEvent(new WheelEvent("wheel", {deltaY: -1, bubbles: true}));
    h.self = false;
    box.scrollTop += off;
    return false;
  };
  // While placing, the page says so (``data-payassist-placing`` on <html>): browser tests wait for it
  // to end, as a person waits for the page to settle. It ends when the content has stayed in place for
  // half a second, after 3 s at most, or at once when the person moves or presses anything.
  const root = document.documentElement;
  root.dataset.payassistPlacing = String(data.run);
  let still = 0;
  const tick = () => {
    const mine = root.dataset.payassistPlacing === String(data.run);
    if (!mine) return;
    if (h.pressed > since || h.moved > since) { delete root.dataset.payassistPlacing; return; }
    still = place() ? still + 1 : 0;
    if (still >= 4 || performance.now() - start > 3000) { delete root.dataset.payassistPlacing; guard(); return; }
    setTimeout(tick, 120);
  };
  // Streamlit's chat layout sticks to the bottom when content grows under a page that was at its bottom (an
  // upload near the end): for a few seconds more, content pulled away without the person's hand is put back.
  const guard = () => {
    if (data.target === "top" || root.dataset.payassistPlacing) return;
    if (h.pressed > since || h.moved > since || performance.now() - start > 8000) return;
    place();
    setTimeout(guard, 150);
  };
  tick();
}
"""
_PLACE = st.components.v2.component("payassist_place", js=_HAND_JS)


def scroll_to(css_selector: str) -> None:
    """Bring new content into view after a click (on a phone it lands below the fold otherwise)."""
    # The run number makes each mount new, so a second click on the same step places it again.
    with st.container(key="scroll-helper"):
        _PLACE(data={"target": css_selector, "run": next(_runs)}, key="place", width="content", height="content")


def start_at_top() -> None:
    """A first load starts at the top of the page (Streamlit's chat layout starts at its bottom)."""
    with st.container(key="scroll-helper"):
        _PLACE(data={"target": "top", "run": "top"}, key="place", width="content", height="content")
