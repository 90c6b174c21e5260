"""Fixtures for every test: a throwaway case store, the Stripe sandbox, Debian's Chromium."""

from __future__ import annotations

import os

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
