"""The commitment page under AppTest: opened at the dashboard's own address with ?commitment=<id>
(and at its old address), with the promise, its sources, the status in plain words, the evidence
and its charts."""

from __future__ import annotations

import json
import re
from datetime import date

from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

from dashboard import html_blocks
from monitors.domain import NewUpdate
from tests.html_reading import Node, drawn, table_rows
from tests.markdown import unescape
from tests.conftest import pick_as_of

COMMITMENT_PAGE = "app_pages/commitment.py"


def open_commitment(app: AppTest, commitment_id: str, charts: bool = False, everything: bool = False) -> AppTest:
    """The commitment's page, opened as every link opens it: the dashboard's own address with
    ?commitment=<id>; with `charts`, after a click on Draw the charts; with `everything`, after
    the clicks that show more of the status history and the evidence."""
    app.query_params["commitment"] = commitment_id
    at = app.run()
    if charts:
        at.main.button("show-charts").click().run()
    if everything:
        for key in ("more-history", "more-evidence"):
            if any(b.key == key for b in at.main.button):
                at.main.button(key).click().run()
    return at


def section(at: AppTest, name: str) -> Node:
    """A named part of the page's HTML blocks (`data-section`)."""
    return drawn(at.main).section(name)


def rows(at: AppTest, name: str) -> list[dict[str, str]]:
    """The table of a named part of the page, one dict per row."""
    return table_rows(section(at, name))


def headings(at: AppTest) -> list[str]:
    return [h.text() for h in drawn(at.main).all("h3")]


CHARTS = ("evidence-chart", "measured-chart", "tariff-chart", "purchase-chart")


def chart_specs(at: AppTest) -> dict[str, dict[str, object]]:
    """The charts on the page by the key of their container, as Vega-Lite specs."""
    found = {}
    for key in CHARTS:
        try:
            found[key] = json.loads(at.main.get_by_key(key).get("vega_lite_chart")[0].proto.spec)
        except KeyError:
            continue
    return found


def test_it_opens_the_commitment_named_in_the_link(app, tracker):
    at = open_commitment(app, "geneva-cn-nontariff-countermeasures")
    assert not at.exception
    # after China's controls of 9 October the two governments' claims conflict
    pick_as_of(at, date(2025, 10, 21))
    assert not at.exception
    assert at.main.title[0].value == "China suspends or removes its non-tariff countermeasures since 2 April 2025"
    status = section(at, "status")
    [badge] = status.all("span")[:1]
    assert "truce-red" in badge.attrs["class"] and badge.text() == "error disputed"  # its icon, then the word
    explanation = status.all("p")[0].text()
    assert explanation == tracker.assessment("geneva-cn-nontariff-countermeasures", date(2025, 10, 21)).verdict.explanation
    assert "the US government said it is not met" in explanation and "the Chinese government said it is met" in explanation
    assert at.query_params["commitment"] == "geneva-cn-nontariff-countermeasures"


def test_the_address_the_page_had_before_still_opens_the_commitment(app, tracker):
    app.run()
    app.switch_page(COMMITMENT_PAGE)  # the page at /commitment, as a browser asks for it by that path
    app.query_params["commitment"] = "geneva-90-day-window"
    at = app.run()
    assert not at.exception
    assert at.main.title[0].value == tracker.catalog.commitments["geneva-90-day-window"].title
    assert at.query_params["commitment"] == "geneva-90-day-window"


def test_it_shows_the_sources_the_deadline_history_and_the_evidence(app, tracker):
    at = open_commitment(app, "geneva-90-day-window", everything=True)
    commitment = tracker.catalog.commitments["geneva-90-day-window"]
    sources = section(at, "sources")
    assert len(sources.all("p")) == len(commitment.sources)
    quotes = [q.text() for q in sources.all("blockquote")]
    for source in commitment.sources:
        if source.quote:  # the whole quote, not the first few characters
            assert " ".join(source.quote.split()) in quotes
        if source.url:
            assert str(source.url) in [a.attrs["href"] for a in sources.all("a")]
    assert re.search(r"Deadline 2026-11-10 \(\d+ days? ago\); as written, 2025-08-12\.", drawn(at.main).text())
    history = rows(at, "deadline-history")
    assert [r["deadline"] for r in history] == ["2025-08-12", "2025-11-10", "2026-11-10"]  # Geneva's, then both extensions
    assert history[0]["set by"] == "the framework, as written"
    evidence = rows(at, "evidence")
    assert {r["update"].split()[0] for r in evidence} == {f"#{u.id}" for u in tracker.store.updates(commitment_id="geneva-90-day-window")}


