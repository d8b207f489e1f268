"""The alert worker: one pass is a scan, then a delivery pass. `alerts check` runs one pass;
`alerts run` runs one at start (which catches up whatever came due while it was down) and then
every TRUCE_ALERT_SCAN_MINUTES, as the single job of an APScheduler 3 BlockingScheduler in a
process of its own (never inside the dashboard, whose reruns would start more).
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timezone

from apscheduler.schedulers.blocking import BlockingScheduler

from monitors.alerts.channels import Channel, build_channels
from monitors.alerts.checkup import send_requested
from monitors.alerts.digests import gather, send_due
from monitors.alerts.delivery import Outcome, Retry, deliver_due
from monitors.alerts.inbox import Alert
from monitors.alerts.scan import Replay, scan
from monitors.alerts.settings import AlertSettings, load_alert_settings
from monitors.alerts.subscriptions import list_subscriptions, subscription_channels
from monitors.tracker import Tracker

JOB_ID = "truce-alerts-pass"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Worker:
    """Everything a pass needs, built once per process."""

    tracker: Tracker
    settings: AlertSettings
    channels: tuple[Channel, ...]

    @classmethod
    def open(cls, tracker: Tracker, environ: Mapping[str, str] | None = None) -> Worker:
        """Read and check the alert settings; raises SettingsError naming the variable."""
        settings = load_alert_settings(environ)
        return cls(tracker, settings, build_channels(settings, tracker.catalog.frameworks))


@dataclass(frozen=True)
class PassResult:
    alerts: list[Alert]
    outcomes: list[Outcome]
    replay: Replay | None = None

    def __bool__(self) -> bool:
        """Was there work? (the step contract the worker's tests rely on)"""
        return bool(self.alerts or self.outcomes)


def run_pass(worker: Worker) -> PassResult:
    """One scan at the tracker's clock, then every delivery that is due, to the configured
    channels and to the subscriptions as they stand now, the digests whose period is over, and
    the test messages asked for from the dashboard. The scheduler's job.
    A clock behind the last recorded scan (a replay) records and sends nothing: see scan."""
    try:
        alerts = scan(worker.tracker, worker.settings, worker.channels, worker.tracker.clock())
    except Replay as replay:
        log.warning("pass skipped: %s; nothing recorded or delivered", replay)
        return PassResult([], [], replay)
    subscriptions = list_subscriptions(worker.tracker.store)
    channels = [*worker.channels, *subscription_channels(subscriptions, worker.settings.timeout_seconds)]
    outcomes = deliver_due(worker.tracker.store, channels, Retry.from_settings(worker.settings), worker.tracker.clock)
    gather(worker.tracker.store, subscriptions, worker.tracker.clock(), worker.settings.zone)
    for digest in send_due(worker.tracker.store, channels, Retry.from_settings(worker.settings), worker.tracker.clock):
        log.info("%s digest %s to %s (%d alerts): %s", "sent" if digest.sent else "failed", digest.period, digest.channel,
                 digest.alerts, "ok" if digest.sent else digest.error)
    for checkup in send_requested(worker.tracker.store, channels, subscriptions, worker.tracker.clock,
                                  worker.settings.zone, worker.settings.dashboard_url):
        log.info("test message to %s: %s", checkup.channel, "sent" if checkup.sent else checkup.error)
    sent = sum(o.sent for o in outcomes)
    log.info("pass: %d new alert(s), %d delivered, %d failed attempt(s)", len(alerts), sent, len(outcomes) - sent)
    for outcome in outcomes:
        if not outcome.sent:
            log.warning("alert #%d to %s, attempt %d: %s", outcome.alert_id, outcome.channel, outcome.attempt, outcome.error)
    return PassResult(alerts, outcomes)


def build_scheduler(worker: Worker) -> BlockingScheduler:
    """A scheduler with the one pass job, due at once; missed runs coalesce into one."""
    scheduler = BlockingScheduler(timezone=timezone.utc)
    scheduler.add_job(
        run_pass, "interval", args=[worker], minutes=worker.settings.scan_minutes, id=JOB_ID, name="alerts pass",
        replace_existing=True, coalesce=True, misfire_grace_time=None, max_instances=1,
        next_run_time=worker.tracker.clock(),
    )
    return scheduler


def run_forever(worker: Worker) -> None:
    """Block running passes until SIGTERM or Ctrl-C; a pass under way is allowed to finish."""
    scheduler = build_scheduler(worker)
    signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
    try:
        scheduler.start()
    except KeyboardInterrupt:
        scheduler.shutdown(wait=False)
