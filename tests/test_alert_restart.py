"""Exactly once across a crash: a real `alerts check` / `alerts run` process is SIGKILLed while
a delivery is in flight (the webhook holds the request unanswered) and started again. The
e-mail already sent is not sent again, the interrupted webhook delivery is completed, and the
inbox holds the alert once."""

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from tests.stores import url_for

from monitors.alerts.inbox import list_alerts
from monitors.alerts.worker import PassResult, Worker, run_pass
from monitors.clock import system_clock
from monitors.alerts.settings import NAMES
from monitors.store import Store
from monitors.tracker import Tracker
from tests.test_alert_helpers import (  # noqa: F401  (fixtures)
    CATALOG, EVIDENCE, PROJECT, REMINDER_7, MutableClock, smtp_server, webhook_servers,
)

WAIT = 60


@pytest.fixture
def setup(tmp_path, smtp_server, webhook_servers):
    mailbox, port = smtp_server
    hook = webhook_servers()
    hook.mode = "hold"
    env = {k: v for k, v in os.environ.items() if k not in NAMES and k != "TRUCE_SETTINGS_FILE"}
    env.update(
        TRUCE_DB_URL=url_for(tmp_path / 'truce.db'),
        # Deadline alerts only: an e-mail to the loopback server takes seconds, and real time has many other alerts.
        TRUCE_ALERT_URLS=f"kind=reminder,overdue:mailto://127.0.0.1:{port}?from=truce@example.org&to=desk@example.org "
                         f"kind=reminder,overdue:json://127.0.0.1:{hook.port}/truce",
        TRUCE_ALERT_TIMEOUT_SECONDS="20",
        TRUCE_ALERT_OVERDUE_REPEAT_DAYS="0",
    )
    return mailbox, hook, env, tmp_path


def start(env: dict[str, str], tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    log = (tmp_path / "worker.log").open("ab")
    return subprocess.Popen([sys.executable, "-m", "monitors", "alerts", *args], cwd=PROJECT, env=env, stdout=log, stderr=log)


def check(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "monitors", "alerts", "check", *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def another_pass(env: dict[str, str], now: datetime) -> PassResult:
    """One more pass in this process (same code, without a third start-up)."""
    clock = MutableClock(now)
    tracker = Tracker(CATALOG, Store.open(env["TRUCE_DB_URL"], CATALOG, EVIDENCE, now), clock)
    return run_pass(Worker.open(tracker, environ=env))


def kill_mid_delivery(process: subprocess.Popen[bytes], hook) -> None:
    assert hook.held.wait(WAIT), "the webhook delivery never started"
    process.send_signal(signal.SIGKILL)
    assert process.wait(WAIT) == -signal.SIGKILL
    hook.mode = "ok"
    hook.release.set()


def finished_a_pass(tmp_path: Path) -> bool:
    """Wait for the worker's log line that ends a pass (only the restarted worker gets there),
    so that the stop signal does not cut off a send of its own."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if "INFO monitors.alerts.worker: pass:" in (tmp_path / "worker.log").read_text():
            return True
        time.sleep(0.1)
    return False


def inbox(tmp_path: Path):
    return list_alerts(Store.open(url_for(tmp_path / 'truce.db'), CATALOG, EVIDENCE, REMINDER_7))


def assert_delivered_once(mailbox, hook, tmp_path: Path) -> None:
    """Every alert reached each channel once; the webhook delivery cut off was completed."""
    alerts = [a for a in inbox(tmp_path) if a.deliveries]
    assert alerts
    attempts = sorted(tuple(a.outcome or "cut off" for a in d.attempts) for alert in alerts for d in alert.deliveries)
    assert attempts == sorted([("sent",)] * (2 * len(alerts) - 1) + [("cut off", "sent")])
    assert sorted(m["Subject"] for m in mailbox.messages) == sorted(a.subject for a in alerts)
    assert sorted(p["title"] for p in hook.accepted) == sorted(a.subject for a in alerts)


def test_it_neither_loses_nor_repeats_an_alert_when_check_is_killed_mid_delivery(setup):
    mailbox, hook, env, tmp_path = setup
    kill_mid_delivery(start(env, tmp_path, "check", "--now", "2025-08-05T09:00:00Z"), hook)
    assert [sorted(d.status for d in a.deliveries) for a in inbox(tmp_path)] == [["pending", "sent"], [], []]

    again = check(env, "--now", "2025-08-05T09:05:00Z")
    assert "no new alerts" in again and f"json://127.0.0.1:{hook.port}/truce (attempt 2): sent" in again
    assert not another_pass(env, REMINDER_7 + timedelta(minutes=10))
    assert_delivered_once(mailbox, hook, tmp_path)


def test_it_neither_loses_nor_repeats_an_alert_when_the_scheduler_is_killed_mid_delivery(setup):
    mailbox, hook, env, tmp_path = setup
    kill_mid_delivery(start(env, tmp_path, "run"), hook)

    restarted = start(env, tmp_path, "run")
    try:
        assert hook.delivered.wait(WAIT), (tmp_path / "worker.log").read_text()
        assert finished_a_pass(tmp_path), (tmp_path / "worker.log").read_text()
    finally:
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(WAIT) == 0
    final = another_pass(env, system_clock())
    assert all(o.sent for o in final.outcomes) and not final.alerts, final
    assert_delivered_once(mailbox, hook, tmp_path)
