"""What a team's shared store must survive, run on both stores (on PostgreSQL these are the
races a hard test found): many processes starting at once on an empty store, parallel
sign-in guesses against the limit, and names no account can have."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from monitors.accounts import MAX_FAILURES, SignInThrottled, attempts_table, create_account, find_account, verify
from tests.stores import query, url_for

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 8, 5, 9, 0, tzinfo=timezone.utc)
STARTERS = 8


def test_processes_starting_together_on_an_empty_store_all_succeed_and_alert_once(tmp_path):
    """Eight `alerts check` at once on a store nobody has opened: every one creates or finds
    the schema (migrations serialised), and the first sight of each status is recorded once."""
    env = {**os.environ, "TRUCE_DB_URL": url_for(tmp_path / "truce.db"), "TRUCE_ALERT_URLS": ""}
    env.pop("TRUCE_SETTINGS_FILE", None)
    command = [sys.executable, "-m", "monitors", "alerts", "check", "--now", NOW.isoformat()]
    processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(STARTERS)]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr
    alerts = query(tmp_path / "truce.db", "SELECT key, count(*) FROM alerts GROUP BY key")
    assert alerts and all(count == 1 for _, count in alerts)
    seen = query(tmp_path / "truce.db", "SELECT commitment_id, count(*) FROM alert_status_seen GROUP BY commitment_id")
    assert seen and all(count == 1 for _, count in seen)
    assert query(tmp_path / "truce.db", "SELECT count(*) FROM alembic_version") == [(1,)]


def test_parallel_wrong_guesses_get_no_more_password_checks_than_the_limit(tracker):
    create_account(tracker.store, "alice", "the right password", NOW)
    guesses = 40
    start = threading.Barrier(guesses)
    outcomes: list[str] = []

    def guess(number: int) -> None:
        start.wait()
        try:
            outcomes.append("accepted" if verify(tracker.store, "alice", f"wrong guess {number}", NOW) else "refused")
        except SignInThrottled:
            outcomes.append("throttled")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with tracker.store.engine.connect() as connection:
        checked = connection.execute(sa.select(sa.func.count()).select_from(attempts_table)).scalar_one()
    assert sorted(set(outcomes)) == ["refused", "throttled"]
    assert outcomes.count("refused") == checked == MAX_FAILURES


@pytest.mark.parametrize("name", ["ali\x00ce", "\x00", "alice\x00' OR '1'='1"])
def test_a_name_no_account_can_have_is_refused_without_a_database_error(tracker, name):
    create_account(tracker.store, "alice", "the right password", NOW)
    assert verify(tracker.store, name, "the right password", NOW) is False
    assert find_account(tracker.store, name) is None
