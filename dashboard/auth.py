"""Who is using the dashboard: anyone may look; logging, retracting and importing need an editor.

With an [auth] section in .streamlit/secrets.toml, people sign in through that OpenID Connect
provider (st.login); every signed-in person is an editor unless [dashboard] editor_emails lists
who is. Without one, people sign in with a local account (`python -m monitors users add`).

A local sign-in lasts across a reload and in a new tab: the browser keeps a signed, expiring
token (dashboard/session_token.py) in a cookie, never the password, and every run checks it
against the sign-outs recorded in the store, so signing out in one tab ends the sign-in in all
of them, whichever dashboard process serves them. docs/sign-in.md has the settings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from dashboard import data, view
from dashboard.session_token import Sessions
from monitors.accounts import SignInThrottled, find_account, last_sign_out, record_sign_out, verify

SESSION_KEY = "signed_in"
TOKEN_KEY = "sign_in_token"
COOKIE_WRITE_KEY = "sign_in_cookie_write"
COOKIE_CLEARED_KEY = "sign_in_cookie_cleared"
FORM_OPEN_KEY = "sign_in_form_open"
COOKIE = "truce_session"
DEFAULT_SESSION_HOURS = 12


@dataclass(frozen=True)
class User:
    name: str
    role: str
    via: str

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return False


def _oidc_editor(email: str | None) -> bool:
    allowed = st.secrets.get("dashboard", {}).get("editor_emails", [])
    return not allowed or (email is not None and email.lower() in {e.lower() for e in allowed})


def _dashboard_secret(name: str) -> object:
    try:
        return st.secrets.get("dashboard", {}).get(name)
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return None


@st.cache_resource
def sessions() -> Sessions:
    """One per server process. Without [dashboard] session_secret a random secret is made at
    start, so sign-ins last across reloads and tabs but not across a server restart."""
    hours = _dashboard_secret("session_hours")
    lifetime = timedelta(hours=float(hours)) if isinstance(hours, (int, float)) and hours > 0 else timedelta(hours=DEFAULT_SESSION_HOURS)
    secret = _dashboard_secret("session_secret")
    return Sessions(secret=secret, lifetime=lifetime) if isinstance(secret, str) and len(secret) >= 16 else Sessions(lifetime=lifetime)


def _now() -> float:
    return data.tracker().clock().timestamp()


def browser_token() -> str | None:
    """The sign-in token the browser sent when this session connected (a reload, a new tab)."""
    return st.context.cookies.get(COOKIE)


def _local_user() -> User | None:
    """The session's local user while its token holds: a sign-out in another tab, or the
    token's expiry, ends it at the next run."""
    token = st.session_state.get(TOKEN_KEY)
    if token is None:
        token = browser_token()
        if not token:
            return None
    username = sessions().username(token, _now(), lambda name: last_sign_out(data.tracker().store, name))
    if username is None:
        had_session = st.session_state.pop(SESSION_KEY, None) is not None
        st.session_state.pop(TOKEN_KEY, None)
        if had_session or not st.session_state.get(COOKIE_CLEARED_KEY):
            st.session_state[COOKIE_WRITE_KEY] = ""  # forget the refused token in this browser, once
            st.session_state[COOKIE_CLEARED_KEY] = True
        return None
    user = st.session_state.get(SESSION_KEY)
    if not isinstance(user, User) or user.name != username:
        account = find_account(data.tracker().store, username)
        if account is None:
            return None
        user = User(account.username, account.role, "local")
        st.session_state[SESSION_KEY] = user
    st.session_state[TOKEN_KEY] = token
    return user


def current_user() -> User | None:
    """The signed-in person in this browser session, if any."""
    if oidc_configured():
        if not st.user.get("is_logged_in"):
            return None
        email = st.user.get("email")
        name = str(email or st.user.get("name") or st.user.get("sub") or "signed-in user")
        return User(name, "editor" if _oidc_editor(str(email) if email else None) else "viewer", "oidc")
    return _local_user()


def editor() -> User | None:
    """The signed-in user if they may write, else None."""
    user = current_user()
    return user if user is not None and user.can_edit else None


def _sign_in_locally(username: str, password: str) -> None:
    store = data.tracker().store
    try:
        accepted = verify(store, username, password, data.tracker().clock())
    except SignInThrottled as exc:
        st.error(view.escape(str(exc)))
        return
    account = find_account(store, username) if accepted else None
    if account is None:
        st.error("Wrong username or password.")
        return
    token = sessions().issue(account.username, _now())
    st.session_state[SESSION_KEY] = User(account.username, account.role, "local")
    st.session_state[TOKEN_KEY] = token
    st.session_state[COOKIE_WRITE_KEY] = token
    st.session_state.pop(COOKIE_CLEARED_KEY, None)
    st.rerun()


def _sign_out() -> None:
    """Ends the sign-in in every tab, on every dashboard process of this store: tokens issued
    until now are refused from their next run."""
    user = st.session_state.pop(SESSION_KEY, None)
    if isinstance(user, User):
        record_sign_out(data.tracker().store, user.name, data.tracker().clock())
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state.pop(FORM_OPEN_KEY, None)
    st.session_state[COOKIE_WRITE_KEY] = ""


def _write_cookie() -> None:
    """Hands a new token to the browser, or clears it (an empty one), once. Streamlit has no
    cookie API for scripts, so a script in the page sets it (fixed text and a signed token,
    nothing typed: the token's alphabet needs no escaping beyond JSON's)."""
    value = st.session_state.pop(COOKIE_WRITE_KEY, None)
    if value is None:
        return
    max_age = int(sessions().lifetime.total_seconds()) if value else 0
    cookie = json.dumps(f"{COOKIE}={value}; Max-Age={max_age}; Path=/; SameSite=Strict")
    st.html(f"<script>document.cookie = {cookie};</script>", unsafe_allow_javascript=True)


def _open_form() -> None:
    st.session_state[FORM_OPEN_KEY] = True


def sign_in_box(form_open: bool = False) -> None:
    """The sidebar's sign-in or signed-in panel. The local sign-in form is drawn once asked for
    (or when `form_open`, on pages only editors can use): its text fields would otherwise cost
    every visitor's browser their JavaScript on every page."""
    user = current_user()
    _write_cookie()
    if user is not None:
        st.caption(view.escape(f"Signed in as {user.name} ({user.role})"))
        if user.via == "oidc":
            if st.button("Sign out", key="sign-out"):
                st.logout()
        else:
            st.button("Sign out", key="sign-out", on_click=_sign_out)
        return
    if oidc_configured():
        if st.button("Sign in", key="sign-in-oidc", type="primary"):
            st.login()
        return
    if not (form_open or st.session_state.get(FORM_OPEN_KEY)):
        st.button("Editor sign-in", key="sign-in-open", icon=":material/login:", on_click=_open_form)
        return
    with st.form("sign-in", clear_on_submit=True):
        st.caption("Editors sign in to log evidence.")
        username = st.text_input("Username", key="sign-in-username", autocomplete="username")
        password = st.text_input("Password", key="sign-in-password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", key="sign-in-submit", type="primary")
    if submitted:
        _sign_in_locally(username or "", password or "")
