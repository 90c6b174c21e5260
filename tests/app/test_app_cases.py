"""Cases through the page: a shareable link restores the conversation; the Outcomes page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.helpers import APP, PAGES, click, plan_titles, start


def test_link_restores_the_conversation_and_outcomes():
    at = start("agent")
    click(at, "One or a few customers can't pay")
    click(at, "A new purchase won't go through")
    click(at, "Didn't help")
    case_id = at.query_params["case"][0] if isinstance(at.query_params["case"], list) else at.query_params["case"]
    plan = plan_titles(at)

    other = AppTest.from_file(APP, default_timeout=30)
    other.query_params["case"] = case_id
    other.run()
    assert not other.exception
    assert plan_titles(other) == plan
    assert "**Symptom?**" not in [m.value for m in other.markdown]
    assert any("it didn't help" in t.value for t in other.text)
    assert "Reported by: Support agent" in other.code[0].value


def test_unknown_link_says_so_and_starts_fresh():
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["case"] = "not-a-real-case-id-123"
    at.run()
    assert any("unknown or malformed" in i.value for i in at.info)
    assert plan_titles(at) == []


def test_outcomes_page_shows_what_fixed_what():
    at = start()
    click(at, "Connecting or updating Stripe in Kartra")
    click(at, "\"The user denied your request\"")
    click(at, "This fixed it")
    page = AppTest.from_file(str(PAGES / "1_Outcomes.py"), default_timeout=30)
    page.run()
    assert not page.exception
    assert page.metric[0].value != "0"
    page.selectbox[0].select("error=user_denied · topic=connection").run()
    table = page.dataframe[0].value
    assert "seller.retry_connect" in set(table["step_id"])
