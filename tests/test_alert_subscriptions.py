"""Subscriptions end to end: two people with different interests, one on a real SMTP server
(aiosmtpd), one on a real HTTP server on loopback, each receiving exactly the alerts they asked
for, nothing twice, also when the scheduler is restarted after dying in the middle of a scan.
And the command line: subscribe, list, unsubscribe, test, with bad input named."""

from datetime import datetime, timedelta, timezone

import pytest

from monitors.alerts import scan as scan_module
from monitors.alerts.checkup import latest_checkups, request_checkup
from monitors.alerts.inbox import list_alerts
from monitors.alerts.settings import NAMES
from monitors.alerts.subscriptions import SubscriptionError, list_subscriptions, parse_interest, subscribe, unsubscribe
from monitors.alerts.worker import Worker, run_pass
from tests.test_alert_cli import run as cli
from tests.test_alert_helpers import (  # noqa: F401  (fixtures)
    CATALOG, MutableClock, open_tracker, smtp_server, webhook_servers,
)

NOW = datetime(2026, 11, 11, 9, tzinfo=timezone.utc)  # the day after the Busan suspensions ran out
ALICE_WANTS = {"busan-cn-suspend-october-controls", "busan-cn-reciprocal-suspension",
               "busan-cn-maritime-countermeasures-suspension"}  # China's lapsed Busan suspensions
BOB_WANTS = {("geneva-90-day-window", "overdue"), ("busan-us-maritime-301-suspension", "lapsed")}


@pytest.fixture
def environ(monkeypatch):
    for name in (*NAMES, "TRUCE_SETTINGS_FILE"):
        monkeypatch.delenv(name, raising=False)
    return {"TRUCE_ALERT_TIMEOUT_SECONDS": "5"}


def two_subscribers(tracker, smtp_port: int, hook_port: int) -> None:
    alice = parse_interest(CATALOG, frameworks=["busan-2025"], parties=["cn"], kinds=["lapsed"])
    subscribe(tracker.store, "alice", f"mailto://127.0.0.1:{smtp_port}?from=truce@example.org&to=alice@example.org",
              alice, NOW)
    bob = parse_interest(CATALOG, commitments=["geneva-90-day-window,busan-us-maritime-301-suspension"])
    subscribe(tracker.store, "bob", f"json://127.0.0.1:{hook_port}/bob", bob, NOW)


def test_each_subscriber_gets_exactly_their_alerts_once_across_a_restart_mid_scan(tmp_path, smtp_server, webhook_servers,
                                                                                   environ, monkeypatch):
    mailbox, smtp_port = smtp_server
    hook = webhook_servers()
    tracker = open_tracker(tmp_path, MutableClock(NOW))
    two_subscribers(tracker, smtp_port, hook.port)

    real_queue, queued = scan_module._queue_deliveries, []

    def dies_mid_scan(*args):
        if len(queued) == 6:
            raise KeyboardInterrupt  # the process is stopped half-way through the scan's transaction
        queued.append(args)
        real_queue(*args)

    monkeypatch.setattr(scan_module, "_queue_deliveries", dies_mid_scan)
    with pytest.raises(KeyboardInterrupt):
        run_pass(Worker.open(tracker, environ))
    assert list_alerts(tracker.store) == [] and mailbox.messages == [] and hook.accepted == []
    monkeypatch.undo()

    restarted = Worker.open(open_tracker(tmp_path, MutableClock(NOW)), environ)
    first = run_pass(restarted)
    assert first.alerts and all(o.sent for o in first.outcomes)
    assert not run_pass(restarted).outcomes and not run_pass(Worker.open(restarted.tracker, environ))

    alerts = list_alerts(tracker.store)
    to_alice = sorted(a.subject for a in alerts if a.kind == "lapsed" and a.commitment_id in ALICE_WANTS)
    to_bob = sorted(a.subject for a in alerts if (a.commitment_id, a.kind) in BOB_WANTS)
    assert len(to_alice) == 3 and len(to_bob) == 2
    assert sorted(m["Subject"] for m in mailbox.messages) == to_alice
    assert all(m["To"] == "alice@example.org" for m in mailbox.messages)
    assert sorted(p["title"] for p in hook.accepted) == to_bob
    channels = sorted({d.channel for a in alerts for d in a.deliveries})
    assert channels == ["subscription #1 (alice)", "subscription #2 (bob)"]