def test_the_evidence_follows_the_as_of_date(app, tracker):
    at = open_commitment(app, "geneva-90-day-window")
    pick_as_of(at, date(2025, 6, 12))
    evidence = rows(at, "evidence")
    assert len(evidence) > 0
    assert all(r["observed"] <= "2025-06-12" for r in evidence)
    assert headings(at)[0] == "Status as of 2025-06-12"


def test_a_measured_commitment_charts_its_measurements_against_the_target(app, tracker, chart_frames):
    at = open_commitment(app, "london-cn-export-licences", charts=True)
    assert set(chart_specs(at)) == {"evidence-chart", "measured-chart"}
    frames = chart_frames(at, "measured-chart")
    measured = next(f for f in frames if "source" in f.columns)
    assert list(measured["value"]) == [46.0, 353.0, 619.0, 590.0, 420.0, 656.0, 582.0, 564.0]  # May to December 2025
    levels = next(f for f in frames if "level" in f.columns)
    assert dict(zip(levels["level"], levels["value"])) == {
        "baseline (620 t/month)": 620.0, "met at 80% of baseline (496 t)": 496.0
    }


def test_a_commitment_judged_on_words_has_no_measurement_chart(app, tracker):
    at = open_commitment(app, "london-us-student-visas", charts=True)
    assert set(chart_specs(at)) == {"evidence-chart"}


def test_choosing_another_commitment_updates_the_link(app, tracker):
    at = open_commitment(app, "london-us-ethane")
    assert not at.main.selectbox  # the list of every commitment is drawn when asked for
    at.main.button("choose-commitment").click().run()
    at.main.selectbox("commitment").select("london-us-jet-engines").run()
    assert at.main.title[0].value == tracker.catalog.commitments["london-us-jet-engines"].title
    assert at.query_params["commitment"] == "london-us-jet-engines"


def test_the_link_in_an_alert_to_the_dashboard_address_opens_the_commitment(app, tracker):
    app.query_params["commitment"] = "london-us-ethane"
    at = app.run()
    assert not at.exception
    assert at.main.title[0].value == tracker.catalog.commitments["london-us-ethane"].title


def test_a_commitment_not_yet_agreed_on_the_as_of_date_says_so_without_a_status(app, tracker):
    at = open_commitment(app, "busan-cn-general-licences")
    pick_as_of(at, date(2025, 6, 12))
    assert not at.exception
    assert at.main.title[0].value == tracker.catalog.commitments["busan-cn-general-licences"].title
    assert any(i.value.startswith("Not yet agreed on 2025-06-12") for i in at.main.info)
    assert "status" not in {d.attrs.get("data-section") for d in drawn(at.main).all("div")}
    assert section(at, "sources").all("p")
    assert set(chart_specs(at)) == set()


def test_the_linked_commitments_leave_out_those_not_yet_agreed(app, tracker):
    at = open_commitment(app, "geneva-cn-nontariff-countermeasures")
    pick_as_of(at, date(2025, 6, 12))
    assert not at.exception
    items = section(at, "links").all("li")
    links = [item.all("a")[0] for item in items]
    assert all(link.attrs["href"].startswith("./?") for link in links)  # at the dashboard's own address
    queries = [parse_qs(link.attrs["href"].removeprefix("./?")) for link in links]
    assert [q["commitment"][0] for q in queries] == ["london-cn-export-licences"]
    assert queries[0]["as_of"] == ["2025-06-12"]  # the link keeps the replayed day
    assert items[0].text().startswith("Carried forward by: China approves")


def test_every_flag_the_judging_can_raise_has_a_badge_label():
    from dashboard.view import FLAG_LABELS
    from monitors.domain import FLAGS

    assert set(FLAG_LABELS) == set(FLAGS)


