"""One commitment: what was promised and where it is written, its status and why, the evidence,
its deadline history and charts of the evidence (and of the measured values) over time.

Opens from `?commitment=<id>`, the link alert e-mails carry."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, tables, view
from monitors.judging import history

catalog = data.catalog()
ids = list(catalog.commitments)

wanted = st.query_params.get(view.COMMITMENT_KEY)
if wanted in ids:
    st.session_state[view.COMMITMENT_KEY] = wanted
elif st.session_state.get(view.COMMITMENT_KEY) not in ids:
    st.session_state[view.COMMITMENT_KEY] = ids[0]


def _link_to_choice() -> None:
    """Keep the address in step with a new choice before the rerun reads it, so a copied link
    opens the same commitment."""
    st.query_params[view.COMMITMENT_KEY] = st.session_state[view.COMMITMENT_KEY]


commitment_id = st.selectbox(
    "Commitment",
    ids,
    key=view.COMMITMENT_KEY,
    format_func=lambda i: f"{catalog.commitments[i].title} ({i})",
    on_change=_link_to_choice,
    persist_state="session",
)
st.query_params[view.COMMITMENT_KEY] = commitment_id

as_of = view.as_of()
commitment = catalog.commitments[commitment_id]
framework = catalog.frameworks[commitment.framework]
assessments = data.assessments(as_of)
assessment = next((a for a in assessments if a.commitment_id == commitment_id), None)

st.title(commitment.title)
st.caption(f"{framework.name} ({framework.date.isoformat()}) · owed by {view.party(commitment.obligor)} · {commitment.category.replace('_', ' ')}")

st.subheader(f"Status as of {as_of.isoformat()}")
with st.container(key="status"):
    if assessment is None:
        st.info(f"Not yet agreed on {as_of.isoformat()}: the {framework.name} was agreed on {framework.date.isoformat()}, "
                "so there is no status to show for that date.", icon=":material/event_upcoming:")
    else:
        view.status_badges(assessment)
        st.text(assessment.verdict.explanation)

st.subheader("What was promised")
st.text(commitment.promise)
view.table("sources", tables.sources(commitment), column_config=tables.LINK_COLUMNS)

if assessment is None:
    st.stop()
updates = data.commitment_updates(commitment_id)

links = tables.links(catalog, commitment, assessments)
if not links.empty:
    st.markdown("**Linked commitments**")
    view.table("links", links)

st.subheader("Deadline")
if assessment.deadline is None:
    st.caption("This commitment has no deadline.")
else:
    st.text(f"{assessment.deadline.isoformat()} ({view.days_text(assessment.days_left)})")
    if len(assessment.deadlines) > 1:
        st.caption(f"Extended; the deadline as written was {assessment.original_deadline}.")
    view.table("deadline-history", tables.deadline_history(assessment))

st.subheader("Evidence")
st.caption("Updates observed by the as-of date. Those the status rests on are marked; retracted ones stay listed with the reason.")
view.table("evidence", tables.evidence(updates, assessment), column_config=tables.LINK_COLUMNS)

counts = history.evidence_counts(updates, as_of)
if counts:
    st.markdown("**Who said what, when**")
    view.chart("evidence-chart", charts.evidence_chart(counts))

unit = commitment.measured_unit
if unit is not None:
    st.markdown(f"**Measured values against the target ({unit})**")
    series = history.measured_series(commitment, updates, as_of)
    if series:
        view.chart("measured-chart", charts.measured_chart(series, history.targets(commitment), unit))
    else:
        st.caption("No measurement logged yet.")
