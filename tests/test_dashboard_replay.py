"""Shareable replays under AppTest: `?as_of=` in the address opens that day, a choice in the
sidebar is written back to the address, bad and future dates are answered in words, and the
overview's inbox and freshness follow the as-of date."""

from __future__ import annotations

from datetime import date, timedelta

from streamlit.testing.v1 import AppTest

from dashboard.address import as_of_from_address
from monitors.alerts.scan import scan
from tests.test_alert_helpers import REMINDER_7, alert_settings
from tests.conftest import pick_as_of
from tests.html_reading import drawn
from tests.markdown import unescape

TODAY = date(2026, 3, 1)


def test_it_reads_a_date_a_future_date_and_words_that_are_no_date():
    assert as_of_from_address(None, TODAY).day == TODAY
    assert as_of_from_address("2025-06-15", TODAY).day == date(2025, 6, 15)
    assert as_of_from_address("2025-06-15", TODAY).message is None
    future = as_of_from_address("2026-03-02", TODAY)
    assert future.day == TODAY and "after today (2026-03-01)" in future.message
    wrong = as_of_from_address("15/06/2025", TODAY)
    assert wrong.day == TODAY and "not a date written YYYY-MM-DD" in wrong.message
    compact = as_of_from_address("20250615", TODAY)  # ISO 8601 too, but not how the dashboard writes its addresses
    assert compact.day == TODAY and "not a date written YYYY-MM-DD" in compact.message
    no_such_day = as_of_from_address("2025-02-30", TODAY)
    assert no_such_day.day == TODAY and "2025-02-30 is not a real calendar day" in no_such_day.message


def open_address(app: AppTest, **params: str) -> AppTest:
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def test_a_shared_address_opens_that_day_and_a_new_choice_goes_back_into_it(app, tracker):
    at = open_address(app, as_of="2025-06-15")
    assert not at.exception
    assert at.sidebar.date_input("as_of").value == date(2025, 6, 15)
    assert "as it stood on 2025-06-15" in at.main.info[0].value
    pick_as_of(at, date(2025, 8, 1))
    assert at.query_params["as_of"] == ["2025-08-01"] or at.query_params["as_of"] == "2025-08-01"
    assert at.sidebar.date_input("as_of").value == date(2025, 8, 1)
    at.sidebar.button("as-of-today").click().run()
    assert "as_of" not in at.query_params


def test_a_future_or_malformed_date_gets_a_message_in_words(app, tracker):
    at = open_address(app, as_of="2999-01-01")
    assert not at.exception
    assert "2999-01-01, which is after today" in at.main.warning[0].value
    assert at.sidebar.date_input("as_of").value == tracker.today()
    fresh = AppTest.from_file(app._script_path, default_timeout=30)
    fresh.secrets["dashboard"] = {"editor_emails": []}
    at = open_address(fresh, as_of="yesterday")
    assert not at.exception
    assert "not a date written YYYY-MM-DD" in at.main.warning[0].value


def test_a_link_to_a_commitment_keeps_the_replayed_day(app, tracker):
    at = open_address(app, as_of="2025-06-15", commitment="geneva-90-day-window")
    assert not at.exception
    assert at.main.title[0].value.startswith("Negotiating window")
    assert at.sidebar.date_input("as_of").value == date(2025, 6, 15)
    assert drawn(at.main).all("h3")[0].text() == "Status as of 2025-06-15"
    assert dict(at.query_params) in ({"commitment": "geneva-90-day-window", "as_of": "2025-06-15"},
                                     {"commitment": ["geneva-90-day-window"], "as_of": ["2025-06-15"]})


def test_the_overview_says_how_old_the_newest_evidence_is(app, tracker):
    at = open_address(app, as_of="2025-06-15")
    freshness = at.main.get_by_key("freshness")
    newest = max(a.latest_evidence for a in tracker.assessments(date(2025, 6, 15)) if a.latest_evidence)
    text = " ".join(e.value for e in [*freshness.caption, *freshness.warning])
    assert f"Newest evidence: {newest.isoformat()} (" in unescape(text)
    assert "None" not in text


def test_the_inbox_of_a_replay_leaves_out_alerts_raised_after_that_day(app, tracker):
    raised = scan(tracker, alert_settings(), [], REMINDER_7)
    assert raised  # the 90-day window's reminder, and the expiries due the same day
    alert = raised[0]
    day_before = (REMINDER_7 - timedelta(days=1)).date()
    at = open_address(app, as_of=day_before.isoformat())
    inbox = at.main.get_by_key("alert-inbox")
    assert f"No alert had been raised by {day_before.isoformat()}" in " ".join(c.value for c in inbox.caption)
    pick_as_of(at, REMINDER_7.date())
    assert at.main.get_by_key(f"alert-{alert.id}")


def test_the_alerts_page_of_a_replay_shows_the_inbox_as_it_stood_that_day(app, tracker):
    first = scan(tracker, alert_settings(), [], REMINDER_7)
    later = REMINDER_7 + timedelta(days=6)  # the day-before reminder of Stockholm's extended suspension
    second = scan(tracker, alert_settings(), [], later)
    assert first and second

    def shown_alerts(at: AppTest) -> list[str]:
        return [c.key for c in at.main.get("container") if c.key and c.key.startswith("alert-") and c.key[6:].isdigit()]

    at = open_address(app, as_of=REMINDER_7.date().isoformat()).switch_page("app_pages/alerts.py").run()
    assert not at.exception
    assert shown_alerts(at) == [f"alert-{a.id}" for a in sorted(first, key=lambda a: a.id, reverse=True)]
    assert any(f"as it stood at the end of {REMINDER_7.date().isoformat()}" in c.value for c in at.main.caption)
    assert f"{len(first)} unacknowledged" in at.main.markdown[0].value  # the later scan's alerts are not counted

    day_before = (REMINDER_7 - timedelta(days=1)).date()
    pick_as_of(at, day_before)
    assert shown_alerts(at) == []
    assert f"No alert had been raised by {day_before.isoformat()}" in at.main.info[-1].value

    at.sidebar.button("as-of-today").click().run()  # today: the whole inbox
    assert len(shown_alerts(at)) == len(first) + len(second)
