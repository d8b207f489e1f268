"""`python -m monitors alerts run|check|list|ack|subscribe|unsubscribe|subscriptions|test`: the
alert worker, the inbox and personal subscriptions on the command line. `check` is one pass for
cron and tests; `--now` replaces the clock for that run."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, TextIO

import apprise

from monitors.alerts.channels import AppriseChannel
from monitors.alerts.checkup import send_test
from monitors.alerts.inbox import Alert, acknowledge, alert_record, list_alerts
from monitors.alerts.routing import Route
from monitors.alerts.rules import KINDS
from monitors.alerts.subscriptions import (
    DIGESTS, SubscriptionError, check_url, list_subscriptions, parse_interest, subscribe, subscription_channels, subscription_record,
    unsubscribe,
)
from monitors.alerts.scan import Replay, preview, replay_of
from monitors.alerts.worker import Worker, run_forever, run_pass
from monitors.clock import fixed_clock
from monitors.settings import SettingsError
from monitors.text_table import format_table
from monitors.validation import DATE_RANGE, EARLIEST_DATE, LATEST_DATE
from monitors.tracker import Tracker


OUT_OF_RANGE = f"is outside the calendar this program judges ({DATE_RANGE})"


def parse_now(text: str) -> datetime:
    """An ISO 8601 moment with a time zone (Z or an offset); naive times are ambiguous, and a
    moment is refused outside the dates every input, export and page can show."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an ISO date and time such as 2025-08-05T09:00:00Z") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"'{text}' has no time zone: add Z or an offset such as +08:00")
    try:
        utc = moment.astimezone(timezone.utc)
    except OverflowError:
        raise argparse.ArgumentTypeError(f"'{text}' {OUT_OF_RANGE}") from None
    if not EARLIEST_DATE <= utc.date() <= LATEST_DATE:
        raise argparse.ArgumentTypeError(f"'{text}' {OUT_OF_RANGE}")
    return utc


def add_alert_commands(commands: Any) -> None:
    """Register `alerts` and its actions on the top-level subparsers."""
    alerts = commands.add_parser("alerts", help="reminders, overdue, lapsed, late-data, ended and status-change alerts: the worker, "
                                             "the inbox and subscriptions")
    actions = alerts.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")
    actions.add_parser("run", help="the scheduler: a pass at start, then one every TRUCE_ALERT_SCAN_MINUTES (blocks)")
    check = actions.add_parser("check", help="one pass (scan, then deliver what is due) and exit; run twice, alert once")
    check.add_argument("--now", type=parse_now, metavar="ISO_DATETIME",
                       help="scan as of this moment, e.g. 2025-08-05T09:00:00Z (default: the clock); a moment before "
                            "the last recorded scan or still to come is a dry run")
    check.add_argument("--dry-run", action="store_true", help="show what the scan would raise; record and send nothing")
    inbox = actions.add_parser("list", help="the inbox, newest first, with each delivery's status")
    inbox.add_argument("--format", choices=("table", "json"), default="table")
    ack = actions.add_parser("ack", help="acknowledge an alert (an overdue alert stops repeating)")
    ack.add_argument("alert_id", type=int, metavar="ALERT_ID")
    ack.add_argument("--by", required=True, metavar="USER", help="who acknowledges it")
    _add_subscription_commands(actions)
    alerts.set_defaults(handler=run_alert_command)


