"""Today's deciding evidence kept as state (monitors/deciding_state.py) must give the status the
whole log gives, after any mix of writes: appends, retractions, imports, writes that bypass the
store, a changed catalog, and writers racing on one commitment; and it must be used only when it
is current, never to answer a replay."""

from __future__ import annotations

import io
import random
import shutil
import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from monitors import deciding_state
from monitors.catalog import load_catalog
from monitors.domain import NewUpdate
from monitors.judging.assess import assess_all, full_series_ids
from monitors import store as store_module
from monitors.store import Store, retractions_table
from monitors.tracker import Tracker
from tests.stores import ON_POSTGRES, url_for
from tests.test_relevant_updates import CATALOG, DATA, NOW, START, _random_update

AFTER_ALL = date(2027, 1, 1)


@pytest.fixture
def state_reads(monkeypatch) -> list[bool]:
    """Whether each status read was answered by the state (True) or sent to the query (False)."""
    answers: list[bool] = []
    answering_stamp = deciding_state.answering_stamp

    def spy(*args, **kwargs):
        stamp = answering_stamp(*args, **kwargs)
        answers.append(stamp is not None)
        return stamp

    monkeypatch.setattr(deciding_state, "answering_stamp", spy)
    return answers


def _status(store: Store, as_of: date, catalog=CATALOG) -> list:
    """The status as the tracker reads it: the deciding evidence, and for a commitment that
    ended, the evidence of its last day (a replay, so never the state)."""
    return assess_all(catalog, store.relevant_updates(list(catalog.commitments), as_of, full_series_ids(catalog)), as_of,
                      lambda commitment_id, day: store.relevant_updates([commitment_id], day, full_series_ids(catalog)))


def _whole_log_status(store: Store, as_of: date, catalog=CATALOG) -> list:
    return assess_all(catalog, [u for u in store.updates() if u.observed <= as_of], as_of)


@pytest.mark.parametrize("large_import_rows", [1, 10**9], ids=["import refreshes all", "import refreshes what it touched"])
def test_the_state_follows_appends_retractions_and_imports(tmp_path, state_reads, monkeypatch, large_import_rows):
    monkeypatch.setattr(store_module, "LARGE_IMPORT_ROWS", large_import_rows)
    rng = random.Random(20251030)
    store = Store.open(url_for(tmp_path / "truce.db"), CATALOG, DATA / "evidence", NOW)
    ids: list[int] = []
    first_reads = []
    for _ in range(12):
        ids += store.append([_random_update(rng) for _ in range(rng.choice([1, 3, 40]))], NOW)
        for update_id in rng.sample(ids, 2):
            if store.update(update_id).retraction is None:
                store.retract(update_id, "generated retraction", "tester", NOW)
        state_reads.clear()
        assert _status(store, AFTER_ALL) == _whole_log_status(store, AFTER_ALL)
        first_reads.append(state_reads[0])
    header = "commitment,observed,source_party,source,asserts,kind\n"
    rows = "".join(f"{c},2025-09-{1 + n % 28:02d},independent,bulk,progress,statement\n"
                   for n, c in enumerate(list(CATALOG.commitments) * 3))
    Tracker(CATALOG, store, lambda: NOW).import_csv(io.BytesIO((header + rows).encode()), name="bulk.csv", by="tester")
    state_reads.clear()
    assert _status(store, AFTER_ALL) == _whole_log_status(store, AFTER_ALL)
    first_reads.append(state_reads[0])
    assert all(first_reads), "every status after the newest evidence was read from the state"


def test_a_replay_is_answered_by_the_query_not_the_state(tmp_path, state_reads):
    rng = random.Random(7)
    store = Store.open(url_for(tmp_path / "truce.db"), CATALOG, DATA / "evidence", NOW)
    store.append([_random_update(rng) for _ in range(500)], NOW)
    newest = max(u.observed for u in store.updates())
    for as_of in (newest - timedelta(days=1), START + timedelta(days=90)):
        state_reads.clear()
        assert _status(store, as_of) == _whole_log_status(store, as_of)
        assert state_reads[0] is False, f"as of {as_of}, before the newest evidence ({newest}), the state must not answer"


def test_a_write_that_bypasses_the_store_sends_status_to_the_query_until_the_store_is_opened(tmp_path, state_reads):
    rng = random.Random(11)
    url = url_for(tmp_path / "truce.db")
    store = Store.open(url, CATALOG, DATA / "evidence", NOW)
    ids = store.append([_random_update(rng) for _ in range(300)], NOW)
    with store.writing() as connection:
        connection.execute(retractions_table.insert(), [
            {"update_id": i, "reason": "written directly", "retracted_by": "tester", "logged_at": NOW.replace(tzinfo=None)}
            for i in ids[:100]
        ])
    assert _status(store, AFTER_ALL) == _whole_log_status(store, AFTER_ALL)
    assert state_reads[0] is False, "a stale state is never read"
    reopened = Store.open(url, CATALOG, DATA / "evidence", NOW)
    state_reads.clear()
    assert _status(reopened, AFTER_ALL) == _whole_log_status(reopened, AFTER_ALL)
    assert state_reads[0] is True, "opening the store brought the state up to date"


