"""Input that used to be accepted and then changed or broke something later: far-future
dates (the iCalendar feed and the Timeline overflowed), numbers stored other than written,
notes stripped, and `audit --limit -1`. Each is now stored as written or refused, naming the field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from monitors.catalog import load_catalog
from monitors.validation import InputError, parse_date, parse_update
from tests.test_cli import run

CATALOG = load_catalog(Path(__file__).resolve().parent.parent / "data" / "frameworks")
TODAY = date(2025, 8, 1)
FIGURE = {"commitment": "geneva-us-reciprocal-rate", "observed": "2025-07-02", "source_party": "us", "source": "USTR",
          "asserts": "progress", "unit": "%"}
WINDOW_EXTENSION = ["log", "--commitment", "geneva-90-day-window", "--observed", "2025-08-11", "--source-party", "us",
                    "--source", "White House", "--asserts", "progress", "--by", "alice"]


@pytest.mark.parametrize(("text", "problem"), [
    ("9999-12-31", "'9999-12-31' is after 2999-12-31 (dates run from 1900-01-01 to 2999-12-31)"),
    ("3000-01-01", "'3000-01-01' is after 2999-12-31 (dates run from 1900-01-01 to 2999-12-31)"),
    ("1899-12-31", "'1899-12-31' is before 1900-01-01 (dates run from 1900-01-01 to 2999-12-31)"),
    ("２０２５-01-01", "'２０２５-01-01' is not a date in the form YYYY-MM-DD"),
])
def test_a_date_outside_what_every_page_and_export_can_show_is_refused(text, problem):
    assert parse_date(text) == (None, problem)


def test_the_bounds_themselves_are_accepted():
    assert parse_date("1900-01-01") == (date(1900, 1, 1), None)
    assert parse_date("2999-12-31") == (date(2999, 12, 31), None)


def test_a_far_future_deadline_is_refused_and_the_calendar_feed_still_exports(tmp_path):
    db = tmp_path / "truce.db"
    refused = run(db, *WINDOW_EXTENSION, "--new-deadline", "9999-12-31")
    assert refused.returncode == 2
    assert "--new-deadline: '9999-12-31' is after 2999-12-31" in refused.stderr
    assert run(db, *WINDOW_EXTENSION, "--new-deadline", "2999-12-31").returncode == 0
    exported = run(db, "export", "--format", "ics")
    assert exported.returncode == 0, exported.stderr
    assert "BEGIN:VCALENDAR" in exported.stdout


@pytest.mark.parametrize(("value", "fragment"), [
    ("1e-400", "too small to store"),
    ("12345678901234567890", "more than 15 significant digits"),
    ("1_000", "digits 0-9 alone"),
    ("١٢٣", "digits 0-9 alone"),
    ("1e400", "too large to store"),
    ("nan", "not a finite number"),
    ("0x10", "is not a number"),
])
def test_a_number_that_would_be_stored_other_than_written_is_refused(value, fragment):
    with pytest.raises(InputError) as error:
        parse_update({**FIGURE, "value": value}, CATALOG, TODAY)
    assert [(e.field, fragment in e.message) for e in error.value.errors] == [("value", True)]


@pytest.mark.parametrize(("value", "stored"), [
    ("12.5", 12.5), ("-3", -3.0), ("+0.25", 0.25), (".5", 0.5), ("1.2e6", 1.2e6), ("0", 0.0), ("0.000", 0.0),
    ("123456789012345", 123456789012345.0), ("1000000000000000000000", 1e21),
])
def test_a_number_written_plainly_is_stored_as_written(value, stored):
    assert parse_update({**FIGURE, "value": value}, CATALOG, TODAY).value == stored


def test_a_note_is_kept_as_typed_spaces_included():
    note = "  indented quote:\n    \"we will comply\"  "
    assert parse_update({**FIGURE, "value": "10", "note": note}, CATALOG, TODAY).note == note
    assert parse_update({**FIGURE, "value": "10", "note": "   "}, CATALOG, TODAY).note is None


@pytest.mark.parametrize("limit", ["-1", "0", "many"])
def test_audit_refuses_a_limit_below_one(tmp_path, limit, capsys):
    assert run(tmp_path / "truce.db", "audit", "--limit", limit).returncode == 2
    assert "--limit" in capsys.readouterr().err


def test_audit_limit_keeps_the_last_entry(tmp_path):
    db = tmp_path / "truce.db"
    assert run(db, *WINDOW_EXTENSION).returncode == 0
    assert run(db, "audit", "--limit", "1").stdout.count("\n") == 1
