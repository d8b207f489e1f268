"""Today's deciding evidence, kept as state beside the log (migration 0009).

A status for a day on or after the newest evidence, the one the dashboard opens with and every
command gives by default, reads the updates the relevant-updates query would find for "no end
date", less the acts older than each commitment's latest act day, which no monitor reads of
today. Those few thousand rows are kept in `deciding_updates`, so such a status reads one
small table instead of seeking through the log. Every write of the store refreshes them before it
commits, for the commitments touched since the last refresh, and records the stamp it refreshed
up to: the catalog, the newest update id, the newest retraction id, and a random token drawn
by that refresh. A reader uses the state only when the stamp's first three parts are the
store's current ones, in the same snapshot, so a write that did not refresh (or a catalog that
changed) sends it back to the query, never to a stale answer. The token makes two equal stamps
mean the same content, even where the counts alone come back: a restored backup followed by
new writes reusing its ids, or on PostgreSQL a write committing below the newest id; so a
reader may keep what it read under a stamp for as long as the stamp stays (monitors/store.py).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monitors.relevant_query import STORED_COLUMNS, driver_day, relevant_updates_query

STATE_KEY = "deciding_state"
STATE_LOCK = "truce:deciding-state"
# Past this share of the catalog, one query for every commitment is cheaper than a list of them.
FULL_REFRESH_SHARE = 0.5
_COLUMNS = ", ".join(STORED_COLUMNS)


@dataclass(frozen=True)
class StateScope:
    """What the state is computed for: the catalog's commitments, and those judged on every
    figure of their windows (they read a full series)."""

    commitment_ids: tuple[str, ...]
    full_series: tuple[str, ...]

    @property
    def key(self) -> str:
        text = ",".join(self.commitment_ids) + "|" + ",".join(self.full_series)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def marks(connection: Connection) -> tuple[str | None, int, int, object]:
    """The stamp recorded by the last refresh, the newest update and retraction ids, and the
    newest observed day, read in one statement (one snapshot): between them, every write
    changes one, so they also key what is read from the log (Store.log_state)."""
    row = connection.execute(sa.text(
        "SELECT (SELECT value FROM store_meta WHERE key = :key), (SELECT COALESCE(MAX(id), 0) FROM updates),"
        " (SELECT COALESCE(MAX(id), 0) FROM retractions), (SELECT MAX(observed) FROM updates)"
    ), {"key": STATE_KEY}).one()
    return row[0], int(row[1]), int(row[2]), row[3]


def _new_stamp(scope: StateScope, last_update: int, last_retraction: int) -> str:
    return f"{scope.key}|{last_update}|{last_retraction}|{secrets.token_hex(8)}"


def current_stamp(connection: Connection, scope: StateScope) -> str | None:
    """The recorded stamp if the state is current for `scope`: refreshed by the last write and
    for this catalog. A stamp without a token (written by an earlier release) is not current,
    so opening the store refreshes it."""
    stamp, last_update, last_retraction, _newest = marks(connection)
    return _if_current(scope, stamp, last_update, last_retraction)


def answering_stamp(connection: Connection, scope: StateScope, as_of: date) -> str | None:
    """The stamp if the state answers a status as of `as_of`: current, and no evidence newer
    than the day (an earlier day is a replay, for the query). None sends the caller to the
    query. The connection must hold one snapshot for this and the rows read after it (a
    transaction on SQLite, repeatable read on PostgreSQL)."""
    stamp, last_update, last_retraction, newest = marks(connection)
    if newest is not None and str(newest) > as_of.isoformat():
        return None
    return _if_current(scope, stamp, last_update, last_retraction)


def _if_current(scope: StateScope, stamp: str | None, last_update: int, last_retraction: int) -> str | None:
    parts = stamp.split("|") if stamp else []
    return stamp if parts[:3] == [scope.key, str(last_update), str(last_retraction)] and len(parts) == 4 else None


def rows(connection: Connection) -> list[Sequence[object]]:
    """The state's rows (STORED_COLUMNS), by update id."""
    with closing(connection.connection.cursor()) as cursor:
        cursor.execute(f"SELECT {_COLUMNS} FROM deciding_updates ORDER BY id")
        return list(cursor.fetchall())


