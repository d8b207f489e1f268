"""The Commitments page under AppTest: a row chosen in its table opens that commitment on the day
the table shows, and its filters reach every flag and list the frameworks in the order agreed."""

from __future__ import annotations

import json
from datetime import date

from streamlit.testing.v1 import AppTest

from dashboard.view import FLAG_LABELS
from monitors.domain import FLAGS
from tests.html_reading import drawn

COMMITMENTS_PAGE = "app_pages/commitments.py"
TABLE = "commitments"


def open_commitments(app: AppTest, **address: str) -> AppTest:
    for key, value in address.items():
        app.query_params[key] = value
    app.run()
    return app.switch_page(COMMITMENTS_PAGE).run()


def shown(at: AppTest):
    return next(d for d in at.main.dataframe if d.key == TABLE).value


def select_row(at: AppTest, row: int) -> AppTest:
    """Select a row of the table as the browser does: the selection goes to the server with every
    other widget's value, in the run the click starts (AppTest has no way to click a grid)."""
    states = at._tree.get_widget_states()
    grid = next(d for d in at.main.dataframe if d.key == TABLE)
    selection = states.widgets.add()
    selection.id = grid.proto.id
    selection.string_value = json.dumps({"selection": {"rows": [row], "columns": [], "cells": []}})
    return at._run(states)


def test_a_row_chosen_in_a_replay_opens_that_commitment_on_the_same_day(app, tracker):
    at = open_commitments(app, as_of="2025-06-15")
    assert not at.exception
    chosen = shown(at).iloc[0]["id"]
    select_row(at, 0)
    assert not at.exception
    assert at.query_params.get("commitment") in (chosen, [chosen])
    assert at.query_params.get("as_of") in ("2025-06-15", ["2025-06-15"])
    assert at.sidebar.date_input("as_of").value == date(2025, 6, 15)
    assert at.main.title[0].value == tracker.catalog.commitments[chosen].title
    assert "Status as of 2025-06-15" in drawn(at.main).text()


def test_a_row_chosen_today_opens_that_commitment_today(app, tracker):
    at = open_commitments(app)
    chosen = shown(at).iloc[2]["id"]
    select_row(at, 2)
    assert not at.exception
    assert at.query_params.get("commitment") in (chosen, [chosen]) and "as_of" not in at.query_params
    assert at.main.title[0].value == tracker.catalog.commitments[chosen].title
    assert f"Status as of {tracker.today().isoformat()}" in drawn(at.main).text()


def test_the_framework_filter_lists_the_frameworks_agreed_by_the_day_in_the_order_agreed(app, tracker):
    at = open_commitments(app)
    in_order = [f.name for f in sorted(tracker.catalog.frameworks.values(), key=lambda f: f.date)]
    assert at.main.multiselect("commitments-frameworks").options == in_order
    replay = AppTest.from_file(app._script_path, default_timeout=30)
    replay.secrets["dashboard"] = {"editor_emails": []}
    at = open_commitments(replay, as_of="2025-06-15")
    assert at.main.multiselect("commitments-frameworks").options == ["Geneva consensus", "London framework"]


def test_the_flag_filter_reaches_what_the_status_filter_cannot(app, tracker):
    at = open_commitments(app)
    flagged = {a.commitment_id: set(a.flags) for a in tracker.assessments()}
    options = at.main.multiselect("commitments-flags").options
    assert sorted(options) == sorted(FLAG_LABELS[f] for f in FLAGS) and options[:2] == ["overdue", "lapsed"]
    at.main.multiselect("commitments-flags").select("stale").run()
    assert set(shown(at)["id"]) == {i for i, flags in flagged.items() if "stale" in flags} != set()
    at.main.multiselect("commitments-flags").select("lapsed").run()
    assert set(shown(at)["id"]) == {i for i, flags in flagged.items() if flags & {"stale", "lapsed"}}
    at.main.multiselect("commitments-statuses").select("met").run()
    met = shown(at)
    assert len(met) > 0 and set(met["status"]) == {"met"}
    assert all({"stale", "lapsed"} & set(flags.split(", ")) for flags in met["flags"])
    assert f"{len(shown(at))} of the {len(flagged)} commitments" in at.main.caption[0].value


def test_a_purchase_commitment_names_its_windows_in_the_deadline_column(app):
    """Busan's soybean pledge is due window by window: on 10 March 2026 the next closes on 31 December."""
    at = open_commitments(app, as_of="2026-03-10")
    rows = shown(at)
    [soybeans] = rows[rows["commitment"].str.startswith("China buys at least 12 MMT of US soybeans")]["deadline"]
    assert soybeans == "windows, next 2026-12-31"
