"""Reading a CSV of updates (columns named like `log`'s long options) into validated rows.

The file is read as a stream, CHUNK_ROWS rows at a time, so an import's memory does not grow
with the file (docs/performance.md gives the figure). Every row is validated; the report lists
every bad row and field (up to MAX_REPORTED_ERRORS). The caller stores the chunks inside one
transaction, and the InputError raised after the last chunk rolls that transaction back: all
rows are stored, or none.
"""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import islice
from typing import BinaryIO, TypeVar

from monitors.catalog import Catalog
from monitors.checking_process import chunks_from_second_process
from monitors.domain import NewUpdate
from monitors.import_rows import RowChecker
from monitors.update_rows import UpdateRow, row_of
from monitors.validation import FIELDS, REQUIRED, FieldError, InputError, parse_update

T = TypeVar("T")

MAX_REPORTED_ERRORS = 50
CHUNK_ROWS = 5000


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the length of an import. An import makes millions of
    lists and tuples, none of them in a cycle (reference counting frees each), and every one
    counts towards the collector's next pass: with it on, a 1M-row import into PostgreSQL
    spent about 2 s of its 10 s of CPU in passes that found nothing. Cycles made meanwhile by
    other threads wait for the end; the collector is switched back on only if it was on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _lines(text: io.TextIOBase) -> Iterator[str]:
    """The file's lines, refusing NUL bytes (binary files) and undecodable bytes by row."""
    number = 0
    try:
        for number, line in enumerate(text, start=1):
            if "\x00" in line:
                raise InputError([FieldError("file", f"is not a CSV text file (line {number} contains NUL bytes)")])
            yield line
    except UnicodeDecodeError as exc:
        raise InputError([FieldError("file", f"is not UTF-8 text (line {number + 1} cannot be decoded: {exc.reason})")]) from exc


def _header(rows: Iterator[list[str]]) -> list[str]:
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first):
        raise InputError([FieldError("file", f"is empty; expected a header row: {','.join(FIELDS)}")])
    header = [cell.strip() for cell in first]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in FIELDS]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    errors = []
    if missing:
        errors.append(FieldError("header", f"missing column(s) {', '.join(missing)}"))
    if unknown:
        errors.append(FieldError("header", f"unknown column(s) {', '.join(unknown)}; expected {', '.join(FIELDS)}"))
    if duplicated:
        errors.append(FieldError("header", f"repeated column(s) {', '.join(duplicated)}"))
    if errors:
        raise InputError(errors)
    return header


def _chunks(
    stream: BinaryIO, check: Callable[[list[str]], Callable[[list[str], int], T]],
    progress: Callable[[int], None] | None,
    check_batch: Callable[[list[str]], Callable[[list[list[str]]], list[T] | None]] | None = None,
) -> Iterator[list[T]]:
    """Chunks of checked rows from a binary CSV stream, at most one for each CHUNK_ROWS rows read;
    `check(header)` gives the function that turns one row's cells into T or raises InputError,
    and `check_batch(header)`, when given, one that turns a whole batch into rows at once or
    gives None, and the batch's rows are then checked one by one. Raises InputError (after the
    last chunk, or once the report is full) if anything is wrong, having yielded only rows of a
    file that was valid so far; `progress` is told how many bytes have been read after each
    chunk and at the end, each count once."""
    told = -1

    def tell() -> None:
        nonlocal told
        if progress is not None and stream.tell() != told:
            told = stream.tell()
            progress(told)

    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    rows = csv.reader(_lines(text), strict=True)
    try:
        header = _header(rows)
        width = len(header)
        checked = check(header)
        checked_batch = check_batch(header) if check_batch is not None else None
        errors: list[FieldError] = []
        stored_any = False
        read = 0
        while True:
            batch, unreadable = _next_rows(rows)
            if not batch and unreadable is None:
                break
            first, read = read + 1, read + len(batch)
            chunk = checked_batch(batch) if checked_batch is not None and not errors else None
            if chunk is None:
                chunk = _one_by_one(batch, first, width, checked, errors)
            if len(errors) >= MAX_REPORTED_ERRORS:
                break
            if unreadable is not None:
                raise unreadable
            if chunk and not errors:
                yield chunk
                stored_any = True
                tell()
    except csv.Error as exc:
        raise InputError([FieldError("file", f"is not valid CSV: {exc}")]) from exc
    finally:
        text.detach()
    if errors:
        raise InputError(errors)
    if not stored_any:
        raise InputError([FieldError("file", "has a header but no rows")])
    tell()


