"""Sign-in tokens: signed, expiring, refused after a sign-out, with an injected clock."""

from __future__ import annotations

from datetime import timedelta

from dashboard.session_token import Sessions
from tests.markdown import unescape

NOW = 1_800_000_000.0


def test_a_token_signs_its_account_in_until_it_expires():
    sessions = Sessions(secret="s" * 32, lifetime=timedelta(hours=2))
    token = sessions.issue("editor", NOW)
    assert sessions.username(token, NOW) == "editor"
    assert sessions.username(token, NOW + 2 * 3600 - 1) == "editor"  # just before
    assert sessions.username(token, NOW + 2 * 3600 + 1) is None  # just after


def test_a_forged_or_foreign_token_is_refused():
    sessions = Sessions(secret="s" * 32)
    token = sessions.issue("editor", NOW)
    assert sessions.username(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), NOW) is None
    assert Sessions(secret="t" * 32).username(token, NOW) is None
    assert sessions.username("", NOW) is None and sessions.username(None, NOW) is None


def test_signing_out_refuses_every_earlier_token_of_that_account_only():
    sessions = Sessions(secret="s" * 32)
    first, second, other = sessions.issue("editor", NOW), sessions.issue("editor", NOW + 5), sessions.issue("chief", NOW)
    sessions.sign_out("editor", NOW + 10)
    assert sessions.username(first, NOW + 11) is None and sessions.username(second, NOW + 11) is None
    assert sessions.username(other, NOW + 11) == "chief"
    assert sessions.username(sessions.issue("editor", NOW + 12), NOW + 13) == "editor"  # a new sign-in works


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


def test_a_forged_cookie_signs_nobody_in(app, accounts, monkeypatch):
    from dashboard import auth

    monkeypatch.setattr(auth, "browser_token", lambda: "eyJ1c2VyIjoiZWRpdG9yIn0.forged.signature")
    at = app.run()
    assert not at.exception
    assert not any("Signed in as" in c.value for c in at.sidebar.caption)
