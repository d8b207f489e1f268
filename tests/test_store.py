"""The store on a real SQLite file: created and seeded once, append-only, retractions."""

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from tests.stores import ON_POSTGRES, query, url_for

from monitors.catalog import load_catalog
from monitors.domain import NewUpdate
from monitors.store import Store, StoreError

DATA = Path(__file__).resolve().parent.parent / "data"
CATALOG = load_catalog(DATA / "frameworks")
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)
SHIPPED_ROWS = sum(1 for path in (DATA / "evidence").glob("*.csv")
                   for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip())


def _open(path: Path) -> Store:
    return Store.open(url_for(path), CATALOG, DATA / "evidence", NOW)


def _new(**fields) -> NewUpdate:
    values = dict(commitment_id="london-us-ethane", observed=date(2025, 7, 2), source_party="us", source="BIS", asserts="met")
    values.update(fields)
    return NewUpdate(**values)


def test_it_creates_and_fills_the_store_on_first_use_only(tmp_path):
    path = tmp_path / "truce.db"
    assert len(_open(path).updates()) == SHIPPED_ROWS
    assert len(_open(path).updates()) == SHIPPED_ROWS


def test_it_appends_a_batch_and_reads_it_back_faithfully(tmp_path):
    store = _open(tmp_path / "truce.db")
    ids = store.append([_new(value=240000.5, unit="b/d", note="line one\nline two ✓"), _new(source_party="cn")], NOW)
    assert ids == [SHIPPED_ROWS + 1, SHIPPED_ROWS + 2]
    stored = store.update(ids[0])
    assert stored is not None
    assert (stored.value, stored.unit, stored.note, stored.logged_at) == (240000.5, "b/d", "line one\nline two ✓", NOW)


def test_a_retraction_keeps_the_update_and_marks_it(tmp_path):
    store = _open(tmp_path / "truce.db")
    [update_id] = store.append([_new()], NOW)
    retraction = store.retract(update_id, "wrong commitment", "alice", NOW)
    stored = store.update(update_id)
    assert stored is not None and stored.retraction == retraction
    with pytest.raises(StoreError, match="already retracted"):
        store.retract(update_id, "again", "alice", NOW)
    with pytest.raises(StoreError, match="no update #99999"):
        store.retract(99999, "missing", "alice", NOW)


@pytest.mark.parametrize("statement", [
    "UPDATE updates SET asserts = 'met' WHERE id = 1",
    "DELETE FROM updates WHERE id = 1",
    "UPDATE retractions SET reason = 'edited'",
    "DELETE FROM retractions",
    pytest.param("TRUNCATE retractions", marks=pytest.mark.skipif(not ON_POSTGRES, reason="SQLite has no TRUNCATE statement")),
])
def test_the_log_cannot_be_edited_or_deleted_behind_its_back(tmp_path, statement):
    path = tmp_path / "truce.db"
    store = _open(path)
    store.retract(1, "a retraction to protect", "alice", NOW)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        query(path, statement)
    assert store.update(1) is not None and store.update(1).retraction is not None


def test_a_failed_batch_stores_nothing(tmp_path):
    store = _open(tmp_path / "truce.db")
    before = len(store.updates())
    with pytest.raises(Exception):
        store.append([_new(), _new(source="x" * 10, observed=None)], NOW)
    assert len(store.updates()) == before


def test_the_fast_schema_check_agrees_with_alembics_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from monitors.store import MIGRATIONS_DIR, head_revision

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_latest_updates_are_the_newest_observed_by_the_date_retracted_ones_marked(tmp_path):
    store = _open(tmp_path / "truce.db")
    ids = store.append([_new(observed=date(2025, 9, day), note=str(day)) for day in range(1, 11)], NOW)
    store.retract(ids[6], "wrong", "alice", NOW)
    latest = store.latest_updates(date(2025, 9, 8), limit=3)
    assert [u.note for u in latest] == ["8", "7", "6"]
    assert latest[1].retracted


def test_the_log_forms_preview_keeps_the_carried_forward_flag(tmp_path):
    from monitors.clock import fixed_clock
    from monitors.tracker import Tracker

    tracker = Tracker(CATALOG, _open(tmp_path / "truce.db"), fixed_clock(NOW))
    draft = tracker.validate({"commitment": "geneva-cn-nontariff-countermeasures", "observed": "2025-06-30",
                              "source_party": "us", "source": "USTR", "asserts": "met"})
    before, after = tracker.preview(draft, date(2025, 7, 1))
    assert before.flags == tracker.assessment("geneva-cn-nontariff-countermeasures", date(2025, 7, 1)).flags
    assert "superseded" in before.flags and "superseded" in after.flags
