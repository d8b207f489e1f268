"""`python -m monitors alerts run|check|list|ack`: the alert worker and the inbox on the command
line. `check` is one pass for cron and tests; `--now` replaces the clock for that run."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from dataclasses import replace
from datetime import datetime
from typing import Any, TextIO

from monitors.alerts.inbox import Alert, acknowledge, alert_record, list_alerts
from monitors.alerts.worker import Worker, run_forever, run_pass
from monitors.clock import fixed_clock
from monitors.text_table import format_table
from monitors.tracker import Tracker


def parse_now(text: str) -> datetime:
    """An ISO 8601 moment with a time zone (Z or an offset); naive times are ambiguous."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an ISO date and time such as 2025-08-05T09:00:00Z") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"'{text}' has no time zone: add Z or an offset such as +08:00")
    return moment


def add_alert_commands(commands: Any) -> None:
    """Register `alerts` and its actions on the top-level subparsers."""
    alerts = commands.add_parser("alerts", help="deadline reminders, overdue and status-change alerts: the worker and the inbox")
    actions = alerts.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")
    actions.add_parser("run", help="the scheduler: a pass at start, then one every TRUCE_ALERT_SCAN_MINUTES (blocks)")
    check = actions.add_parser("check", help="one pass (scan, then deliver what is due) and exit; run twice, alert once")
    check.add_argument("--now", type=parse_now, metavar="ISO_DATETIME",
                       help="scan as of this moment, e.g. 2025-08-05T09:00:00Z (default: the clock)")
    inbox = actions.add_parser("list", help="the inbox, newest first, with each delivery's status")
    inbox.add_argument("--format", choices=("table", "json"), default="table")
    ack = actions.add_parser("ack", help="acknowledge an alert (an overdue alert stops repeating)")
    ack.add_argument("alert_id", type=int, metavar="ALERT_ID")
    ack.add_argument("--by", required=True, metavar="USER", help="who acknowledges it")
    alerts.set_defaults(handler=run_alert_command)


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


def _check(tracker: Tracker, out: TextIO) -> int:
    worker = Worker.open(tracker)
    now = tracker.clock()
    result = run_pass(worker)
    local = now.astimezone(worker.settings.zone)
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


def run_alert_command(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    """Handle `alerts ...`; bad settings raise SettingsError, an unknown alert StoreError."""
    if args.alerts_command == "check":
        return _check(replace(tracker, clock=fixed_clock(args.now)) if args.now else tracker, out)
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
    worker = Worker.open(tracker)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    out.write(f"alert worker: {len(worker.channels)} external channel(s), a pass every {worker.settings.scan_minutes} min; "
              "stop with Ctrl-C or SIGTERM\n")
    out.flush()
    run_forever(worker)
    return 0
