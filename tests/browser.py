"""Shared pieces for the browser tests: a real `streamlit run` server and Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]


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
                     log_path: Path | None = None, info: dict | None = None) -> Iterator[str]:
    """Run `streamlit run` on a free loopback port; always stopped on exit.

    The server's stdout and stderr go to ``log_path`` when given (tests search it for secrets).
    """
    port = free_port()
    log = open(log_path, "w") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
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
    page.wait_for_timeout(150)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, once per test module (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh browser context on the module's ``server``, waited until the app is idle."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(server)
    wait_idle(page)
    yield page
    context.close()
