"""The timeline under AppTest: status spans up to the as-of date, drawn from change points, for
the commitments the filter chooses and never more than MAX_TIMELINE_COMMITMENTS of them."""

from __future__ import annotations

import colorsys
import json
from datetime import date

from streamlit.testing.v1 import AppTest

from dashboard import filters
from monitors.judging.history import status_history
from tests.conftest import pick_as_of
from tests.html_reading import Node, drawn, table_rows

TIMELINE_PAGE = "app_pages/timeline.py"


def open_timeline(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page(TIMELINE_PAGE).run()


def changes_table(at: AppTest) -> Node:
    return drawn(at.main.get_by_key("status-changes"))


def status_changes(at: AppTest) -> list[dict[str, str]]:
    return table_rows(changes_table(at))


def test_it_charts_every_commitment_and_lists_the_status_changes(app, tracker):
    at = open_timeline(app)
    assert not at.exception
    assert len(at.main.get_by_key("status-timeline").get("vega_lite_chart")) == 1
    changes = status_changes(at)
    spans = status_history(tracker.catalog, tracker.store.updates(), tracker.today())
    assert len(changes) == len(spans)
    assert {r["commitment"] for r in changes} == {c.title for c in tracker.catalog.commitments.values()}


def test_the_status_changes_wrap_in_words_with_each_status_in_its_colour(app, tracker):
    at = open_timeline(app)
    table = changes_table(at)
    assert "truce-wide" in table.all("table")[0].attrs["class"]  # spans the page, long titles wrap
    colours = {"met": "truce-green", "pending": "truce-orange", "disputed": "truce-red"}
    for row in table.all("tr")[1:]:
        status = row.all("td")[2]
        [word] = status.all("strong")
        assert word.attrs["class"] == colours[word.text()]
    flags = {r["flags"] for r in status_changes(at)}
    assert "expiring soon, stale" in flags and not any("_" in f or "None" in f for f in flags)


def test_moving_the_as_of_date_back_hides_later_changes(app, tracker):
    at = open_timeline(app)
    pick_as_of(at, date(2025, 6, 12))
    changes = status_changes(at)
    assert max(r["from"] for r in changes) <= "2025-06-12"
    eda = [r for r in changes if "EDA" in r["commitment"]]
    assert eda[0]["status"] == "pending"


def test_a_replay_offers_only_the_frameworks_agreed_by_its_day_in_the_order_agreed(app):
    """On 12 June 2025 Geneva (12 May) and London (10 June) existed; Stockholm and Busan did not."""
    at = open_timeline(app)
    assert at.main.multiselect("timeline-frameworks").options == [
        "Geneva consensus", "London framework", "Stockholm extension", "Kuala Lumpur / Busan arrangement"]
    pick_as_of(at, date(2025, 6, 12))
    assert at.main.multiselect("timeline-frameworks").options == ["Geneva consensus", "London framework"]


def charted_commitments(at: AppTest, chart_frames) -> set[str]:
    bars = next(f for f in chart_frames(at, "status-timeline") if "status" in f.columns)
    assert all(label.endswith("…") or label == title for label, title in zip(bars["commitment"], bars["title"]))
    return set(bars["title"])


def test_the_filter_narrows_the_chart_and_the_changes_to_its_commitments(app, tracker, chart_frames):
    at = open_timeline(app)
    at.main.multiselect("timeline-frameworks").select("london-2025").run()
    london = {c.title for c in tracker.catalog.commitments.values() if c.framework == "london-2025"}
    assert charted_commitments(at, chart_frames) == london
    assert {r["commitment"] for r in status_changes(at)} == london
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


def chart_spec(at: AppTest) -> dict:
    return json.loads(at.main.get_by_key("status-timeline").get("vega_lite_chart")[0].proto.spec)


def colour_scales(spec: dict) -> dict[str, str]:
    """Every colour the chart's legends name, as {words: colour}."""
    found = {}
    for layer in spec["layer"]:
        scale = layer.get("encoding", {}).get("color", {}).get("scale")
        if scale:
            found.update(zip(scale["domain"], scale["range"]))
    return found


def hue(colour: str) -> float:
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(red, green, blue)[0] * 360


def test_stale_and_expiring_are_marked_in_words_and_overdue_is_not_mistaken_for_disputed(app, tracker, chart_frames):
    at = open_timeline(app)
    colours = colour_scales(chart_spec(at))
    assert {"stale", "expiring soon"} <= set(colours)
    overdue, disputed = colours["pending, overdue"], colours["disputed"]
    apart = abs(hue(overdue) - hue(disputed))
    assert min(apart, 360 - apart) >= 60  # a hue of its own, not a shade of red
    strips = next(f for f in chart_frames(at, "status-timeline") if "flag" in f.columns)
    titles = {c.id: c.title for c in tracker.catalog.commitments.values()}
    spans = status_history(tracker.catalog, tracker.store.updates(), tracker.today())
    marked = {(titles[s.commitment_id], word) for s in spans
              for flag, word in (("stale", "stale"), ("expiring", "expiring soon")) if flag in s.flags}
    assert set(zip(strips["title"], strips["flag"])) == marked
    assert {"stale", "expiring soon"} == set(strips["flag"])
    strip_layers = [layer for layer in chart_spec(at)["layer"]
                    if layer.get("encoding", {}).get("color", {}).get("field") == "flag"]
    assert len(strip_layers) == 2
    for layer in strip_layers:
        assert {t["title"] for t in layer["encoding"]["tooltip"]} == {"Commitment", "Flag", "From", "Until"}
