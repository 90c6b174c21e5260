"""Alembic carries existing cases over (0001 → 0002), and replicas starting at once migrate cleanly."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from cases.store import MIGRATIONS, CaseStore, open_store

NOW = datetime(2026, 5, 1, tzinfo=UTC)
EXPORT = {"kind": "export", "file_name": "payments.csv",
          "by_customer": [{"customer": "jane.doe@example.com", "failed": 3}],
          "failed_rows": [{"Customer Email": "bob@shop.example", "Amount": "49.00"}]}


def at_revision_0001(url: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conv = {"role": "seller", "fixed_by": "seller.reconnect_stripe", "messages": [
            {"speaker": "user", "text": "customer mary@buyer.example says card declined", "kind": "text"},
            {"speaker": "assistant", "text": "**Payments export**", "kind": "evidence", "evidence": EXPORT}]}
        conn.execute(text("INSERT INTO cases (id, role, symptom, facts, conversation, plan, summary, demo, created, "
                          "updated) VALUES (:id, 'seller', :symptom, :facts, :conv, '[]', '', "
                          ":demo, :t, :t)"),
                     [{"id": "legacycase0000000001", "symptom": "decline_code=expired_card",
                       "facts": json.dumps({"decline_code": "expired_card"}),
                       "conv": json.dumps(conv), "demo": False, "t": NOW},
                      {"id": "legacycase0000000002", "symptom": "", "facts": "{}", "conv": json.dumps({"messages": []}),
                       "demo": False, "t": NOW}])
        for outcome in ("fixed", "didnt_help", "fixed"):  # marked three times before "once per step"
            conn.execute(text("INSERT INTO step_outcomes (case_id, step_id, outcome, symptom, at) "
                              "VALUES ('legacycase0000000001', 's1', :o, '', :t)"), {"o": outcome, "t": NOW})
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def legacy_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/legacy.sqlite3"
    return request.getfixturevalue("fresh_pg")


def test_existing_cases_are_carried_over(legacy_url):
    at_revision_0001(legacy_url)
    store = CaseStore(legacy_url)  # migrates to head
    rec = store.load("legacycase0000000001")
    assert (rec.owner, rec.version, rec.status) == ("", 1, "fixed")
    assert [(o["step_id"], o["outcome"]) for o in rec.outcomes] == [("s1", "fixed")]
    stored = json.dumps(rec.conversation, ensure_ascii=False)
    assert "jane.doe@example.com" not in stored and "j•••@example.com" in stored
    assert "bob@shop.example" not in stored and "b•••@shop.example" in stored
    assert "mary@buyer.example" in stored  # the person's own words are theirs; only check evidence is masked
    assert [r.id for r in store.list_cases(search="mary@buyer.example")] == ["legacycase0000000001"]
    assert [r.id for r in store.list_cases(search="expired_card")] == ["legacycase0000000001"]
    assert store.load("legacycase0000000002").status == "open"
    store.record_outcome("legacycase0000000001", "s1", "didnt_help")
    assert len(store.outcomes("legacycase0000000001")) == 1


def test_replicas_starting_at_once_on_an_empty_database_migrate_cleanly(fresh_pg):
    errors: list[BaseException] = []
    stores: list[CaseStore] = []

    def replica() -> None:
        try:
            stores.append(CaseStore(fresh_pg))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=replica) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(stores) == 4
    cid = stores[0].create("seller", {})
    assert all(s.load(cid) is not None for s in stores)
    with stores[0].engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0003"


def test_a_case_file_from_a_newer_payassist_gets_a_sentence_not_a_traceback(tmp_path):
    """Going back to an older payassist: its migrations don't know the file's revision. Before, Alembic's
    CommandError reached the page as a traceback; now the assistant advises without the store and says why."""
    url = f"sqlite:///{tmp_path}/newer.sqlite3"
    CaseStore(url)
    with create_engine(url).begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff0000'"))
    store, problem = open_store(url)
    assert store is None
    assert "newer version of payassist" in problem and "PAYASSIST_DATABASE_URL" in problem
