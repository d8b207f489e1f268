"""Daily and weekly digests: one message per subscription and period instead of one per alert.

A digest subscription's deliveries are queued `held`. Once the period an alert was raised in
(its day, or its ISO week, in the alerts' time zone) is over, the first pass gathers that
period's held deliveries into one digest row, unique per subscription and period, in the same
transaction that marks them `digest`; then the digest is sent like any delivery: claimed with a
compare-and-set on its attempt count, retried with the same backoff, and on success its
deliveries are `sent` with it. So a digest comes at the first pass after local midnight (daily)
or after Monday 00:00 (weekly), and each alert is in exactly one digest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from monitors.alerts.channels import Channel, DeliveryError
from monitors.alerts.delivery import Retry, attempt_result
from monitors.alerts.subscriptions import Subscription
from monitors.alerts.tables import alerts_table, deliveries_table, digests_table
from monitors.clock import Clock
from monitors.store import Store, from_db, to_db


def period_of(digest: str, day: date) -> str:
    """The period a day belongs to: the day itself (daily) or its ISO week (weekly)."""
    if digest == "daily":
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class DigestOutcome:
    digest_id: int
    channel: str
    period: str
    alerts: int
    sent: bool
    error: str | None = None


def gather(store: Store, subscriptions: Sequence[Subscription], now: datetime, zone: tzinfo) -> list[int]:
    """Make a digest of every ended period's held deliveries; returns the new digests' ids."""
    wanted = {s.channel: s for s in subscriptions if s.digest != "none"}
    if not wanted:
        return []
    columns = deliveries_table.c
    query = (sa.select(columns.id, columns.channel, alerts_table.c.created_at)
             .join(alerts_table, alerts_table.c.id == columns.alert_id).where(columns.status == "held"))
    with store.engine.connect() as connection:
        held = list(connection.execute(query))
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in held:
        subscription = wanted.get(row.channel)
        if subscription is not None:
            groups[(row.channel, period_of(subscription.digest, from_db(row.created_at).astimezone(zone).date()))].append(row.id)
    created = []
    for (channel, period), ids in sorted(groups.items()):
        subscription = wanted[channel]
        if period == period_of(subscription.digest, now.astimezone(zone).date()):
            continue  # the period is still running
        with store.writing() as connection:
            try:
                with connection.begin_nested():
                    digest_id = int(connection.execute(digests_table.insert().values(
                        subscription_id=subscription.id, channel=channel, digest=subscription.digest, period=period,
                        status="pending", attempts=0, next_attempt_at=to_db(now),
                    ).returning(digests_table.c.id)).scalar_one())
            except IntegrityError:
                continue  # another worker made it, with these deliveries
            connection.execute(deliveries_table.update().where(columns.id.in_(ids), columns.status == "held")
                               .values(status="digest", digest_id=digest_id))
        created.append(digest_id)
    return created


def _message(digest: sa.Row, alerts: Sequence[sa.Row]) -> tuple[str, str]:  # type: ignore[type-arg]
    what = "Daily" if digest.digest == "daily" else "Weekly"
    subject = f"{what} digest, {digest.period}: {len(alerts)} alert{'s' if len(alerts) != 1 else ''}"
    lines = [f"{what} digest of the trade-truce monitor for {digest.period}: {len(alerts)} alert(s), oldest first.", ""]
    for alert in alerts:
        lines += [f"- [{alert.kind}] {alert.subject}", f"  {alert.link}"]
    return subject, "\n".join(lines)


def send_due(store: Store, channels: Sequence[Channel], retry: Retry, clock: Clock) -> list[DigestOutcome]:
    """Send each digest whose time has come once (claimed first); success marks its deliveries
    sent, the last failed attempt marks them failed."""
    by_name = {c.name: c for c in channels}
    columns = digests_table.c
    now = clock()
    with store.engine.connect() as connection:
        due = [d for d in connection.execute(sa.select(digests_table).where(columns.status == "pending"))
               if from_db(d.next_attempt_at) <= now]
    outcomes = []
    for digest in due:
        number = digest.attempts + 1
        with store.writing() as connection:
            claimed = connection.execute(digests_table.update().where(
                columns.id == digest.id, columns.status == "pending", columns.attempts == digest.attempts,
            ).values(attempts=number, next_attempt_at=to_db(now + retry.lease))).rowcount == 1
            alerts = list(connection.execute(
                sa.select(alerts_table.c.kind, alerts_table.c.subject, alerts_table.c.link)
                .join(deliveries_table, deliveries_table.c.alert_id == alerts_table.c.id)
                .where(deliveries_table.c.digest_id == digest.id).order_by(alerts_table.c.id)))
        if not claimed:
            continue
        channel = by_name.get(digest.channel)
        error: DeliveryError | None = None
        try:
            if channel is None:
                raise DeliveryError("this subscription no longer exists", permanent=True)
            channel.send(*_message(digest, alerts))
        except DeliveryError as exc:
            error = exc
        outcomes.append(_finish(store, digest, number, error, clock(), retry, len(alerts)))
    return outcomes


def _finish(store: Store, digest: sa.Row, number: int, error: DeliveryError | None, now: datetime,  # type: ignore[type-arg]
            retry: Retry, count: int) -> DigestOutcome:
    gave_up, values = attempt_result(error, number, now, retry)
    with store.writing() as connection:
        connection.execute(digests_table.update().where(digests_table.c.id == digest.id).values(**values))
        if error is None or gave_up:
            connection.execute(deliveries_table.update().where(deliveries_table.c.digest_id == digest.id).values(
                status="sent" if error is None else "failed", sent_at=to_db(now) if error is None else None,
                last_error=str(error) if error else None, attempts=number))
    return DigestOutcome(digest.id, digest.channel, digest.period, count, error is None, str(error) if error else None)
