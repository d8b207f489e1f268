"""A store keeps what it read under the deciding state's stamp (monitors/store.py), so a second
status with nothing written in between decodes nothing again. Kept reads must never outlive the
content they were read from: after a write through this store or another process, a retraction,
an import, or a restore of an older backup followed by new writes that reuse its ids, the status
is the one the whole log gives. A PostgreSQL write committing below the newest id is in
tests/test_deciding_state.py, beside the refresh it needs."""

from __future__ import annotations

import io
import random

import pytest

from monitors import backup, deciding_state
from monitors.store import Store
from monitors.tracker import Tracker
from tests.stores import ON_POSTGRES, url_for
from tests.test_deciding_state import AFTER_ALL, _whole_log_status
from tests.test_relevant_updates import CATALOG, DATA, NOW, _random_update


@pytest.fixture
def row_reads(monkeypatch) -> list[int]:
    """How many rows each read of the deciding state's table returned."""
    counts: list[int] = []
    rows = deciding_state.rows

    def spy(connection):
        found = rows(connection)
        counts.append(len(found))
        return found

    monkeypatch.setattr(deciding_state, "rows", spy)
    return counts


def _tracker(store: Store) -> Tracker:
    return Tracker(CATALOG, store, lambda: NOW)


def _ended_commitments(store: Store) -> set[str]:
    return {u.commitment_id for u in store.updates() if u.asserts == "ended" and u.retraction is None}


def test_a_second_status_with_nothing_written_reads_no_rows_again(tmp_path, row_reads):
    rng = random.Random(3)
    store = Store.open(url_for(tmp_path / "truce.db"), CATALOG, DATA / "evidence", NOW)
    store.append([_random_update(rng) for _ in range(400)], NOW)
    tracker = _tracker(store)
    row_reads.clear()
    first = tracker.assessments(AFTER_ALL)
    second = tracker.assessments(AFTER_ALL)
    assert first == second == _whole_log_status(store, AFTER_ALL)
    assert len(row_reads) == 1, "the second status was answered from what the first one read"


def test_kept_reads_follow_every_kind_of_write_from_this_store_and_another(tmp_path, row_reads):
    rng = random.Random(20251110)
    url = url_for(tmp_path / "truce.db")
    reader = Store.open(url, CATALOG, DATA / "evidence", NOW)
    writer = Store.open(url, CATALOG, DATA / "evidence", NOW)
    tracker = _tracker(reader)
    ids: list[int] = []
    for step in range(10):
        # Alternately through the store that keeps reads and through another one (another process).
        through = reader if step % 2 else writer
        ids += through.append([_random_update(rng) for _ in range(rng.choice([1, 5, 60]))], NOW)
        for update_id in rng.sample(ids, min(2, len(ids))):
            if through.update(update_id).retraction is None:
                through.retract(update_id, "generated retraction", "tester", NOW)
        row_reads.clear()
        assert tracker.assessments(AFTER_ALL) == _whole_log_status(reader, AFTER_ALL), f"after write {step}"
        assert row_reads, "a write changed the stamp, so the state was read again"
    assert _ended_commitments(reader), "the log holds ending events, so the endings' reads were kept and followed too"
    header = "commitment,observed,source_party,source,asserts,kind\n"
    rows = "".join(f"{c},2025-10-{1 + n % 28:02d},independent,bulk,not_met,statement\n" for n, c in enumerate(CATALOG.commitments))
    _tracker(writer).import_csv(io.BytesIO((header + rows).encode()), name="bulk.csv", by="tester")
    assert tracker.assessments(AFTER_ALL) == _whole_log_status(reader, AFTER_ALL), "after an import by another store"


@pytest.mark.skipif(ON_POSTGRES, reason="backup and restore copy an SQLite file; on PostgreSQL pg_dump does that")
def test_a_restore_of_an_older_backup_then_new_writes_reusing_its_ids_are_never_answered_from_kept_reads(tmp_path):
    """The restored file brings its own stamp; writes after it draw the ids the lost writes had,
    so the stamp's counts come back exactly as they were when the reads were kept."""
    rng = random.Random(99)
    url = url_for(tmp_path / "truce.db")
    reader = Store.open(url, CATALOG, DATA / "evidence", NOW)
    reader.append([_random_update(rng) for _ in range(200)], NOW)
    backup.backup(url, tmp_path / "before.db")
    lost_ids = reader.append([_random_update(rng) for _ in range(30)], NOW)
    reader.retract(lost_ids[0], "generated retraction", "tester", NOW)
    tracker = _tracker(reader)
    assert tracker.assessments(AFTER_ALL) == _whole_log_status(reader, AFTER_ALL)

    backup.restore(url, tmp_path / "before.db", NOW)
    writer = Store.open(url, CATALOG, DATA / "evidence", NOW)
    assert _tracker(writer).assessments(AFTER_ALL) == _whole_log_status(writer, AFTER_ALL), "right after the restore"
    new_ids = writer.append([_random_update(rng) for _ in range(30)], NOW)
    writer.retract(new_ids[-1], "generated retraction", "tester", NOW)
    assert new_ids == lost_ids, "the new writes reuse the ids of the writes the restore undid"
    assert tracker.assessments(AFTER_ALL) == _whole_log_status(reader, AFTER_ALL), "after new writes reusing the ids"
