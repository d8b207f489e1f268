"""Entry point: `streamlit run dashboard/app.py`. Draws the sidebar every page shares (the as-of
date, sign-in) and hands over to the page the visitor chose."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

# `streamlit run` puts this file's folder on the import path, not the project's.
PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
if PROJECT_ROOT not in sys.path:
    sys.path.insert(0, PROJECT_ROOT)

import streamlit as st  # noqa: E402

from dashboard import address, auth, data, errors, routes, view  # noqa: E402

st.set_page_config(page_title="US-China trade truce monitor", page_icon=":material/handshake:", layout="wide")

commitments = st.Page("app_pages/commitments.py", title="Commitments", icon=":material/table:", url_path="commitments")
timeline = st.Page("app_pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline")
alerts = st.Page("app_pages/alerts.py", title="Alerts", icon=":material/notifications:", url_path="alerts")
audit = st.Page("app_pages/audit.py", title="Audit", icon=":material/history:", url_path="audit")
downloads = st.Page("app_pages/downloads.py", title="Download", icon=":material/download:", url_path="download")
log = st.Page("app_pages/log.py", title="Log an update", icon=":material/edit_note:", url_path="log")
subscriptions = st.Page("app_pages/subscriptions.py", title="My alerts", icon=":material/forward_to_inbox:",
                        url_path="subscriptions")
methodology = st.Page("app_pages/methodology.py", title="How statuses are judged", icon=":material/menu_book:",
                      url_path="methodology")
# The root answers with the overview, or with the commitment its address names (routes.py).
page = st.navigation(routes.routes(st.query_params, commitments,
                                   [timeline, alerts, subscriptions, audit, downloads, log, methodology]))


def _back_to_today() -> None:
    st.session_state[view.AS_OF_KEY] = data.today()


def _open_as_of() -> None:
    st.session_state[AS_OF_OPEN_KEY] = True


def as_of_control(today: date) -> None:
    """The as-of date: a date field with its calendar once a visitor asks to replay another day
    (or opens a replay's address), and from then on in this session. Until then a line and a
    button, because the date field's JavaScript would cost every visitor's browser on every page
    (docs/performance.md)."""
    if view.as_of() == today and not st.session_state.get(AS_OF_OPEN_KEY):
        st.markdown(f"As of **today, {today.isoformat()}**")
        st.button("Replay an earlier day", key="as-of-open", icon=":material/calendar_month:", on_click=_open_as_of,
                  help="Shows the whole dashboard with the evidence observed up to a day you choose.")
        return
    st.session_state[AS_OF_OPEN_KEY] = True
    st.date_input(
        "As of",
        max_value=today,
        key=view.AS_OF_KEY,
        format="YYYY-MM-DD",
        help="Replays the whole dashboard with the evidence observed up to this day. Type a date and press Enter, "
             "or pick one in the calendar.",
    )
    view.as_of_enter_applies()
    st.button("Back to today", key="as-of-today", on_click=_back_to_today, disabled=view.as_of() == today)


def _follow_address(today: date) -> str | None:
    """Apply the address's as-of date when it is new (a link just opened, or the visitor edited
    the address), so that a later choice in the sidebar is not undone by the old address."""
    asked = st.query_params.get(address.AS_OF_PARAM)
    if asked is None or asked == st.session_state.get(ADDRESS_SEEN_KEY):
        st.session_state.setdefault(view.AS_OF_KEY, today)
        return None
    st.session_state[ADDRESS_SEEN_KEY] = asked
    st.session_state[AS_OF_OPEN_KEY] = True  # the visitor came to replay a day: show the field
    choice = address.as_of_from_address(asked, today)
    st.session_state[view.AS_OF_KEY] = choice.day
    return choice.message


ADDRESS_SEEN_KEY = "as-of-address-seen"
AS_OF_OPEN_KEY = "as-of-field-open"
today = data.today()
address_message = _follow_address(today)
with st.sidebar, errors.shown_as_message("drawing the sidebar"):
    as_of_control(today)
    st.divider()
    auth.sign_in_box(form_open=page is log)


def _write_address(shown: date) -> None:
    """Write the address this run stands for, with the as-of day when it is a replay. Every run,
    even unchanged: after the menu's Overview is clicked beside a commitment open at the root,
    the page is the root's as before, so the browser would keep the commitment's address."""
    wanted = {key: value for key, value in st.query_params.to_dict().items() if key != address.AS_OF_PARAM}
    if shown != today:
        wanted[address.AS_OF_PARAM] = shown.isoformat()
    st.query_params.from_dict(wanted)


_write_address(view.as_of())
st.session_state[ADDRESS_SEEN_KEY] = st.query_params.get(address.AS_OF_PARAM)
if address_message:
    st.warning(address_message, icon=":material/event_busy:")
if view.as_of() != today:
    st.info(f"Showing the dashboard as it stood on {view.as_of().isoformat()}, from the evidence observed by then.")
with errors.shown_as_message(f"showing the {page.title} page"):
    page.run()
