"""A Stripe sandbox on a free loopback port, started once per test module and always stopped."""

from __future__ import annotations

import pytest

from checks.sandbox import Sandbox


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def sb(sandbox):
    sandbox.clear()
    yield sandbox
    sandbox.clear()
