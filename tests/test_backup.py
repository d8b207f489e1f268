"""Backup, restore, schema upgrades and the audit trail, on real SQLite files."""

import csv
import shutil
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from monitors.backup import BackupError, backup, restore
from monitors.catalog import load_catalog
from monitors.domain import NewUpdate
from monitors.store import Store, head_revision

pytestmark = pytest.mark.sqlite_only("backup and restore copy an SQLite file; on PostgreSQL pg_dump does that (docs/deploy.md)")

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "store-schema-0001.db"
CATALOG = load_catalog(DATA / "frameworks")
NOW = datetime(2026, 2, 1, 9, 30, tzinfo=timezone.utc)


def _open(path: Path) -> Store:
    return Store.open(f"sqlite:///{path}", CATALOG, DATA / "evidence", NOW)


ORIGINAL_COLUMNS = ("id, commitment_id, observed, logged_at, logged_by, source_party, source, url, asserts, "
                    "value, unit, new_deadline, note")


def _rows(path: Path) -> list[tuple]:
    """Every update (in the columns of the first schema, note last) and every retraction."""
    connection = sqlite3.connect(path)
    try:
        return (connection.execute(f"SELECT {ORIGINAL_COLUMNS} FROM updates ORDER BY id").fetchall()
                + connection.execute("SELECT * FROM retractions").fetchall())
    finally:
        connection.close()


def _new(note: str) -> NewUpdate:
    return NewUpdate("london-us-ethane", date(2025, 7, 2), "us", "BIS", "met", note=note, logged_by="alice")


def test_a_backup_taken_while_the_store_is_open_restores_exactly(tmp_path):
    live = tmp_path / "truce.db"
    store = _open(live)
    store.append([_new("before the backup")], NOW)
    copy = backup(f"sqlite:///{live}", tmp_path / "backup.db")
    expected = _rows(copy)
    store.append([_new("after the backup")], NOW)
    saved = restore(f"sqlite:///{live}", copy, NOW)
    assert _rows(live) == expected
    assert [row[-1] for row in _rows(saved) if row[-1] == "after the backup"] == ["after the backup"]


def test_two_restores_in_the_same_second_keep_both_safety_copies(tmp_path):
    live = tmp_path / "truce.db"
    store = _open(live)
    copy = backup(f"sqlite:///{live}", tmp_path / "backup.db")
    store.append([_new("logged after the backup")], NOW)
    first = restore(f"sqlite:///{live}", copy, NOW)
    second = restore(f"sqlite:///{live}", copy, NOW)
    assert first != second
    assert "logged after the backup" in [row[-1] for row in _rows(first)]
    assert "logged after the backup" not in [row[-1] for row in _rows(second)]


def test_backup_refuses_to_overwrite_and_restore_refuses_a_foreign_file(tmp_path):
    live = tmp_path / "truce.db"
    _open(live)
    (tmp_path / "exists.db").write_bytes(b"")
    with pytest.raises(BackupError, match="already exists"):
        backup(f"sqlite:///{live}", tmp_path / "exists.db")
    (tmp_path / "notes.txt").write_text("not a database")
    with pytest.raises(BackupError, match="file: .* is not an SQLite database"):
        restore(f"sqlite:///{live}", tmp_path / "notes.txt", NOW)
    with pytest.raises(BackupError, match="TRUCE_DB_URL"):
        backup("postgresql://localhost/truce", tmp_path / "x.db")


def _query(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_a_store_from_the_first_schema_is_upgraded_in_place_without_losing_a_row(tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(FIXTURE, old)
    updates_before = _query(old, f"SELECT {ORIGINAL_COLUMNS} FROM updates ORDER BY id")
    retractions_before = _query(old, "SELECT * FROM retractions ORDER BY id")
    shipped_before = {row[0] for row in updates_before if row[4] == "shipped-data"}
    assert shipped_before and retractions_before
    store = _open(old)
    assert _query(old, "SELECT version_num FROM alembic_version")[0][0] == head_revision()
    # nothing deleted or rewritten: every old update and retraction is still there as it was
    updates_after = _query(old, f"SELECT {ORIGINAL_COLUMNS} FROM updates ORDER BY id")
    assert updates_after[:len(updates_before)] == updates_before
    assert _query(old, "SELECT * FROM retractions ORDER BY id")[:len(retractions_before)] == retractions_before
    by_id = {u.id: u for u in store.updates()}
    # the user's row is kept and still live; the user's retraction still holds
    [kept] = [u for u in by_id.values() if u.note == "user row kept across upgrades"]
    assert kept.logged_by != "shipped-data" and not kept.retracted
    assert any(u.retracted and u.retraction.reason == "retraction kept across upgrades" for u in by_id.values())
    # the old shipped record is retracted (by the shipped data, where the user had not already) ...
    assert all(by_id[i].retracted for i in shipped_before)
    assert {by_id[i].retraction.retracted_by for i in shipped_before} == {"analyst", "shipped-data"}
    # ... and the new shipped record is loaded beside it
    with (DATA / "evidence" / "record-2025-2026.csv").open(encoding="utf-8") as shipped_file:
        shipped_rows = sum(1 for line in csv.DictReader(shipped_file))
    loaded = [u for i, u in by_id.items() if i not in shipped_before and u.logged_by == "shipped-data"]
    assert len(loaded) == shipped_rows and not any(u.retracted for u in loaded)
    # the rows from the first schema read with the defaults of the new columns
    old_ids = {row[0] for row in updates_before}
    assert all(by_id[i].kind == ("data" if by_id[i].value is not None else "statement") for i in old_ids)
    assert all(by_id[i].period is None and by_id[i].new_expiry is None and by_id[i].tier is None for i in old_ids)


def test_the_audit_trail_names_who_logged_and_who_retracted(tmp_path):
    store = _open(tmp_path / "truce.db")
    [update_id] = store.append([_new("audited")], NOW)
    store.retract(update_id, "duplicate", "bob", NOW.replace(minute=45))
    trail = store.audit_trail(limit=2)
    assert [(e.action, e.by, e.update_id) for e in trail] == [("retracted", "bob", update_id), ("logged", "alice", update_id)]