def test_a_store_opened_with_another_catalog_keeps_each_catalog_right(tmp_path, state_reads):
    """An older release beside a newer one: the same store, a catalog without the latest framework."""
    rng = random.Random(13)
    url = url_for(tmp_path / "truce.db")
    store = Store.open(url, CATALOG, DATA / "evidence", NOW)
    store.append([_random_update(rng) for _ in range(300)], NOW)
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    for path in (DATA / "frameworks").glob("*.yaml"):
        if path.name != "busan-2025.yaml":
            shutil.copy(path, frameworks)
    other_catalog = load_catalog(frameworks)
    assert len(other_catalog.commitments) < len(CATALOG.commitments)
    other = Store.open(url, other_catalog, DATA / "evidence", NOW)
    assert _status(other, AFTER_ALL, other_catalog) == _whole_log_status(other, AFTER_ALL, other_catalog)
    state_reads.clear()
    assert _status(store, AFTER_ALL) == _whole_log_status(store, AFTER_ALL)
    assert state_reads[0] is False, "the state now describes the other catalog, so this one reads the query"


def test_writers_racing_on_one_commitment_leave_the_state_current_and_right(tmp_path, state_reads):
    url = url_for(tmp_path / "truce.db")
    store = Store.open(url, CATALOG, DATA / "evidence", NOW)
    commitment = next(iter(CATALOG.commitments))
    errors: list[BaseException] = []

    def write(seed: int) -> None:
        rng = random.Random(seed)
        store = Store.open(url, CATALOG, DATA / "evidence", NOW)
        try:
            for _ in range(25):
                update = _random_update(rng)
                store.append([update.__class__(**{**update.__dict__, "commitment_id": commitment})], NOW)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    writers = [threading.Thread(target=write, args=(seed,)) for seed in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert not errors
    assert len(store.updates(commitment_id=commitment)) >= 100
    state_reads.clear()
    assert _status(store, AFTER_ALL) == _whole_log_status(store, AFTER_ALL)
    assert state_reads[0] is True, "the last refresh saw every write before it, so the state is current"


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite writers hold one write lock from their first statement, so their ids never commit out of order")
def test_a_write_that_commits_after_a_higher_id_still_refreshes_its_own_commitment(tmp_path, state_reads):
    """On PostgreSQL a transaction can draw id N and commit after another drew N+1 and left
    the stamp at N+1: its own update, below the stamp, must still reach the state."""
    rng = random.Random(17)
    url = url_for(tmp_path / "truce.db")
    store = Store.open(url, CATALOG, DATA / "evidence", NOW)
    # Another process that keeps what it read under a stamp (tests/test_kept_reads.py): the
    # newest ids are the same before and after the lower one commits, the content is not.
    reader = Tracker(CATALOG, Store.open(url, CATALOG, DATA / "evidence", NOW), lambda: NOW)
    first, second = _random_update(rng), _random_update(rng)
    while second.commitment_id == first.commitment_id:
        second = _random_update(rng)
    with store.writing() as connection:
        [lower] = store._insert(connection, [first], NOW)
        [higher] = store.append([second], NOW)
        assert lower < higher
        assert reader.assessments(AFTER_ALL) == _whole_log_status(store, AFTER_ALL), "before the lower id commits"
        before = reader.store.log_state()
        store._refresh_state(connection, {first.commitment_id})
    assert reader.store.log_state() != before, "the dashboard's caches are keyed on the log's state, which must change"
    state_reads.clear()
    assert _status(store, AFTER_ALL) == _whole_log_status(store, AFTER_ALL)
    assert state_reads[0] is True
    assert reader.assessments(AFTER_ALL) == _whole_log_status(store, AFTER_ALL), "the reader's kept copy was not reused"


def test_the_state_keeps_only_the_acts_of_the_latest_act_day(tmp_path, state_reads):
    """The latest act, whoever did it, is what every monitor reads: older acts of other parties
    are not kept, while an older act that moved the deadline or the expiry stays for the
    histories, and an ending event stays for the lifecycle."""
    store = Store.open(url_for(tmp_path / "truce.db"), CATALOG, DATA / "evidence", NOW)
    commitment = "geneva-cn-nontariff-countermeasures"

    def act(day: str, party: str, asserts: str, **extra) -> NewUpdate:
        return NewUpdate(commitment_id=commitment, observed=date.fromisoformat(day), source_party=party,  # type: ignore[arg-type]
                         source="record", asserts=asserts, kind="act", **extra)  # type: ignore[arg-type]

    older, extension, latest_cn, latest_us = store.append([
        act("2026-02-01", "us", "not_met"),
        act("2026-02-02", "cn", "progress", new_deadline=date(2026, 12, 31)),
        act("2026-02-10", "cn", "met"),
        act("2026-02-10", "us", "met"),
    ], NOW)
    with store.engine.connect() as connection:
        kept = {row[0] for row in connection.execute(
            sa.text("SELECT id FROM deciding_updates WHERE commitment_id = :c AND kind = 'act'"), {"c": commitment})}
    assert kept == {extension, latest_cn, latest_us}, f"the act of {older} is older than the latest act day"
    state_reads.clear()
    assert _status(store, AFTER_ALL) == _whole_log_status(store, AFTER_ALL)
    assert state_reads[0] is True
