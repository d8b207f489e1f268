"""The inbox: every alert ever raised, newest first, with its deliveries and their attempts;
and acknowledging one (which stops an overdue alert from repeating).

This is the API the dashboard uses; it reads and writes only through the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monitors.alerts.tables import alerts_table, attempts_table, deliveries_table
from monitors.store import Store, StoreError, from_db, to_db
from monitors.validation import clean_text


@dataclass(frozen=True)
class Attempt:
    """One try to deliver; outcome None means it was cut off (the worker stopped mid-send) or is
    still in flight."""

    number: int
    started_at: datetime
    finished_at: datetime | None
    outcome: str | None
    error: str | None


@dataclass(frozen=True)
class Delivery:
    """An alert's way to one external channel: status pending, sent or failed."""

    channel: str
    status: str
    attempts: tuple[Attempt, ...]
    next_attempt_at: datetime | None
    last_error: str | None
    sent_at: datetime | None


@dataclass(frozen=True)
class Alert:
    id: int
    key: str
    kind: str
    commitment_id: str
    subject: str
    body: str
    link: str
    as_of: date
    deadline: date | None
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    deliveries: tuple[Delivery, ...]

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


def _end_of(day: date) -> datetime:
    """The first moment after a UTC day, as the alerts table stores times."""
    return to_db(datetime.combine(day + timedelta(days=1), time.min, tzinfo=timezone.utc))


def load_alerts(
    connection: Connection, ids: Sequence[int] | None = None, limit: int | None = None, raised_by: date | None = None,
) -> list[Alert]:
    """Alerts (all, or the given ids, or those raised by the end of `raised_by`, a UTC day),
    newest first, with their deliveries and attempts."""
    query = sa.select(alerts_table).order_by(alerts_table.c.created_at.desc(), alerts_table.c.id.desc())
    if raised_by is not None:
        query = query.where(alerts_table.c.created_at < _end_of(raised_by))
    if ids is not None:
        query = query.where(alerts_table.c.id.in_(list(ids)))
    if limit is not None:
        query = query.limit(limit)
    rows = list(connection.execute(query).mappings())
    wanted = [r["id"] for r in rows]
    attempts: dict[int, list[Attempt]] = defaultdict(list)
    deliveries: dict[int, list[Delivery]] = defaultdict(list)
    if wanted:
        attempt_rows = connection.execute(
            sa.select(attempts_table).join(deliveries_table, deliveries_table.c.id == attempts_table.c.delivery_id)
            .where(deliveries_table.c.alert_id.in_(wanted)).order_by(attempts_table.c.number)
        ).mappings()
        for a in attempt_rows:
            attempts[a["delivery_id"]].append(
                Attempt(a["number"], from_db(a["started_at"]), from_db(a["finished_at"]), a["outcome"], a["error"])
            )
        delivery_rows = connection.execute(
            sa.select(deliveries_table).where(deliveries_table.c.alert_id.in_(wanted)).order_by(deliveries_table.c.id)
        ).mappings()
        for d in delivery_rows:
            deliveries[d["alert_id"]].append(Delivery(
                d["channel"], d["status"], tuple(attempts[d["id"]]),
                from_db(d["next_attempt_at"]) if d["status"] == "pending" else None, d["last_error"], from_db(d["sent_at"]),
            ))
    return [
        Alert(
            id=r["id"], key=r["key"], kind=r["kind"], commitment_id=r["commitment_id"], subject=r["subject"], body=r["body"],
            link=r["link"], as_of=r["as_of"], deadline=r["deadline"], created_at=from_db(r["created_at"]),
            acknowledged_at=from_db(r["acknowledged_at"]), acknowledged_by=r["acknowledged_by"],
            deliveries=tuple(deliveries[r["id"]]),
        )
        for r in rows
    ]


def list_alerts(store: Store, limit: int | None = None, raised_by: date | None = None) -> list[Alert]:
    """The inbox, newest first (at most `limit` alerts), each with its deliveries and attempts;
    with `raised_by`, the inbox as it stood at the end of that day (UTC), for a replay."""
    with store.engine.connect() as connection:
        return load_alerts(connection, limit=limit, raised_by=raised_by)


def get_alert(store: Store, alert_id: int) -> Alert | None:
    with store.engine.connect() as connection:
        found = load_alerts(connection, ids=[alert_id])
    return found[0] if found else None


def unacknowledged_count(store: Store, raised_by: date | None = None) -> int:
    """How many alerts nobody has acknowledged yet (for a badge); with `raised_by`, of those
    raised by the end of that day (UTC), as a replay's inbox lists them."""
    query = sa.select(sa.func.count()).select_from(alerts_table).where(alerts_table.c.acknowledged_at.is_(None))
    if raised_by is not None:
        query = query.where(alerts_table.c.created_at < _end_of(raised_by))
    with store.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def acknowledge(store: Store, alert_id: int, by: str, now: datetime) -> Alert:
    """Mark an alert as seen by a (signed-in) user; an overdue alert then stops repeating.
    Acknowledging twice keeps the first acknowledgement. Raises StoreError naming `by` (missing
    or unusable user name) or `alert_id` (no such alert)."""
    user, problem = clean_text("by", by, required=True)
    if problem:
        raise StoreError("by", problem)
    with store.writing() as connection:
        exists = connection.execute(sa.select(alerts_table.c.id).where(alerts_table.c.id == alert_id)).first()
        if exists is None:
            raise StoreError("alert_id", f"there is no alert #{alert_id}")
        connection.execute(
            alerts_table.update()
            .where(alerts_table.c.id == alert_id, alerts_table.c.acknowledged_at.is_(None))
            .values(acknowledged_at=to_db(now), acknowledged_by=user)
        )
        return load_alerts(connection, ids=[alert_id])[0]


def _iso(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def alert_record(alert: Alert) -> dict[str, object]:
    """An alert as plain JSON-ready data (for `alerts list --format json`)."""
    return {
        "id": alert.id, "key": alert.key, "kind": alert.kind, "commitment_id": alert.commitment_id,
        "subject": alert.subject, "body": alert.body, "link": alert.link, "as_of": _iso(alert.as_of),
        "deadline": _iso(alert.deadline), "created_at": _iso(alert.created_at),
        "acknowledged_at": _iso(alert.acknowledged_at), "acknowledged_by": alert.acknowledged_by,
        "deliveries": [
            {
                "channel": d.channel, "status": d.status, "next_attempt_at": _iso(d.next_attempt_at),
                "last_error": d.last_error, "sent_at": _iso(d.sent_at),
                "attempts": [
                    {"number": a.number, "started_at": _iso(a.started_at), "finished_at": _iso(a.finished_at),
                     "outcome": a.outcome, "error": a.error}
                    for a in d.attempts
                ],
            }
            for d in alert.deliveries
        ],
    }
