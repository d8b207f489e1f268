"""Property tests of the validators behind the form, `log` and `import`: any input is either
stored faithfully (read back equal) or refused with a message naming a field."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.stores import url_for

from monitors.catalog import load_catalog
from monitors.exporting import spreadsheet_safe
from monitors.importing import parse_csv
from monitors.store import Store
from monitors.validation import FIELDS, InputError, parse_update

DATA = Path(__file__).resolve().parent.parent / "data"
CATALOG = load_catalog(DATA / "frameworks")
TODAY = date(2026, 1, 1)
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
BASE = {"commitment": "london-us-ethane", "observed": "2025-07-02", "source_party": "us", "source": "BIS", "asserts": "met"}

weird_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=5000) | st.sampled_from(
    ["", " ", "\x00", "\u202e", "<script>alert(1)</script>", "=1+1", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "a\r\nb", "\ud800", "9" * 400]
)
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "inf", "-inf", "1e309", "1_000", "0x10", "١٢", "1,5", " 5 "]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
dates = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.sampled_from(["0000-01-01", "2025-02-29", "2024-02-29", "99999-01-01", "2025-1-1", "2025-07-02T00:00"]),
    weird_text,
)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    return Store.open(url_for(tmp_path_factory.mktemp('props') / 'truce.db'), CATALOG, DATA / "evidence", NOW)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=st.one_of(weird_text, numbers, dates))
def test_any_single_field_is_stored_faithfully_or_refused_by_name(store, field, value):
    raw = {**BASE, field: value}
    if field == "value":
        raw["unit"] = "b/d"
    try:
        update = parse_update(raw, CATALOG, TODAY)
    except InputError as error:
        assert error.errors and all(e.field in (*FIELDS, "unit", "value") for e in error.errors)
        return
    [update_id] = store.append([update], NOW)
    stored = store.update(update_id)
    assert stored is not None
    assert (stored.commitment_id, stored.observed, stored.source, stored.url, stored.asserts, stored.value, stored.unit,
            stored.new_deadline, stored.note, stored.logged_by) == (
        update.commitment_id, update.observed, update.source, update.url, update.asserts, update.value, update.unit,
        update.new_deadline, update.note, update.logged_by)


@settings(max_examples=100, deadline=None)
@given(value=numbers)
def test_an_accepted_value_is_always_a_finite_number(value):
    try:
        update = parse_update({**BASE, "value": value, "unit": "b/d"}, CATALOG, TODAY)
    except InputError as error:
        assert [e.field for e in error.errors] == ["value"]
        return
    assert update.value is not None and update.value == update.value and abs(update.value) != float("inf")


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8")))
def test_any_bytes_as_an_import_are_parsed_or_refused_never_crash(data):
    try:
        updates = parse_csv(data, CATALOG, TODAY)
    except InputError as error:
        assert error.errors
        return
    assert updates


@settings(max_examples=50, deadline=None)
@given(encoding=st.sampled_from(["utf-16", "utf-32", "cp1252", "latin-1"]))
def test_csv_in_another_encoding_is_refused_or_read_identically(encoding):
    text = "commitment,observed,source_party,source,asserts,note\nlondon-us-ethane,2025-07-02,us,Café Ü,met,naïve\n"
    try:
        updates = parse_csv(text.encode(encoding), CATALOG, TODAY)
    except InputError as error:
        assert error.errors[0].field in ("file", "header")
        return
    assert updates[0].source == "Café Ü"


@given(text=st.text(max_size=50))
def test_exported_text_never_starts_a_spreadsheet_formula(text):
    assert not str(spreadsheet_safe(text)).startswith(("=", "+", "-", "@", "\t", "\r"))
