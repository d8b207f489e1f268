"""The timeline under AppTest: status spans up to the as-of date, drawn from change points, for
the commitments the filter chooses and never more than MAX_TIMELINE_COMMITMENTS of them."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from dashboard import filters
from monitors.judging.history import status_history
from tests.conftest import pick_as_of

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
    pick_as_of(at, date(2025, 6, 12))
    changes = at.main.get_by_key("status-changes").dataframe[0].value
    assert max(changes["from"]) <= "2025-06-12"
    eda = changes[changes["commitment"].str.contains("EDA")]
    assert list(eda["status"])[0] == "pending"


def charted_commitments(at: AppTest, chart_frames) -> set[str]:
    bars = next(f for f in chart_frames(at, "status-timeline") if "status" in f.columns)
    assert all(label.endswith("…") or label == title for label, title in zip(bars["commitment"], bars["title"]))
    return set(bars["title"])


def test_the_filter_narrows_the_chart_and_the_changes_to_its_commitments(app, tracker, chart_frames):
    at = open_timeline(app)
    at.main.multiselect("timeline-frameworks").select("london-2025").run()
    london = {c.title for c in tracker.catalog.commitments.values() if c.framework == "london-2025"}
    assert charted_commitments(at, chart_frames) == london
    assert set(at.main.get_by_key("status-changes").dataframe[0].value["commitment"]) == london
    at.main.multiselect("timeline-categories").select("export_controls").run()
    chosen = {c.title for c in tracker.catalog.commitments.values()
              if c.framework == "london-2025" and c.category == "export_controls"}
    assert charted_commitments(at, chart_frames) == chosen and 0 < len(chosen) < len(london)


def test_the_rows_drawn_are_capped_in_catalog_order_and_the_cap_is_said(app, tracker, chart_frames, monkeypatch):
    monkeypatch.setattr(filters, "MAX_TIMELINE_COMMITMENTS", 5)
    at = open_timeline(app)
    assert not at.exception
    first_five = {c.title for c in list(tracker.catalog.commitments.values())[:5]}
    assert charted_commitments(at, chart_frames) == first_five
    total = len(tracker.catalog.commitments)
    assert f"Showing 5 of {total}; narrow the filter" in at.main.caption[0].value
    at.main.multiselect("timeline-categories").select("rare_earths").run()
    rare_earths = {c.title for c in tracker.catalog.commitments.values() if c.category == "rare_earths"}
    assert 0 < len(rare_earths) <= 5
    assert charted_commitments(at, chart_frames) == rare_earths  # Geneva's, London's and Busan's
    assert not any("narrow the filter" in c.value for c in at.main.caption)


def test_a_filter_nothing_matches_says_so(app, tracker):
    at = open_timeline(app)
    at.main.multiselect("timeline-frameworks").select("geneva-2025").run()
    at.main.multiselect("timeline-categories").select("visas").run()
    assert not at.exception
    assert at.main.info[0].value == "No commitment matches the filter."


def test_labels_are_cut_at_a_word_and_lapsed_or_ended_bars_set_apart():
    from dashboard.charts import short_title, timeline_state

    title = "US withdraws its April tariff increases, total additional duty 145% to 30%"
    short = short_title(title, 40)
    assert short == "US withdraws its April tariff increases…" and title.startswith(short[:-1])
    assert short_title("Short title") == "Short title"
    assert timeline_state("pending", ("lapsed", "extended")) == "lapsed"
    assert timeline_state("pending", ("ended",)) == "ended"
    assert timeline_state("pending", ("overdue",)) == "pending, overdue"
    assert timeline_state("met", ()) == "met"
