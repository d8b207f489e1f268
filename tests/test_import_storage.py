"""The import's bulk path (monitors/bulk_insert.py): what it stores is what the form's path
stores, an import that outgrows the log rebuilds the log's indexes exactly, and a bad row
found late stores nothing on either store, indexes and all, with nothing but the report."""

from __future__ import annotations

import io
import logging
import os
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from monitors import bulk_insert
from monitors.domain import NewUpdate
from monitors.periods import parse_period
from monitors.tracker import Tracker
from monitors.update_rows import row_of
from monitors.validation import InputError
from tests.stores import ON_POSTGRES, url_for

ROOT = Path(__file__).resolve().parent.parent
WHOLE_SECOND = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)
HEADER = "commitment,observed,source_party,source,asserts,note\n"


def _rows(count: int, last: str | None = None) -> bytes:
    lines = [f"london-us-ethane,2025-07-{1 + n % 28:02d},independent,bulk,progress,row {n}\n" for n in range(count)]
    if last is not None:
        lines[-1] = last
    return (HEADER + "".join(lines)).encode()


def _updates(count: int) -> list[NewUpdate]:
    return [NewUpdate("london-us-ethane", WHOLE_SECOND.date(), "independent", "bulk", "progress", note=f"row {n}")
            for n in range(count)]


def _sqlite_file(tracker: Tracker) -> Path:
    database = tracker.store.engine.url.database
    assert database is not None
    return Path(database)


