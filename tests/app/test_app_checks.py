"""The page's advanced checks: payments export upload, product form, account matching (AppTest)."""

from __future__ import annotations

from tests.helpers import click, export_all_failing, plan_titles, start_with_checks


def test_export_upload_shows_chart_top_reason_download_and_moves_the_plan():
    at = start_with_checks()
    at.file_uploader(key="export_upload").upload("payments.csv", export_all_failing(), "text/csv").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Every payment has failed since" in text
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    reasons = at.dataframe[0].value
    assert reasons.iloc[0]["Reason"] == "Your card was declined."
    assert any(d.label == "Download the failed payments (CSV)" for d in at.get("download_button"))
    assert plan_titles(at)[0] == "**1. Card declined: generic decline**"
    assert "**2. Finish and save every module of the product**" in plan_titles(at)


def test_a_stripe_export_answers_which_processor_and_its_download_keeps_the_charge_id():
    """#24: after a Stripe export it still asked which processor takes the payment, and the failed rows
    lost the charge id (no one could look a failure up in Stripe)."""
    at = start_with_checks()
    at.file_uploader(key="export_upload").upload("payments.csv", export_all_failing(), "text/csv").run()
    assert at.session_state["session"].conv.facts["processor"] == "stripe"
    asked = [q.id for q in at.session_state["session"].conv.advice().questions]
    assert "processor" not in asked and "integration" not in asked, asked
    download = at.session_state["session"].conv.messages[-1].evidence or next(
        m.evidence for m in at.session_state["session"].conv.messages if m.evidence is not None)
    header, first, *_ = download.download.decode().splitlines()
    assert "charge" in header.split(",")[-1] and first.split(",")[-1].strip('"') == "ch_000250"
    caption = " ".join(c.value for c in at.caption)
    assert "the date from the column" in caption and "←" not in caption


def test_garbage_upload_is_a_sentence_and_the_conversation_goes_on():
    at = start_with_checks()
    at.file_uploader(key="export_upload").upload("payments.csv", b"%PDF-1.7 junk", "text/csv").run()
    assert any("not a CSV file" in w.value for w in at.warning)
    click(at, "One or a few customers can't pay")
    assert not at.exception


def test_product_form_with_unsaved_module_and_test_key():
    at = start_with_checks()
    form = at.get("form")
    assert form
    at.multiselect[0].select("Pricing")
    key_field = [t for t in at.text_input if t.label.startswith("Key in the Stripe integration")][0]
    key_field.input("sk_test_" + "T" * 24)
    click(at, "Check product")
    titles = plan_titles(at)
    assert titles[0] == "**1. Finish and save every module of the product**"
    assert "sk_test_" + "T" * 24 not in repr(at.session_state)
    assert any("Pricing" in w.value for w in at.warning)


def test_account_matching_form():
    at = start_with_checks()
    pk = "pk_live_" + "M" * 24
    [t for t in at.text_input if t.label.startswith("Publishable key")][0].input(pk)
    at.text_area[0].input(f"Shop A: pk_live_{'N' * 24}\nShop B: {pk}")
    click(at, "Find the account")
    assert any("Select `Shop B`" in s.value for s in at.success)


def test_the_retry_clock_from_a_date_the_seller_gives():
    from datetime import UTC, datetime, timedelta

    at = start_with_checks()
    first = datetime.now(UTC) - timedelta(days=1)
    [d for d in at.date_input if d.label.startswith("Date of the first failed")][0].set_value(first.date())
    click(at, "Show the retry clock")
    said = " ".join(w.value for w in at.warning) + " ".join(m.value for m in at.markdown)
    assert "Attempt 1 of 4 failed" in said and "next attempt about" in said
    assert plan_titles(at)[0] == "**1. Tell the customer before Kartra's next attempt**"
    assert "### Retry clock" in at.code[0].value


def test_from_one_date_the_retry_clock_asks_what_happened_since_instead_of_asserting():
    """#21: from a first-failure date alone, the tab said all 4 attempts failed and the subscription was
    cancelled, without asking whether a retry went through."""
    from datetime import UTC, datetime, timedelta

    at = start_with_checks()
    first = datetime.now(UTC) - timedelta(days=12)
    [d for d in at.date_input if d.label.startswith("Date of the first failed")][0].set_value(first.date())
    click(at, "Show the retry clock")
    said = " ".join(m.value for m in at.markdown)
    assert "has happened: the data doesn't show whether it went through" in said
    assert "next attempt about" not in said and "All 4 attempts" not in said and "has cancelled" not in said
    conv = at.session_state["session"].conv
    asked = {q.id: q.prompt for q in conv.advice().questions}
    assert "has happened" in asked["cancelled"]


def test_an_export_is_not_carried_into_every_later_turn():
    """Streamlit copies an uploader's file into every run; once read, the uploader is a fresh empty one,
    so the bytes are dropped and a second export can be uploaded straight away."""
    at = start_with_checks()
    at.file_uploader(key="export_upload").upload("payments.csv", export_all_failing(), "text/csv").run()
    assert "Every payment has failed since" in " ".join(m.value for m in at.markdown)
    assert [u.value for u in at.file_uploader] == [None, None]
    assert "UploadedFile(" not in repr(at.session_state)
    click(at, "Didn't help")
    assert "Every payment has failed since" in " ".join(m.value for m in at.markdown)  # the analysis stays
    at.file_uploader(key="export_upload-1").upload("again.csv", export_all_failing(), "text/csv").run()
    assert sum("Analyse my payments export" in t.value for t in at.text) == 2


def test_the_daily_chart_is_sane_on_tiny_data():
    """#24: one failure filled the width, the axis repeated "01 Nov" and counted 0.0-1.0."""
    import json

    from tests.helpers import csv, stripe_export

    df = stripe_export(30)
    df.loc[[3], ["Status", "Decline Reason"]] = ["Failed", "expired_card"]
    at = start_with_checks()
    at.file_uploader(key="export_upload").upload("one.csv", csv(df), "text/csv").run()
    chart = (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))[0]
    spec = json.loads(chart.proto.spec)
    x, y = spec["encoding"]["x"], spec["encoding"]["y"]
    assert x["type"] == "ordinal" and x["timeUnit"] == "yearmonthdate", "one band, one label a day"
    assert y["axis"]["format"] == "d" and y["axis"]["tickMinStep"] == 1, "whole payments, not 0.0-1.0"
    assert spec["mark"]["width"] <= 40, "a single day is a narrow bar"
    reasons = at.dataframe[0].value
    assert list(reasons.columns) == ["Reason", "Payments", "Share", "Who acts", "What it means"]


def test_failures_without_a_reason_say_who_acts_and_what_to_do():
    """#24: "(no reason given)" had no who-acts or meaning."""
    from tests.helpers import csv, stripe_export

    df = stripe_export(40)
    df.loc[[3, 4], ["Status", "Decline Reason"]] = ["Failed", ""]
    at = start_with_checks()
    at.file_uploader(key="export_upload").upload("blank.csv", csv(df), "text/csv").run()
    row = at.dataframe[0].value.iloc[0]
    assert row["Reason"] == "No reason in the file" and row["Who acts"] == "Seller"
    assert "processor's dashboard" in row["What it means"]
