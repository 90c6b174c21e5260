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
    table = page.table[0].value
    assert "Click Connect with Stripe again and finish the connection" in set(table["Step"])


def test_outcomes_page_speaks_plainly_and_links_to_the_cases():
    """Issue 14: symptom keys, step ids and a didnt_help column were on the page."""
    at = start()
    click(at, "Connecting or updating Stripe in Kartra")
    click(at, "\"The user denied your request\"")
    click(at, "This fixed it")
    case_id = at.query_params["case"]
    case_id = case_id[0] if isinstance(case_id, list) else case_id
    page = AppTest.from_file(str(PAGES / "1_Outcomes.py"), default_timeout=30)
    page.run()
    labels = page.selectbox[0].options
    assert "The user denied your request · Connecting or updating Stripe" in labels
    assert not any("=" in label for label in labels)
    page.selectbox[0].select("error=user_denied · topic=connection").run()
    table = page.table[0].value
    assert "didnt_help" not in table.columns and "step_id" not in table.columns and "Fix rate" in table.columns
    assert any(f"?case={case_id}" in m.value for m in page.markdown)
    # Filters: only agents' cases → this seller's case is gone.
    page.multiselect[0].set_value(["agent"]).run()
    assert not any(f"?case={case_id}" in m.value for m in page.markdown)


def test_the_cases_page_labels_read_as_words():
    """#24: an agent's case was "Created by: anonymous seller", a test-key case "Not described", and a
    symptom read "Product configuration incomplete · expired"."""
    from tests.helpers import submit_key

    agent = start("agent")
    click(agent, "No payments go through at all")
    agent_case = agent.query_params["case"]
    test_key = submit_key(start(), "sk_test_" + "Q" * 30)
    test_case = test_key.query_params["case"]
    page = AppTest.from_file(str(PAGES / "2_Cases.py"), default_timeout=30)
    page.run()
    assert not page.exception
    table = page.table[0].value
    rows = {str(c).split("case=")[1].rstrip(")"): r for c, (_, r) in zip(table["Case"], table.iterrows(), strict=True)}
    first = lambda v: v[0] if isinstance(v, list) else v  # noqa: E731
    assert rows[first(agent_case)]["Created by"] == "anonymous support agent"
    assert rows[first(test_case)]["Problem"].replace("\\", "") == "The key is a test key (sk_test)"  # as read


def test_a_symptom_names_what_each_value_is_about():
    from conversation.view import problem_words

    words = problem_words("error=product_config_incomplete · connection=expired")
    assert words.endswith("· Stripe connection: expired"), words
    assert "_" not in words and "=" not in words
