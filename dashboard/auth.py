"""Who is using the dashboard: anyone may look; logging, retracting and importing need an editor.

With an [auth] section in .streamlit/secrets.toml, people sign in through that OpenID Connect
provider (st.login); every signed-in person is an editor unless [dashboard] editor_emails lists
who is. Without one, people sign in with a local account (`python -m monitors users add`).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from dashboard import data, view
from monitors.accounts import SignInThrottled, find_account, verify

SESSION_KEY = "signed_in"
FORM_OPEN_KEY = "sign_in_form_open"


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


def current_user() -> User | None:
    """The signed-in person in this browser session, if any."""
    if oidc_configured():
        if not st.user.get("is_logged_in"):
            return None
        email = st.user.get("email")
        name = str(email or st.user.get("name") or st.user.get("sub") or "signed-in user")
        return User(name, "editor" if _oidc_editor(str(email) if email else None) else "viewer", "oidc")
    user = st.session_state.get(SESSION_KEY)
    return user if isinstance(user, User) else None


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
    st.session_state[SESSION_KEY] = User(account.username, account.role, "local")
    st.rerun()


def _sign_out() -> None:
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(FORM_OPEN_KEY, None)


def _open_form() -> None:
    st.session_state[FORM_OPEN_KEY] = True


def sign_in_box(form_open: bool = False) -> None:
    """The sidebar's sign-in or signed-in panel. The local sign-in form is drawn once asked for
    (or when `form_open`, on pages only editors can use): its text fields would otherwise cost
    every visitor's browser their JavaScript on every page."""
    user = current_user()
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
