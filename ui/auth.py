"""Who is here, for the page: Streamlit's own OIDC sign-in (``st.login`` / ``st.user`` / ``st.logout``,
configured in ``.streamlit/secrets.toml``) and a random cookie that recognises an anonymous browser.

The decisions (who may do what with a case) are ``conversation.identity``; this module only reads
what Streamlit knows and hands back an ``Identity``.
"""

from __future__ import annotations

import os
import re
import secrets

import streamlit as st

from conversation.identity import Identity, visitor_id

VISITOR_COOKIE = "payassist_visitor"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
ONE_YEAR = 365 * 24 * 3600


def signin_configured() -> bool:
    """True when ``[auth]`` is in the secrets (Streamlit's documented place); else local mode."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all: local mode
        return False


def allowed_domains() -> tuple[str, ...]:
    """``PAYASSIST_ALLOWED_DOMAINS`` (comma-separated), else ``[payassist] allowed_domains`` in the secrets."""
    raw: object = os.environ.get("PAYASSIST_ALLOWED_DOMAINS", "")
    if not raw:
        try:
            raw = st.secrets.get("payassist", {}).get("allowed_domains", ())
        except Exception:  # noqa: BLE001
            raw = ()
    items = raw.split(",") if isinstance(raw, str) else list(raw or ())
    return tuple(d.strip().lower().lstrip("@") for d in items if str(d).strip())


def _auth_settings() -> tuple[bool, tuple[str, ...]]:
    """Read once per browser session: without a secrets file Streamlit looks for one on every access
    (paths resolved, files stat-ed, under a process-wide lock), which showed in the load profile."""
    if "auth_settings" not in st.session_state:
        st.session_state.auth_settings = (signin_configured(), allowed_domains())
    return st.session_state.auth_settings


def _user() -> tuple[str, str, bool]:
    """E-mail, name, and whether the provider says the e-mail is verified (OIDC ``email_verified``: only
    a true value counts; a provider that says nothing has not verified it)."""
    try:
        if st.user.get("is_logged_in"):
            verified = st.user.get("email_verified")
            return (str(st.user.get("email") or ""), str(st.user.get("name") or ""),
                    verified is True or str(verified).lower() == "true")
    except Exception:  # noqa: BLE001 - no user info in this context
        pass
    return "", "", False


def visitor_token() -> str:
    """This browser's random token: from its cookie, or a new one (written by ``remember_visitor``)."""
    try:
        token = st.context.cookies.get(VISITOR_COOKIE) or ""
    except Exception:  # noqa: BLE001 - no browser context
        token = ""
    if isinstance(token, str) and _TOKEN.match(token):
        st.session_state.visitor_token = token
        return token
    if "visitor_token" not in st.session_state:
        st.session_state.visitor_token = secrets.token_urlsafe(24)
        st.session_state.write_visitor_cookie = True
    return st.session_state.visitor_token


def current_identity() -> Identity:
    configured, domains = _auth_settings()
    email, name, verified = _user() if configured else ("", "", False)
    return Identity(email=email, name=name, visitor=visitor_id(visitor_token()), signin=configured,
                    domains=domains, email_verified=verified)


def remember_visitor() -> None:
    """Write the visitor cookie once, so this browser still owns its case after a reload.

    Streamlit can read cookies (``st.context.cookies``) but not set them; a one-line script does
    (the token is ours, never user input). SameSite=Lax, one year; the store keeps only its hash."""
    if not st.session_state.pop("write_visitor_cookie", False):
        return
    token = st.session_state.visitor_token
    st.html(f'<script>document.cookie = "{VISITOR_COOKIE}={token}; path=/; max-age={ONE_YEAR}; '
            f'samesite=lax";</script>', unsafe_allow_javascript=True, width="content")


def arrived_with_clicks() -> bool:
    """True on a new session whose first run brings widget states from a page that was already open:
    the server restarted (or another replica took over) under an open tab, and the click that
    reconnected it has no callback to run. Reads Streamlit's session state internals, so any
    surprise there means False (no notice), never an error."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return bool(ctx and ctx.session_state._state._new_widget_state.states)
    except Exception:  # noqa: BLE001
        return False
