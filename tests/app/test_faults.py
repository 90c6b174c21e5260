"""The case store failing at start and mid-session: the assistant still advises, and says so."""

from __future__ import annotations

import pytest
import streamlit as st
from sqlalchemy.exc import OperationalError

from cases.store import CaseStore
from tests.helpers import click, plan_titles, start


@pytest.fixture
def fresh_store_cache():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_database_down_at_start(monkeypatch, fresh_store_cache):
    monkeypatch.setenv("PAYASSIST_DATABASE_URL", "postgresql+psycopg://payassist:pw@127.0.0.1:9/cases")
    at = start()
    click(at, "One or a few customers can't pay")
    click(at, "A new purchase won't go through")
    assert plan_titles(at)[0] == "**1. Check the details typed into the checkout**"
    assert any("not being saved" in w.value for w in at.warning)
    assert all("pw@" not in w.value for w in at.warning)
    click(at, "Didn't help")
    assert plan_titles(at)[0] == "**2. Clear the browser's cache and cookies**"


def test_database_fails_mid_session(monkeypatch, fresh_store_cache):
    at = start()
    click(at, "One or a few customers can't pay")
    click(at, "A new purchase won't go through")
    click(at, "Didn't help")
    case_id = at.query_params["case"]
    case_id = case_id[0] if isinstance(case_id, list) else case_id
    assert len(CaseStore().outcomes(case_id)) == 1

    def down(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(CaseStore, "record_outcome", down)
    monkeypatch.setattr(CaseStore, "save", down)
    click(at, "Didn't help")
    assert plan_titles(at)[0] == "**3. Try a different browser**"
    assert any("not being saved" in w.value for w in at.warning)
    monkeypatch.undo()
    assert len(CaseStore().outcomes(case_id)) == 1  # what was recorded before is still there
