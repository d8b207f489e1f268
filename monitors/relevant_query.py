"""The query behind a status: what the monitors read as of a day, found by index seeks
instead of a scan of the log, and the conversion of its rows into updates. SQL text built
once per set of commitments, for SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timezone

from monitors.catalog import IDENTIFIER_PATTERN
from monitors.domain import SOURCE_PARTIES, STORED_FIELDS, Update
from monitors.periods import Period

_SAFE_ID = re.compile(IDENTIFIER_PATTERN)


def _placeholder(dialect: str) -> str:
    """How the driver of a database writes a named parameter, as a format string of the name."""
    return "%({})s" if dialect == "postgresql" else ":{}"


def driver_day(dialect: str, day: date) -> object:
    """A date as the driver takes it: PostgreSQL's a date, SQLite's ISO text (as stored)."""
    return day if dialect == "postgresql" else day.isoformat()


def relevant_updates_query(
    commitment_ids: tuple[str, ...], full_series: tuple[str, ...], *, per_commitment_day: bool, dialect: str
) -> str:
    """The query behind Store.relevant_updates, built once per set of commitments, for the
    database `dialect` names. It is written as SQL text because compiling thousands of
    (commitment, party, kind) lookups through the expression language took longer than running
    the query. The ids are inlined, so they are checked against the catalog's id pattern first;
    dates are bound parameters in the driver's style: one `as_of` for all, or with
    `per_commitment_day`, `day_N` for the N-th commitment. The columns are STORED_COLUMNS.

    The updates chosen are found by id and read once by id on SQLite; on PostgreSQL each branch
    carries the whole row it found. PostgreSQL cannot estimate how many rows share a latest day
    and read them again by id one at a time: after a 1M-row import, whose 233k rows were left
    deciding, that took 1 s of a 2 s refresh, and the whole rows 0.1 s. SQLite's UNION of whole
    rows builds a temporary index of them, and the same refresh took three times as long.
    """
    unsafe = [c for c in (*commitment_ids, *full_series) if not _SAFE_ID.match(c)]
    if unsafe:
        raise ValueError(f"commitment ids must match {_SAFE_ID.pattern}: {unsafe[:3]}")
    placeholder = _placeholder(dialect)
    day = (lambda i: placeholder.format(f"day_{i}")) if per_commitment_day else (lambda i: placeholder.format("as_of"))
    wanted = ", ".join(f"('{c}', {day(i)})" for i, c in enumerate(commitment_ids))
    parties = ", ".join(f"('{p}')" for p in SOURCE_PARTIES)
    position = {c: i for i, c in enumerate(commitment_ids)}
    series = ", ".join(f"('{c}', {day(position[c])})" for c in full_series) or "(NULL, CAST(NULL AS DATE))"
    whole_rows = dialect == "postgresql"
    # UNION keeps one of an update found by two branches, as an id or as the whole row.
    chosen_columns = ", ".join(f"w.{name}" for name in STORED_COLUMNS) if whole_rows else "w.id"
    chosen_rows = "chosen u" if whole_rows else "updates u WHERE u.id IN (SELECT id FROM chosen) AND"
    columns = "u.*" if whole_rows else ", ".join(f"u.{name}" for name in STORED_COLUMNS)
    unretracted = "NOT EXISTS (SELECT 1 FROM retractions r WHERE r.update_id = {0}.id)"

    def latest(kind: str, column: str) -> str:
        return f"""(
            SELECT w.{column} FROM updates w
            WHERE w.commitment_id = p.commitment_id AND w.source_party = p.source_party AND w.kind = '{kind}'
              AND w.observed <= p.as_of AND {unretracted.format('w')}
            ORDER BY w.{column} DESC LIMIT 1
        )"""

    # A figure replaced by a later one for the same period from the same source (a revision).
    revised = f"""EXISTS (
            SELECT 1 FROM updates v
            WHERE v.commitment_id = w.commitment_id AND v.source_party = w.source_party AND v.kind = 'data'
              AND v.period_end = w.period_end AND v.source = w.source
              AND COALESCE(v.period_start, v.observed) = COALESCE(w.period_start, w.observed)
              AND v.observed <= c.as_of AND (v.observed > w.observed OR (v.observed = w.observed AND v.id > w.id))
              AND {unretracted.format('v')}
        )"""
    sql = f"""
        WITH wanted(commitment_id, as_of) AS (VALUES {wanted}),
        parties(source_party) AS (VALUES {parties}),
        series(commitment_id, as_of) AS (VALUES {series}),
        pairs AS (SELECT c.commitment_id, s.source_party, c.as_of FROM wanted c CROSS JOIN parties s),
        latest AS (
            SELECT p.commitment_id, p.source_party, p.as_of, {latest('act', 'observed')} AS act,
                   {latest('statement', 'observed')} AS statement, {latest('data', 'period_end')} AS data,
                   {latest('data', 'observed')} AS data_seen
            FROM pairs p
        ),
        chosen AS (
            SELECT {chosen_columns} FROM latest l JOIN updates w
              ON w.commitment_id = l.commitment_id AND w.source_party = l.source_party AND w.kind = 'act' AND w.observed = l.act
            UNION
            SELECT {chosen_columns} FROM latest l JOIN updates w
              ON w.commitment_id = l.commitment_id AND w.source_party = l.source_party AND w.kind = 'statement'
             AND w.observed = l.statement
            UNION
            SELECT {chosen_columns} FROM latest l JOIN updates w
              ON w.commitment_id = l.commitment_id AND w.source_party = l.source_party AND w.kind = 'data'
             AND w.observed = l.data_seen
            UNION
            SELECT {chosen_columns} FROM latest c JOIN updates w
              ON w.commitment_id = c.commitment_id AND w.source_party = c.source_party AND w.kind = 'data'
             AND w.period_end = c.data
            WHERE w.observed <= c.as_of AND NOT {revised}
            UNION
            SELECT {chosen_columns} FROM wanted c JOIN updates w ON w.commitment_id = c.commitment_id
            WHERE w.new_deadline IS NOT NULL AND w.observed <= c.as_of
            UNION
            SELECT {chosen_columns} FROM wanted c JOIN updates w ON w.commitment_id = c.commitment_id
            WHERE (w.new_expiry IS NOT NULL OR w.asserts = 'ended') AND w.observed <= c.as_of
            UNION
            SELECT {chosen_columns} FROM series c
            JOIN updates w ON w.commitment_id = c.commitment_id AND w.kind = 'data'
            WHERE w.observed <= c.as_of AND NOT {revised}
        )
        SELECT {columns} FROM {chosen_rows}
        {"WHERE" if whole_rows else ""} NOT EXISTS (SELECT 1 FROM retractions r WHERE r.update_id = u.id)
        ORDER BY u.id
    """
    return sql


# What a relevant-updates query selects: an update's stored fields in order, then its period.
STORED_COLUMNS = (*STORED_FIELDS, "period", "period_start", "period_end")
_DAY_FIELDS = tuple(name for name in STORED_FIELDS if name in ("observed", "new_deadline", "new_expiry"))
_PERIOD_POSITION = len(STORED_FIELDS)


def updates_from_rows(rows: Iterable[Sequence[object]]) -> list[Update]:
    """Unretracted updates from a driver's rows of STORED_COLUMNS. SQLite hands back dates and
    times as ISO text, PostgreSQL as Python objects; converting here is several times faster
    than SQLAlchemy's per-column result processing, and the days and periods that thousands of
    rows of one status share are each parsed once."""
    days: dict[str, date] = {}
    times: dict[object, datetime] = {}  # an import's rows share their log time
    periods: dict[tuple[object, ...], Period] = {}
    updates = []
    # Names bound once: looked up per row, they were a tenth of the conversion.
    fields, day_fields, parse_day, parse_time, utc, build = (
        STORED_FIELDS, _DAY_FIELDS, date.fromisoformat, datetime.fromisoformat, timezone.utc, Update.from_stored)
    for row in rows:
        values: dict[str, object] = dict(zip(fields, row))
        for name in day_fields:
            iso = values[name]
            if iso.__class__ is str:
                day = days.get(iso)  # type: ignore[arg-type]
                if day is None:
                    day = days[iso] = parse_day(iso)  # type: ignore[arg-type, index]
                values[name] = day
        logged_at = values["logged_at"]
        moment = times.get(logged_at)
        if moment is None:
            moment = times[logged_at] = (parse_time(logged_at) if logged_at.__class__ is str
                                         else logged_at).replace(tzinfo=utc)  # type: ignore[union-attr, arg-type]
        values["logged_at"] = moment
        period = None
        if row[_PERIOD_POSITION]:
            key = tuple(row[_PERIOD_POSITION:])
            period = periods.get(key)
            if period is None:
                written, start, end = key
                period = periods[key] = Period(_stored_day(start), _stored_day(end), written)  # type: ignore[arg-type]
        values["period"] = period
        values["retraction"] = None
        updates.append(build(values))
    return updates


def _stored_day(value: object) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]
