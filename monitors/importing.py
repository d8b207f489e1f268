"""Reading a CSV of updates (columns named like `log`'s long options) into validated updates.

All rows are validated before anything is stored; the error lists every bad row and field.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from monitors.catalog import Catalog
from monitors.domain import NewUpdate
from monitors.validation import FIELDS, REQUIRED, FieldError, InputError, parse_update

MAX_REPORTED_ERRORS = 50


def parse_csv(data: bytes, catalog: Catalog, today: date | None) -> list[NewUpdate]:
    """Parse CSV bytes into updates, or raise InputError with a per-row report."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([FieldError("file", f"is not UTF-8 text (byte {exc.start} cannot be decoded)")]) from exc
    if "\x00" in text:
        raise InputError([FieldError("file", "is not a CSV text file (it contains NUL bytes)")])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise InputError([FieldError("file", f"is not valid CSV: {exc}")]) from exc
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError([FieldError("file", f"is empty; expected a header row: {','.join(FIELDS)}")])
    header = [cell.strip() for cell in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in FIELDS]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    header_errors = []
    if missing:
        header_errors.append(FieldError("header", f"missing column(s) {', '.join(missing)}"))
    if unknown:
        header_errors.append(FieldError("header", f"unknown column(s) {', '.join(unknown)}; expected {', '.join(FIELDS)}"))
    if duplicated:
        header_errors.append(FieldError("header", f"repeated column(s) {', '.join(duplicated)}"))
    if header_errors:
        raise InputError(header_errors)

    updates: list[NewUpdate] = []
    errors: list[FieldError] = []
    for number, cells in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            errors.append(FieldError("columns", f"has {len(cells)} fields; the header has {len(header)}", number))
            continue
        try:
            updates.append(parse_update(dict(zip(header, cells)), catalog, today, row=number))
        except InputError as exc:
            errors.extend(exc.errors)
        if len(errors) >= MAX_REPORTED_ERRORS:
            break
    if errors:
        raise InputError(errors)
    if not updates:
        raise InputError([FieldError("file", "has a header but no rows")])
    return updates
