"""The timeline under AppTest: status spans up to the as-of date, drawn from change points."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from monitors.history import status_history

TIMELINE_PAGE = "app_pages/timeline.py"


def open_timeline(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page(TIMELINE_PAGE).run()


def test_it_charts_every_commitment_and_lists_the_status_changes(app, tracker):
    at = open_timeline(app)
    assert not at.exception
    assert len(at.main.get_by_key("status-timeline").get("vega_lite_chart")) == 1
    changes = at.main.get_by_key("status-changes").dataframe[0].value
    spans = status_history(tracker.catalog, tracker.store.updates(), tracker.today())
    assert len(changes) == len(spans)
    assert set(changes["commitment"]) == {c.title for c in tracker.catalog.commitments.values()}


def test_moving_the_as_of_date_back_hides_later_changes(app, tracker):
    at = open_timeline(app)
    at.sidebar.date_input("as_of").set_value(date(2025, 6, 12)).run()
    changes = at.main.get_by_key("status-changes").dataframe[0].value
    assert max(changes["from"]) <= "2025-06-12"
    eda = changes[changes["commitment"].str.contains("EDA")]
    assert list(eda["status"])[0] == "pending"
