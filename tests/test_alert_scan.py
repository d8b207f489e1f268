"""Scans against a real SQLite store with the shipped data and a frozen clock: each alert is
raised once, with its outbox rows, in the same transaction that decides it."""

import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from tests.stores import url_for

from monitors.alerts import scan as scan_module
from monitors.alerts.inbox import acknowledge, list_alerts
from monitors.alerts.routing import parse_route
from monitors.alerts.scan import scan
from monitors.alerts.tables import deliveries_table
from monitors.store import Store
from monitors.tracker import Tracker
from tests.test_alert_helpers import CATALOG, EVIDENCE, REMINDER_7, MutableClock, RecordingChannel, alert_settings, open_tracker

WINDOW = "geneva-90-day-window"
SUSPENSIONS = ("geneva-us-reciprocal-rate", "geneva-cn-reciprocal-rate")  # the 90-day tariff cuts, expiring with the window
EXPIRY_REMINDERS_7 = [f"{c}|e0@2025-08-12|expiring-7" for c in SUSPENSIONS]


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=timezone.utc)


def test_it_raises_the_7_day_reminder_on_the_shipped_data_once(tmp_path):
    tracker = open_tracker(tmp_path, MutableClock(REMINDER_7))
    first = scan(tracker, alert_settings(), [], REMINDER_7)
    assert [(a.kind, a.commitment_id, str(a.deadline)) for a in first] == [
        *(("expiring", c, "2025-08-12") for c in SUSPENSIONS), ("reminder", WINDOW, "2025-08-12")]
    assert [a.key for a in first] == [*EXPIRY_REMINDERS_7, f"{WINDOW}|v0@2025-08-12|reminder-7"]
    assert scan(tracker, alert_settings(), [], REMINDER_7) == []
    assert scan(tracker, alert_settings(), [], REMINDER_7 + timedelta(hours=12)) == []
    assert len(list_alerts(tracker.store)) == 3


def test_it_catches_up_a_missed_scan_with_the_latest_reminder_only(tmp_path):
    tracker = open_tracker(tmp_path, MutableClock(REMINDER_7))
    before = scan(tracker, alert_settings(), [], utc(2025, 7, 12, 9))  # 31 days before the window ends
    assert [a.key for a in before if a.kind == "reminder"] == []
    after_outage = scan(tracker, alert_settings(), [], utc(2025, 8, 10, 9))  # the 30- and 7-day reminders were missed
    assert [a.key for a in after_outage if a.kind == "reminder"] == [f"{WINDOW}|v0@2025-08-12|reminder-7"]
    later = scan(tracker, alert_settings(), [], utc(2025, 8, 25, 9))  # July's magnet figures came out on 20 August
    assert [a.key for a in later if a.kind == "change"] == [
        "geneva-cn-nontariff-countermeasures|change-1|pending>met", "london-cn-export-licences|change-1|pending>met",
    ]


def test_it_records_statuses_on_the_first_scan_and_alerts_a_later_change_once(tmp_path):
    clock = MutableClock(REMINDER_7)
    tracker = open_tracker(tmp_path, clock)
    assert [a.kind for a in scan(tracker, alert_settings(), [], REMINDER_7)] == ["expiring", "expiring", "reminder"]
    tracker.log({"commitment": "london-us-nuclear-parts", "observed": "2025-08-05", "source_party": "us",
                 "source": "BIS notice", "asserts": "met", "kind": "act"})
    new_status = tracker.assessment("london-us-nuclear-parts").status
    changes = scan(tracker, alert_settings(), [], REMINDER_7 + timedelta(minutes=5))
    assert [a.key for a in changes] == [f"london-us-nuclear-parts|change-1|pending>{new_status}"]
    assert changes[0].subject.startswith(f"Now {new_status}: ")
    assert scan(tracker, alert_settings(), [], REMINDER_7 + timedelta(minutes=10)) == []


COUNTERMEASURES = "geneva-cn-nontariff-countermeasures"  # due 2025-05-14, still pending until London carries it on


def test_it_repeats_an_overdue_alert_weekly_until_acknowledged(tmp_path):
    tracker = open_tracker(tmp_path, MutableClock(utc(2025, 5, 15, 9)))
    settings = alert_settings()
    [overdue] = scan(tracker, settings, [], utc(2025, 5, 15, 9))
    assert overdue.key == f"{COUNTERMEASURES}|v0@2025-05-14|overdue-0"
    assert [a.key for a in scan(tracker, settings, [], utc(2025, 5, 22, 9))] == [f"{COUNTERMEASURES}|v0@2025-05-14|overdue-1"]
    acknowledge(tracker.store, overdue.id, "alice", utc(2025, 5, 23, 9))
    assert scan(tracker, settings, [], utc(2025, 5, 29, 9)) == []
    assert scan(tracker, settings, [], utc(2025, 6, 5, 9)) == []