def page_text(at: AppTest) -> str:
    """Every piece of text the main area shows, for checks that no raw value leaks out."""
    parts = [e.value for kind in ("markdown", "text", "caption", "info", "warning", "subheader", "title") for e in getattr(at.main, kind)]
    parts += [drawn(at.main).text()]
    return "\n".join(str(p) for p in parts)


def test_no_raw_field_value_reaches_the_page(app, tracker):
    for commitment_id in ("london-cn-export-licences", "geneva-us-reciprocal-rate", "busan-cn-soybean-purchases",
                          "geneva-90-day-window"):
        at = open_commitment(app, commitment_id)
        assert not at.exception
        text = page_text(at)
        for raw in ("None", "not_met", "single_source", "rare_earths", "export_controls", "nan"):
            assert raw not in unescape(text), (commitment_id, raw)


def test_the_status_history_dates_each_change_with_its_reason_and_evidence(app, tracker):
    at = open_commitment(app, "london-cn-export-licences", everything=True)
    changes = rows(at, "status-history")
    london = tracker.catalog.frameworks["london-2025"].date
    assert changes[-1]["from"] == london.isoformat()  # the framework's day, the first entry
    assert changes[-1]["why"].startswith("The London framework was agreed")
    assert [c["from"] for c in changes] == sorted((c["from"] for c in changes), reverse=True)
    caused = [c for c in changes if c["evidence"]]
    assert caused and all(c["why"].startswith("New evidence observed that day") for c in caused)
    ids = {f"#{u.id}" for u in tracker.store.updates(commitment_id="london-cn-export-licences")}
    assert all(set(c["evidence"].split(", ")) <= ids for c in caused)


def test_the_status_history_follows_the_as_of_date(app, tracker):
    at = open_commitment(app, "london-cn-export-licences")
    pick_as_of(at, date(2025, 7, 1))
    changes = rows(at, "status-history")
    assert changes and all(c["from"] <= "2025-07-01" for c in changes)


def test_the_evidence_marks_what_the_status_rests_on_and_links_its_source(app, tracker):
    at = open_commitment(app, "london-cn-export-licences", everything=True)
    assessment = tracker.assessment("london-cn-export-licences")
    evidence = rows(at, "evidence")
    marked = {r["update"].split()[0] for r in evidence if r["rests on"] == "★"}
    assert marked == {f"#{i}" for i in assessment.verdict.evidence}
    june_row = next(i for i, r in enumerate(evidence) if r["evidence"] == "figure, June 2025")
    june = evidence[june_row]
    assert june["says"] == "not met (353\u00a0t)" and june["source"].startswith("independent sources: China customs data")
    assert june["source"].endswith("(confirmed) · open")
    [cited] = [r for r in section(at, "evidence").all("tr") if r.all("td")][june_row].all("a")
    assert cited.attrs["href"] == ("https://www.timeslive.co.za/news/world/2025-07-20-chinas-exports-of-rare-earth-"
                                   "magnets-to-the-us-skyrocket-in-june/")
    assert cited.attrs["target"] == "_blank" and "noopener" in cited.attrs["rel"]


def test_the_evidence_search_keeps_the_matching_rows(app, tracker):
    at = open_commitment(app, "london-cn-export-licences", everything=True)
    at.main.text_input("evidence-search").input("customs 353").run()
    assert [r["evidence"] for r in rows(at, "evidence")] == ["figure, June 2025"]


def test_a_tariff_is_charted_as_steps_against_the_committed_rate(app, tracker, chart_frames):
    at = open_commitment(app, "geneva-us-reciprocal-rate", charts=True)
    spec = chart_specs(at)["tariff-chart"]
    assert spec["layer"][0]["mark"]["interpolate"] == "step-after"
    steps = next(f for f in chart_frames(at, "tariff-chart") if "rate" in f.columns)
    assert set(steps["source"]) <= {"US government", "Chinese government", "Independent sources"}
    assert 10.0 in set(steps["rate"])


