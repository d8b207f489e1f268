"""No traceback reaches a visitor: a replayed click after sign-out and a failing page each
show a message in words, and the detail (with the server's file paths) goes to the log only."""

from __future__ import annotations

import logging

from monitors.accounts import record_sign_out
from monitors.alerts import get_alert
from tests.test_dashboard_alerts import open_alerts_page, raise_reminder


def test_an_acknowledge_click_replayed_after_sign_out_is_refused_in_words(app, tracker, accounts, sign_in):
    alert = raise_reminder(tracker)
    at = sign_in(open_alerts_page(app), "editor", accounts["editor"])
    button = at.main.button(f"acknowledge-{alert.id}")
    record_sign_out(tracker.store, "editor", tracker.clock())  # signed out in another tab; this page still has the button
    at = button.click().run()
    assert not at.exception
    assert [t.value for t in at.toast] == [
        "Could not finish acknowledging the alert: Sign in as an editor to change the log."
    ]
    assert get_alert(tracker.store, alert.id).acknowledged_at is None


def test_a_failing_page_shows_a_message_and_logs_the_detail(app, tracker, monkeypatch, caplog):
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("cannot read /srv/truce/secret-path.db")

    monkeypatch.setattr("monitors.tracker.Tracker.assessments", broken)
    with caplog.at_level(logging.ERROR, logger="dashboard"):
        at = app.run()
    assert not at.exception
    [error] = at.main.error
    assert error.value.startswith("Something went wrong while showing the Overview page, and nothing more was done.")
    assert "secret-path" not in error.value and "Traceback" not in error.value
    [record] = [r for r in caplog.records if r.name == "dashboard"]
    assert "secret-path" in record.exc_text and record.getMessage().split()[1] in error.value
