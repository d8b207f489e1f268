"""The import's fast paths (monitors/import_rows.py) change no rule: every row the row check
accepts, and every row of a batch the column check accepts, is the row parse_update gives; a
file reads to the same rows or the same report either way; and the ordinary rows of an import
do take them."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from monitors.catalog import load_catalog
from monitors.import_rows import RowChecker
from monitors.importing import parse_csv, read_updates
from monitors.update_rows import UpdateRow, row_of
from monitors.validation import FIELDS, REQUIRED, InputError, parse_update

CATALOG = load_catalog(Path(__file__).resolve().parent.parent / "data" / "frameworks")
TODAY = date(2025, 12, 1)

# For each column, values that pass, values near the edge of a rule, and values that fail.
CELLS: dict[str, list[str]] = {
    "commitment": ["london-us-ethane", "geneva-us-reciprocal-rate", "busan-us-soybean-purchases", " london-us-ethane ",
                   "nope", "", "London-us-ethane", "x" * 301],
    "observed": ["2025-07-02", "2025-12-02", "2025-12-03", "2024-02-29", "2025-02-29", "1899-12-31", "2025-7-2",
                 " 2025-07-02", "", "2025-07-02T00:00"],
    "source_party": ["us", "cn", "independent", " us", "US", "", "eu"],
    "source": ["BIS", "Reuters, with a comma", "  padded  ", "", "s" * 300, "s" * 301, "a\tb", "\u202eflipped"],
    "url": ["", "https://www.bis.gov/", "HTTP://example.org", "http://example.org:8080/a?b=c#d", "https://", "ftp://x",
            "https://ex ample.org", "https://[::1]/", "https://[::1/", "http://exämple.org", "https://example.org/" + "p" * 1990,
            "www.bis.gov", "https://example.org/\u00a0"],
    "asserts": ["met", "progress", "not_met", "ended", " met", "kept", ""],
    "kind": ["", "act", "data", "statement", "figure", " act"],
    "value": ["", "353", "-1.5", "1e3", "0", "1_000", "nan", "1e-400", "1" * 16, " 42 ", "١٢"],
    "unit": ["", "%", "t", "MMT", "b/d", "u" * 21],
    "period": ["", "2025-06", "2025-Q2", "2025", "2025-06-30", "2025-01..2025-06", "2025-06..2025-01", "2025-13",
               "1899", "3000-01", "2025-01..2025-02..2025-03"],
    "new_deadline": ["", "2025-11-10", "2025-02-30", "3000-01-01", "soon"],
    "new_expiry": ["", "2026-11-10", "2026-13-01"],
    "tier": ["", "confirmed", "single_source", "uncertain", "rumour"],
    "note": ["", "a note", "  indented note  ", "   ", "two\nlines", "n" * 4000, "n" * 4001, "bell\x07"],
    "by": ["", "alice", " bob ", "b" * 100, "b" * 101, "nul\x00"],
}
cells_of = {name: st.sampled_from(values) | st.text(max_size=12) for name, values in CELLS.items()}
headers = st.lists(st.sampled_from([f for f in FIELDS if f not in REQUIRED]), unique=True).flatmap(
    lambda optional: st.permutations([*REQUIRED, *optional]))


def _slow(header: list[str], cells: list[str], by: str | None) -> UpdateRow | None:
    try:
        return row_of(parse_update(dict(zip(header, cells)), CATALOG, TODAY, row=1), logged_by=by)
    except InputError:
        return None


@settings(max_examples=1000, deadline=None)
@given(data=st.data(), header=headers, by=st.sampled_from([None, "editor"]))
def test_a_row_the_fast_path_accepts_is_the_row_parse_update_gives(data, header, by):
    cells = [data.draw(cells_of[name], label=name) for name in header]
    fast = RowChecker(header, CATALOG, TODAY, by).row(list(cells))
    if fast is not None:
        assert fast == _slow(header, cells, by)


ORDINARY = [
    {"commitment": "london-us-ethane", "observed": "2025-07-02", "source_party": "us", "source": "BIS",
     "url": "https://www.bis.gov/", "asserts": "met", "note": "rescinded", "by": "alice"},
    {"commitment": "geneva-us-reciprocal-rate", "observed": "2025-06-01", "source_party": "independent",
     "source": "Mondaq", "asserts": "met", "value": "10", "unit": "%", "period": "2025-05", "tier": "confirmed"},
    {"commitment": "geneva-us-reciprocal-rate", "observed": "2025-08-11", "source_party": "us", "source": "White House",
     "asserts": "progress", "kind": "act", "new_deadline": "2025-11-10", "new_expiry": "2026-11-10"},
    {"commitment": "london-us-ethane", "observed": "2025-07-02", "source_party": "cn", "source": "MOFCOM",
     "asserts": "not_met", "note": "  quoted as said  "},
    {"commitment": "geneva-us-reciprocal-rate", "observed": "2025-06-01", "source_party": "us", "source": "CBP",
     "asserts": "met", "kind": "data", "value": "10", "unit": "%"},
]


@pytest.mark.parametrize("fields", ORDINARY, ids=range(len(ORDINARY)))
def test_ordinary_rows_take_the_fast_path(fields):
    header = list(fields)
    cells = list(fields.values())
    fast = RowChecker(header, CATALOG, TODAY, None).row(cells)
    assert fast is not None and fast == _slow(header, cells, None)


def _nearly_ordinary(data: st.DataObject, header: list[str]) -> list[str]:
    """An ordinary row's cells under `header`, with at most one cell drawn from the edge cases:
    most such rows pass, so batches of them exercise the column check's accepting side too."""
    base = data.draw(st.sampled_from(ORDINARY))
    cells = [base.get(name, "") for name in header]
    changed = data.draw(st.integers(min_value=-len(header), max_value=len(header) - 1), label="changed cell")
    if changed >= 0:
        cells[changed] = data.draw(cells_of[header[changed]], label=header[changed])
    return cells