def _touched_since(connection: Connection, last_update: int, last_retraction: int) -> set[str]:
    """Commitments with an update or a retraction newer than the stamp."""
    touched = connection.execute(sa.text(
        "SELECT DISTINCT commitment_id FROM updates WHERE id > :update"
        " UNION SELECT DISTINCT u.commitment_id FROM retractions r JOIN updates u ON u.id = r.update_id WHERE r.id > :retraction"
    ), {"update": last_update, "retraction": last_retraction})
    return {row[0] for row in touched}


def refresh(connection: Connection, scope: StateScope, written: Collection[str] = (), everything: bool = False) -> None:
    """Bring the state up to date inside a write transaction, just before it commits, with
    STATE_LOCK held: on PostgreSQL refreshes then queue behind each other until commit, so each
    sees every write that refreshed before it, and a write still in flight refreshes after.
    `written` names the commitments this transaction wrote about: on PostgreSQL a transaction
    can draw a lower id than one that commits before it, so its own rows may lie below the
    stamp that one left, and only the writer knows them."""
    stamp, last_update, last_retraction, _newest = marks(connection)
    recorded = stamp.split("|") if stamp else None
    if everything or recorded is None or recorded[0] != scope.key:
        ids: Collection[str] = scope.commitment_ids
    else:
        touched = _touched_since(connection, int(recorded[1]), int(recorded[2])) | set(written)
        ids = tuple(c for c in scope.commitment_ids if c in touched)
    whole = len(ids) >= FULL_REFRESH_SHARE * len(scope.commitment_ids)
    if whole:
        ids = scope.commitment_ids
    refreshed = None if whole else ids
    if whole or ids:
        _delete_rows(connection, refreshed)
    if ids:
        wanted = set(ids)
        query = relevant_updates_query(tuple(ids), tuple(c for c in scope.full_series if c in wanted),
                                       per_commitment_day=False, dialect=connection.dialect.name)
        with closing(connection.connection.cursor()) as cursor:
            cursor.execute(f"INSERT INTO deciding_updates ({_COLUMNS}) {query}", {"as_of": driver_day(connection.dialect.name, date.max)})
        # Only the acts of each commitment's latest act day (any party) are what the monitors
        # read of acts; the acts that moved a deadline or an expiry or ended it stay for its
        # histories and lifecycle. The query keeps each party's latest act because a replay
        # needs them; today's status does not, and at a million updates they are a sixth of it.
        _delete_rows(connection, refreshed, _OLDER_PLAIN_ACT)
    connection.execute(sa.text("DELETE FROM store_meta WHERE key = :key"), {"key": STATE_KEY})
    connection.execute(sa.text("INSERT INTO store_meta (key, value) VALUES (:key, :value)"),
                       {"key": STATE_KEY, "value": _new_stamp(scope, last_update, last_retraction)})


# An act that only says what happened, on a day before the latest act day of its commitment.
_OLDER_PLAIN_ACT = """
    kind = 'act' AND asserts <> 'ended' AND new_deadline IS NULL AND new_expiry IS NULL
    AND observed < (SELECT MAX(latest.observed) FROM deciding_updates latest
                    WHERE latest.commitment_id = deciding_updates.commitment_id
                      AND latest.kind = 'act' AND latest.asserts <> 'ended')
"""


def _delete_rows(connection: Connection, ids: Collection[str] | None, condition: str = "1 = 1") -> None:
    """Delete the state's rows meeting `condition`, of the commitments `ids` (None: of every one)."""
    if ids is None:
        connection.execute(sa.text(f"DELETE FROM deciding_updates WHERE {condition}"))
    else:
        connection.execute(sa.text(f"DELETE FROM deciding_updates WHERE commitment_id IN :ids AND {condition}").bindparams(
            sa.bindparam("ids", expanding=True)), {"ids": list(ids)})


def is_current(connection: Connection, scope: StateScope) -> bool:
    return current_stamp(connection, scope) is not None
