"""The alert inbox under AppTest: an alert raised by a scan on the test's store, with its
deliveries and every attempt; editors acknowledge it through the write path, viewers cannot."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth import User
from dashboard.view import escape
from dashboard.writes import NotAnEditor, acknowledge_alert
from monitors.alerts import Alert, acknowledge, get_alert, list_alerts
from monitors.alerts.channels import DeliveryError
from monitors.alerts.delivery import Retry, deliver_due
from monitors.alerts.routing import parse_route
from monitors.alerts.scan import scan
from monitors.tracker import Tracker
from tests.markdown import table_rows, unescaped_marks
from tests.test_alert_helpers import REMINDER_7, MutableClock, RecordingChannel, alert_settings

ALERTS_PAGE = "app_pages/alerts.py"
WINDOW = "geneva-90-day-window"
ERROR = "503 <b>Service</b> **Unavailable**"
RETRY = Retry(max_attempts=3, first_wait=timedelta(minutes=2), lease=timedelta(minutes=5))


def raise_reminder(tracker: Tracker) -> Alert:
    """The 7-day reminder of the Geneva window, sent by mail at once and tried twice on a hook
    that keeps failing. The expiry reminders of the tariff cuts raised with it are already
    acknowledged, so the reminder is the one alert waiting."""
    mail = RecordingChannel("mail", parse_route("kind=reminder"))
    hook = RecordingChannel("hook", parse_route("kind=reminder"), error=DeliveryError(ERROR))
    clock = MutableClock(REMINDER_7)
    *expiring, alert = scan(tracker, alert_settings(), [mail, hook], REMINDER_7)
    assert alert.kind == "reminder" and {a.kind for a in expiring} == {"expiring"}
    for other in expiring:
        acknowledge(tracker.store, other.id, "desk", REMINDER_7)
    deliver_due(tracker.store, [mail, hook], RETRY, clock)
    clock.moment += RETRY.first_wait
    deliver_due(tracker.store, [mail, hook], RETRY, clock)
    return alert


def acknowledge_buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.main.button if b.key and b.key.startswith("acknowledge-")]


def open_alerts_page(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page(ALERTS_PAGE).run()


def test_it_shows_an_alert_raised_by_a_scan_on_the_overview(app, tracker):
    alert = raise_reminder(tracker)
    at = app.run()
    assert not at.exception
    inbox = at.main.get_by_key("alert-inbox")
    assert inbox.markdown[0].value == ":orange-badge[:material/notifications_active: 1 unacknowledged]"
    shown = inbox.get_by_key(f"alert-{alert.id}")
    assert shown.markdown[0].value.startswith(":blue-badge[reminder] raised 2025-08-05 09:00:00 UTC")
    assert [t.value for t in shown.text] == [alert.subject, alert.body]
    [link] = shown.get("page_link")
    assert link.proto.query_string == f"commitment={WINDOW}"
    assert link.proto.page == ""  # the dashboard's own address, as in the alert's message
    assert link.value == escape(tracker.catalog.commitments[WINDOW].title)
    assert shown.caption[0].value == "Not acknowledged yet; editors acknowledge alerts."


def test_each_delivery_and_every_attempt_is_listed_with_its_error(app, tracker):
    alert = raise_reminder(tracker)
    at = app.run()
    shown = at.main.get_by_key(f"alert-{alert.id}")
    drawn = shown.get_by_key(f"alert-{alert.id}-deliveries").markdown[0].value
    assert unescaped_marks(drawn) == ""  # the remote server's error shows as text
    deliveries = table_rows(drawn)
    assert [[d["channel"], d["status"], d["attempts"], d["last error"]] for d in deliveries] == [
        ["mail", "sent", "1", ""], ["hook", "pending", "2", ERROR]]
    [expander] = shown.expander
    assert expander.label == "Message and delivery attempts (3)"
    attempts = table_rows(expander.get_by_key(f"alert-{alert.id}-attempts").markdown[0].value)
    assert [[a["channel"], a["attempt"], a["outcome"], a["error"]] for a in attempts] == [
        ["mail", "1", "sent", ""], ["hook", "1", "retry", ERROR], ["hook", "2", "retry", ERROR]]


def test_the_alerts_page_lists_the_whole_inbox_newest_first(app, tracker):
    clock = MutableClock(REMINDER_7)
    scan(tracker, alert_settings(), [], REMINDER_7)
    later = REMINDER_7 + timedelta(days=6)  # the day-before reminder of Stockholm's extended suspension
    clock.moment = later
    scan(tracker, alert_settings(), [], later)
    at = open_alerts_page(app)
    assert not at.exception
    keys = [c.key for c in at.main.get("container") if c.key and re.fullmatch(r"alert-\d+", c.key)]
    assert keys == [f"alert-{a.id}" for a in list_alerts(tracker.store)]
    assert len(keys) == 4  # the window's and the two tariff cuts' 7-day reminders, then Stockholm's 1-day one
    assert at.main.selectbox("alerts-limit").value == 50


def test_an_empty_inbox_says_so(app, tracker):
    at = app.run()
    inbox = at.main.get_by_key("alert-inbox")
    assert inbox.markdown[0].value == ":green-badge[:material/done_all: nothing to acknowledge]"
    assert inbox.caption[0].value.startswith("No alert yet.")


def test_an_editor_acknowledges_an_alert(app, tracker, accounts, sign_in):
    alert = raise_reminder(tracker)
    at = sign_in(open_alerts_page(app), "editor", accounts["editor"])
    assert acknowledge_buttons(at) == [f"acknowledge-{alert.id}"]
    at.main.button(f"acknowledge-{alert.id}").click().run()
    assert not at.exception
    assert at.toast[0].value == f"Alert #{alert.id} acknowledged."
    stored = get_alert(tracker.store, alert.id)
    assert stored is not None and stored.acknowledged_by == "editor"
    assert acknowledge_buttons(at) == []
    shown = at.main.get_by_key(f"alert-{alert.id}")
    assert shown.caption[0].value.startswith("Acknowledged by editor at ")
    assert at.main.markdown[0].value == ":green-badge[:material/done_all: nothing to acknowledge]"


@pytest.mark.parametrize("who", [None, "viewer"])
def test_a_viewer_or_visitor_sees_no_acknowledge_button(app, tracker, accounts, sign_in, who):
    raise_reminder(tracker)
    at = open_alerts_page(app)
    if who is not None:
        at = sign_in(at, who, accounts[who])
    assert not at.exception
    assert acknowledge_buttons(at) == []
    at.switch_page("app_pages/overview.py").run()
    assert acknowledge_buttons(at) == []


def test_the_write_path_refuses_to_acknowledge_for_anyone_but_an_editor(tracker, clear_streamlit_caches):
    alert = raise_reminder(tracker)
    for user in (None, User("someone", "viewer", "local")):
        with pytest.raises(NotAnEditor):
            acknowledge_alert(user, alert.id)
    stored = get_alert(tracker.store, alert.id)
    assert stored is not None and not stored.acknowledged
