"""Every commitment in one interactive table, most urgent first: filter by framework, party,
category and status, sort by any column, select a row to open it."""

from __future__ import annotations

import streamlit as st

from dashboard import data, routes, tables, view
from monitors.domain import STATUSES, category_words
from monitors.summary import URGENCY_WORDS

VISIBLE_ROWS = 25  # the table scrolls beyond these

as_of = view.as_of()
catalog = data.catalog()
table = tables.commitments(catalog, data.assessments(as_of))

st.title("Commitments")
columns = st.columns(4)
frameworks = columns[0].multiselect("Framework", sorted(set(table["framework"]), key=list(table["framework"]).index),
                                    key="commitments-frameworks", placeholder="All frameworks")
parties = columns[1].multiselect("Owed by", list(tables.SHORT_OBLIGORS.values()), key="commitments-parties",
                                 placeholder="Either side")
categories = columns[2].multiselect("Category", sorted({category_words(c.category) for c in catalog.commitments.values()}),
                                    key="commitments-categories", placeholder="All categories")
statuses = columns[3].multiselect("Status", STATUSES, key="commitments-statuses", placeholder="Any status")
shown = tables.filtered(table, {"framework": frameworks, "owed by": parties, "category": categories, "status": statuses})
st.caption(
    f"{len(shown)} of the {len(table)} commitments agreed by {as_of.isoformat()}, most urgent first ({URGENCY_WORDS}). "
    "Click a column to sort; select a row to open the commitment."
)


def _status_colour(status: str) -> str:
    return f"color: {tables.STATUS_TEXT_COLORS.get(status, 'inherit')}; font-weight: 600"


picked = st.dataframe(
    shown.style.map(_status_colour, subset=["status"]),
    hide_index=True,
    key="commitments",
    on_select="rerun",
    selection_mode="single-row",
    height=35 * (min(len(shown), VISIBLE_ROWS) + 1) + 3,
    column_order=[c for c in tables.COMMITMENT_COLUMNS if c not in ("id", "framework")],
    column_config={  # widths that add up to the page's width at 1400 px, with the selection column
        "urgency": st.column_config.NumberColumn("#", width=32, help="1 is the most urgent"),
        "status": st.column_config.TextColumn(width=68),
        "commitment": st.column_config.TextColumn(width=225, help="The full title is on the commitment's page"),
        "owed by": st.column_config.TextColumn(width=55),
        "category": st.column_config.TextColumn(width=95),
        "deadline": st.column_config.TextColumn(width=162),
        "flags": st.column_config.TextColumn(width=190),
        "newest evidence": st.column_config.TextColumn("evidence of", width=80, help="The observed date of the newest evidence"),
    },
)
if picked.selection.rows:
    chosen = shown.iloc[picked.selection.rows[0]]["id"]
    routes.open_commitment(view.commitment_address(chosen))
