"""A few style fixes Streamlit's theme does not expose, for contrast (WCAG AA, checked with axe-core)."""

from __future__ import annotations

import streamlit as st

_CSS = """
<style>
  /* Captions and gray text: Streamlit's default is 3.8:1 on white; AA needs 4.5:1. */
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4b5563 !important; }
  .stMarkdown span[style*="gray"], [data-testid="stMarkdownContainer"] span.gray { color: #4b5563 !important; }
  /* The chat's avatar-less rows waste width on a phone. */
  @media (max-width: 640px) { [data-testid="stChatMessage"] { padding-left: 0.25rem; padding-right: 0.25rem; } }
</style>
"""


def apply_style() -> None:
    st.html(_CSS)
