"""CSV import: all rows valid or nothing, with a report naming the row and the field."""

from datetime import date
from pathlib import Path

import pytest

from monitors.catalog import load_catalog
from monitors.importing import parse_csv
from monitors.validation import InputError

CATALOG = load_catalog(Path(__file__).resolve().parent.parent / "data" / "frameworks")
TODAY = date(2025, 8, 1)
HEADER = "commitment,observed,source_party,source,url,asserts,value,unit,new_deadline,note,by\n"
GOOD = "london-us-ethane,2025-07-02,us,BIS,https://www.bis.gov/,met,,,,rescinded,alice\n"


def _errors(data: bytes) -> list[str]:
    with pytest.raises(InputError) as error:
        parse_csv(data, CATALOG, TODAY)
    return [str(e) for e in error.value.errors]


def test_it_reads_every_row():
    updates = parse_csv((HEADER + GOOD + GOOD).encode(), CATALOG, TODAY)
    assert len(updates) == 2
    assert updates[0].logged_by == "alice"


def test_it_accepts_a_byte_order_mark_and_only_the_required_columns():
    data = "\ufeffcommitment,observed,source_party,source,asserts\nlondon-us-ethane,2025-07-02,us,BIS,met\n"
    assert parse_csv(data.encode("utf-8"), CATALOG, TODAY)[0].url is None


def test_it_names_the_line_and_field_of_each_bad_row_as_a_spreadsheet_numbers_them():
    data = HEADER + GOOD + "london-us-ethane,2025-07-40,us,BIS,,met,,,,,\n" + "london-us-ethane,2025-07-02,us,BIS,,perhaps,,,,,\n"
    assert _errors(data.encode()) == [
        "line 3, observed: '2025-07-40' is not a real calendar date",
        "line 4, asserts: 'perhaps' is not one of met, progress, not_met, ended",
    ]


def test_it_refuses_a_row_missing_a_column():
    errors = _errors((HEADER + "london-us-ethane,2025-07-02,us,BIS,met\n").encode())
    assert errors == ["line 2, columns: has 5 fields; the header has 11"]


def test_it_refuses_a_header_missing_a_required_column():
    assert _errors(b"commitment,observed,source\nx,2025-01-01,y\n") == [
        "header: missing column(s) source_party, asserts"
    ]


def test_it_refuses_a_file_that_is_not_csv_text():
    assert "is not UTF-8 text" in _errors(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")[0]


def test_it_refuses_an_empty_file():
    assert "is empty" in _errors(b"")[0]


def test_it_refuses_a_header_with_no_rows():
    assert "no rows" in _errors(HEADER.encode())[0]
