"""The My alerts page under AppTest: a signed-in person adds a channel with their choice of
alerts, asks for a test message (queued for the worker, never sent by the page) and removes it;
bad input is shown naming the field; a visitor is asked to sign in."""

from __future__ import annotations

from monitors.alerts.checkup import latest_checkups
from monitors.alerts.subscriptions import list_subscriptions

PAGE = "app_pages/subscriptions.py"
URL = "mailto://me:secret@smtp.example.org?to=viewer@example.org"


def open_page(app, sign_in=None, who=None, password=None):
    at = app.run()
    if sign_in is not None:
        at = sign_in(at, who, password)
    return at.switch_page(PAGE).run()


def test_a_visitor_is_asked_to_sign_in(app, tracker):
    at = open_page(app)
    assert not at.exception
    assert at.info[0].value.startswith("Sign in (in the sidebar) to have the alerts you choose sent")


def test_a_signed_in_viewer_subscribes_asks_for_a_test_and_unsubscribes(app, tracker, accounts, sign_in):
    at = open_page(app, sign_in, "viewer", accounts["viewer"])
    assert not at.exception
    at.text_input("subscribe-url").input(URL)
    at.multiselect("subscribe-kinds").select("lapsed").select("expiring")
    at.multiselect("subscribe-parties").select("cn")
    at.button("subscribe-submit").click()
    at.run()
    assert not at.exception
    [mine] = list_subscriptions(tracker.store, "viewer")
    assert (sorted(mine.interest.kinds), sorted(mine.interest.parties)) == (["expiring", "lapsed"], ["cn"])
    shown = at.main.get_by_key(f"subscription-{mine.id}")
    assert shown.text[0].value == f"#{mine.id}: mailto://me:***@smtp.example.org?to=viewer@example.org"
    assert "secret" not in str([t.value for t in at.main.text])
    assert shown.text[1].value == "No test message asked for yet."

    at.button(f"test-{mine.id}").click().run()
    assert latest_checkups(tracker.store, [mine.id])[mine.id].status == "pending"
    assert at.main.get_by_key(f"subscription-{mine.id}").text[1].value.endswith(
        "waiting for the alert worker (`python -m monitors alerts run`), which sends it on its next pass.")

    at.button(f"remove-{mine.id}").click().run()
    assert not at.exception
    assert list_subscriptions(tracker.store, "viewer") == []


def test_a_bad_url_is_refused_naming_the_field(app, tracker, accounts, sign_in):
    at = open_page(app, sign_in, "viewer", accounts["viewer"])
    at.text_input("subscribe-url").input("not a url")
    at.button("subscribe-submit").click()
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("url:") and "must be one URL, without spaces" in at.error[0].value
    assert list_subscriptions(tracker.store) == []


def test_a_subscriber_chooses_a_weekly_digest(app, tracker, accounts, sign_in):
    at = open_page(app, sign_in, "viewer", accounts["viewer"])
    at.text_input("subscribe-url").input("json://hooks.example.org/me")
    at.radio("subscribe-digest").set_value("weekly")
    at.button("subscribe-submit").click()
    at.run()
    assert not at.exception
    [mine] = list_subscriptions(tracker.store, "viewer")
    assert mine.digest == "weekly"
    assert at.main.get_by_key(f"subscription-{mine.id}").caption[0].value.endswith("; a weekly digest")
