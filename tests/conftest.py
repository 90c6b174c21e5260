"""Fixtures for every test: a throwaway case store, the Stripe sandbox, Debian's Chromium."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

from checks.sandbox import Sandbox
from tests.helpers import CHROMIUM, CHROMIUM_ARGS, wait_idle


@pytest.fixture(scope="session", autouse=True)
def _case_store_in_tmp(tmp_path_factory):
    """Every test writes cases to a throwaway SQLite file, never to the user's data directory."""
    old = os.environ.get("PAYASSIST_DATABASE_URL")
    os.environ["PAYASSIST_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('cases')}/cases.sqlite3"
    yield
    if old is None:
        os.environ.pop("PAYASSIST_DATABASE_URL", None)
    else:
        os.environ["PAYASSIST_DATABASE_URL"] = old


@pytest.fixture(scope="session")
def pg_url():
    """A PostgreSQL server: CI's (``.ci/run`` starts one), else a throwaway one started here."""
    url = os.environ.get("PAYASSIST_TEST_PG_URL")
    if url:
        yield url
        return
    if not Path("/usr/lib/postgresql").exists() or not shutil.which("bash"):
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is required in CI (.ci/run starts it)")
        pytest.skip("PostgreSQL is not installed here")
    root = Path(__file__).parents[1]
    out = subprocess.run(["bash", str(root / ".ci" / "postgres.sh")], capture_output=True, text=True, check=True)
    env = dict(line.removeprefix("export ").split("=", 1) for line in out.stdout.splitlines() if "=" in line)
    yield env["PAYASSIST_TEST_PG_URL"]
    subprocess.run(env["PAYASSIST_TEST_PG_STOP"].strip("'").split(), capture_output=True)


@pytest.fixture
def fresh_pg(pg_url):
    """An empty database of its own on that server (dropped afterwards): for migrations and replicas."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"payassist_{secrets.token_hex(4)}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def sandbox():
    """A Stripe sandbox on a free loopback port, started once per test module and always stopped."""
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def sb(sandbox):
    sandbox.clear()
    yield sandbox
    sandbox.clear()


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
