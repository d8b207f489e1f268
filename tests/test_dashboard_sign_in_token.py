"""Sign-in tokens: signed, expiring, refused after a sign-out recorded in the store (by any
process on it), with an injected clock."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from dashboard.session_token import Sessions
from monitors.accounts import change_role, last_sign_out, record_sign_out, remove_account
from monitors.settings import load_settings
from monitors.tracker import open_tracker
from tests.markdown import unescape

NOW = 1_800_000_000.0
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def never_signed_out(_username: str) -> None:
    return None


def moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def test_a_token_signs_its_account_in_until_it_expires():
    sessions = Sessions(secret="s" * 32, lifetime=timedelta(hours=2))
    token = sessions.issue("editor", NOW)
    assert sessions.username(token, NOW, never_signed_out) == "editor"
    assert sessions.username(token, NOW + 2 * 3600 - 1, never_signed_out) == "editor"  # just before
    assert sessions.username(token, NOW + 2 * 3600 + 1, never_signed_out) is None  # just after


def test_a_forged_or_foreign_token_is_refused():
    sessions = Sessions(secret="s" * 32)
    token = sessions.issue("editor", NOW)
    assert sessions.username(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), NOW, never_signed_out) is None
    assert Sessions(secret="t" * 32).username(token, NOW, never_signed_out) is None
    assert sessions.username("", NOW, never_signed_out) is None and sessions.username(None, NOW, never_signed_out) is None


def test_signing_out_refuses_every_earlier_token_of_that_account_only(tracker):
    sessions = Sessions(secret="s" * 32)
    first, second, other = sessions.issue("editor", NOW), sessions.issue("editor", NOW + 5), sessions.issue("chief", NOW)
    record_sign_out(tracker.store, "editor", moment(NOW + 10))

    def recorded(username: str) -> datetime | None:
        return last_sign_out(tracker.store, username)

    assert sessions.username(first, NOW + 11, recorded) is None and sessions.username(second, NOW + 11, recorded) is None
    assert sessions.username(other, NOW + 11, recorded) == "chief"
    assert sessions.username(sessions.issue("editor", NOW + 12), NOW + 13, recorded) == "editor"  # a new sign-in works
    assert sessions.username(sessions.issue("editor", NOW + 10), NOW + 13, recorded) is None  # issued at that very moment


def test_a_sign_out_recorded_by_another_process_on_the_store_refuses_the_token_here(db_url):
    """Two dashboard processes behind one address share the secret and the store, not memory."""
    sessions = Sessions(secret="s" * 32)
    here = open_tracker(load_settings())
    token = sessions.issue("editor", NOW)

    def recorded(username: str) -> datetime | None:
        return last_sign_out(here.store, username)

    assert sessions.username(token, NOW + 1, recorded) == "editor"
    other_process = (
        "from datetime import datetime, timezone\n"
        "from monitors.accounts import record_sign_out\n"
        "from monitors.settings import load_settings\n"
        "from monitors.tracker import open_tracker\n"
        f"record_sign_out(open_tracker(load_settings()).store, 'editor', datetime.fromtimestamp({NOW + 2}, tz=timezone.utc))\n"
    )
    subprocess.run([sys.executable, "-c", other_process], cwd=PROJECT_ROOT, env={**os.environ, "TRUCE_DB_URL": db_url},
                   check=True, capture_output=True)
    assert sessions.username(token, NOW + 3, recorded) is None
    assert last_sign_out(here.store, "editor") == moment(NOW + 2)


def test_a_token_from_the_browser_signs_a_new_session_in_and_sign_out_ends_it_everywhere(app, accounts, sign_in, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard import auth

    at = sign_in(app.run(), "editor", accounts["editor"])
    assert "Signed in as editor (editor)" in unescape(at.sidebar.caption[0].value)
    token = at.session_state[auth.TOKEN_KEY]

    monkeypatch.setattr(auth, "browser_token", lambda: token)  # a reload or a new tab sends the cookie
    other_tab = AppTest.from_file(app._script_path, default_timeout=30)
    other_tab.secrets["dashboard"] = {"editor_emails": []}
    other_tab.run()
    assert not other_tab.exception
    assert "Signed in as editor (editor)" in unescape(other_tab.sidebar.caption[0].value)

    at.sidebar.button("sign-out").click().run()
    assert not any("Signed in as" in c.value for c in at.sidebar.caption)
    other_tab.run()  # its next run refuses the token
    assert not any("Signed in as" in c.value for c in other_tab.sidebar.caption)
    assert other_tab.sidebar.button("sign-in-open")


def test_a_sign_out_served_by_another_dashboard_process_ends_the_sign_in_here(app, tracker, accounts, sign_in):
    from dashboard import auth

    at = sign_in(app.run(), "editor", accounts["editor"])
    assert "Signed in as editor (editor)" in unescape(at.sidebar.caption[0].value)
    elsewhere = open_tracker(load_settings())  # another process's own engine on the same store
    record_sign_out(elsewhere.store, "editor", elsewhere.clock())
    at.run()
    assert not any("Signed in as" in c.value for c in at.sidebar.caption)
    assert auth.TOKEN_KEY not in at.session_state


def test_a_forged_cookie_signs_nobody_in(app, accounts, monkeypatch):
    from dashboard import auth

    monkeypatch.setattr(auth, "browser_token", lambda: "eyJ1c2VyIjoiZWRpdG9yIn0.forged.signature")
    at = app.run()
    assert not at.exception
    assert not any("Signed in as" in c.value for c in at.sidebar.caption)


def test_a_new_role_or_a_removed_account_ends_a_sign_in_already_open(app, tracker, accounts, sign_in):
    """Run by an administrator at the command line while the editor has the dashboard open."""
    at = sign_in(app.run(), "editor", accounts["editor"])
    assert "Signed in as editor (editor)" in unescape(at.sidebar.caption[0].value)
    change_role(tracker.store, "editor", "viewer", tracker.clock())
    at.run()
    assert not any("Signed in as" in c.value for c in at.sidebar.caption)  # the old role is not kept

    at = sign_in(at, "editor", accounts["editor"])
    assert "Signed in as editor (viewer)" in unescape(at.sidebar.caption[0].value)
    remove_account(tracker.store, "editor", tracker.clock())
    at.run()
    assert not any("Signed in as" in c.value for c in at.sidebar.caption)
    assert at.sidebar.text_input("sign-in-username")  # the sign-in form again
