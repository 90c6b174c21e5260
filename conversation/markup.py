"""Untrusted text inside the assistant's Markdown: shown as data, never as markup.

Streamlit renders Markdown with GitHub's extensions, Streamlit's own directives (``:red[…]``,
``:material/…:``) and LaTeX (``$…$``). A file name, a CSV header or a pasted fragment placed in a
sentence could otherwise become a link, an image the browser fetches, or coloured text in the
assistant's voice. Checked in Chromium: backslash escapes and entities do not stop GitHub's
autolinks (``www.…``, ``https://…``, ``a@b.c``); an inline code span does, and so does a zero-width
space inside the scheme, after ``www`` and before ``@``.
"""

from __future__ import annotations

import re

from checks.redact import redact

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
#: What Markdown, GitHub's extensions and Streamlit give meaning to inline (quotes, commas and full stops
#: are left alone so the text stays readable in a copy).
_PUNCT = re.compile(r"([\\`*_\[\]()<>!|~:$#&{}=/])")
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=www)(?=\.)|(?=@)|(?<=mailto)(?=:)")
ZWSP = "\u200b"


def literal(text: str, limit: int = 120) -> str:
    """``text`` as an inline code span: one line, keys masked, at most ``limit`` characters."""
    flat = _CONTROL.sub(" ", redact(str(text))).strip()
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    flat = flat.replace("`", "ʼ") or " "
    return f"`{flat}`"


def plain(text: str) -> str:
    """Prose that may hold someone else's words, rendered as exactly those words (no links, no markup)."""
    broken = _AUTOLINK.sub(ZWSP, redact(str(text)))
    return _PUNCT.sub(r"\\\1", broken)
