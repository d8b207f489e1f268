"""The outbox: each alert reaches each channel once; failures are retried with backoff and
every attempt is recorded; a failing channel never holds up the others; claims are safe."""

import subprocess
import sys
from datetime import datetime, timedelta, timezone

from monitors.alerts.channels import DeliveryError
from monitors.alerts.delivery import Retry, deliver_due, worker_id
from monitors.alerts.inbox import list_alerts
from monitors.alerts.scan import scan
from monitors.alerts.tables import deliveries_table
from monitors.store import to_db
from tests.test_alert_helpers import MutableClock, RecordingChannel, alert_settings, open_tracker

RETRY = Retry(max_attempts=3, first_wait=timedelta(minutes=2), lease=timedelta(minutes=5))
SECOND = timedelta(seconds=1)
START = datetime(2025, 5, 15, 9, tzinfo=timezone.utc)  # one alert due: the Geneva countermeasures are a day overdue


def setup(tmp_path, *channels):
    clock = MutableClock(START)
    tracker = open_tracker(tmp_path, clock)
    [alert] = scan(tracker, alert_settings(), channels, clock())
    return tracker, clock, alert


def delivery(tracker, channel):
    [alert] = list_alerts(tracker.store)
    return next(d for d in alert.deliveries if d.channel == channel)


def test_it_delivers_each_alert_to_each_channel_once(tmp_path):
    mail, hook = RecordingChannel("mail"), RecordingChannel("hook")
    tracker, clock, alert = setup(tmp_path, mail, hook)
    outcomes = deliver_due(tracker.store, [mail, hook], RETRY, clock)
    assert [(o.channel, o.sent, o.attempt) for o in outcomes] == [("mail", True, 1), ("hook", True, 1)]
    assert deliver_due(tracker.store, [mail, hook], RETRY, clock) == []
    assert mail.sent == hook.sent == [(alert.subject, alert.body)]
    assert delivery(tracker, "mail").status == "sent"
    assert delivery(tracker, "mail").attempts[0].outcome == "sent"


def test_it_retries_with_backoff_and_records_each_attempt(tmp_path):
    hook = RecordingChannel("hook", error=DeliveryError("503 Service Unavailable"))
    tracker, clock, _ = setup(tmp_path, hook)
    [failed] = deliver_due(tracker.store, [hook], RETRY, clock)
    assert (failed.sent, failed.gave_up, failed.error) == (False, False, "503 Service Unavailable")
    assert delivery(tracker, "hook").next_attempt_at == START + RETRY.first_wait
    clock.moment = START + RETRY.first_wait - SECOND
    assert deliver_due(tracker.store, [hook], RETRY, clock) == []
    clock.moment = START + RETRY.first_wait
    assert [o.attempt for o in deliver_due(tracker.store, [hook], RETRY, clock)] == [2]
    assert delivery(tracker, "hook").next_attempt_at == clock.moment + 2 * RETRY.first_wait
    hook.error = None
    clock.moment += 2 * RETRY.first_wait
    [sent] = deliver_due(tracker.store, [hook], RETRY, clock)
    assert (sent.sent, sent.attempt) == (True, 3)
    record = delivery(tracker, "hook")
    assert [(a.number, a.outcome, a.error) for a in record.attempts] == [
        (1, "retry", "503 Service Unavailable"), (2, "retry", "503 Service Unavailable"), (3, "sent", None)]
    assert record.status == "sent" and len(hook.sent) == 1


def test_it_gives_up_after_the_last_attempt(tmp_path):
    hook = RecordingChannel("hook", error=DeliveryError("connection refused"))
    tracker, clock, _ = setup(tmp_path, hook)
    for _ in range(RETRY.max_attempts):
        deliver_due(tracker.store, [hook], RETRY, clock)
        clock.moment += timedelta(days=1)
    assert (delivery(tracker, "hook").status, delivery(tracker, "hook").last_error) == ("failed", "connection refused")
    assert deliver_due(tracker.store, [hook], RETRY, clock) == []
    assert hook.tries == RETRY.max_attempts


def test_it_fails_at_once_on_a_permanent_error_or_a_channel_no_longer_configured(tmp_path):
    bad = RecordingChannel("bad", error=DeliveryError("recipient rejected", permanent=True))
    tracker, clock, _ = setup(tmp_path, bad, RecordingChannel("removed"))
    outcomes = deliver_due(tracker.store, [bad], RETRY, clock)
    assert [(o.channel, o.gave_up, o.error) for o in outcomes] == [
        ("bad", True, "recipient rejected"), ("removed", True, "this channel is no longer configured")]
    assert delivery(tracker, "removed").status == "failed"


def test_it_keeps_delivering_to_the_others_when_one_channel_fails(tmp_path):
    broken = RecordingChannel("broken", error=DeliveryError("timed out"))
    fine = RecordingChannel("fine")
    tracker, clock, _ = setup(tmp_path, broken, fine)
    clock.moment = START.replace(day=16)
    tracker.log({"commitment": "geneva-cn-nontariff-countermeasures", "observed": "2025-05-16", "source_party": "cn",
                 "source": "MOFCOM notice", "asserts": "met", "kind": "act"})
    assert len(scan(tracker, alert_settings(), [broken, fine], clock())) == 1
    outcomes = deliver_due(tracker.store, [broken, fine], RETRY, clock)
    assert [(o.channel, o.sent) for o in outcomes] == [("broken", False), ("fine", True), ("fine", True)]
    assert broken.tries == 1 and len(fine.sent) == 2


def test_it_records_the_error_of_a_channel_that_crashes(tmp_path):
    class Crashing(RecordingChannel):
        def send(self, subject, body):
            raise RuntimeError("plugin bug")

    crashing, fine = Crashing("crashing"), RecordingChannel("fine")
    tracker, clock, _ = setup(tmp_path, crashing, fine)
    outcomes = deliver_due(tracker.store, [crashing, fine], RETRY, clock)
    assert [(o.channel, o.sent, o.error) for o in outcomes] == [("crashing", False, "RuntimeError: plugin bug"), ("fine", True, None)]


def claim_for(tracker, owner):
    with tracker.store.writing() as connection:
        connection.execute(deliveries_table.update().values(
            attempts=1, claimed_by=owner, next_attempt_at=to_db(START + RETRY.lease)))


def test_it_leaves_another_workers_claim_alone_until_its_lease_expires(tmp_path):
    hook = RecordingChannel("hook")
    tracker, clock, _ = setup(tmp_path, hook)
    claim_for(tracker, "another-host:4242")
    clock.moment = START + RETRY.lease - SECOND
    assert deliver_due(tracker.store, [hook], RETRY, clock) == []
    clock.moment = START + RETRY.lease
    assert [(o.sent, o.attempt) for o in deliver_due(tracker.store, [hook], RETRY, clock)] == [(True, 2)]


def test_it_takes_over_at_once_the_claim_of_a_process_gone_from_this_host(tmp_path):
    hook = RecordingChannel("hook")
    tracker, clock, _ = setup(tmp_path, hook)
    claim_for(tracker, worker_id())
    assert deliver_due(tracker.store, [hook], RETRY, clock) == []
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    claim_for(tracker, f"{worker_id().rpartition(':')[0]}:{gone.stdout.strip()}")
    assert [(o.sent, o.attempt) for o in deliver_due(tracker.store, [hook], RETRY, clock)] == [(True, 2)]
