"""Timeline: every commitment's status over time, with framework dates and deadlines, up to the
as-of date (move it in the sidebar to replay the dashboard on any day)."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, tables, view
from monitors import history

as_of = view.as_of()
catalog = data.catalog()
spans = history.as_of(data.status_history(data.today()), as_of)

st.title("Timeline")
st.caption(
    "Each row is a commitment, coloured by its status on each day. Vertical lines mark the frameworks; "
    "points mark deadlines as written and as extended; the dashed line is the as-of date."
)
view.chart("status-timeline", charts.status_timeline(catalog, spans, data.assessments(as_of), as_of))

st.subheader("Status changes")
view.table("status-changes", tables.status_changes(catalog, spans))