def test_purchases_are_charted_as_running_totals_with_one_panel_per_window(app, tracker, chart_frames):
    at = open_commitment(app, "busan-cn-soybean-purchases", charts=True)
    spec = chart_specs(at)["purchase-chart"]
    started = [w for w in tracker.catalog.commitments["busan-cn-soybean-purchases"].check.windows if w.start <= tracker.today()]
    assert len(spec["hconcat"]) == len(started)
    assert [p["title"]["text"] for p in spec["hconcat"]] == [f"Window {w.start.isoformat()} to {w.end.isoformat()}" for w in started]


def test_the_charts_are_drawn_on_a_click_and_stay_drawn_until_hidden(app, tracker):
    at = open_commitment(app, "london-cn-export-licences")
    assert chart_specs(at) == {}  # the chart library is loaded only when asked for
    charts = at.main.get_by_key("show-charts")
    assert charts
    assert "Who said what, when; Figures by period (t) against the baseline." in [
        p.text() for p in drawn(at.main).all("p") if "truce-caption" in p.attrs.get("class", "")]
    at.main.button("show-charts").click().run()
    assert set(chart_specs(at)) == {"evidence-chart", "measured-chart"}
    at.query_params["commitment"] = "geneva-us-reciprocal-rate"  # the next commitment opened
    at.run()
    assert set(chart_specs(at)) == {"evidence-chart", "tariff-chart"}
    at.main.button("hide-charts").click().run()
    assert chart_specs(at) == {}


def test_evidence_logged_elsewhere_shows_at_the_next_run(app, tracker):
    """The command line, an import or another dashboard process writes through its own store:
    the page's cached reads follow the log's state, not a timer."""
    at = open_commitment(app, "london-us-ethane", everything=True)
    before = rows(at, "evidence")
    new_id = tracker.log({"commitment": "london-us-ethane", "observed": tracker.today().isoformat(), "source_party": "us",
                          "source": "Logged elsewhere", "asserts": "progress"}, by="cli")
    at.run()
    after = rows(at, "evidence")
    assert len(after) == len(before) + 1 and after[0]["update"] == f"#{new_id}\u00a0by\u00a0cli"
    tracker.retract(new_id, "logged by mistake", "cli")
    at.run()
    assert rows(at, "evidence")[0]["note"].startswith("RETRACTED by cli")


def test_the_newest_evidence_and_what_the_status_rests_on_show_first_and_a_click_shows_more(app, tracker):
    at = open_commitment(app, "london-cn-export-licences")
    every = [u for u in tracker.store.updates(commitment_id="london-cn-export-licences") if u.observed <= tracker.today()]
    deciding = {f"#{i}" for i in tracker.assessment("london-cn-export-licences").verdict.evidence}
    newest = sorted(every, key=lambda u: (u.observed, u.id), reverse=True)[:10]
    ids = [r["update"].split()[0] for r in rows(at, "evidence")]
    assert ids[:10] == [f"#{u.id}" for u in newest] and deciding <= set(ids)
    assert len(ids) == len(set(ids) | deciding) < len(every)
    assert not at.main.text_input  # the search field is drawn when asked for
    at.main.button("more-evidence").click().run()
    assert len(rows(at, "evidence")) == min(len(every), 30)
    assert at.main.text_input("evidence-search")
    changes = rows(at, "status-history")
    assert len(changes) == 5
    at.main.button("more-history").click().run()
    assert len(rows(at, "status-history")) > 5


def test_typed_text_in_the_evidence_shows_as_typed_and_only_its_address_is_a_link(app, tracker):
    typed = ("Wire | <img src=x onerror=alert(1)> **loud** _it_ `code` [link](https://example.com) "
             "www.example.com :material/home: &lt;b&gt; \\<i> =1+1")
    address = 'https://example.com/a?b=1&c="2"'
    tracker.append(NewUpdate("london-us-ethane", tracker.today(), "us", typed, "progress", url=address, note=typed,
                             logged_by="tester"))
    at = open_commitment(app, "london-us-ethane")
    evidence = section(at, "evidence")
    [row] = [r for r in evidence.all("tr") if r.all("td") and r.all("td")[3].text().startswith("the US government: Wire")]
    source, note = row.all("td")[3], row.all("td")[4]
    assert [n.tag for n in note.children if not isinstance(n, str)] == []  # no element from the text
    assert note.text() == typed
    [link] = [n for n in source.children if not isinstance(n, str)]  # the one element: the link to the address
    assert link.tag == "a" and link.attrs["href"] == address and link.text() == "open"
    assert source.text() == f"the US government: {typed} · open"