def _add_subscription_commands(actions: Any) -> None:
    subscribe = actions.add_parser("subscribe", help="a person's own channel for the alerts they choose")
    subscribe.add_argument("--owner", required=True, metavar="USER", help="whose subscription it is")
    subscribe.add_argument("--url", required=True, metavar="APPRISE_URL", help="where to (mailto://..., json://..., ...)")
    for option, what in (("commitment", "commitment id"), ("framework", "framework id"), ("category", "category"),
                         ("party", "obligor: us, cn or both"), ("kind", f"alert kind: {', '.join(KINDS)}")):
        subscribe.add_argument(f"--{option}", action="append", metavar="VALUE",
                               help=f"only alerts with this {what} (repeat or comma-separate; default: any)")
    subscribe.add_argument("--digest", choices=DIGESTS, default="none",
                           help="none: each alert as it is raised (default); daily or weekly: one summary per period")
    unsubscribe = actions.add_parser("unsubscribe", help="remove one of a person's subscriptions")
    unsubscribe.add_argument("subscription_id", type=int, metavar="SUBSCRIPTION_ID")
    unsubscribe.add_argument("--owner", required=True, metavar="USER")
    listing = actions.add_parser("subscriptions", help="the subscriptions (URLs with passwords hidden)")
    listing.add_argument("--owner", metavar="USER", help="only this person's")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    test = actions.add_parser("test", help="send a test message now: to every configured channel, or to one")
    target = test.add_mutually_exclusive_group()
    target.add_argument("--subscription", type=int, metavar="SUBSCRIPTION_ID", help="to this subscription's channel")
    target.add_argument("--url", metavar="APPRISE_URL", help="to this URL (try one before subscribing)")


def _deliveries(alert: Alert) -> str:
    counts = Counter(d.status for d in alert.deliveries)
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "inbox only"


def _table(alerts: list[Alert]) -> str:
    rows = [
        (str(a.id), a.created_at.strftime("%Y-%m-%d %H:%M"), a.kind, a.commitment_id,
         f"yes ({a.acknowledged_by})" if a.acknowledged else "no", _deliveries(a), a.subject)
        for a in alerts
    ]
    return format_table(("id", "created (UTC)", "kind", "commitment", "acknowledged", "deliveries", "subject"), rows)


def _dry_run(worker: Worker, reason: str, out: TextIO, replay: Replay | None = None) -> int:
    """Print what a scan would raise; a replay shows what was due then on a fresh record."""
    now = worker.tracker.clock()
    local = now.astimezone(worker.settings.zone)
    would = preview(worker.tracker, worker.settings, now, fresh=replay is not None)
    out.write(f"dry run at {local.isoformat()} (statuses as of {local.date().isoformat()}): {reason}; "
              "nothing is recorded or sent\n")
    if replay is not None:
        out.write(f"replay: the last recorded scan was at {replay.last.isoformat()}; "
                  "shown is what a scan at this moment raises on a record that was never scanned\n")
    out.write(f"would raise {len(would)} alert(s)\n" if would else "would raise no alerts\n")
    for alert in would:
        out.write(f"  {alert.kind} {alert.commitment_id}: {alert.message.subject}\n")
    return 0


def _check(tracker: Tracker, out: TextIO, dry_run: bool, future: bool) -> int:
    worker = Worker.open(tracker)
    now = tracker.clock()
    local = now.astimezone(worker.settings.zone)
    if not EARLIEST_DATE <= local.date() <= LATEST_DATE:
        raise SettingsError(f"--now: {now.isoformat()} {OUT_OF_RANGE}")
    try:
        if dry_run or future:
            return _dry_run(worker, "asked for" if dry_run else "a moment still to come", out)
        replay = replay_of(tracker, now)
        if replay is None:
            result = run_pass(worker)
            replay = result.replay
        if replay is not None:
            return _dry_run(worker, "a moment before the last recorded scan", out, replay)
    except OverflowError:
        raise SettingsError(f"--now: {now.isoformat()} {OUT_OF_RANGE}") from None
    found = f"{len(result.alerts)} new alert(s)" if result.alerts else "no new alerts"
    out.write(f"scan at {local.isoformat()} (statuses as of {local.date().isoformat()}): {found}\n")
    for alert in result.alerts:
        out.write(f"  #{alert.id} {alert.kind} {alert.commitment_id}: {alert.subject}\n")
    sent = sum(o.sent for o in result.outcomes)
    summary = f"{sent} sent, {len(result.outcomes) - sent} failed" if result.outcomes else "nothing due"
    out.write(f"delivery: {summary}\n")
    for outcome in result.outcomes:
        what = "sent" if outcome.sent else f"{'gave up' if outcome.gave_up else 'will retry'}: {outcome.error}"
        out.write(f"  #{outcome.alert_id} -> {outcome.channel} (attempt {outcome.attempt}): {what}\n")
    return 0