def test_it_rebases_reminders_when_an_extension_is_logged(tmp_path):
    clock = MutableClock(utc(2025, 5, 12, 9))
    tracker = open_tracker(tmp_path, clock)

    def mine(alerts):
        return [a for a in alerts if a.commitment_id == COUNTERMEASURES]

    assert [a.key for a in mine(scan(tracker, alert_settings(), [], utc(2025, 5, 12, 9)))] == [
        f"{COUNTERMEASURES}|v0@2025-05-14|reminder-7"
    ]
    clock.moment = utc(2025, 5, 13, 8)
    tracker.log({"commitment": COUNTERMEASURES, "observed": "2025-05-13", "source_party": "cn", "source": "MOFCOM notice",
                 "asserts": "progress", "kind": "act", "new_deadline": "2025-06-05"})
    rebased = mine(scan(tracker, alert_settings(), [], utc(2025, 5, 13, 9)))  # no 1-day reminder for the old deadline
    assert [a.key for a in rebased] == [f"{COUNTERMEASURES}|v1@2025-06-05|reminder-30"]  # 23 days to the new one
    assert mine(scan(tracker, alert_settings(), [], utc(2025, 5, 15, 9))) == []  # and not overdue on it
    rebased = mine(scan(tracker, alert_settings(), [], utc(2025, 5, 29, 9)))
    assert [a.key for a in rebased] == [f"{COUNTERMEASURES}|v1@2025-06-05|reminder-7"]
    assert "extended; originally 2025-05-14" in rebased[0].body


def test_it_queues_a_delivery_for_each_matching_channel_only(tmp_path):
    tracker = open_tracker(tmp_path, MutableClock(REMINDER_7))
    channels = [
        RecordingChannel("everything"),
        RecordingChannel("deadlines", parse_route("category=deadlines;kind=reminder,overdue")),
        RecordingChannel("tariffs", parse_route("category=tariffs")),
        RecordingChannel("london", parse_route("framework=london-2025")),
    ]
    [*_, alert] = scan(tracker, alert_settings(), channels, REMINDER_7)
    assert alert.kind == "reminder"
    assert [(d.channel, d.status, d.attempts) for d in alert.deliveries] == [("everything", "pending", ()), ("deadlines", "pending", ())]


def test_it_lets_the_unique_key_refuse_an_alert_a_stale_decision_would_repeat(tmp_path, monkeypatch):
    tracker = open_tracker(tmp_path, MutableClock(REMINDER_7))
    first = scan(tracker, alert_settings(), [RecordingChannel("hook")], REMINDER_7)
    real_history = scan_module._history
    monkeypatch.setattr(scan_module, "_history", lambda connection: replace(real_history(connection), keys=frozenset(), reminded={}))
    assert scan(tracker, alert_settings(), [RecordingChannel("hook")], REMINDER_7) == []
    assert [(a.id, len(a.deliveries)) for a in list_alerts(tracker.store)] == [(a.id, 1) for a in reversed(first)]


def test_it_leaves_nothing_behind_when_a_scan_is_interrupted(tmp_path, monkeypatch):
    tracker = open_tracker(tmp_path, MutableClock(REMINDER_7))

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(scan_module, "_queue_deliveries", crash)
    with pytest.raises(KeyboardInterrupt):
        scan(tracker, alert_settings(), [RecordingChannel("hook")], REMINDER_7)
    assert list_alerts(tracker.store) == []
    monkeypatch.undo()
    alerts = scan(tracker, alert_settings(), [RecordingChannel("hook")], REMINDER_7)
    assert [[d.channel for d in a.deliveries] for a in alerts] == [["hook"]] * 3


def test_it_raises_an_alert_once_when_two_scanners_run_at_the_same_time(tmp_path):
    open_tracker(tmp_path, MutableClock(REMINDER_7))
    url = url_for(tmp_path / 't.db')
    trackers = [Tracker(CATALOG, Store.open(url, CATALOG, EVIDENCE, REMINDER_7), MutableClock(REMINDER_7)) for _ in range(4)]
    start = threading.Barrier(len(trackers))
    results: list[int] = []

    def run(tracker: Tracker) -> None:
        start.wait()
        results.append(len(scan(tracker, alert_settings(), [RecordingChannel("hook")], REMINDER_7)))

    threads = [threading.Thread(target=run, args=(t,)) for t in trackers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 0, 0, 3]
    with trackers[0].store.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(deliveries_table)).scalar_one() == 3


def test_it_refuses_a_scan_overtaken_by_a_later_one_while_it_decided(tmp_path, monkeypatch):
    tracker = open_tracker(tmp_path, MutableClock(REMINDER_7))
    assert scan(tracker, alert_settings(), [], REMINDER_7 + timedelta(days=1))
    monkeypatch.setattr(scan_module, "last_scan_at", lambda connection: None)  # it read the clock before the later scan moved it
    before = list_alerts(tracker.store)
    with pytest.raises(scan_module.Replay) as refused:
        scan(tracker, alert_settings(), [RecordingChannel("hook")], REMINDER_7)
    assert refused.value.last == REMINDER_7 + timedelta(days=1)
    assert list_alerts(tracker.store) == before