def _indexes(db: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'updates' ORDER BY name").fetchall()
    finally:
        connection.close()


@pytest.mark.sqlite_only("it reads the time as SQLite holds it: text")
def test_an_imported_row_holds_its_time_as_the_forms_path_writes_it(tracker):
    """sqlite3's own adapter wrote a time on a whole second without its fraction, which sorts
    before the same time written by SQLAlchemy ('…12:00:00' < '…12:00:00.000000')."""
    update = NewUpdate("london-us-ethane", WHOLE_SECOND.date(), "us", "BIS", "met")
    [logged] = tracker.store.append([update], WHOLE_SECOND)
    imported = tracker.store.import_chunks([[row_of(update)]], WHOLE_SECOND, "an import of one row")
    connection = sqlite3.connect(_sqlite_file(tracker))
    try:
        times = dict(connection.execute("SELECT id, logged_at FROM updates WHERE id IN (?, ?)", (logged, imported.first_id)))
    finally:
        connection.close()
    assert times[imported.first_id] == times[logged] == "2026-01-05 12:00:00.000000"


def test_every_field_an_import_carries_is_stored_as_the_forms_path_stores_it(tracker):
    """On PostgreSQL the rows go by binary COPY (days as dates, absent values as NULL), on
    SQLite as text: either way an imported update reads back as the same update logged."""
    updates = [
        NewUpdate("geneva-us-reciprocal-rate", WHOLE_SECOND.date(), "us", "Federal Register", "met", kind="data",
                  value=10.0, unit="%", period=parse_period("2025-06"), new_expiry=date(2026, 11, 10),
                  tier="official", url="https://example.org/rate", note="  spaces kept  ", logged_by="alice"),
        NewUpdate("geneva-us-reciprocal-rate", WHOLE_SECOND.date(), "cn", "MOFCOM", "not_met", kind="act",
                  new_deadline=date(2025, 9, 1)),
        NewUpdate("geneva-cn-nontariff-countermeasures", WHOLE_SECOND.date(), "independent", "Wire", "progress",
                  kind="data", value=1e-300, unit="t"),
    ]
    logged = tracker.store.append(updates, WHOLE_SECOND)
    imported = tracker.store.import_chunks([[row_of(u) for u in updates]], WHOLE_SECOND, "an import of three rows")
    by_id = {u.id: u for u in tracker.store.updates()}

    def stored(update_id: int) -> dict[str, object]:
        fields = vars(by_id[update_id]).copy()
        del fields["id"]
        return fields

    assert [stored(i) for i in range(imported.first_id, imported.last_id + 1)] == [stored(i) for i in logged]


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite keeps no statistics unless asked to, and its plans do without")
def test_an_import_that_outgrows_the_log_leaves_it_analysed_on_postgresql(tracker):
    """Planned for the small log it held before, the refresh after a large import, and the
    readers after it until autovacuum came by, read the new rows by the slowest plans."""
    def analysed() -> int:
        with tracker.store.engine.connect() as connection:
            return connection.exec_driver_sql("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'updates'").scalar_one()

    before = analysed()
    tracker.store.import_chunks([[row_of(u) for u in _updates(100)]], WHOLE_SECOND, "a small import")
    assert analysed() == before
    tracker.store.import_chunks([[row_of(u) for u in _updates(6000)]], WHOLE_SECOND, "a large import")
    assert analysed() == before + 1


@pytest.mark.sqlite_only("indexes are dropped and rebuilt on SQLite only")
def test_an_import_that_outgrows_the_log_rebuilds_its_indexes_exactly(tracker, monkeypatch):
    dropped: list[int] = []
    drop = bulk_insert._drop_indexes

    def watched(connection):  # type: ignore[no-untyped-def]
        definitions = drop(connection)
        dropped.append(len(definitions))
        return definitions

    monkeypatch.setattr(bulk_insert, "_drop_indexes", watched)
    before = _indexes(_sqlite_file(tracker))
    imported = tracker.import_csv(io.BytesIO(_rows(12_000)), name="big.csv", by="alice")
    assert dropped == [len(before)]
    assert _indexes(_sqlite_file(tracker)) == before
    stored = [u for u in tracker.store.updates() if u.logged_by == "alice"]
    assert [u.note for u in stored] == [f"row {n}" for n in range(12_000)]
    assert (stored[0].id, stored[-1].id, imported.count) == (imported.first_id, imported.last_id, 12_000)


@pytest.mark.sqlite_only("indexes are dropped and rebuilt on SQLite only")
def test_a_bad_last_row_after_the_indexes_were_dropped_stores_nothing_and_keeps_them(tracker):
    before, count = _indexes(_sqlite_file(tracker)), len(tracker.store.updates())
    with pytest.raises(InputError) as error:
        tracker.import_csv(io.BytesIO(_rows(12_000, last="london-us-ethane,2025-07-01,martians,bulk,progress,x\n")), name="big.csv")
    assert [str(e) for e in error.value.errors] == ["line 12001, source_party: 'martians' is not one of us, cn, independent"]
    assert _indexes(_sqlite_file(tracker)) == before
    assert len(tracker.store.updates()) == count


def test_a_bad_row_found_after_rows_were_sent_stores_nothing_and_says_only_so(tracker, tmp_path, caplog):
    """On PostgreSQL the COPY is open when the bad row is found: it is ended as failed and the
    transaction rolled back, and the person sees the report alone, no driver message."""
    count = len(tracker.store.updates())
    with caplog.at_level(logging.WARNING), pytest.raises(InputError):
        tracker.import_csv(io.BytesIO(_rows(6_000, last="london-us-ethane,2025-07-01,us,bulk,perhaps,x\n")), name="late.csv")
    assert [r.getMessage() for r in caplog.records] == []
    assert len(tracker.store.updates()) == count
    source = tmp_path / "late.csv"
    source.write_bytes(_rows(6_000, last="london-us-ethane,2025-07-01,us,bulk,perhaps,x\n"))
    env = {**os.environ, "TRUCE_DB_URL": url_for(tmp_path / "truce.db")}
    result = subprocess.run([sys.executable, "-m", "monitors", "import", str(source)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (
        2, "error: line 6001, asserts: 'perhaps' is not one of met, progress, not_met, ended\nnothing was stored\n")
