"""Backup, restore, schema upgrades and the audit trail, on real SQLite files."""

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


def test_a_store_from_the_first_schema_is_upgraded_in_place_without_losing_a_row(tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(FIXTURE, old)
    before = _rows(old)
    store = _open(old)
    assert _rows(old) == before
    connection = sqlite3.connect(old)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    connection.close()
    kept = [u for u in store.updates() if u.note == "user row kept across upgrades"]
    assert len(kept) == 1
    assert all(u.kind == ("data" if u.value is not None else "statement") for u in store.updates())
    assert all(u.period is None and u.new_expiry is None and u.tier is None for u in store.updates())
    assert any(u.retracted and u.retraction.reason == "retraction kept across upgrades" for u in store.updates())


def test_the_audit_trail_names_who_logged_and_who_retracted(tmp_path):
    store = _open(tmp_path / "truce.db")
    [update_id] = store.append([_new("audited")], NOW)
    store.retract(update_id, "duplicate", "bob", NOW.replace(minute=45))
    trail = store.audit_trail(limit=2)
    assert [(e.action, e.by, e.update_id) for e in trail] == [("retracted", "bob", update_id), ("logged", "alice", update_id)]
