"""Writing an import's rows by each database's bulk path, inside the import's one transaction.

Both stores get each chunk in the order of the indexes led by the commitment, with ids given
in the file's order beforehand, so that each insert finds its index pages where the last one
left them. At 1M rows that took SQLite from 49 to 21 µs a row and PostgreSQL's server from 21
to 16 µs (CPU time).

SQLite. The transaction holds the write lock, so the ids are given here, following the
highest id before it. Once an import has brought more rows than the log held before it (and
more than a chunk), the log's other indexes are dropped and built again from their own
definitions when the rows are in: building an index sorts once, which costs less than keeping
it in order row by row (10 µs a row in all at 1M rows, against 21). The drop and the build
are part of the transaction, so an error or a crash rolls them back with the rows; other
connections read their snapshot, with its indexes, until the commit.

PostgreSQL. One COPY for the whole import, in binary, ids drawn from the sequence on a second
connection for each chunk, so the server stores one chunk while the next is read and checked
(with a COPY per chunk it waited for each). An exception ends the COPY with a failure, which aborts
the transaction. Indexes stay: dropping one would lock every reader out. An import that adds
more than a tenth of the log's rows has the log analysed inside the transaction, so that the
statuses refreshed from its rows, and the readers after the commit, are planned for the log
as it now is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from operator import itemgetter
from typing import TYPE_CHECKING, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monitors.update_rows import ABSENT, OPTIONAL_COLUMNS, ROW_COLUMNS, UpdateRow

if TYPE_CHECKING:  # the driver is imported by SQLAlchemy when a PostgreSQL store is opened
    import psycopg

# Stores a chunk and returns the lowest and highest id it was given.
WriteChunk = Callable[[Sequence[UpdateRow]], tuple[int, int]]
# An import smaller than this keeps the indexes up to date as it goes, whatever the log's size.
REBUILD_AFTER_ROWS = 5000
# On PostgreSQL, an import adding more than this share of the rows the log held (autovacuum's
# own threshold for new statistics) has the log analysed before the statuses are refreshed.
ANALYZE_SHARE = 0.1
# Threads SQLite may use beside the writer to sort keys when it builds the indexes again.
INDEX_SORT_THREADS = 2

_COLUMNS = ("id", "logged_at", *ROW_COLUMNS)
_SQLITE_VALUES = ", ".join("NULLIF(?, '')" if name in OPTIONAL_COLUMNS else "?" for name in _COLUMNS)
_SQLITE_INSERT = f"INSERT INTO updates ({', '.join(_COLUMNS)}) VALUES ({_SQLITE_VALUES})"
# The rows as read, numbered by SQLite (the next id after the highest, as _sqlite_writer counts)
# and stamped with the time written into the statement: no tuple built for each row.
_SQLITE_APPEND = "INSERT INTO updates (logged_at, {columns}) VALUES ('{{stamp}}', {values})".format(
    columns=", ".join(ROW_COLUMNS), values=", ".join("NULLIF(?, '')" if name in OPTIONAL_COLUMNS else "?" for name in ROW_COLUMNS))
# The key of the indexes led by (commitment, party, kind): ix_updates_latest_by_kind and
# ix_updates_latest_period.
_INDEX_ORDER = itemgetter(*(_COLUMNS.index(name) for name in ("commitment_id", "source_party", "kind", "period_end", "observed")))
_POSTGRES_COPY = f"COPY updates ({', '.join(_COLUMNS)}) FROM STDIN (FORMAT binary)"
# The column types the binary COPY writes; the other columns are varchar.
_POSTGRES_TYPES = {"id": "int4", "logged_at": "timestamp", "value": "float8", "note": "text",
                   **{name: "date" for name in ("observed", "new_deadline", "period_start", "period_end", "new_expiry")}}
# Ids for a chunk, drawn on a connection of their own so that the COPY goes on meanwhile.
_DRAW_IDS = "SELECT nextval(%s::regclass) FROM generate_series(1, %s)"


@contextmanager
def bulk_writer(connection: Connection, logged_at: datetime, stage: Callable[[str], None]) -> Iterator[WriteChunk]:
    """The chunk writer of an import on `connection` (in its write transaction); the rows are
    complete in the transaction when the block ends without an exception. `stage` is told of
    work done after the last chunk (rebuilding the indexes)."""
    if connection.dialect.name == "postgresql":
        with _postgres_writer(connection, logged_at, stage) as write:
            yield write
    else:
        with _sqlite_writer(connection, logged_at, stage) as write:
            yield write


@contextmanager
def _sqlite_writer(connection: Connection, logged_at: datetime, stage: Callable[[str], None]) -> Iterator[WriteChunk]:
    driver = connection.connection.dbapi_connection
    assert driver is not None
    # The time as SQLAlchemy writes it for every other row (sqlite3's own adapter drops a zero
    # fraction of a second, and the text would then sort apart from the same time written there).
    to_text = sa.DateTime().dialect_impl(connection.dialect).bind_processor(connection.dialect)
    assert to_text is not None
    stamp = to_text(logged_at)
    held_before = connection.exec_driver_sql(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'updates'), 0), "
        "coalesce((SELECT max(id) FROM updates), 0))"
    ).scalar_one()
    next_id = held_before + 1
    dropped: list[str] = []
    append = _SQLITE_APPEND.format(stamp=stamp.replace("'", "''"))

    def write(chunk: Sequence[UpdateRow]) -> tuple[int, int]:
        nonlocal next_id
        first = next_id
        if not dropped and first - held_before - 1 + len(chunk) > max(held_before, REBUILD_AFTER_ROWS):
            dropped.extend(_drop_indexes(connection))
        if dropped:
            driver.executemany(append, chunk)
        else:
            rows = [(update_id, stamp, *row) for update_id, row in enumerate(chunk, start=first)]
            rows.sort(key=_INDEX_ORDER)
            driver.executemany(_SQLITE_INSERT, rows)
        next_id += len(chunk)
        return first, next_id - 1

    yield write
    if not dropped:
        return
    stage("building the indexes")
    # SQLite sorts an index's keys on helper threads when allowed: on two cores the six
    # indexes of a 1M-row log were built in 4.6-5.1 s instead of 5.4-6.4 (docs/performance.md).
    # The connection goes back to the pool afterwards, so it gets back the setting it had.
    before = connection.exec_driver_sql("PRAGMA threads").scalar_one()
    connection.exec_driver_sql(f"PRAGMA threads={INDEX_SORT_THREADS}")
    try:
        for definition in dropped:
            connection.exec_driver_sql(definition)
    finally:
        connection.exec_driver_sql(f"PRAGMA threads={int(before)}")


def _drop_indexes(connection: Connection) -> list[str]:
    """Drop the log's own indexes; returns their definitions, to build them again."""
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'updates' AND sql IS NOT NULL"
    ).all()
    for name, _ in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes]


