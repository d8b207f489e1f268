"""One scan: decide which alerts are due and record them, each with its outbox rows, in one
write transaction. The unique alert key and the compare-and-set on the last seen status make
the decision once, however many scanners run at the same time or however often one repeats.

A scan at a moment before the last recorded scan is a replay and is refused (`Replay`): the
record has moved past that moment, so what it would raise can contradict what was already
raised (a status "changing back", a reminder after the overdue alert). `preview` shows what a
scan at any moment would raise without recording anything: the dry run the command line falls
back to for a replay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from monitors.alerts.channels import Channel
from monitors.alerts.inbox import Alert, load_alerts
from monitors.alerts.lateness import late_since
from monitors.alerts.messages import Message, render
from monitors.alerts.rules import DueAlert, History, SeenStatus, deadline_ref, due_alerts, expiry_ref
from monitors.alerts.settings import AlertSettings
from monitors.alerts.subscriptions import Subscription, load_subscriptions
from monitors.alerts.tables import alerts_table, deliveries_table, scan_clock_table, status_seen_table
from monitors.domain import Assessment, DeadlineVersion
from monitors.store import from_db, serialise, to_db
from monitors.tracker import Tracker

SCAN_CLOCK_ROW = 1
SCAN_LOCK = "truce:alert-scan"


class Replay(Exception):
    """A scan at `now`, earlier than the last recorded scan at `last`: nothing was recorded."""

    def __init__(self, now: datetime, last: datetime):
        super().__init__(f"{now.isoformat()} is before the last recorded scan ({last.isoformat()})")
        self.now = now
        self.last = last


@dataclass(frozen=True)
class Preview:
    """An alert a scan would raise: what the dry run shows."""

    key: str
    kind: str
    commitment_id: str
    message: Message


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
        version = DeadlineVersion(row.deadline_version, row.deadline, None, None)
        series = (row.commitment_id, expiry_ref(version) if row.kind in ("expiring", "lapsed") else deadline_ref(version))
        if row.kind in ("reminder", "expiring"):
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
    deadline = due.dated
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
    connection: Connection, tracker: Tracker, alert_id: int, due: DueAlert, channels: Sequence[Channel],
    subscriptions: Sequence[Subscription], now: datetime,
) -> None:
    """An outbox row for each configured channel whose route matches, and for each
    subscription whose interest does: held for its digest when it takes one."""
    commitment = tracker.catalog.commitments[due.commitment_id]
    rows = [(c.name, "pending") for c in channels if c.route.matches(commitment.category, commitment.framework, due.kind)]
    rows += [(s.channel, "pending" if s.digest == "none" else "held")
             for s in subscriptions if s.interest.matches(commitment, due.kind)]
    for name, status in rows:
        connection.execute(deliveries_table.insert().values(
            alert_id=alert_id, channel=name, status=status, attempts=0, next_attempt_at=to_db(now),
        ))


def _late_since(tracker: Tracker, assessments: Sequence[Assessment]) -> dict[str, date]:
    """The first late day of each stale commitment (few at a time, so one read each)."""
    late = {}
    for assessment in assessments:
        if "stale" in assessment.flags:
            since = late_since(tracker.catalog, assessment, tracker.store.updates(commitment_id=assessment.commitment_id))
            if since is not None:
                late[assessment.commitment_id] = since
    return late


def last_scan_at(connection: Connection) -> datetime | None:
    """The moment of the last recorded scan, None before the first."""
    row = connection.execute(sa.select(scan_clock_table.c.last_scan_at, scan_clock_table.c.scans)).first()
    return from_db(row.last_scan_at) if row is not None and row.scans else None


def replay_of(tracker: Tracker, now: datetime) -> Replay | None:
    """The Replay a scan at `now` would meet, if it is before the last recorded scan."""
    with tracker.store.engine.connect() as connection:
        last = last_scan_at(connection)
    return Replay(now, last) if last is not None and now < last else None


def _record_scan(connection: Connection, now: datetime) -> None:
    """Move the scan clock to `now`, unless a later scan got there first: then this one is a
    replay after all, and raising Replay rolls its whole transaction back."""
    columns = scan_clock_table.c
    moved = connection.execute(scan_clock_table.update()
                               .where(columns.id == SCAN_CLOCK_ROW, sa.or_(columns.scans == 0, columns.last_scan_at <= to_db(now)))
                               .values(last_scan_at=to_db(now), scans=columns.scans + 1))
    if moved.rowcount != 1:
        raise Replay(now, from_db(connection.execute(sa.select(columns.last_scan_at)).scalar_one()))


def _due(tracker: Tracker, settings: AlertSettings, connection: Connection | None, now: datetime,
         ) -> tuple[list[Assessment], History, list[DueAlert]]:
    assessments = tracker.assessments(settings.policy.today(now))
    history = _history(connection) if connection is not None else History()
    return assessments, history, due_alerts(assessments, history, now, settings.policy, _late_since(tracker, assessments))


def preview(tracker: Tracker, settings: AlertSettings, now: datetime, fresh: bool = False) -> list[Preview]:
    """What a scan at `now` would raise given the alerts recorded so far, or with `fresh` on a
    store that never scanned (no status changes then, and each other alert due once: what a
    replay of a past moment can say without contradicting what was raised since). Records nothing."""
    if fresh:
        _, _, due = _due(tracker, settings, None, now)
    else:
        with tracker.store.engine.connect() as connection:
            _, _, due = _due(tracker, settings, connection, now)
    return [
        Preview(d.key, d.kind, d.commitment_id,
                render(d, tracker.catalog, now, settings.zone, settings.policy.overdue_repeat_days, settings.dashboard_url))
        for d in due
    ]


def scan(tracker: Tracker, settings: AlertSettings, channels: Sequence[Channel], now: datetime) -> list[Alert]:
    """Raise every alert due at `now` (an aware datetime); returns the new ones (empty when
    there was nothing to do). Statuses are judged as of `now`'s date in the alerts' time zone.
    Raises Replay, recording nothing, when `now` is before the last recorded scan."""
    today = settings.policy.today(now)
    with tracker.store.writing() as connection:
        # Scanners queue for this lock (SQLite's write lock, a PostgreSQL advisory lock), so
        # one decides while the others wait and then find its decisions in `history`.
        serialise(connection, SCAN_LOCK)
        last = last_scan_at(connection)
        if last is not None and now < last:
            raise Replay(now, last)
        # Judged while this transaction holds the write lock, so no update lands in between.
        assessments, history, due_now = _due(tracker, settings, connection, now)
        created = []
        subscriptions = load_subscriptions(connection)
        for due in due_now:
            if due.kind == "change" and not _advance_status(connection, due, today, now):
                continue
            alert_id = _insert_alert(connection, tracker, due, settings, now)
            if alert_id is not None:
                _queue_deliveries(connection, tracker, alert_id, due, channels, subscriptions, now)
                created.append(alert_id)
        _record_first_sight(connection, assessments, history, today, now)
        _record_scan(connection, now)
        return sorted(load_alerts(connection, ids=created), key=lambda a: a.id) if created else []