def _one_by_one(
    batch: list[list[str]], first: int, width: int, checked: Callable[[list[str], int], T], errors: list[FieldError],
) -> list[T]:
    """The rows of `batch` (the first numbered `first`) checked one at a time, blank rows
    skipped; what is wrong goes into `errors`, and no row is kept once anything is, nor read
    once the report is full."""
    rows: list[T] = []
    for number, cells in enumerate(batch, start=first):
        if len(cells) != width:
            if not any(cell.strip() for cell in cells):
                continue
            errors.append(FieldError("columns", f"has {len(cells)} fields; the header has {width}", number))
        else:
            try:
                row = checked(cells, number)
            except InputError as exc:
                if not any(cell.strip() for cell in cells):
                    continue
                errors.extend(exc.errors)
            else:
                if not errors:
                    rows.append(row)
        if len(errors) >= MAX_REPORTED_ERRORS:
            break
    return rows


def _next_rows(rows: Iterator[list[str]]) -> tuple[list[list[str]], Exception | None]:
    """The next CHUNK_ROWS rows (fewer at the end of the file), and what stopped the reading
    early if the file turned unreadable (not CSV, not text) after them: the rows before it are
    checked first, so a report that fills up before that point is given as it was read."""
    batch: list[list[str]] = []
    try:
        batch.extend(islice(rows, CHUNK_ROWS))
    except (csv.Error, InputError) as exc:
        return batch, exc
    return batch, None


def read_updates(
    stream: BinaryIO, catalog: Catalog, today: date | None, by: str | None = None,
    progress: Callable[[int], None] | None = None, second_process: bool = False,
) -> Iterator[list[UpdateRow]]:
    """Chunks of rows ready to store from a binary CSV stream, as `_chunks` reads them; `by` (a
    signed-in importer) is recorded as every row's author when given. A batch the column check
    does not pass has its rows checked one by one, and a row the row check does not pass is
    judged by parse_update, so the rules and messages are parse_update's. With
    `second_process` (single-threaded callers only) the file is read and checked in a forked
    child while the caller stores the chunks before (monitors/checking_process.py)."""

    def check(header: list[str]) -> Callable[[list[str], int], UpdateRow]:
        fast = RowChecker(header, catalog, today, by)

        def checked(cells: list[str], number: int) -> UpdateRow:
            row = fast.row(cells)
            if row is None:
                row = row_of(parse_update(dict(zip(header, cells)), catalog, today, row=number), logged_by=by)
            return row

        return checked

    def check_batch(header: list[str]) -> Callable[[list[list[str]]], list[UpdateRow] | None]:
        return RowChecker(header, catalog, today, by).rows

    if second_process:
        return chunks_from_second_process(lambda told: _chunks(stream, check, told, check_batch), progress)
    return _chunks(stream, check, progress, check_batch)


def parse_csv(data: bytes, catalog: Catalog, today: date | None) -> list[NewUpdate]:
    """A whole (small) CSV file in memory as updates, or InputError with a per-row report."""

    def check(header: list[str]) -> Callable[[list[str], int], NewUpdate]:
        return lambda cells, number: parse_update(dict(zip(header, cells)), catalog, today, row=number)

    return [update for chunk in _chunks(io.BytesIO(data), check, None) for update in chunk]
