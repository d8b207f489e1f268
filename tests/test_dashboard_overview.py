"""The overview under AppTest: its counts are the command line's, on the same store and date."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

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
    table = next(d for d in at.main.dataframe if d.key == "commitments").value
    records = {r["id"]: r for r in cli_statuses()}
    assert dict(zip(table["id"], table["status"])) == {i: r["status"] for i, r in records.items()}
    assert set(table.columns) >= {"status", "owed by", "category", "deadline", "days left", "flags"}


def test_counts_per_framework_and_party_add_up(app, tracker):
    at = app.run()
    by_framework = at.main.get_by_key("by-framework").table[0].value
    by_obligor = at.main.get_by_key("by-obligor").table[0].value
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


def test_a_catalog_of_a_thousand_commitments_draws_bounded_lists(tmp_path, monkeypatch, clear_streamlit_caches):
    import yaml

    frameworks = tmp_path / "data" / "frameworks"
    frameworks.mkdir(parents=True)
    commitments = [
        {"id": f"big-{n:04d}", "title": f"Commitment {n}", "obligor": "us" if n % 2 else "cn", "category": "negotiation",
         "promise": "A promise.", "sources": ["S1"], "check": {"monitor": "statements"},
         "deadline": f"2030-01-{1 + n % 28:02d}", "in_exchange_for": [f"big-{n + 1 if n % 2 == 0 else n - 1:04d}"]}
        for n in range(1000)
    ]
    (frameworks / "big.yaml").write_text(yaml.safe_dump({
        "id": "big-2025", "name": "Big framework", "date": "2025-01-01", "parties": ["us", "cn"], "summary": "Many.",
        "sources": {"S1": {"outlet": "Wire", "title": "Report"}}, "commitments": commitments,
    }), encoding="utf-8")
    monkeypatch.setenv("TRUCE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRUCE_DB_URL", f"sqlite:///{tmp_path / 'big.db'}")
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=60)
    at.secrets["dashboard"] = {"editor_emails": []}
    at.run()
    assert not at.exception
    bargains = [c for c in at.main.get("container") if c.key and c.key.startswith("bargain-")]
    assert len(bargains) == 12
    deadline_lines = [t.value for t in at.main.text if t.value.startswith("2030-")]
    assert len(deadline_lines) == 10
    captions = " ".join(c.value for c in at.main.caption)
    assert "The next 10 of 1000" in captions and "The first 12 of 500" in captions
