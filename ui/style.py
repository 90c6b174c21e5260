"""A few style fixes Streamlit's theme does not expose, for contrast (WCAG AA, checked with axe-core)."""

from __future__ import annotations

import streamlit as st

_CSS = """
<style>
  /* Captions: Streamlit dims them with opacity (2.9:1 on white, axe-core); AA needs 4.5:1. */
  [data-testid="stCaptionContainer"] { opacity: 1 !important; }
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4b5563 !important; }
  .stMarkdown span[style*="gray"], [data-testid="stMarkdownContainer"] span.gray { color: #4b5563 !important; }
  /* Block quotes (the pro tips) are dimmed too (3.9:1). */
  [data-testid="stMarkdownContainer"] blockquote, [data-testid="stMarkdownContainer"] blockquote p {
    color: #374151 !important; opacity: 1 !important; }
  /* Touch targets of at least 44 px (WCAG 2.5.5): the role buttons, send, the sidebar toggle. */
  button[data-variant="segmented_control"] { min-height: 44px !important; }
  [data-testid="stChatInputSubmitButton"] { min-width: 44px !important; min-height: 44px !important; }
  [data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button {
    min-width: 44px !important; min-height: 44px !important; }
  /* The element that places new content (ui.copy.scroll_to) takes no room. */
  .st-key-scroll-helper { position: absolute !important; width: 1px; height: 1px; overflow: hidden; }
  /* The case list on a phone: the address of whoever started a case wraps anywhere inside its cell rather
     than push the last column off the screen. */
  [data-testid="stTable"] a[href^="mailto:"] { overflow-wrap: anywhere; }
  /* The chat's avatar-less rows waste width on a phone. */
  @media (max-width: 640px) { [data-testid="stChatMessage"] { padding-left: 0.25rem; padding-right: 0.25rem; } }
</style>
"""


def apply_style() -> None:
    st.html(_CSS)