def test_a_removed_subscription_gets_nothing_more(tmp_path, environ):
    tracker = open_tracker(tmp_path, MutableClock(NOW))
    bob = subscribe(tracker.store, "bob", "json://127.0.0.1:9/bob", parse_interest(CATALOG, kinds=["lapsed"]), NOW)
    assert unsubscribe(tracker.store, bob.id, "bob") == bob
    run_pass(Worker.open(tracker, environ))
    assert all(not a.deliveries for a in list_alerts(tracker.store))


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"kinds": ["soon"]}, "kind", "'soon' is not one of reminder, overdue, change, expiring, lapsed, stale, ended"),
    ({"parties": ["eu"]}, "party", "'eu' is not one of us, cn, both"),
    ({"frameworks": ["yalta-1945"]}, "framework", "'yalta-1945' is not one of geneva-2025"),
    ({"categories": ["weather"]}, "category", "'weather' is not one of"),
])
def test_it_refuses_an_interest_naming_the_field(fields, field, message):
    with pytest.raises(SubscriptionError) as refused:
        parse_interest(CATALOG, **fields)
    assert refused.value.field == field and message in refused.value.message


def test_it_refuses_a_bad_url_or_owner_and_a_second_subscription_to_the_same_url(tmp_path):
    tracker = open_tracker(tmp_path, MutableClock(NOW))
    anything = parse_interest(CATALOG)
    for owner, url, field in (("bob", "nonsense", "url"), ("bob", "", "url"), ("", "json://h/x", "owner"),
                              ("bob", "json://h/x json://h/y", "url")):
        with pytest.raises(SubscriptionError) as refused:
            subscribe(tracker.store, owner, url, anything, NOW)
        assert refused.value.field == field
    subscribe(tracker.store, "bob", "mailto://u:secret@smtp.example.org?to=bob@example.org", anything, NOW)
    with pytest.raises(SubscriptionError, match="bob already has a subscription to mailto://u:\\*\\*\\*@"):
        subscribe(tracker.store, "bob", "mailto://u:secret@smtp.example.org?to=bob@example.org", anything, NOW)
    assert len(list_subscriptions(tracker.store)) == 1


def test_the_command_line_subscribes_lists_tests_and_unsubscribes(tmp_path, monkeypatch, environ, webhook_servers):
    monkeypatch.setenv("TRUCE_DB_URL", f"sqlite:///{tmp_path / 'truce.db'}")
    hook = webhook_servers()
    url = f"json://127.0.0.1:{hook.port}/mine"
    code, out, _ = cli("alerts", "subscribe", "--owner", "alice", "--url", url, "--kind", "lapsed", "--kind", "ended",
                       "--party", "cn")
    assert (code, out) == (0, f"subscription #1 for alice: {url} (parties=cn; kinds=ended,lapsed)\n")
    code, out, _ = cli("alerts", "subscriptions", "--owner", "alice")
    assert out.splitlines()[2].split() == ["1", "alice", url, "none", "parties=cn;", "kinds=ended,lapsed"]
    code, out, _ = cli("alerts", "test", "--subscription", "1")
    assert (code, out) == (0, "subscription #1 (alice): sent\n")
    [probe] = hook.accepted
    assert probe["title"] == "Test alert from the trade-truce monitor"
    assert "http://localhost:8501/alerts" in probe["message"]
    code, out, _ = cli("alerts", "test", "--url", "json://127.0.0.1:9/nobody")
    assert code == 1 and "failed: " in out
    code, _, err = cli("alerts", "subscribe", "--owner", "alice", "--url", url, "--commitment", "nope")
    assert code == 2 and err.startswith("error: commitment: 'nope' is not one of")
    code, _, err = cli("alerts", "unsubscribe", "1", "--owner", "bob")
    assert (code, err) == (2, "error: subscription_id: bob has no subscription #1\n")
    code, out, _ = cli("alerts", "unsubscribe", "1", "--owner", "alice")
    assert (code, out) == (0, f"subscription #1 of alice removed ({url})\n")


