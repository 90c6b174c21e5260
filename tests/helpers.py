"""Helpers shared by the tests: the page through AppTest, generated exports, a real server and Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).parents[1]
APP = str(ROOT / "assistant_app.py")
PAGES = ROOT / "pages"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]


# --- the page through AppTest ------------------------------------------------------------------
def start(role: str = "seller") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    if role != "seller":
        at.segmented_control(key="role_choice").set_value(role).run()
    return at


def key_field(at: AppTest):
    """The live check's key field (it has no widget key: a key would keep the value in session state)."""
    return next(t for t in at.text_input if t.label == "Stripe API key")


def submit_key(at: AppTest, key: str) -> AppTest:
    key_field(at).input(key)
    return click(at, "Run live check")


def click(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; have {[b.label for b in at.button]}"
    matches[0].click().run()
    assert not at.exception, at.exception
    return at


def plan_titles(at: AppTest) -> list[str]:
    """'**3. Title**' for the current step and each one after it (tried steps are not in it)."""
    titles = []
    for m in at.markdown:
        for part in m.value.split("\n\n"):
            if part.startswith("**") and ". " in part[:8] and " &nbsp; " in part:
                titles.append(part.split(" &nbsp;")[0])
    return titles


def tried_titles(at: AppTest) -> list[str]:
    """The ticked-off steps, as shown: '1. Title'."""
    return [m.value.split("~~")[1] for m in at.markdown if m.value.startswith(":gray[~~")]


def badges(at: AppTest) -> list[str]:
    """The actor badge of every step shown, in order."""
    return [b.split("]")[0] for m in at.markdown for b in m.value.split("-badge[")[1:]]


def start_with_checks() -> AppTest:
    at = start()
    at.toggle(key="more_checks").set_value(True).run()
    return at


def everything_shown(at: AppTest) -> str:
    """Session state and every element's text, with Markdown escapes read as a person reads them."""
    parts = [repr(at.session_state), repr(at.exception)]
    for kind in ("markdown", "text", "code", "caption", "warning", "success", "info", "error"):
        parts += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    parts += [repr(d.value) for d in at.dataframe] + [t.value.to_csv() for t in at.table]
    parts += [s.label for s in at.status]
    return re.sub(r"\\(.)", r"\1", " ".join(parts))


def case_id_of(at: AppTest) -> str:
    case_id = at.query_params["case"]
    return case_id[0] if isinstance(case_id, list) else case_id


# --- generated exports ---------------------------------------------------------------------------
def stripe_export(n: int = 300, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "id": [f"ch_{i:06d}" for i in range(n)],
        "Description": "Kartra checkout",
        "Created date (UTC)": pd.date_range("2026-10-01", periods=n, freq="2h").strftime("%Y-%m-%d %H:%M:%S"),
        "Amount": rng.integers(10, 200, n).astype(str),
        "Currency": "usd",
        "Status": "Paid",
        "Decline Reason": "",
        "Customer Email": [f"c{i % 80}@example.com" for i in range(n)],
        "Invoice ID": "",
    })


def csv(df: pd.DataFrame, encoding: str = "utf-8") -> bytes:
    return df.to_csv(index=False).encode(encoding)


def export_all_failing() -> bytes:
    df = stripe_export()
    df.loc[250:, ["Status", "Decline Reason"]] = ["Failed", "Your card was declined."]
    return csv(df)


# --- a real server and Debian's Chromium ---------------------------------------------------------
def chromium_missing() -> str | None:
    """Why browser tests cannot run here, or None. In CI a missing browser is a failure."""
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return None
    return "Debian's chromium is not installed (CI installs it in .ci/run)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(env: dict[str, str] | None = None, script: str = "assistant_app.py",
                     log_path: Path | None = None, info: dict | None = None,
                     launcher: str = "serve", port: int | None = None, args: list[str] | None = None,
                     host: str = "127.0.0.1") -> Iterator[str]:
    """Run the app on a free loopback port as `make run` does (``python -m serve``, which warms up and
    hands over to `streamlit run`), or with a bare `streamlit run` (``launcher="streamlit"``, or any
    other script); always stopped on exit. Output goes to ``log_path`` when given (tests search it).
    ``args`` are more Streamlit options; ``host`` is the name the returned address uses (sign-in
    needs the browser on the exact host of its redirect address)."""
    port = port or free_port()
    log = open(log_path, "w") if log_path else subprocess.DEVNULL
    start = [sys.executable, "-m", "serve"] if launcher == "serve" and script == "assistant_app.py" else \
        [sys.executable, "-m", "streamlit", "run", script]
    proc = subprocess.Popen(
        [*start, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *(args or [])],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )
    url = f"http://{host}:{port}"
    if info is not None:
        info["pid"] = proc.pid
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("streamlit did not start")
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if log is not subprocess.DEVNULL:
            log.close()


@contextmanager
def signin_server(oidc_url: str, folder: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """The app with sign-in configured in a secrets file against the OIDC provider at ``oidc_url`` (the
    browser must use the redirect's host, so the address is ``localhost``)."""
    import secrets

    port = free_port()
    (folder / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "payassist-test"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{oidc_url}/.well-known/openid-configuration"\n'
    )
    env = {"PAYASSIST_DATABASE_URL": f"sqlite:///{folder}/cases.sqlite3", **(env or {})}
    with streamlit_server(env=env, port=port, host="localhost",
                          args=["--secrets.files", str(folder / "secrets.toml")]) as url:
        yield url


def patient_expect() -> None:
    """CI machines are small and noisy: give assertions time, not a race."""
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)


def wait_idle(page, timeout: float = 20_000) -> None:
    """Wait until Streamlit has finished the script run a click started.

    A click's rerun may not have begun yet when this is called: give it a moment to start, so
    "not running" means "finished", not "not started".
    """
    try:
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']", timeout=300)
    except Exception:  # noqa: BLE001 - fast runs finish before we look; that is fine
        pass
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )
    # The page may still be placing what the run brought (ui/copy.py, at most 3 s): a click now could
    # land on whatever moved under the pointer, as a person's would.
    page.wait_for_function("() => !document.documentElement.dataset.payassistPlacing", timeout=timeout)
    page.wait_for_timeout(150)


