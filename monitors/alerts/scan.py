"""One scan: decide which alerts are due and record them, each with its outbox rows, in one
write transaction. The unique alert key and the compare-and-set on the last seen status make
the decision once, however many scanners run at the same time or however often one repeats.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from monitors.alerts.channels import Channel
from monitors.alerts.inbox import Alert, load_alerts
from monitors.alerts.messages import render
from monitors.alerts.rules import DueAlert, History, SeenStatus, deadline_ref, due_alerts
from monitors.alerts.settings import AlertSettings
from monitors.alerts.tables import alerts_table, deliveries_table, status_seen_table
from monitors.domain import Assessment, DeadlineVersion
from monitors.store import serialise, to_db

SCAN_LOCK = "truce:alert-scan"
from monitors.tracker import Tracker


def _history(connection: Connection) -> History:
    keys: set[str] = set()
    reminded: dict[tuple[str, str], int] = {}
    acknowledged: set[tuple[str, str]] = set()
    columns = alerts_table.c
    query = sa.select(columns.key, columns.kind, columns.commitment_id, columns.deadline_version, columns.deadline,
                      columns.lead_days, columns.acknowledged_at)
    for row in connection.execute(query):
        keys.add(row.key)
        if row.deadline is None:
            continue
        series = (row.commitment_id, deadline_ref(DeadlineVersion(row.deadline_version, row.deadline, None, None)))
        if row.kind == "reminder":
            reminded[series] = min(row.lead_days, reminded.get(series, row.lead_days))
        elif row.kind == "overdue" and row.acknowledged_at is not None:
            acknowledged.add(series)
    seen = {r.commitment_id: SeenStatus(r.status, r.changes) for r in connection.execute(sa.select(status_seen_table))}
    return History(frozenset(keys), reminded, frozenset(acknowledged), seen)


def _insert_if_absent(connection: Connection, table: sa.Table) -> sa.Insert:
    """INSERT ... ON CONFLICT DO NOTHING, in the dialect of the store (SQLite or PostgreSQL)."""
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    return dialect.insert(table).on_conflict_do_nothing()


def _record_first_sight(
    connection: Connection, assessments: Sequence[Assessment], history: History, today: date, now: datetime,
) -> None:
    """A commitment seen for the first time has its status recorded, not alerted."""
    for assessment in assessments:
        if assessment.commitment_id not in history.seen:
            # Another scanner may have recorded it since `history` was read: keep its row.
            connection.execute(_insert_if_absent(connection, status_seen_table).values(
                commitment_id=assessment.commitment_id, status=assessment.status, changes=0, as_of=today, seen_at=to_db(now),
            ))


def _advance_status(connection: Connection, due: DueAlert, today: date, now: datetime) -> bool:
    """Compare-and-set the last seen status; False when another scanner already moved it."""
    assert due.previous is not None
    columns = status_seen_table.c
    result = connection.execute(
        status_seen_table.update()
        .where(columns.commitment_id == due.commitment_id, columns.changes == due.previous.changes,
               columns.status == due.previous.status)
        .values(status=due.assessment.status, changes=due.previous.changes + 1, as_of=today, seen_at=to_db(now))
    )
    return result.rowcount == 1


def _insert_alert(connection: Connection, tracker: Tracker, due: DueAlert, settings: AlertSettings, now: datetime) -> int | None:
    """The alert's row, or None when its key exists (the unique key is the last guard)."""
    message = render(due, tracker.catalog, now, settings.zone, settings.policy.overdue_repeat_days, settings.dashboard_url)
    deadline = due.deadline if due.kind != "change" else None
    values = dict(
        key=due.key, kind=due.kind, commitment_id=due.commitment_id,
        deadline_version=deadline.version if deadline else None, deadline=deadline.deadline if deadline else None,
        lead_days=due.lead_days, occurrence=due.occurrence,
        status_from=due.previous.status if due.previous else None, status_to=due.assessment.status,
        as_of=due.assessment.as_of, subject=message.subject, body=message.body, link=message.link, created_at=to_db(now),
    )
    try:
        with connection.begin_nested():
            return int(connection.execute(alerts_table.insert().values(**values).returning(alerts_table.c.id)).scalar_one())
    except IntegrityError:
        return None


def _queue_deliveries(
    connection: Connection, tracker: Tracker, alert_id: int, due: DueAlert, channels: Sequence[Channel], now: datetime,
) -> None:
    commitment = tracker.catalog.commitments[due.commitment_id]
    for channel in channels:
        if channel.route.matches(commitment.category, commitment.framework, due.kind):
            connection.execute(deliveries_table.insert().values(
                alert_id=alert_id, channel=channel.name, status="pending", attempts=0, next_attempt_at=to_db(now),
            ))


def scan(tracker: Tracker, settings: AlertSettings, channels: Sequence[Channel], now: datetime) -> list[Alert]:
    """Raise every alert due at `now` (an aware datetime); returns the new ones (empty when
    there was nothing to do). Statuses are judged as of `now`'s date in the alerts' time zone."""
    today = settings.policy.today(now)
    with tracker.store.writing() as connection:
        # Scanners queue for this lock (SQLite's write lock, a PostgreSQL advisory lock), so
        # one decides while the others wait and then find its decisions in `history`.
        serialise(connection, SCAN_LOCK)
        assessments = tracker.assessments(today)
        history = _history(connection)
        created = []
        for due in due_alerts(assessments, history, now, settings.policy):
            if due.kind == "change" and not _advance_status(connection, due, today, now):
                continue
            alert_id = _insert_alert(connection, tracker, due, settings, now)
            if alert_id is not None:
                _queue_deliveries(connection, tracker, alert_id, due, channels, now)
                created.append(alert_id)
        _record_first_sight(connection, assessments, history, today, now)
        return sorted(load_alerts(connection, ids=created), key=lambda a: a.id) if created else []
