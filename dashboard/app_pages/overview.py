"""Overview: where every commitment stands on the as-of date, what is due next, what each side of
each bargain has delivered, and the latest evidence.

Everything here but the alert inbox is drawn with Markdown and page links, which a bare
Streamlit app loads anyway: an interactive grid costs the browser about 0.3 s to load on every
visit (docs/performance.md), so the full sortable table lives on the Commitments page."""

from __future__ import annotations

import streamlit as st

from dashboard import data, tables, view
from dashboard.inbox import draw_inbox
from monitors import summary
from monitors.domain import STATUSES, Assessment

# What the page draws grows with the catalog, not the log; these bounds keep a catalog of a
# thousand commitments as quick to draw as the shipped one.
COMMITMENTS_SHOWN = 25
UPCOMING_SHOWN = 10
BARGAINS_SHOWN = 12
COMMITMENTS_PAGE = "app_pages/commitments.py"

as_of = view.as_of()
catalog = data.catalog()
assessments = data.assessments(as_of)

st.title("US-China trade truce: who is keeping which commitment")
st.caption(f"Status as of {as_of.isoformat()}, judged from the evidence observed by that day.")

counts = summary.status_counts(assessments)
overdue = summary.flag_counts(assessments).get("overdue", 0)
totals = [f":{view.STATUS_BADGE_COLORS[status]}-badge[{view.STATUS_ICONS[status]} {counts[status]} {status}]" for status in STATUSES]
totals.append(f":gray-badge[:material/alarm: {overdue} overdue]")
with st.container(key="totals"):
    st.markdown(" ".join(totals), help="Overdue: the deadline has passed and the commitment is not met.")

left, right = st.columns(2)
with left:
    view.markdown_table("by-framework", tables.counts(summary.counts_by_framework(catalog, assessments), "framework"))
with right:
    view.markdown_table("by-obligor", tables.counts(summary.counts_by_obligor(catalog, assessments), "owed by"))


def commitment_label(assessment: Assessment) -> str:
    """One line per commitment: its title, then status, obligor, deadline and flags."""
    commitment = catalog.commitments[assessment.commitment_id]
    parts = [f"**{view.escape(commitment.title)}**", assessment.status, f"owed by {summary.OBLIGOR_LABELS[commitment.obligor]}"]
    if assessment.deadline is not None:
        countdown = view.days_text(assessment.days_left) if assessment.status != "met" else ""
        parts.append(f"due {assessment.deadline.isoformat()}" + (f", {countdown}" if countdown else ""))
    if assessment.flags:
        parts.append(view.flags_text(assessment.flags))
    return " · ".join(parts)


st.subheader("Commitments")
ranked = summary.most_urgent(assessments)
if len(ranked) > COMMITMENTS_SHOWN:
    st.caption(f"The {COMMITMENTS_SHOWN} most urgent of {len(ranked)}: overdue, disputed, due soon, then by deadline.")
else:
    st.caption("Most urgent first: overdue, disputed, due soon, then by deadline. Open one to see the evidence and why.")
with st.container(key="commitment-links", gap=None):
    for assessment in ranked[:COMMITMENTS_SHOWN]:
        st.page_link(view.COMMITMENT_PAGE, label=commitment_label(assessment), icon=view.STATUS_ICONS[assessment.status],
                     query_params={view.COMMITMENT_KEY: assessment.commitment_id})
st.page_link(COMMITMENTS_PAGE, label=f"All {len(ranked)} commitments in a sortable table", icon=":material/table:")

deadlines_column, inbox_column = st.columns(2)
with deadlines_column:
    st.subheader("Upcoming deadlines")
    upcoming = summary.upcoming_deadlines(catalog, assessments)
    if not upcoming:
        st.caption("No open commitment has a deadline ahead.")
    else:
        if len(upcoming) > UPCOMING_SHOWN:
            st.caption(f"The next {UPCOMING_SHOWN} of {len(upcoming)}; the Commitments page has them all.")
        view.markdown_table("upcoming", tables.upcoming(upcoming[:UPCOMING_SHOWN]))
with inbox_column:
    draw_inbox()

st.subheader("Give and take")
st.caption("Commitments made in exchange for each other, and how many of them each side has delivered (met).")
bargains = summary.bargains(catalog, assessments)
if len(bargains) > BARGAINS_SHOWN:
    st.caption(f"The first {BARGAINS_SHOWN} of {len(bargains)}; each commitment's page shows what it is exchanged for.")


def pledge_text(pledge: summary.Pledge) -> str:
    """'Title (status)', or 'Title (status, flags)' when it has flags."""
    flags = f", {view.flags_text(pledge.flags)}" if pledge.flags else ""
    return f"{view.escape(pledge.title)} ({pledge.status}{flags})"


def side_text(side: summary.Side) -> str:
    pledges = "; ".join(pledge_text(p) for p in side.pledges)
    return f"**{summary.OBLIGOR_LABELS[side.obligor]}** delivered {side.delivered} of {len(side.pledges)}: {pledges}"


with st.container(key="bargains"):
    st.markdown("\n".join("- " + " ⇄ ".join(side_text(side) for side in bargain.sides) for bargain in bargains[:BARGAINS_SHOWN]))

st.subheader("Latest evidence")
latest = data.latest_updates(as_of)
if latest:
    view.markdown_table("latest-evidence", tables.latest(catalog, latest))
else:
    st.caption("No evidence observed by this day.")