@contextmanager
def _postgres_writer(connection: Connection, logged_at: datetime, stage: Callable[[str], None]) -> Iterator[WriteChunk]:
    driver = cast("psycopg.Connection[tuple[object, ...]]", connection.connection.dbapi_connection)
    held_before = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM updates").scalar_one()
    written = 0
    # Named once: looked up inside the query it was evaluated for every id drawn, 2 µs each.
    sequence_name = connection.exec_driver_sql("SELECT pg_get_serial_sequence('updates', 'id')").scalar_one()
    with connection.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as sequence, \
            _driver_cursor(sequence) as draw, driver.cursor() as cursor, cursor.copy(_POSTGRES_COPY) as copy:
        copy.set_types([_POSTGRES_TYPES.get(name, "varchar") for name in _COLUMNS])
        values = _BinaryValues()

        def write(chunk: Sequence[UpdateRow]) -> tuple[int, int]:
            nonlocal written
            written += len(chunk)
            ids = [row[0] for row in draw.execute(_DRAW_IDS, (sequence_name, len(chunk)))]
            rows = [(update_id, logged_at, *row) for update_id, row in zip(ids, chunk)]
            rows.sort(key=_INDEX_ORDER)
            for row in rows:
                copy.write_row(values.of(row))
            return min(ids), max(ids)

        yield write
    if written > max(ANALYZE_SHARE * held_before, REBUILD_AFTER_ROWS):
        # What autovacuum would do soon after the commit, done before the statuses are refreshed
        # from the new rows: planned for the log it held before, the refresh of a 1M-row import
        # into a small log took 2.6 s instead of 2.0 (and 0.2 s to analyse).
        stage("analysing the log")
        connection.exec_driver_sql("ANALYZE updates")


class _BinaryValues:
    """A stored row (id, log time, then ROW_COLUMNS) as PostgreSQL's binary COPY takes it: days
    as dates, each parsed once, and absent values as None. In binary the server reads days and
    numbers as they are instead of parsing text: at 1M rows a tenth less of its time, and of
    the client's (docs/performance.md, "Imports")."""

    def __init__(self) -> None:
        self._days: dict[str, date | None] = {ABSENT: None}

    def _day(self, text: str) -> date | None:
        day = self._days.get(text, self._days)
        if day is self._days:
            day = self._days[text] = date.fromisoformat(text)
        return day  # type: ignore[return-value]

    def of(self, row: tuple[object, ...]) -> tuple[object, ...]:
        (update_id, logged_at, commitment_id, observed, logged_by, source_party, source, url, asserts, value, unit,
         new_deadline, note, kind, period, period_start, period_end, new_expiry, tier) = row
        day = self._day
        return (update_id, logged_at, commitment_id, day(observed), logged_by, source_party, source,  # type: ignore[arg-type]
                url or None, asserts, None if value == ABSENT else value, unit or None, day(new_deadline),  # type: ignore[arg-type]
                note or None, kind, period or None, day(period_start), day(period_end), day(new_expiry), tier or None)  # type: ignore[arg-type]


def _driver_cursor(connection: Connection) -> "psycopg.Cursor[tuple[object, ...]]":
    """A cursor of the driver's own, without SQLAlchemy's result processing (a third of the
    time to draw a chunk's ids)."""
    driver = cast("psycopg.Connection[tuple[object, ...]]", connection.connection.dbapi_connection)
    return driver.cursor()
