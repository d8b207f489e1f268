"""Timeline: the chosen commitments' status over time, with framework dates and deadlines, up to
the as-of date (move it in the sidebar to replay the dashboard on any day).

Only the commitments drawn are replayed, from their own evidence, and at most
MAX_TIMELINE_COMMITMENTS of them, however large the catalog and the log grow."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, filters, html_blocks, tables, view
from monitors.judging import history
from monitors.judging.assess import agreed_commitments

as_of = view.as_of()
catalog = data.catalog()

html_blocks.style_rules()
st.title("Timeline")
left, right = st.columns(2)
frameworks = left.multiselect(
    "Frameworks", [f.id for f in filters.agreed_frameworks(catalog, as_of)],
    key="timeline-frameworks", format_func=lambda f: catalog.frameworks[f].name, placeholder="All frameworks",
)
categories = right.multiselect(
    "Categories", filters.categories(catalog), key="timeline-categories",
    format_func=lambda c: c.replace("_", " "), placeholder="All categories",
)
agreed = {c.id for c in agreed_commitments(catalog, as_of)}
matching = [i for i in filters.matching(catalog, frameworks, categories) if i in agreed]
shown = matching[: filters.MAX_TIMELINE_COMMITMENTS]
if not shown:
    st.info("No commitment matches the filter." if agreed else f"No framework had been agreed by {as_of.isoformat()}.")
    st.stop()
if len(shown) < len(matching):
    st.caption(f"Showing {len(shown)} of {len(matching)}; narrow the filter to see the others.")

spans = history.as_of(data.status_history(data.today(), tuple(shown)), as_of)
drawn = set(shown)
assessments = [a for a in data.assessments(as_of) if a.commitment_id in drawn]
st.caption(
    "Each row is a commitment, coloured by its status on each day (overdue, lapsed and ended set apart), "
    "with a strip above it while its term is expiring soon and below it while its figures are stale. "
    "Vertical lines mark the frameworks; "
    "points mark deadlines as written and as extended; the dashed line is the as-of date."
)
view.chart("status-timeline", charts.status_timeline(catalog, spans, assessments, as_of))

st.subheader("Status changes")
changes = tables.status_changes(catalog, spans)
html_blocks.table_block("status-changes", changes, {"status": html_blocks.status_words})
