"""Downloads: statuses and evidence as CSV and JSON, deadlines as an iCalendar file."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import data, view

as_of = view.as_of()
stamp = as_of.isoformat()
st.title("Download")
st.caption(f"Files are made when you click, from the store as it is then, with statuses as of {stamp} (the as-of date).")
downloads = [
    ("Briefing (PDF)", partial(data.export_briefing_pdf, as_of), f"truce-briefing-{stamp}.pdf", "application/pdf", "briefing",
     "The state of the truce on the as-of date, to read or forward: counts, each framework's commitments with status "
     "and explanation, the figures behind measured ones, and the sources cited."),
    ("Statuses (CSV)", partial(data.export_statuses_csv, as_of), f"truce-statuses-{stamp}.csv", "text/csv", "statuses",
     "One row per commitment: its status, flags, deadline, explanation and the updates behind it."),
    ("Evidence (CSV)", data.export_updates_csv, "truce-evidence.csv", "text/csv", "evidence",
     "Every logged update, retractions included. Cells a spreadsheet would run as formulas are neutralised."),
    ("Everything (JSON)", partial(data.export_json, as_of), f"truce-{stamp}.json", "application/json", "json",
     "The frameworks, each commitment agreed by the as-of date with its promise, all its sources and its status on "
     "that date, and every update in the log, those observed later included (as `python -m monitors export --format "
     "json --as-of` gives them)."),
    ("Deadlines (iCalendar)", partial(data.export_ics, as_of), f"truce-deadlines-{stamp}.ics", "text/calendar", "ics",
     "Each commitment's current deadline as an all-day event, with its status and history."),
]
for label, make, file_name, mime, key, what in downloads:
    with st.container(border=True):
        st.download_button(label, make, file_name, mime, key=f"download-{key}", on_click="ignore")
        st.caption(what)