def _row_by_row(header: list[str], batch: list[list[str]], by: str | None) -> list[UpdateRow | None]:
    checker = RowChecker(header, CATALOG, TODAY, by)
    return [checker.row(list(cells)) or _slow(header, cells, by) for cells in batch]


@settings(max_examples=600, deadline=None)
@given(data=st.data(), header=headers, by=st.sampled_from([None, "editor"]), count=st.integers(min_value=1, max_value=5))
def test_a_batch_the_column_check_accepts_is_each_row_as_parse_update_gives(data, header, by, count):
    batch = [_nearly_ordinary(data, header) for _ in range(count)]
    accepted = RowChecker(header, CATALOG, TODAY, by).rows([list(cells) for cells in batch])
    event("batch accepted" if accepted is not None else "batch sent row by row")
    if accepted is not None:
        assert accepted == _row_by_row(header, batch, by)
        assert None not in accepted


def test_ordinary_rows_take_the_column_check_together():
    header = list(FIELDS)
    batch = [[fields.get(name, "") for name in header] for fields in ORDINARY] * 3
    for by in (None, "editor"):
        accepted = RowChecker(header, CATALOG, TODAY, by).rows([list(cells) for cells in batch])
        assert accepted is not None and accepted == _row_by_row(header, batch, by)


def test_text_beyond_ascii_takes_the_column_check_too():
    header = list(FIELDS)
    batch = [[fields.get(name, "") for name in header] for fields in ORDINARY]
    batch[0][header.index("source")] = "Xinhua \u65b0\u534e\u793e"
    batch[1][header.index("note")] = "\u00a0figure quoted by the Zh\u014dnggu\u00f3 Daily\u00a0"
    accepted = RowChecker(header, CATALOG, TODAY, None).rows([list(cells) for cells in batch])
    assert accepted is not None and accepted == _row_by_row(header, batch, None)


@pytest.mark.parametrize("column, cell", [
    ("note", "   "), ("source", " BIS"), ("source", "BIS\u00a0"), ("by", "tab\tbed"), ("commitment", "nope"),
    ("observed", "2025-12-03"), ("value", "1_000"), ("unit", "t"), ("kind", "figure"), ("value", ""), ("asserts", "ended"),
    ("period", "2025-13"), ("new_deadline", "3000-01-01"), ("tier", "rumour"), ("url", "https://ex ample.org"),
    ("url", "https://example.org/\u00a0"), ("note", "caf\u00e9 \x07"), ("source", "\u3000BIS"),
])
def test_one_row_needing_a_closer_look_sends_the_whole_batch_row_by_row(column, cell):
    header = list(FIELDS)
    batch = [[fields.get(name, "") for name in header] for fields in ORDINARY[:2]] * 2
    batch[-1][header.index(column)] = cell
    assert RowChecker(header, CATALOG, TODAY, None).rows(batch) is None


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _both(data: bytes) -> tuple[object, object]:
    """What the import reads from `data` and what parse_csv reads, each as rows or messages."""
    def read(parse):  # type: ignore[no-untyped-def]
        try:
            return parse()
        except InputError as error:
            return [str(e) for e in error.errors]
    imported = read(lambda: [row for chunk in read_updates(io.BytesIO(data), CATALOG, TODAY) for row in chunk])
    parsed = read(lambda: [row_of(u) for u in parse_csv(data, CATALOG, TODAY)])
    return imported, parsed


@settings(max_examples=300, deadline=None)
@given(data=st.data(), header=headers, count=st.integers(min_value=0, max_value=6))
def test_a_file_reads_to_the_same_rows_or_the_same_report_either_way(data, header, count):
    rows = [[data.draw(cells_of[name]) for name in header] for _ in range(count)]
    imported, parsed = _both(_csv([header, *rows]))
    assert imported == parsed


@settings(max_examples=200, deadline=None)
@given(data=st.data(), header=headers, count=st.integers(min_value=1, max_value=8))
def test_a_file_of_nearly_ordinary_rows_reads_the_same_either_way(data, header, count):
    imported, parsed = _both(_csv([header, *(_nearly_ordinary(data, header) for _ in range(count))]))
    assert imported == parsed


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8")))
def test_any_bytes_read_to_the_same_rows_or_the_same_report_either_way(data):
    imported, parsed = _both(data)
    assert imported == parsed
