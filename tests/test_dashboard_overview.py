"""The overview under AppTest: its counts are the command line's, on the same store and date."""

from __future__ import annotations

import io
import json
from datetime import date

from streamlit.testing.v1 import AppTest

from monitors.cli import main as cli


def cli_statuses(*args: str) -> list[dict[str, object]]:
    out = io.StringIO()
    assert cli(["status", "--format", "json", *args], out=out) == 0
    return json.loads(out.getvalue())


def metrics(at: AppTest) -> dict[str, int]:
    return {m.label: int(m.value) for m in at.main.metric}


def expected_counts(records: list[dict[str, object]]) -> dict[str, int]:
    return {
        "Met": sum(r["status"] == "met" for r in records),
        "Pending": sum(r["status"] == "pending" for r in records),
        "Disputed": sum(r["status"] == "disputed" for r in records),
        "Overdue": sum("overdue" in r["flags"] for r in records),
    }


def test_the_counts_match_the_command_line_on_the_same_store(app, tracker):
    at = app.run()
    assert not at.exception
    assert metrics(at) == expected_counts(cli_statuses())


def test_the_as_of_date_replays_the_counts_of_that_day(app, tracker):
    at = app.run()
    at.sidebar.date_input("as_of").set_value(date(2025, 6, 12)).run()
    assert not at.exception
    assert metrics(at) == expected_counts(cli_statuses("--as-of", "2025-06-12"))
    assert "as it stood on 2025-06-12" in at.main.info[0].value
    at.sidebar.button("as-of-today").click().run()
    assert metrics(at) == expected_counts(cli_statuses())


def test_the_table_lists_every_commitment_with_its_status(app, tracker):
    at = app.run()
    table = at.main.dataframe[2].value
    records = {r["id"]: r for r in cli_statuses()}
    assert dict(zip(table["id"], table["status"])) == {i: r["status"] for i, r in records.items()}
    assert set(table.columns) >= {"status", "owed by", "category", "deadline", "days left", "flags"}


def test_counts_per_framework_and_party_add_up(app, tracker):
    at = app.run()
    by_framework = at.main.get_by_key("by-framework").dataframe[0].value
    by_obligor = at.main.get_by_key("by-obligor").dataframe[0].value
    total = len(tracker.catalog.commitments)
    assert by_framework["total"].sum() == by_obligor["total"].sum() == total
    assert by_framework["met"].sum() == metrics(at)["Met"]


def test_upcoming_deadlines_count_down_on_the_as_of_date(app, tracker):
    at = app.run()
    at.sidebar.date_input("as_of").set_value(date(2025, 8, 1)).run()
    lines = [t.value for t in at.main.text]
    assert "2025-08-12 · in 11 days: Reach an agreement within the initial 90-day suspension [pending]" in lines


def test_the_give_and_take_view_shows_what_each_side_delivered(app, tracker):
    at = app.run()
    at.sidebar.date_input("as_of").set_value(date(2025, 6, 12)).run()
    london = next(
        b for b in at.main.get("container") if b.key and b.key.startswith("bargain-") and len(b.text) == 7
    )
    headings = [m.value for m in london.markdown]
    assert headings == ["**United States** delivered 0 of 6", "**China** delivered 0 of 1"]


def test_the_latest_evidence_and_the_downloads_are_there(app, tracker):
    at = app.run()
    latest = at.main.get_by_key("latest-evidence").dataframe[0].value
    assert len(latest) == 10
    assert list(latest["observed"]) == sorted(latest["observed"], reverse=True)
    assert {b.key for b in at.main.download_button} == {"download-statuses", "download-evidence", "download-json", "download-ics"}


def test_the_alert_inbox_has_its_place(app, tracker):
    at = app.run()
    assert at.main.get_by_key("alert-inbox").subheader[0].value == "Alert inbox"
