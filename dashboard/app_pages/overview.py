"""Overview: where every commitment stands on the as-of date, what is due next, what each side of
each bargain has delivered, and the latest evidence."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import data, tables, view
from dashboard.inbox import draw_inbox
from monitors import summary
from monitors.domain import STATUSES

# What the page draws grows with the catalog, not the log; these bounds keep a catalog of a
# thousand commitments as quick to draw as the shipped one.
TABLE_ROWS = 25
UPCOMING_SHOWN = 10
BARGAINS_SHOWN = 12

as_of = view.as_of()
catalog = data.catalog()
assessments = data.assessments(as_of)

st.title("US-China trade truce: who is keeping which commitment")
st.caption(f"Status as of {as_of.isoformat()}, judged from the evidence observed by that day.")

counts = summary.status_counts(assessments)
flags = summary.flag_counts(assessments)
columns = st.columns(4)
for column, status in zip(columns, STATUSES):
    column.metric(status.capitalize(), counts[status], border=True)
columns[3].metric("Overdue", flags.get("overdue", 0), border=True, help="Deadline passed and not met")

left, right = st.columns(2)
with left:
    view.static_table("by-framework", tables.counts(summary.counts_by_framework(catalog, assessments), "framework"))
with right:
    view.static_table("by-obligor", tables.counts(summary.counts_by_obligor(catalog, assessments), "owed by"))

st.subheader("Commitments")
st.caption("Select a row to open the commitment: what was promised, the evidence and why it has this status.")
table = tables.commitments(catalog, assessments)
picked = st.dataframe(
    table,
    hide_index=True,
    key="commitments",
    on_select="rerun",
    selection_mode="single-row",
    height=35 * (min(len(table), TABLE_ROWS) + 1) + 3,
    column_config={"days left": st.column_config.NumberColumn(format="%d")},
)
if picked.selection.rows:
    chosen = table.iloc[picked.selection.rows[0]]["id"]
    st.switch_page("app_pages/commitment.py", query_params={view.COMMITMENT_KEY: chosen})

deadlines_column, inbox_column = st.columns(2)
with deadlines_column:
    st.subheader("Upcoming deadlines")
    upcoming = summary.upcoming_deadlines(catalog, assessments)
    if not upcoming:
        st.caption("No open commitment has a deadline ahead.")
    if len(upcoming) > UPCOMING_SHOWN:
        st.caption(f"The next {UPCOMING_SHOWN} of {len(upcoming)}; the table above has them all.")
    for item in upcoming[:UPCOMING_SHOWN]:
        extended = " (extended)" if item.extended else ""
        st.text(f"{item.deadline.isoformat()} · {view.days_text(item.days_left)}{extended}: {item.title} [{item.status}]")
with inbox_column:
    draw_inbox()

st.subheader("Give and take")
st.caption("Commitments made in exchange for each other, and how many of them each side has delivered (met).")
bargains = summary.bargains(catalog, assessments)
if len(bargains) > BARGAINS_SHOWN:
    st.caption(f"The first {BARGAINS_SHOWN} of {len(bargains)}; each commitment's page shows what it is exchanged for.")
for number, bargain in enumerate(bargains[:BARGAINS_SHOWN]):
    with st.container(border=True, key=f"bargain-{number}"):
        for column, side in zip(st.columns(len(bargain.sides)), bargain.sides):
            with column:
                st.markdown(f"**{summary.OBLIGOR_LABELS[side.obligor]}** delivered {side.delivered} of {len(side.pledges)}")
                for pledge in side.pledges:
                    marks = f" ({view.flags_text(pledge.flags)})" if pledge.flags else ""
                    st.text(f"{pledge.status}{marks} · {pledge.title}")

st.subheader("Latest evidence")
view.table("latest-evidence", tables.latest(catalog, data.latest_updates(as_of)))

with st.expander("Download statuses, evidence and deadlines"):
    st.caption("Files are made when you click, from the store as it is then, with statuses as of the as-of date.")
    stamp = as_of.isoformat()
    downloads = [
        ("Statuses (CSV)", partial(data.export_statuses_csv, as_of), f"truce-statuses-{stamp}.csv", "text/csv", "statuses"),
        ("Evidence (CSV)", data.export_updates_csv, "truce-evidence.csv", "text/csv", "evidence"),
        ("Everything (JSON)", partial(data.export_json, as_of), f"truce-{stamp}.json", "application/json", "json"),
        ("Deadlines (iCalendar)", partial(data.export_ics, as_of), f"truce-deadlines-{stamp}.ics", "text/calendar", "ics"),
    ]
    for cell, (label, make, file_name, mime, key) in zip(st.columns(len(downloads)), downloads):
        cell.download_button(label, make, file_name, mime, key=f"download-{key}", on_click="ignore")