def _subscribe(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    interest = parse_interest(tracker.catalog, args.commitment, args.framework, args.category, args.party, args.kind)
    subscription = subscribe(tracker.store, args.owner, args.url, interest, tracker.clock(), args.digest)
    digest = "" if subscription.digest == "none" else f", {subscription.digest} digest"
    out.write(f"subscription #{subscription.id} for {subscription.owner}: {subscription.shown_url} "
              f"({subscription.interest.describe()}{digest})\n")
    return 0


def _subscriptions(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    subscriptions = list_subscriptions(tracker.store, args.owner)
    if args.format == "json":
        out.write(json.dumps([subscription_record(s) for s in subscriptions], indent=2, ensure_ascii=False) + "\n")
        return 0
    rows = [(str(s.id), s.owner, s.shown_url, s.digest, s.interest.describe()) for s in subscriptions]
    out.write(format_table(("id", "owner", "url", "digest", "alerts"), rows) + "\n")
    return 0


def _test(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    """Exit 0 when every test message went through, 1 when one did not."""
    worker = Worker.open(tracker)
    timeout = worker.settings.timeout_seconds
    if args.url is not None:
        service = apprise.Apprise()
        service.add(check_url(args.url))
        channels: list[AppriseChannel] = [AppriseChannel(service, Route(), timeout)]
    elif args.subscription is not None:
        channels = subscription_channels([s for s in list_subscriptions(tracker.store) if s.id == args.subscription], timeout)
        if not channels:
            raise SubscriptionError("subscription", f"there is no subscription #{args.subscription}")
    else:
        channels = list(worker.channels)
        if not channels:
            out.write("no external channel is configured (TRUCE_ALERT_URLS); alerts go to the inbox only\n")
            return 0
    results = [send_test(c, tracker.clock(), worker.settings.zone, worker.settings.dashboard_url) for c in channels]
    for result in results:
        out.write(f"{result.channel}: {'sent' if result.sent else f'failed: {result.error}'}\n")
    return 0 if all(r.sent for r in results) else 1


def run_alert_command(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    """Handle `alerts ...`; bad settings raise SettingsError, an unknown alert or a refused
    subscription StoreError (naming the field)."""
    if args.alerts_command in SUBSCRIPTION_COMMANDS:
        return SUBSCRIPTION_COMMANDS[args.alerts_command](tracker, args, out)
    if args.alerts_command == "check":
        if args.now is None:
            return _check(tracker, out, args.dry_run, future=False)
        # A moment later than the clock has not happened: raising its alerts would make every
        # real scan until then a replay.
        return _check(replace(tracker, clock=fixed_clock(args.now)), out, args.dry_run, future=args.now > tracker.clock())
    if args.alerts_command == "list":
        alerts = list_alerts(tracker.store)
        if args.format == "json":
            out.write(json.dumps([alert_record(a) for a in alerts], indent=2, ensure_ascii=False) + "\n")
        else:
            out.write(_table(alerts) + "\n")
        return 0
    if args.alerts_command == "ack":
        alert = acknowledge(tracker.store, args.alert_id, args.by, tracker.clock())
        out.write(f"alert #{alert.id} acknowledged by {alert.acknowledged_by}\n")
        return 0
    if args.alerts_command == "unsubscribe":
        removed = unsubscribe(tracker.store, args.subscription_id, args.owner)
        out.write(f"subscription #{removed.id} of {removed.owner} removed ({removed.shown_url})\n")
        return 0
    worker = Worker.open(tracker)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    out.write(f"alert worker: {len(worker.channels)} external channel(s), a pass every {worker.settings.scan_minutes} min; "
              "stop with Ctrl-C or SIGTERM\n")
    out.flush()
    run_forever(worker)
    return 0


SUBSCRIPTION_COMMANDS = {"subscribe": _subscribe, "subscriptions": _subscriptions, "test": _test}
