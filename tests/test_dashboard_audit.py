"""The audit page under AppTest: who logged or retracted which update and when, newest first,
open to anyone, with names and details as plain text in a table that wraps (no sideways scrolling)."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from monitors.domain import NewUpdate
from monitors.tracker import Tracker
from tests.html_reading import drawn, table_rows

AUDIT_PAGE = "app_pages/audit.py"
COMMITMENT = "london-us-nvidia-h20"
AUTHOR = "**Ana** <b>Li</b>"


def open_audit(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page(AUDIT_PAGE).run()


def trail(at: AppTest) -> list[dict[str, str]]:
    return table_rows(drawn(at.main.get_by_key("audit-trail")))


def log_one(tracker: Tracker, by: str = AUTHOR) -> int:
    return tracker.log({"commitment": COMMITMENT, "observed": "2025-07-01", "source_party": "us",
                        "source": "[BIS](https://evil.example)", "asserts": "met"}, by=by)


def test_it_lists_a_logged_update_with_its_author_newest_first(app, tracker):
    update_id = log_one(tracker)
    at = open_audit(app)
    assert not at.exception
    rows = trail(at)
    first = rows[0]
    who = first["who"].replace("\u00a0", " ")  # kept on one line
    assert (who, first["action"], first["update"]) == (AUTHOR, "logged", f"#{update_id}")
    assert first["commitment"] == tracker.catalog.commitments[COMMITMENT].title
    assert first["detail"] == "met per [BIS](https://evil.example)"  # escaped: drawn as typed
    table = drawn(at.main.get_by_key("audit-trail"))
    assert not table.all("b") and not table.all("a") and "truce-wide" in table.all("table")[0].attrs["class"]
    assert first["time"].endswith(" UTC")
    assert [r["time"] for r in rows] == sorted((r["time"] for r in rows), reverse=True)


def test_a_retraction_is_listed_with_who_retracted_and_why(app, tracker):
    update_id = log_one(tracker)
    tracker.retract(update_id, "misattributed quote", "chief editor")
    at = open_audit(app)
    first = trail(at)[0]
    assert (first["who"], first["action"], first["update"], first["detail"]) == (
        "chief\u00a0editor", "retracted", f"#{update_id}", "misattributed quote")  # a name on one line


def test_the_limit_bounds_the_rows_and_says_when_more_exist(app, tracker):
    tracker.store.append([
        NewUpdate(commitment_id=COMMITMENT, observed=date(2025, 7, 1), source_party="us", source="bulk", asserts="progress")
        for _ in range(120)
    ], tracker.clock())
    at = open_audit(app)
    assert len(trail(at)) == 100
    assert "Showing the newest 100" in at.main.caption[-1].value
    at.main.selectbox("audit-limit").select(500).run()
    assert len(trail(at)) == len(tracker.store.updates())
