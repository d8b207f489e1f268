"""Alerts: the whole inbox, newest first. Anyone may read it; editors acknowledge alerts, which
stops an overdue alert from repeating. A replay of an earlier day shows the inbox as it stood
then: no alert raised after that day."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, data, view
from dashboard.inbox import draw_alert, unacknowledged_badge

LIMITS = (50, 200, 1000)

as_of = view.as_of()
replay = as_of != data.today()
st.title("Alerts")
st.caption(
    "Deadline and expiry reminders, overdue and lapse notices, late data, endings and status changes raised by the "
    "alert worker, with where each was delivered (configured channels and people's subscriptions), every attempt, "
    "its error and the next retry. Times are UTC."
)
if replay:
    st.caption(f"The inbox as it stood at the end of {as_of.isoformat()} (UTC): alerts raised later are left out. "
               "Acknowledgements and deliveries are shown as they are now.")
unacknowledged_badge(as_of if replay else None)
limit = st.selectbox("Show the newest", LIMITS, key="alerts-limit", format_func=lambda n: f"{n} alerts")
alerts = data.alerts(limit, as_of if replay else None)
if not alerts:
    if replay:
        st.info(f"No alert had been raised by {as_of.isoformat()}.")
    else:
        st.info("No alert yet. They appear here once the alert worker (`python -m monitors alerts run`) raises them.")
editor = auth.editor()
for alert in alerts:
    draw_alert(alert, editor)
if len(alerts) == limit:
    st.caption(f"Showing the newest {limit}; choose a larger number above to see older ones, if any.")
