"""A store made with an earlier release gets today's shipped record on its next start, without
losing or rewriting anything: the earlier shipped rows are retracted, the user's rows stay."""

import shutil
from datetime import date, datetime, timezone
from pathlib import Path

from monitors.catalog import load_catalog
from monitors.domain import NewUpdate
from monitors.store import Store
from tests.stores import url_for

DATA = Path(__file__).resolve().parent.parent / "data"
CATALOG = load_catalog(DATA / "frameworks")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
HEADER = "commitment,observed,source_party,source,asserts,kind\n"


def _release(folder: Path, *rows: str) -> Path:
    folder.mkdir()
    (folder / "record.csv").write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return folder


def test_a_changed_shipped_record_retracts_the_old_rows_and_keeps_the_users(tmp_path):
    url = url_for(tmp_path / 'truce.db')
    first = _release(tmp_path / "v1", "london-us-ethane,2025-07-02,us,BIS,met,act")
    store = Store.open(url, CATALOG, first, NOW)
    [mine] = store.append([NewUpdate("london-us-ethane", date(2025, 7, 3), "cn", "MOFCOM", "met", logged_by="alice")], NOW)

    second = _release(tmp_path / "v2", "london-us-ethane,2025-07-02,us,BIS,met,act", "london-us-eda-software,2025-07-02,us,BIS,met,act")
    store = Store.open(url, CATALOG, second, NOW)
    updates = store.updates()
    assert [u.id for u in updates if u.retracted] == [1]
    assert updates[0].retraction is not None and updates[0].retraction.retracted_by == "shipped-data"
    assert [u.commitment_id for u in updates if not u.retracted and u.logged_by == "shipped-data"] == ["london-us-ethane", "london-us-eda-software"]
    assert store.update(mine) is not None and not store.update(mine).retracted

    again = Store.open(url, CATALOG, second, NOW).updates()
    assert len(again) == len(updates)


def test_an_unchanged_release_loads_nothing_twice(tmp_path):
    url = url_for(tmp_path / 'truce.db')
    shutil.copytree(DATA / "evidence", tmp_path / "evidence")
    first = len(Store.open(url, CATALOG, tmp_path / "evidence", NOW).updates())
    assert len(Store.open(url, CATALOG, tmp_path / "evidence", NOW).updates()) == first
