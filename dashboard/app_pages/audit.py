"""Audit: who logged or retracted which update, and when, newest first. Read-only, so open to
anyone; names, reasons and sources are escaped text in a table that wraps, so a long detail never
makes the page scroll sideways."""

from __future__ import annotations

import streamlit as st

from dashboard import data, html_blocks, tables

LIMITS = (100, 500, 2000)

html_blocks.style_rules()
st.title("Audit trail")
st.caption("Every write to the evidence log: updates logged (from the dashboard, the command line or an import) and retractions. Times are UTC.")
limit = st.selectbox("Show the newest", LIMITS, key="audit-limit", format_func=lambda n: f"{n} entries")
entries = data.audit_trail(limit)
html_blocks.table_block("audit-trail", tables.audit(data.catalog(), entries))
if len(entries) == limit:
    st.caption(f"Showing the newest {limit}; choose a larger number above to see older ones, if any.")
