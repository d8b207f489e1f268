"""The row an import stores: one validated update as the values of the `updates` table's
columns (ROW_COLUMNS order; the id and the log time are added by the store), ready for the
database's bulk path, with no object built in between.

Dates are ISO text, as SQLite stores them. An absent value is the empty string, never None:
Python's sqlite3 binds None through its adaptation protocol, about 0.35 µs a value and eight
or more values a row, while SQLite's bulk path reads '' as NULL through NULLIF (PostgreSQL's
binary COPY gets dates and None, monitors/bulk_insert.py). A validated text is never empty, so
'' never stands for a value.
"""

from __future__ import annotations

from datetime import date

from monitors.domain import NewUpdate

ROW_COLUMNS: tuple[str, ...] = (
    "commitment_id", "observed", "logged_by", "source_party", "source", "url", "asserts", "value", "unit",
    "new_deadline", "note", "kind", "period", "period_start", "period_end", "new_expiry", "tier",
)
# The columns a row may leave empty (stored as NULL); the others always have a value.
OPTIONAL_COLUMNS = frozenset(ROW_COLUMNS) - {"commitment_id", "observed", "logged_by", "source_party", "source", "asserts", "kind"}
ABSENT = ""

UpdateRow = tuple[str | float, ...]


def _day(day: date | None) -> str:
    return day.isoformat() if day is not None else ABSENT


def row_of(update: NewUpdate, logged_by: str | None = None) -> UpdateRow:
    """A validated update as the row an import stores; `logged_by`, when given, replaces its
    author (a signed-in importer is every row's author)."""
    period = update.period
    figure = period is not None or update.kind == "data"
    return (
        update.commitment_id, update.observed.isoformat(), update.logged_by if logged_by is None else logged_by,
        update.source_party, update.source, update.url or ABSENT, update.asserts,
        ABSENT if update.value is None else update.value, (update.unit or ABSENT) if update.value is not None else ABSENT,
        _day(update.new_deadline), update.note or ABSENT, update.kind,
        period.text if period is not None else ABSENT, _day(period.start) if period is not None else ABSENT,
        _day(update.figure_period.end) if figure else ABSENT, _day(update.new_expiry), update.tier or ABSENT,
    )
