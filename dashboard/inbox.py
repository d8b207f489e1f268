"""The overview's alert inbox. Alerts are produced by the alert worker (monitors/alerts/); until
it is wired in here, the overview says where they will appear."""

from __future__ import annotations

import streamlit as st


def draw_inbox() -> None:
    with st.container(key="alert-inbox", border=True):
        st.subheader("Alert inbox")
        st.caption("Deadline reminders, overdue notices and status changes will be listed here once the alert worker runs.")
