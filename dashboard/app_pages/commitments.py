"""Every commitment in one interactive table: sort by any column, select a row to open it."""

from __future__ import annotations

import streamlit as st

from dashboard import data, tables, view

VISIBLE_ROWS = 25  # the table scrolls beyond these

as_of = view.as_of()
catalog = data.catalog()
table = tables.commitments(catalog, data.assessments(as_of))

st.title("Commitments")
st.caption(
    f"All {len(table)} commitments as of {as_of.isoformat()}, in the order their frameworks list them. "
    "Click a column to sort; select a row to open the commitment."
)
picked = st.dataframe(
    table,
    hide_index=True,
    key="commitments",
    on_select="rerun",
    selection_mode="single-row",
    height=35 * (min(len(table), VISIBLE_ROWS) + 1) + 3,
    column_config={"days left": st.column_config.NumberColumn(format="%d")},
)
if picked.selection.rows:
    chosen = table.iloc[picked.selection.rows[0]]["id"]
    st.switch_page(view.COMMITMENT_PAGE, query_params=view.commitment_address(chosen))