def test_a_test_asked_for_in_the_dashboard_is_sent_by_the_worker_once_and_recorded(tmp_path, environ, webhook_servers):
    hook = webhook_servers()
    tracker = open_tracker(tmp_path, MutableClock(NOW))
    mine = subscribe(tracker.store, "carol", f"json://127.0.0.1:{hook.port}/carol", parse_interest(CATALOG, kinds=["change"]), NOW)
    gone = subscribe(tracker.store, "carol", "json://127.0.0.1:9/old", parse_interest(CATALOG), NOW)
    request_checkup(tracker.store, mine, "carol", NOW)
    request_checkup(tracker.store, gone, "carol", NOW)
    assert latest_checkups(tracker.store, [mine.id])[mine.id].status == "pending"
    unsubscribe(tracker.store, gone.id, "carol")
    worker = Worker.open(tracker, environ)
    run_pass(worker)
    run_pass(worker)
    assert [p["title"] for p in hook.accepted] == ["Test alert from the trade-truce monitor"]
    done = latest_checkups(tracker.store, [mine.id, gone.id])
    assert (done[mine.id].status, done[mine.id].error, done[mine.id].finished_at) == ("sent", None, NOW)
    assert (done[gone.id].status, done[gone.id].error) == ("failed", "this subscription no longer exists")


def test_a_daily_digest_sums_up_a_days_alerts_once_after_local_midnight(tmp_path, environ, webhook_servers):
    hook = webhook_servers()
    clock = MutableClock(NOW)
    tracker = open_tracker(tmp_path, clock)
    env = {**environ, "TRUCE_ALERT_TIMEZONE": "Asia/Shanghai"}  # 2026-11-11 09:00 UTC is 17:00 there
    subscribe(tracker.store, "dan", f"json://127.0.0.1:{hook.port}/dan", parse_interest(CATALOG, kinds=["lapsed"]), NOW,
              digest="daily")
    worker = Worker.open(tracker, env)
    run_pass(worker)
    lapsed = [a for a in list_alerts(tracker.store) if a.kind == "lapsed"]
    assert lapsed and all(d.status == "held" for a in lapsed for d in a.deliveries)
    clock.moment = datetime(2026, 11, 11, 15, 59, 59, tzinfo=timezone.utc)  # 23:59:59 in Shanghai: the day is not over
    run_pass(worker)
    assert hook.accepted == []
    clock.moment = datetime(2026, 11, 11, 16, tzinfo=timezone.utc)  # midnight in Shanghai
    run_pass(worker)
    run_pass(Worker.open(tracker, env))
    [digest] = hook.accepted
    assert digest["title"] == f"Daily digest, 2026-11-11: {len(lapsed)} alerts"
    assert all(a.subject in digest["message"] and a.link in digest["message"] for a in lapsed)
    assert all(d.status == "sent" for a in list_alerts(tracker.store) if a.kind == "lapsed" for d in a.deliveries)


def test_a_weekly_digest_waits_for_monday_and_is_retried_when_the_channel_fails(tmp_path, environ, webhook_servers):
    hook = webhook_servers()
    hook.mode = "refuse"
    clock = MutableClock(NOW)  # a Wednesday
    tracker = open_tracker(tmp_path, clock)
    subscribe(tracker.store, "erin", f"json://127.0.0.1:{hook.port}/erin", parse_interest(CATALOG, kinds=["ended"]), NOW,
              digest="weekly")
    worker = Worker.open(tracker, {**environ, "TRUCE_ALERT_RETRY_SECONDS": "60"})
    run_pass(worker)
    clock.moment = datetime(2026, 11, 15, 23, 59, tzinfo=timezone.utc)  # Sunday
    run_pass(worker)
    assert hook.requests == 0
    clock.moment = datetime(2026, 11, 16, 0, 0, tzinfo=timezone.utc)  # Monday: week 46 is over
    run_pass(worker)
    assert hook.requests == 1 and hook.accepted == []
    hook.mode = "ok"
    clock.moment += timedelta(seconds=60)
    run_pass(worker)
    [digest] = hook.accepted
    assert digest["title"].startswith("Weekly digest, 2026-W46: ")
