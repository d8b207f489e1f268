"""External channels end to end: apprise to a real SMTP server (aiosmtpd) and real HTTP servers
on loopback. Alerts arrive exactly once and readable; a channel that refuses, is silent or is
not there at all is retried and recorded, and the others still deliver."""

from datetime import datetime, timedelta, timezone

from monitors.alerts.channels import build_channels
from monitors.alerts.delivery import Retry, deliver_due
from monitors.alerts.inbox import list_alerts
from monitors.alerts.scan import scan
from tests.test_alert_helpers import (  # noqa: F401  (fixtures)
    CATALOG, REMINDER_7, MutableClock, alert_settings, free_port, open_tracker, smtp_server, webhook_servers,
)

SUBJECT = "Due in 7 days: Negotiating window of the tariff suspensions (first 90 days, to 12 August 2025) (deadline 2025-08-12)"
ONE_OVERDUE = datetime(2025, 5, 15, 9, tzinfo=timezone.utc)  # the only alert due: the Geneva countermeasures are overdue
MAILTO = "mailto://127.0.0.1:{port}?from=truce@example.org&to=analyst@example.org"


def prepare(tmp_path, urls, moment=REMINDER_7, **settings):
    values = alert_settings(urls=" ".join(urls), timeout_seconds="0.5", **settings)
    clock = MutableClock(moment)
    tracker = open_tracker(tmp_path, clock)
    channels = build_channels(values, CATALOG.frameworks)
    return tracker, clock, values, channels


def test_it_emails_and_posts_a_readable_alert_exactly_once(tmp_path, smtp_server, webhook_servers):
    mailbox, port = smtp_server
    hook = webhook_servers()
    urls = [f"kind=reminder:{MAILTO.format(port=port)}", f"kind=reminder:json://127.0.0.1:{hook.port}/alerts"]
    tracker, clock, settings, channels = prepare(tmp_path, urls, dashboard_url="https://truce.example.org/")
    scan(tracker, settings, channels, clock())
    outcomes = deliver_due(tracker.store, channels, Retry.from_settings(settings), clock)
    assert [o.sent for o in outcomes] == [True, True]
    scan(tracker, settings, channels, clock() + timedelta(hours=1))
    assert deliver_due(tracker.store, channels, Retry.from_settings(settings), clock) == []

    [message] = mailbox.messages
    assert message["Subject"] == SUBJECT
    assert message["To"] == "analyst@example.org"
    body = message.get_content()
    for expected in ("The deadline of this commitment is in 7 days, on Tuesday 12 August 2025",
                     "Commitment: Negotiating window of the tariff suspensions (first 90 days, to 12 August 2025) (geneva-90-day-window)",
                     "Deadline: 2025-08-12", "Status on 2025-08-05: pending", "Why: Pending:",
                     "Open it on the dashboard: https://truce.example.org/?commitment=geneva-90-day-window"):
        assert expected in body
    [payload] = hook.accepted
    assert payload["title"] == SUBJECT
    assert payload["message"] == list_alerts(tracker.store)[0].body


def test_it_retries_refusing_silent_and_absent_channels_while_the_others_deliver(tmp_path, smtp_server, webhook_servers):
    mailbox, port = smtp_server
    refusing, silent = webhook_servers(), webhook_servers()
    refusing.mode, silent.mode = "refuse", "hold"
    absent = free_port()
    urls = [f"json://127.0.0.1:{refusing.port}/a", f"json://127.0.0.1:{silent.port}/b", f"json://127.0.0.1:{absent}/c",
            MAILTO.format(port=port)]
    tracker, clock, settings, channels = prepare(tmp_path, urls, ONE_OVERDUE, retry_seconds="60")
    retry = Retry.from_settings(settings)
    scan(tracker, settings, channels, clock())

    first = deliver_due(tracker.store, channels, retry, clock)
    assert [o.sent for o in first] == [False, False, False, True]
    assert all(o.error and not o.gave_up for o in first[:3])
    assert "error=503" in str(first[0].error)
    assert len(mailbox.messages) == 1

    refusing.mode = silent.mode = "ok"
    silent.release.set()
    clock.moment += timedelta(seconds=59)
    assert deliver_due(tracker.store, channels, retry, clock) == []
    clock.moment += timedelta(seconds=1)
    second = deliver_due(tracker.store, channels, retry, clock)
    assert [(o.sent, o.attempt) for o in second] == [(True, 2), (True, 2), (False, 2)]
    assert [len(refusing.accepted), len(silent.accepted), len(mailbox.messages)] == [1, 1, 1]

    [alert] = list_alerts(tracker.store)
    attempts = {d.channel: [(a.number, a.outcome) for a in d.attempts] for d in alert.deliveries}
    assert attempts[f"json://127.0.0.1:{refusing.port}/a"] == [(1, "retry"), (2, "sent")]
    assert attempts[f"json://127.0.0.1:{absent}/c"] == [(1, "retry"), (2, "retry")]
    assert all(a.error for d in alert.deliveries for a in d.attempts if a.outcome == "retry")
