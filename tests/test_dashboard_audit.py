"""The audit page under AppTest: who logged or retracted which update and when, newest first,
open to anyone, with names and details as plain table cells."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from monitors.domain import NewUpdate
from monitors.tracker import Tracker

AUDIT_PAGE = "app_pages/audit.py"
COMMITMENT = "london-us-nvidia-h20"
AUTHOR = "**Ana** <b>Li</b>"


def open_audit(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page(AUDIT_PAGE).run()


def log_one(tracker: Tracker, by: str = AUTHOR) -> int:
    return tracker.log({"commitment": COMMITMENT, "observed": "2025-07-01", "source_party": "us",
                        "source": "[BIS](https://evil.example)", "asserts": "met"}, by=by)


def test_it_lists_a_logged_update_with_its_author_newest_first(app, tracker):
    update_id = log_one(tracker)
    at = open_audit(app)
    assert not at.exception
    trail = at.main.get_by_key("audit-trail").dataframe[0].value
    first = trail.iloc[0]
    assert (first["who"], first["action"], first["update #"]) == (AUTHOR, "logged", update_id)
    assert first["commitment"] == tracker.catalog.commitments[COMMITMENT].title
    assert first["detail"] == "met per [BIS](https://evil.example)"  # a cell: drawn as text
    assert first["time"].endswith(" UTC")
    assert list(trail["time"]) == sorted(trail["time"], reverse=True)


def test_a_retraction_is_listed_with_who_retracted_and_why(app, tracker):
    update_id = log_one(tracker)
    tracker.retract(update_id, "misattributed quote", "chief editor")
    at = open_audit(app)
    first = at.main.get_by_key("audit-trail").dataframe[0].value.iloc[0]
    assert (first["who"], first["action"], first["update #"], first["detail"]) == (
        "chief editor", "retracted", update_id, "misattributed quote")


def test_the_limit_bounds_the_rows_and_says_when_more_exist(app, tracker):
    tracker.store.append([
        NewUpdate(commitment_id=COMMITMENT, observed=date(2025, 7, 1), source_party="us", source="bulk", asserts="progress")
        for _ in range(120)
    ], tracker.clock())
    at = open_audit(app)
    assert len(at.main.get_by_key("audit-trail").dataframe[0].value) == 100
    assert "Showing the newest 100" in at.main.caption[-1].value
    at.main.selectbox("audit-limit").select(500).run()
    assert len(at.main.get_by_key("audit-trail").dataframe[0].value) == len(tracker.store.updates())
