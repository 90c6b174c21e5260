"""Every test writes cases to a throwaway SQLite file, never to the user's data directory."""

from __future__ import annotations

import os

import pytest

# The browser fixtures (Debian's Chromium, a page per test) live with the server helper.
pytest_plugins = ["tests.browser"]


@pytest.fixture(scope="session", autouse=True)
def _case_store_in_tmp(tmp_path_factory):
    old = os.environ.get("PAYASSIST_DATABASE_URL")
    os.environ["PAYASSIST_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('cases')}/cases.sqlite3"
    yield
    if old is None:
        os.environ.pop("PAYASSIST_DATABASE_URL", None)
    else:
        os.environ["PAYASSIST_DATABASE_URL"] = old
