"""Writers killed with SIGKILL mid-transaction: the store holds whole transactions only, and
the next start needs no repair."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from monitors.catalog import load_catalog
from monitors.store import Store

pytestmark = pytest.mark.sqlite_only("it watches SQLite's write lock and runs its integrity check; a PostgreSQL server's crash safety is its own")
ROOT = Path(__file__).resolve().parent.parent
HEADER = "commitment,observed,source_party,source,url,asserts,value,unit,new_deadline,note,by\n"
ROWS = 10000
KILLS = 4


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "TRUCE_DB_URL": f"sqlite:///{db}", "PYTHONPATH": str(ROOT)}


def _count(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return connection.execute("SELECT count(*) FROM updates").fetchone()[0]
    finally:
        connection.close()


def _holds_write_lock(db: Path) -> bool:
    """True when another connection is inside a write transaction on db."""
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def _kill_mid_transaction(process: subprocess.Popen, db: Path) -> None:
    """SIGKILL the writer at a moment it is inside a write transaction."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists() and _holds_write_lock(db):
            break
        time.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_an_import_killed_mid_way_leaves_nothing_of_itself(tmp_path):
    db = tmp_path / "truce.db"
    big = tmp_path / "big.csv"
    big.write_text(HEADER + "".join(f"london-us-ethane,2025-07-02,independent,bulk,,progress,,,,row {n},bulk\n" for n in range(ROWS)), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "monitors", "status"], cwd=ROOT, env=_env(db), check=True, capture_output=True)
    before = _count(db)
    for _ in range(KILLS):
        process = subprocess.Popen([sys.executable, "-m", "monitors", "import", str(big)], cwd=ROOT, env=_env(db),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _kill_mid_transaction(process, db)
        assert process.returncode == -signal.SIGKILL
        assert _count(db) == before
    finished = subprocess.run([sys.executable, "-m", "monitors", "import", str(big)], cwd=ROOT, env=_env(db), capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert _count(db) == before + ROWS


def test_a_store_killed_while_being_created_is_completed_by_the_next_start(tmp_path):
    db = tmp_path / "truce.db"
    process = subprocess.Popen([sys.executable, "-m", "monitors", "status"], cwd=ROOT, env=_env(db),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_mid_transaction(process, db)
    rerun = subprocess.run([sys.executable, "-m", "monitors", "status", "--format", "json"], cwd=ROOT, env=_env(db),
                           capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert _count(db) > 0


def test_a_writer_killed_mid_way_leaves_a_whole_prefix_of_its_updates(tmp_path):
    db = tmp_path / "truce.db"
    subprocess.run([sys.executable, "-m", "monitors", "status"], cwd=ROOT, env=_env(db), check=True, capture_output=True)
    for round_number in range(KILLS):
        process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "writer.py"), f"k{round_number}", "100000"],
                                   cwd=ROOT, env=_env(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _kill_mid_transaction(process, db)
        assert process.returncode == -signal.SIGKILL
        connection = sqlite3.connect(db)
        notes = [row[0] for row in connection.execute("SELECT note FROM updates WHERE logged_by = ? ORDER BY id", (f"k{round_number}",))]
        connection.close()
        assert notes == [f"k{round_number}-{n}" for n in range(len(notes))]
    store = Store.open(f"sqlite:///{db}", load_catalog(ROOT / "data" / "frameworks"), ROOT / "data" / "evidence",
                       datetime.now(timezone.utc))
    assert store.updates()
