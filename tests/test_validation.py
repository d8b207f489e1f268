"""The validator behind the form, `log` and `import`: each bad field is named."""

from datetime import date
from pathlib import Path

import pytest

from monitors.catalog import load_catalog
from monitors.validation import InputError, parse_update

CATALOG = load_catalog(Path(__file__).resolve().parent.parent / "data" / "frameworks")
TODAY = date(2025, 8, 1)
VALID = {
    "commitment": "london-us-eda-software",
    "observed": "2025-07-02",
    "source_party": "us",
    "source": "BIS",
    "url": "https://www.bis.gov/",
    "asserts": "met",
}


def _errors(**changes) -> dict[str, str]:
    with pytest.raises(InputError) as error:
        parse_update({**VALID, **changes}, CATALOG, TODAY)
    return {e.field: e.message for e in error.value.errors}


def test_it_accepts_a_valid_update_and_strips_text():
    update = parse_update({**VALID, "source": "  BIS  ", "note": "Letters rescinded."}, CATALOG, TODAY)
    assert update.observed == date(2025, 7, 2)
    assert update.source == "BIS"
    assert update.logged_by == "anonymous"


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"commitment": "no-such-thing"}, "commitment", "unknown commitment"),
        ({"observed": "2025-02-30"}, "observed", "not a real calendar date"),
        ({"observed": "02/07/2025"}, "observed", "YYYY-MM-DD"),
        ({"observed": "2025-08-03"}, "observed", "in the future"),
        ({"observed": ""}, "observed", "is required"),
        ({"source_party": "eu"}, "source_party", "not one of us, cn, independent"),
        ({"asserts": "maybe"}, "asserts", "not one of met, progress, not_met"),
        ({"value": "lots", "unit": "t"}, "value", "not a number"),
        ({"value": "nan", "unit": "t"}, "value", "not a finite number"),
        ({"value": "5"}, "unit", "required when a value is given"),
        ({"url": "ftp://example.com/x"}, "url", "not an http(s) URL"),
        ({"url": "javascript:alert(1)"}, "url", "not an http(s) URL"),
        ({"url": "https://[::1/"}, "url", "not an http(s) URL"),  # urlsplit raised ValueError: a traceback
        ({"new_deadline": "2025-13-01"}, "new_deadline", "not a real calendar date"),
        ({"source": "BIS\x00"}, "source", "control characters"),
        ({"source": "x" * 301}, "source", "too long"),
    ],
)
def test_it_names_the_bad_field(changes, field, fragment):
    errors = _errors(**changes)
    assert field in errors
    assert fragment in errors[field]


def test_it_reports_every_bad_field_at_once():
    assert set(_errors(observed="nope", asserts="maybe", url="x")) == {"observed", "asserts", "url"}


def test_a_measurement_must_be_in_the_commitments_unit():
    errors = _errors(commitment="london-cn-export-licences", value="353", unit="kg")
    assert "'t'" in errors["unit"]


def test_tomorrow_in_utc_is_accepted_for_time_zones_ahead_of_utc():
    assert parse_update({**VALID, "observed": "2025-08-02"}, CATALOG, TODAY).observed == date(2025, 8, 2)
