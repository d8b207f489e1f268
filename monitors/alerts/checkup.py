"""A test message to one channel: so a person can tell, when they set up a channel or a
subscription, that it reaches them. It is not an alert: it is neither kept in the inbox nor
retried. The command line sends one at once (`alerts test`); the dashboard queues a request
(`alert_checkups`) that the worker sends on its next pass and records, sent or failed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

import sqlalchemy as sa

from monitors.alerts.channels import Channel, DeliveryError
from monitors.alerts.subscriptions import Subscription
from monitors.alerts.tables import checkups_table
from monitors.clock import Clock
from monitors.store import Store, from_db, to_db

SUBJECT = "Test alert from the trade-truce monitor"


@dataclass(frozen=True)
class CheckupResult:
    channel: str
    sent: bool
    error: str | None = None


def checkup_text(channel: str, now: datetime, zone: tzinfo, dashboard_url: str) -> str:
    when = now.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")
    return (f"This is a test of the channel {channel}, sent on request at {when}. "
            "Real alerts will arrive here the same way.\n\n"
            f"The inbox and every alert: {dashboard_url.rstrip('/')}/alerts")


def send_test(channel: Channel, now: datetime, zone: tzinfo, dashboard_url: str) -> CheckupResult:
    """Send the test message now; never raises for a channel that fails."""
    try:
        channel.send(SUBJECT, checkup_text(channel.name, now, zone, dashboard_url))
    except DeliveryError as exc:
        return CheckupResult(channel.name, False, str(exc))
    return CheckupResult(channel.name, True)


@dataclass(frozen=True)
class Checkup:
    """A test message asked for from the dashboard: pending until the worker sends it, then
    sent or failed (with the channel's error)."""

    id: int
    subscription_id: int
    requested_by: str
    requested_at: datetime
    status: str
    finished_at: datetime | None
    error: str | None


def request_checkup(store: Store, subscription: Subscription, by: str, now: datetime) -> Checkup:
    """Queue a test message to the subscription's channel; the alert worker sends it on its next
    pass, because a page must never wait on the network."""
    with store.writing() as connection:
        new_id = connection.execute(checkups_table.insert().values(
            subscription_id=subscription.id, requested_by=by, requested_at=to_db(now), status="pending",
        ).returning(checkups_table.c.id)).scalar_one()
    return Checkup(int(new_id), subscription.id, by, now, "pending", None, None)


def latest_checkups(store: Store, subscription_ids: Sequence[int]) -> dict[int, Checkup]:
    """The newest test request of each subscription, if any."""
    columns = checkups_table.c
    query = sa.select(checkups_table).where(columns.subscription_id.in_(list(subscription_ids))).order_by(columns.id)
    with store.engine.connect() as connection:
        rows = list(connection.execute(query))
    return {r.subscription_id: Checkup(r.id, r.subscription_id, r.requested_by, from_db(r.requested_at), r.status,
                                       from_db(r.finished_at) if r.finished_at else None, r.error) for r in rows}


def send_requested(store: Store, channels: Sequence[Channel], subscriptions: Sequence[Subscription], clock: Clock,
                   zone: tzinfo, dashboard_url: str) -> list[CheckupResult]:
    """Send each pending test request once (claimed with a compare-and-set, so two workers never
    both send it); a subscription removed meanwhile fails the request."""
    by_subscription = {s.id: s.channel for s in subscriptions}
    by_name = {c.name: c for c in channels}
    columns = checkups_table.c
    with store.engine.connect() as connection:
        pending = list(connection.execute(sa.select(columns.id, columns.subscription_id).where(columns.status == "pending")))
    results = []
    for row in pending:
        with store.writing() as connection:
            claimed = connection.execute(checkups_table.update().where(columns.id == row.id, columns.status == "pending")
                                         .values(status="sending")).rowcount == 1
        if not claimed:
            continue
        channel = by_name.get(by_subscription.get(row.subscription_id, ""))
        if channel is None:
            result = CheckupResult(f"subscription #{row.subscription_id}", False, "this subscription no longer exists")
        else:
            result = send_test(channel, clock(), zone, dashboard_url)
        with store.writing() as connection:
            connection.execute(checkups_table.update().where(columns.id == row.id).values(
                status="sent" if result.sent else "failed", finished_at=to_db(clock()), error=result.error))
        results.append(result)
    return results
