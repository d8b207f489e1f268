"""The alert inbox: what the alert worker (monitors/alerts/) raised, newest first, where each alert
went and every delivery attempt. Editors acknowledge alerts here.

Subjects and bodies quote the catalog and the evidence, and errors quote remote servers, so all
of it is drawn as text (st.text, table cells) or escaped, never as Markdown.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import auth, data, errors, routes, tables, view, writes
from dashboard.auth import User
from monitors.alerts import Alert

ALERTS_PAGE = "app_pages/alerts.py"
OVERVIEW_ALERTS = 5
KIND_BADGES = {
    "reminder": ":blue-badge[reminder]", "overdue": ":red-badge[overdue]", "change": ":violet-badge[change]",
    "expiring": ":orange-badge[expiring]", "lapsed": ":red-badge[lapsed]", "stale": ":gray-badge[data late]",
    "ended": ":gray-badge[ended]",
}


def unacknowledged_badge(raised_by: date | None = None) -> None:
    """How many alerts nobody has acknowledged yet, as a badge (fixed words and a number); in a
    replay (`raised_by`), of the alerts raised by then only."""
    waiting = data.unacknowledged_alerts(raised_by)
    if waiting:
        st.markdown(f":orange-badge[:material/notifications_active: {waiting} unacknowledged]")
    else:
        st.markdown(":green-badge[:material/done_all: nothing to acknowledge]")


def draw_inbox() -> None:
    """The overview's inbox: the unacknowledged count and the newest few alerts."""
    with st.container(key="alert-inbox", border=True):
        st.subheader("Alert inbox")
        unacknowledged_badge()
        newest = data.alerts(OVERVIEW_ALERTS)
        if not newest:
            st.caption("No alert yet. Deadline and expiry reminders, overdue and lapse notices, late data, endings and "
                       "status changes appear here once the alert worker raises them.")
            return
        editor = auth.editor()
        for alert in newest:
            draw_alert(alert, editor)
        st.page_link(ALERTS_PAGE, label="Open the whole inbox", icon=":material/arrow_forward:")


@errors.guarded("acknowledging the alert")
def _acknowledge(alert_id: int) -> None:
    """Runs on the click, before the page is drawn again, so the page shows the acknowledgement."""
    writes.acknowledge_alert(auth.editor(), alert_id)
    st.toast(f"Alert #{alert_id} acknowledged.")


def _commitment_link(commitment_id: str) -> None:
    found = data.catalog().commitments.get(commitment_id)
    if found is None:
        st.text(f"Commitment {commitment_id} (no longer in the catalog)")
        return
    routes.commitment_link(view.escape(found.title), ":material/description:", view.commitment_address(commitment_id))


def draw_alert(alert: Alert, editor: User | None) -> None:
    """One alert: when and why it was raised, its commitment, who acknowledged it, where it went;
    the message and every delivery attempt in an expander. `editor` gets an Acknowledge button."""
    with st.container(key=f"alert-{alert.id}", border=True):
        kind = KIND_BADGES.get(alert.kind, f":gray-badge[{view.escape(alert.kind)}]")
        st.markdown(f"{kind} raised {tables.moment(alert.created_at)} · alert #{alert.id}")
        _commitment_link(alert.commitment_id)
        st.text(alert.subject)
        if alert.acknowledged_at is not None:
            st.caption(view.escape(f"Acknowledged by {alert.acknowledged_by} at {tables.moment(alert.acknowledged_at)}"))
        elif editor is not None:
            st.button("Acknowledge", key=f"acknowledge-{alert.id}", icon=":material/done:",
                      on_click=_acknowledge, args=(alert.id,))
        else:
            st.caption("Not acknowledged yet; editors acknowledge alerts.")
        if alert.deliveries:
            view.markdown_table(f"alert-{alert.id}-deliveries", tables.deliveries(alert))
        else:
            st.caption("Kept in the inbox only: no external channel was due to receive it.")
        tries = sum(len(d.attempts) for d in alert.deliveries)
        with st.expander(f"Message and delivery attempts ({tries})"):
            st.text(alert.body)
            if tries:
                view.markdown_table(f"alert-{alert.id}-attempts", tables.attempts(alert))
            else:
                st.caption("No delivery attempt yet.")
