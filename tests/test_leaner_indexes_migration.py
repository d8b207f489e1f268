"""Migration 0010 upgrades an existing store in place: the log keeps every row and answers the
same statuses, `ix_updates_latest_word` is gone, the status query still finds its rows by index
seeks, and on PostgreSQL the key columns compare by byte. It also goes down again cleanly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from monitors.catalog import load_catalog
from monitors.judging.assess import full_series_ids
from monitors.relevant_query import relevant_updates_query
from monitors.store import MIGRATIONS_DIR, Store
from monitors.tracker import Tracker
from tests.stores import ON_POSTGRES

DATA = Path(__file__).resolve().parent.parent / "data"
CATALOG = load_catalog(DATA / "frameworks")
KEY_COLUMNS = ("commitment_id", "source_party", "kind")


def _move_to(store: Store, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.writing() as connection:
        config.attributes["connection"] = connection
        if revision < "0010":
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)


def _index_names(store: Store) -> set[str]:
    with store.engine.connect() as connection:
        return {index["name"] for index in sa.inspect(connection).get_indexes("updates")}


def _collations(store: Store) -> dict[str, str | None]:
    with store.engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT column_name, collation_name FROM information_schema.columns"
            " WHERE table_name = 'updates' AND column_name IN ('commitment_id', 'source_party', 'kind')"))
        return {name: collation for name, collation in rows}


def _log(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text("SELECT * FROM updates ORDER BY id"))]


def test_an_existing_store_is_upgraded_in_place(db_url, tracker: Tracker):
    _move_to(tracker.store, "0009")
    assert "ix_updates_latest_word" in _index_names(tracker.store)
    if ON_POSTGRES:
        assert set(_collations(tracker.store).values()) == {None}
    log_before = _log(tracker.store)
    statuses_before = tracker.assessments()
    tracker.store.engine.dispose()

    store = Store.open(db_url, CATALOG, DATA / "evidence", tracker.clock())
    assert "ix_updates_latest_word" not in _index_names(store)
    assert _log(store) == log_before
    assert Tracker(CATALOG, store, tracker.clock).assessments() == statuses_before
    if ON_POSTGRES:
        assert _collations(store) == dict.fromkeys(KEY_COLUMNS, "C")

    _move_to(store, "0009")
    assert "ix_updates_latest_word" in _index_names(store)
    if ON_POSTGRES:
        assert set(_collations(store).values()) == {None}


def test_the_status_query_still_seeks_by_index_without_the_dropped_one(tracker: Tracker):
    """Every lookup of the updates table in the status query is a search along an index or the
    primary key, never a scan (SQLite's plan; PostgreSQL picks scans for a table this small)."""
    if ON_POSTGRES:
        return
    query = relevant_updates_query(tuple(CATALOG.commitments), tuple(sorted(full_series_ids(CATALOG))),
                                   per_commitment_day=False, dialect="sqlite")
    database = tracker.store.engine.url.database
    assert database is not None
    connection = sqlite3.connect(database)
    try:
        plan = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + query, {"as_of": "2026-06-30"})]
    finally:
        connection.close()
    on_updates = [step for step in plan if " updates " in f" {step} " or step.split()[1:2] in (["w"], ["v"], ["u"])]
    assert on_updates and all(step.startswith("SEARCH") for step in on_updates), plan