def test_an_address_that_is_not_a_web_address_never_becomes_a_link():
    assert html_blocks.external_link("javascript:alert(1)") == ""
    assert html_blocks.external_link(None) == ""
    assert html_blocks.external_link('https://a.example/"><b>') == (
        '<a href="https://a.example/&quot;&gt;&lt;b&gt;" target="_blank" rel="noopener noreferrer">open</a>')


def test_an_unknown_id_in_the_address_is_named_and_opens_no_other_commitment(app):
    """A link cut short or mistyped must not show some other commitment's status as if asked for."""
    app.query_params["commitment"] = "nonexistent-thing"
    at = app.run()
    assert not at.exception
    assert unescape(at.main.warning[0].value).startswith("No commitment has the id “nonexistent-thing”.")
    assert at.query_params["commitment"] == "nonexistent-thing"  # the address is left as it was given
    assert not any(t.value == "US cuts its reciprocal tariff on China from 125% to 10%" for t in at.main.title)
    at.main.selectbox("commitment-not-found").select("london-us-ethane").run()
    assert at.query_params["commitment"] == "london-us-ethane"
    assert at.main.title[0].value == "US lifts its licence requirement on ethane exports to China"


def test_a_purchase_commitment_shows_when_each_window_is_due(app):
    """Busan's soybean pledge has no single deadline: 12 MMT by 28 February 2026, then 25 MMT in
    each of 2026, 2027 and 2028. Its first window ended short (8 MMT reported by 8 January), which
    flags it overdue; the page must show that window's end rather than say it has no deadline."""
    at = open_commitment(app, "busan-cn-soybean-purchases")
    pick_as_of(at, date(2026, 3, 10))
    assert "no deadline" not in drawn(at.main).text()
    windows = rows(at, "purchase-windows")
    assert [(r["window"], r["target"]) for r in windows] == [
        ("2025-11-01 to 2026-02-28", "12 MMT"), ("2026-01-01 to 2026-12-31", "25 MMT"),
        ("2027-01-01 to 2027-12-31", "25 MMT"), ("2028-01-01 to 2028-12-31", "25 MMT")]
    assert [r["due"] for r in windows] == ["ended 2026-02-28 (10 days ago)", "2026-12-31 (in 296 days)",
                                           "2027-12-31 (not started)", "2028-12-31 (not started)"]


def test_a_replay_cites_only_the_sources_published_by_its_day(app):
    """On 12 June 2025 the London deal on chip-design software was two days old: the reports of 27
    June and early July that the licence requirement was lifted did not exist yet."""
    at = open_commitment(app, "london-us-eda-software")
    pick_as_of(at, date(2025, 6, 12))
    cited = section(at, "sources").text()
    assert "2025-06-11" in cited and "2025-06-10" in cited
    assert not any(day in cited for day in ("2025-06-27", "2025-07-03", "2025-07-05"))
    assert "4 sources published after 2025-06-12 are left out of this replay." in drawn(at.main).text()


def test_a_deadline_logged_for_a_purchase_commitment_shows_beside_its_windows(app, tracker):
    """Windows do not replace a deadline someone logs: the page, the table and the overview agree."""
    tracker.log({"commitment": "busan-cn-soybean-purchases", "observed": "2026-01-25", "source_party": "us",
                 "source": "USTR", "asserts": "progress", "new_deadline": "2026-06-30"}, by="desk")
    at = open_commitment(app, "busan-cn-soybean-purchases")
    text = drawn(at.main).text()
    assert re.search(r"Deadline 2026-06-30 \(\d+ days ago\)", text)
    assert rows(at, "purchase-windows") and [r["deadline"] for r in rows(at, "deadline-history")] == ["2026-06-30"]
