"""The commitment page under AppTest: opened from ?commitment=<id>, with the promise, its sources,
the status in plain words, the evidence and its charts."""

from __future__ import annotations

import json
from datetime import date

from streamlit.testing.v1 import AppTest

COMMITMENT_PAGE = "app_pages/commitment.py"


def open_commitment(app: AppTest, commitment_id: str | None) -> AppTest:
    app.run()
    app.switch_page(COMMITMENT_PAGE)
    if commitment_id is not None:
        app.query_params["commitment"] = commitment_id
    return app.run()


CHARTS = ("evidence-chart", "measured-chart")


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
    at.sidebar.date_input("as_of").set_value(date(2025, 10, 21)).run()
    assert not at.exception
    assert at.main.title[0].value == "China suspends or removes its non-tariff countermeasures since 2 April 2025"
    status = at.main.get_by_key("status")
    assert status.markdown[0].value.startswith(":red-badge[:material/error: disputed]")
    explanation = status.text[0].value
    assert explanation == tracker.assessment("geneva-cn-nontariff-countermeasures", date(2025, 10, 21)).verdict.explanation
    assert "the US government said it is not met" in explanation and "the Chinese government said it is met" in explanation
    assert at.query_params["commitment"] == "geneva-cn-nontariff-countermeasures"


def test_an_unknown_id_in_the_link_falls_back_to_the_first_commitment(app, tracker):
    at = open_commitment(app, "no-such-commitment")
    assert not at.exception
    assert at.main.selectbox("commitment").value == next(iter(tracker.catalog.commitments))


def test_it_shows_the_sources_the_deadline_history_and_the_evidence(app, tracker):
    at = open_commitment(app, "geneva-90-day-window")
    sources = at.main.get_by_key("sources").dataframe[0].value
    assert len(sources) == len(tracker.catalog.commitments["geneva-90-day-window"].sources)
    history = at.main.get_by_key("deadline-history").dataframe[0].value
    assert list(history["deadline"]) == ["2025-08-12", "2025-11-10", "2026-11-10"]  # Geneva's, then both extensions
    evidence = at.main.get_by_key("evidence").dataframe[0].value
    assert set(evidence["#"]) == {u.id for u in tracker.store.updates(commitment_id="geneva-90-day-window")}


def test_the_evidence_follows_the_as_of_date(app, tracker):
    at = open_commitment(app, "geneva-90-day-window")
    at.sidebar.date_input("as_of").set_value(date(2025, 6, 12)).run()
    evidence = at.main.get_by_key("evidence").dataframe[0].value
    assert len(evidence) > 0
    assert all(day <= "2025-06-12" for day in evidence["observed"])
    assert at.main.subheader[0].value == "Status as of 2025-06-12"


def test_a_measured_commitment_charts_its_measurements_against_the_target(app, tracker, chart_frames):
    at = open_commitment(app, "london-cn-export-licences")
    assert set(chart_specs(at)) == {"evidence-chart", "measured-chart"}
    frames = chart_frames(at, "measured-chart")
    measured = next(f for f in frames if "source" in f.columns)
    assert list(measured["value"]) == [46.0, 353.0, 619.0, 590.0, 420.0, 656.0, 582.0, 564.0]  # May to December 2025
    levels = next(f for f in frames if "level" in f.columns)
    assert dict(zip(levels["level"], levels["value"])) == {
        "baseline (620 t/month)": 620.0, "met at 80% of baseline (496 t)": 496.0
    }


def test_a_commitment_judged_on_words_has_no_measurement_chart(app, tracker):
    at = open_commitment(app, "london-us-student-visas")
    assert set(chart_specs(at)) == {"evidence-chart"}


def test_choosing_another_commitment_updates_the_link(app, tracker):
    at = open_commitment(app, "london-us-ethane")
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
    at.sidebar.date_input("as_of").set_value(date(2025, 6, 12)).run()
    assert not at.exception
    assert at.main.title[0].value == tracker.catalog.commitments["busan-cn-general-licences"].title
    status = at.main.get_by_key("status")
    assert status.info[0].value.startswith("Not yet agreed on 2025-06-12")
    assert not status.markdown and not status.text
    assert len(at.main.get_by_key("sources").dataframe[0].value) == len(tracker.catalog.commitments["busan-cn-general-licences"].sources)
    assert set(chart_specs(at)) == set()


def test_the_linked_commitments_leave_out_those_not_yet_agreed(app, tracker):
    at = open_commitment(app, "geneva-cn-nontariff-countermeasures")
    at.sidebar.date_input("as_of").set_value(date(2025, 6, 12)).run()
    assert not at.exception
    assert list(at.main.get_by_key("links").dataframe[0].value["id"]) == ["london-cn-export-licences"]


def test_every_flag_the_judging_can_raise_has_a_badge_label():
    from dashboard.view import FLAG_LABELS
    from monitors.domain import FLAGS

    assert set(FLAG_LABELS) == set(FLAGS)
