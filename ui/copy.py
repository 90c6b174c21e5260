"""Visible copy buttons that work on touch screens (Streamlit's own copy icon shows only on hover).

A real ``<button>`` in a component iframe (Streamlit grants it clipboard-write): the Clipboard API,
with a hidden-textarea fallback for browsers that refuse it, and a short "Copied" confirmation.
"""

from __future__ import annotations

import html
import json

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


def copy_button(label: str, text: str, *, icon: str = "⧉") -> None:
    """A button that copies ``text``; the text is embedded as JSON, never as markup."""
    payload = json.dumps(text).replace("</", "<\\/")
    components.html(_TEMPLATE.format(label=html.escape(label), icon=icon, text=payload), height=48)


def scroll_to(css_selector: str) -> None:
    """Bring new content into view after a click (on a phone it lands below the fold otherwise)."""
    target = json.dumps(css_selector)
    # Streamlit's chat layout scrolls to the bottom after a run: bring the new content up after it does.
    components.html(f"""<script>
      const go = () => {{
        const el = window.parent.document.querySelector({target});
        if (el) el.scrollIntoView({{behavior: "instant", block: "start"}});
      }};
      [250, 700, 1200].forEach(ms => setTimeout(go, ms));
    </script>""", height=0)
