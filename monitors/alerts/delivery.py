"""The outbox: delivering committed alerts to their external channels, after the scan.

Each send is claimed first with a compare-and-set on the delivery's attempt count, so two
workers never send the same delivery; the claim also opens an attempt row, and the result
closes it. A failure is retried with exponential backoff until the attempts run out; a channel
that fails for a passing reason is not tried again in the same pass, so it cannot hold up the
others. A worker killed mid-send leaves its claim: it lapses at once when that worker ran on
this host and is gone, otherwise after a lease. The one unavoidable repeat: the remote service
accepted a message and the worker died before recording it (at-least-once at the network edge).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from monitors.alerts.channels import Channel, DeliveryError
from monitors.alerts.settings import AlertSettings
from monitors.alerts.tables import alerts_table, attempts_table, deliveries_table
from monitors.clock import Clock
from monitors.store import Store, from_db, to_db

LEASE_FACTOR = 3
LEASE_MARGIN = timedelta(seconds=60)


@dataclass(frozen=True)
class Retry:
    max_attempts: int
    first_wait: timedelta
    lease: timedelta

    @classmethod
    def from_settings(cls, settings: AlertSettings) -> Retry:
        lease = timedelta(seconds=settings.timeout_seconds * LEASE_FACTOR) + LEASE_MARGIN
        return cls(settings.max_attempts, timedelta(seconds=settings.retry_seconds), lease)

    def wait_after(self, attempt: int) -> timedelta:
        """The pause after failed attempt number `attempt` (1, 2, ...): first_wait, doubling."""
        doubling: int = 2 ** (attempt - 1)
        return self.first_wait * doubling


@dataclass(frozen=True)
class Outcome:
    """What one attempt did: sent, or an error and whether the delivery is now given up."""

    alert_id: int
    channel: str
    attempt: int
    sent: bool
    error: str | None = None
    gave_up: bool = False


@dataclass(frozen=True)
class _Due:
    id: int
    alert_id: int
    channel: str
    attempts: int
    subject: str
    body: str


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _is_gone(claimed_by: str) -> bool:
    """True when the claimant ran on this host and its process no longer exists."""
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, run by another user
        pass
    return False


def _due(store: Store, now: datetime) -> list[_Due]:
    columns = deliveries_table.c
    query = (
        sa.select(columns.id, columns.alert_id, columns.channel, columns.attempts, columns.next_attempt_at, columns.claimed_by,
                  alerts_table.c.subject, alerts_table.c.body)
        .join(alerts_table, alerts_table.c.id == columns.alert_id)
        .where(columns.status == "pending", sa.or_(columns.next_attempt_at <= to_db(now), columns.claimed_by.is_not(None)))
        .order_by(columns.next_attempt_at, columns.id)
    )
    with store.engine.connect() as connection:
        rows = list(connection.execute(query))
    return [
        _Due(r.id, r.alert_id, r.channel, r.attempts, r.subject, r.body)
        for r in rows
        if from_db(r.next_attempt_at) <= now or _is_gone(r.claimed_by)
    ]


def _claim(store: Store, due: _Due, now: datetime, retry: Retry) -> int | None:
    """The attempt number now owned by this worker, or None if another worker took it."""
    number = due.attempts + 1
    columns = deliveries_table.c
    with store.writing() as connection:
        result = connection.execute(
            deliveries_table.update()
            .where(columns.id == due.id, columns.status == "pending", columns.attempts == due.attempts)
            .values(attempts=number, next_attempt_at=to_db(now + retry.lease), claimed_by=worker_id())
        )
        if result.rowcount != 1:
            return None
        connection.execute(attempts_table.insert().values(delivery_id=due.id, number=number, started_at=to_db(now)))
    return number


def attempt_result(error: DeliveryError | None, number: int, now: datetime, retry: Retry) -> tuple[bool, dict[str, object]]:
    """Whether the attempt numbered `number` gave up, and the values that record its result on
    the row being sent: sent, failed for good, or due again after the retry's wait."""
    gave_up = error is not None and (error.permanent or number >= retry.max_attempts)
    values: dict[str, object] = {"last_error": str(error) if error else None}
    if error is None:
        values.update(status="sent", sent_at=to_db(now))
    elif gave_up:
        values.update(status="failed")
    else:
        values.update(next_attempt_at=to_db(now + retry.wait_after(number)))
    return gave_up, values


def _finish(store: Store, due: _Due, number: int, error: DeliveryError | None, now: datetime, retry: Retry) -> Outcome:
    gave_up, delivery = attempt_result(error, number, now, retry)
    outcome = "sent" if error is None else ("failed" if gave_up else "retry")
    delivery["claimed_by"] = None
    with store.writing() as connection:
        connection.execute(
            attempts_table.update()
            .where(attempts_table.c.delivery_id == due.id, attempts_table.c.number == number)
            .values(finished_at=to_db(now), outcome=outcome, error=str(error) if error else None)
        )
        connection.execute(
            deliveries_table.update()
            .where(deliveries_table.c.id == due.id, deliveries_table.c.attempts == number)
            .values(**delivery)
        )
    return Outcome(due.alert_id, due.channel, number, error is None, str(error) if error else None, gave_up)


def deliver_due(store: Store, channels: Sequence[Channel], retry: Retry, clock: Clock) -> list[Outcome]:
    """Try each delivery whose time has come once; returns what each attempt did (empty when
    there was nothing to do)."""
    by_name = {channel.name: channel for channel in channels}
    failing: set[str] = set()
    outcomes = []
    for due in _due(store, clock()):
        if due.channel in failing:
            continue
        number = _claim(store, due, clock(), retry)
        if number is None:
            continue
        error = None
        try:
            channel = by_name.get(due.channel)
            if channel is None:
                raise DeliveryError("this channel is no longer configured", permanent=True)
            channel.send(due.subject, due.body)
        except DeliveryError as exc:
            error = exc
        except Exception as exc:  # a broken channel must not stop the others; its error is recorded
            error = DeliveryError(f"{type(exc).__name__}: {exc}")
        if error is not None and not error.permanent:
            failing.add(due.channel)
        outcomes.append(_finish(store, due, number, error, clock(), retry))
    return outcomes
