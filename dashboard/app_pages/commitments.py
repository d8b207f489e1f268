"""Every commitment in one interactive table, most urgent first: filter by framework, party,
category, status and flag, sort by any column, select a row to open it."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, routes, tables, view
from monitors.domain import STATUSES, category_words
from monitors.summary import URGENCY_WORDS

VISIBLE_ROWS = 25  # the table scrolls beyond these
# Rows taller than 64 px are where the grid wraps text: three lines, enough for the longest title
# in its column, so nothing is cut at 1400 px.
ROW_HEIGHT = 66
HEADER_HEIGHT = 35

as_of = view.as_of()
catalog = data.catalog()
table = tables.commitments(catalog, data.assessments(as_of))

st.title("Commitments")
# On a grid of four: a chosen option's name is cut short once it outgrows its field, so the
# framework and flag filters, whose names are long, get two columns each.
first, second = st.columns([2, 1, 1]), st.columns([1, 2, 1])
frameworks = first[0].multiselect("Framework", [f.name for f in filters.agreed_frameworks(catalog, as_of)], key="commitments-frameworks",
                                  placeholder="All frameworks")
parties = first[1].multiselect("Owed by", list(tables.SHORT_OBLIGORS.values()), key="commitments-parties",
                               placeholder="Either side")
categories = first[2].multiselect("Category", sorted({category_words(c.category) for c in catalog.commitments.values()}),
                                  key="commitments-categories", placeholder="All categories")
statuses = second[0].multiselect("Status", STATUSES, key="commitments-statuses", placeholder="Any status")
flags = second[1].multiselect("Flag", [view.FLAG_LABELS[f] for f in filters.FLAG_ORDER], key="commitments-flags",
                              placeholder="Any flag", help="Overdue, lapsed, stale, expiring soon, ended and the "
                              "rest: the commitments that carry any of the flags chosen.")
shown = tables.filtered(table, {"framework": frameworks, "owed by": parties, "category": categories, "status": statuses},
                        flags)
st.caption(
    f"{len(shown)} of the {len(table)} commitments agreed by {as_of.isoformat()}, most urgent first ({URGENCY_WORDS}). "
    "Click a column to sort; select a row to open the commitment."
)


def _keep_as_of() -> None:
    """Keep the as-of day through the switch to the chosen commitment: st.switch_page drops every
    widget's value, the sidebar's date field's too, so the commitment opened on today's status.
    A value set by a callback, before this run draws the field, outlasts the switch."""
    st.session_state[view.AS_OF_KEY] = view.as_of()


def _status_colour(status: str) -> str:
    return f"color: {tables.STATUS_TEXT_COLORS.get(status, 'inherit')}; font-weight: 600"


picked = st.dataframe(
    shown.style.map(_status_colour, subset=["status"]),
    hide_index=True,
    key="commitments",
    on_select=_keep_as_of,
    selection_mode="single-row",
    row_height=ROW_HEIGHT,
    height=HEADER_HEIGHT + ROW_HEIGHT * min(len(shown), VISIBLE_ROWS) + 3,
    column_order=[c for c in tables.COMMITMENT_COLUMNS if c not in ("id", "framework")],
    column_config={  # widths within the page's width at 1400 px, with the selection column
        "urgency": st.column_config.NumberColumn("#", width=36, help="1 is the most urgent"),
        "status": st.column_config.TextColumn(width=72),
        "commitment": st.column_config.TextColumn(width=280),
        "owed by": st.column_config.TextColumn(width=66),
        "category": st.column_config.TextColumn(width=92),
        "deadline": st.column_config.TextColumn(width=104),
        "flags": st.column_config.TextColumn(width=170),
        "newest evidence": st.column_config.TextColumn("evidence of", width=82, help="The observed date of the newest evidence"),
    },
)
if picked.selection.rows:
    chosen = shown.iloc[picked.selection.rows[0]]["id"]
    routes.open_commitment(view.commitment_address(chosen))
