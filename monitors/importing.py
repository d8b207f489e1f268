"""Reading a CSV of updates (columns named like `log`'s long options) into validated updates.

The file is read as a stream, CHUNK_ROWS rows at a time, so an import's memory does not grow
with the file (docs/performance.md gives the figure). Every row is validated; the report lists
every bad row and field (up to MAX_REPORTED_ERRORS). The caller stores the chunks inside one
transaction, and the InputError raised after the last chunk rolls that transaction back: all
rows are stored, or none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import BinaryIO

from monitors.catalog import Catalog
from monitors.domain import NewUpdate
from monitors.validation import FIELDS, REQUIRED, FieldError, InputError, parse_update

MAX_REPORTED_ERRORS = 50
CHUNK_ROWS = 5000


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


def read_updates(
    stream: BinaryIO, catalog: Catalog, today: date | None, by: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[list[NewUpdate]]:
    """Chunks of validated updates from a binary CSV stream; `by` (a signed-in importer) is
    recorded as every row's author when given; `progress` is told how many bytes have been
    read after each chunk. Raises InputError (after the last chunk, or once the report is
    full) if anything is wrong, having yielded only rows of a file that was valid so far."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    rows = csv.reader(_lines(text), strict=True)
    try:
        header = _header(rows)
        width = len(header)
        chunk: list[NewUpdate] = []
        errors: list[FieldError] = []
        stored_any = False
        for number, cells in enumerate(rows, start=1):
            if len(cells) != width:
                if not any(cell.strip() for cell in cells):
                    continue
                errors.append(FieldError("columns", f"has {len(cells)} fields; the header has {width}", number))
            else:
                try:
                    update = parse_update(dict(zip(header, cells)), catalog, today, row=number)
                except InputError as exc:
                    if not any(cell.strip() for cell in cells):
                        continue
                    errors.extend(exc.errors)
                else:
                    if not errors:
                        chunk.append(replace(update, logged_by=by) if by is not None else update)
            if len(errors) >= MAX_REPORTED_ERRORS:
                break
            if len(chunk) >= CHUNK_ROWS:
                yield chunk
                stored_any, chunk = True, []
                if progress is not None:
                    progress(stream.tell())
    except csv.Error as exc:
        raise InputError([FieldError("file", f"is not valid CSV: {exc}")]) from exc
    finally:
        text.detach()
    if errors:
        raise InputError(errors)
    if chunk:
        yield chunk
    elif not stored_any:
        raise InputError([FieldError("file", "has a header but no rows")])
    if progress is not None:
        progress(stream.tell())


def parse_csv(data: bytes, catalog: Catalog, today: date | None) -> list[NewUpdate]:
    """A whole (small) CSV file in memory as updates, or InputError with a per-row report."""
    return [update for chunk in read_updates(io.BytesIO(data), catalog, today) for update in chunk]
