"""One commitment, the page an analyst cites: what was promised and where it is written, the
status and why, how fresh the evidence is, the status history (each change dated, with its
reason and the updates behind it), linked commitments, deadline and expiry histories, the
evidence as readable rows, and charts of it.

Opens at the dashboard's own address with `?commitment=<id>` (every link to a commitment, alert
messages included), with `&as_of=` for a replay; `/commitment?commitment=<id>` still opens it."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, routes, tables, view
from monitors.domain import category_words
from monitors.judging import history
from monitors.judging import rule as evidence

# Rows drawn at most: a long Markdown table costs the browser more than the rest of the page
# (docs/performance.md); the search and the Download page reach the others.
EVIDENCE_SHOWN = 30
CHANGES_SHOWN = 20
# What is drawn before a click: the newest few rows, and every row the status rests on. Each row
# costs the browser Markdown to lay out, and the search field JavaScript of its own.
EVIDENCE_FIRST = 10
CHANGES_FIRST = 5
EVIDENCE_OPEN_KEY = "commitment-evidence-open"
HISTORY_OPEN_KEY = "commitment-history-open"
# Controls that draw, on a click, what needs JavaScript of its own: the chooser's list and the
# charts (Vega-Lite, about 1 MB) would otherwise cost every visit (docs/performance.md).
CHOOSER_OPEN_KEY = "commitment-chooser-open"
CHARTS_SHOWN_KEY = "commitment-charts-shown"

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


def _open(key: str) -> None:
    """Draw, from now on in this session, what the control `key` stands for."""
    st.session_state[key] = True


if st.session_state.get(CHOOSER_OPEN_KEY):
    commitment_id = st.selectbox(
        "Commitment",
        ids,
        key=view.COMMITMENT_KEY,
        format_func=lambda i: f"{catalog.commitments[i].title} ({i})",
        on_change=_link_to_choice,
        persist_state="session",
    )
else:
    commitment_id = st.session_state[view.COMMITMENT_KEY]
st.query_params[view.COMMITMENT_KEY] = commitment_id

as_of = view.as_of()
commitment = catalog.commitments[commitment_id]
framework = catalog.frameworks[commitment.framework]
assessments = data.assessments(as_of)
assessment = next((a for a in assessments if a.commitment_id == commitment_id), None)

st.title(commitment.title)
st.caption(f"{framework.name} ({framework.date.isoformat()}) · owed by {view.party(commitment.obligor)} · "
           f"{category_words(commitment.category)}")
if not st.session_state.get(CHOOSER_OPEN_KEY):
    st.button("Choose another commitment", key="choose-commitment", icon=":material/list:", on_click=_open,
              args=(CHOOSER_OPEN_KEY,))

st.subheader(f"Status as of {as_of.isoformat()}")
with st.container(key="status"):
    if assessment is None:
        st.info(f"Not yet agreed on {as_of.isoformat()}: the {framework.name} was agreed on {framework.date.isoformat()}, "
                "so there is no status to show for that date.", icon=":material/event_upcoming:")
    else:
        view.status_badges(assessment)
        st.text(assessment.verdict.explanation)
if assessment is not None:
    with st.container(key="freshness"):
        facts = [view.evidence_freshness(assessment.latest_evidence, as_of).capitalize()]
        if assessment.expires is not None and assessment.ended_on is None:
            facts.append(f"{'expired' if assessment.expires < as_of else 'expires'} {assessment.expires.isoformat()}")
        if assessment.ended_on is not None:
            facts.append(f"ended {assessment.ended_on.isoformat()} (update #{assessment.ended_by})")
        st.markdown(" · ".join(facts))

st.subheader("What was promised")
st.text(commitment.promise)
with st.container(key="sources"):
    for source in commitment.sources:
        published = f", published {source.published.isoformat()}" if source.published else ""
        cited = view.link(str(source.url) if source.url else None, "read the source")
        st.markdown(f"**{view.escape(source.outlet)}**: {view.escape(source.title)}{published}" + (f" · {cited}" if cited else ""))
        if source.quote:
            st.markdown("> " + view.escape(" ".join(source.quote.split())))

if assessment is None:
    st.stop()
updates = data.commitment_updates(commitment_id)

related = tables.related(catalog, commitment, assessments)
if related:
    st.subheader("Linked commitments")
    with st.container(key="links", gap=None):
        for relation, other, status in related:
            routes.commitment_link(f"{relation}: **{view.escape(other.title)}**", view.STATUS_ICONS[status],
                                   view.commitment_address(other.id))
            st.markdown(f"{view.status_badge(status)} owed by {view.party(other.obligor)}")

st.subheader("Status history")
changes = [c for c in data.status_changes(data.today(), commitment_id) if c.day <= as_of]
limit = CHANGES_SHOWN if st.session_state.get(HISTORY_OPEN_KEY) else CHANGES_FIRST
shown_changes = f"The newest {limit} of {len(changes)} changes" if len(changes) > limit else "Each change"
st.caption(f"{shown_changes} of status or flags up to the as-of date, newest first, with what caused it. "
           "Update numbers (#) are those of the evidence below; the Timeline page has every change.")
view.markdown_table("status-history", tables.status_history(changes[:limit]))
if len(changes) > limit and limit < CHANGES_SHOWN:
    more = f"Show all {len(changes)} changes" if len(changes) <= CHANGES_SHOWN else f"Show the newest {CHANGES_SHOWN} changes"
    st.button(more, key="more-history", icon=":material/expand_more:", on_click=_open, args=(HISTORY_OPEN_KEY,))

st.subheader("Deadline and expiry")
if assessment.deadline is None:
    st.caption("This commitment has no deadline.")
else:
    settled = assessment.status == "met" or {"ended", "lapsed"} & set(assessment.flags)
    countdown = "" if settled else f" ({view.days_text(assessment.days_left)})"
    st.markdown(f"Deadline **{assessment.deadline.isoformat()}**{countdown}"
                + (f"; as written, {assessment.original_deadline}." if len(assessment.deadlines) > 1 else "."))
    view.markdown_table("deadline-history", tables.version_history(assessment.deadlines, "deadline"))
if assessment.expiries:
    st.markdown(f"Term ends **{assessment.expires}** unless renewed.")
    view.markdown_table("expiry-history", tables.version_history(assessment.expiries, "expiry"))

st.subheader("Evidence")
observed = tables.observed_by(updates, as_of)
searching = bool(st.session_state.get(EVIDENCE_OPEN_KEY))
search = None
if searching:
    search = st.text_input("Search the evidence", key="evidence-search", placeholder="A source, a word of a note, a period...",
                           help="Keeps the rows whose source, note, period or value contain these words (any case).")
if search:
    matching = tables.matching_rows(tables.readable_evidence(observed, assessment), search)
    found, shown = len(matching), matching.head(EVIDENCE_SHOWN)
elif searching:
    found, shown = len(observed), tables.readable_evidence(observed[:EVIDENCE_SHOWN], assessment)
else:
    found = len(observed)
    shown = tables.readable_evidence(tables.newest_and_deciding(observed, EVIDENCE_FIRST, assessment), assessment)
st.caption(f"{found} update{'s' if found != 1 else ''} observed by the as-of date{' matching the search' if search else ''}"
           f", newest first. {tables.RESTS_ON_IT} marks those the status rests on; retracted ones stay listed with the reason.",
           help="Observed: the day the evidence became known or took effect. Evidence: an act (what a government did), "
                "a figure (for the period named) or a statement (what someone said). Says: what it asserts about the "
                "commitment. Update: its number in the log, and who logged it.")
if searching and found > EVIDENCE_SHOWN:
    st.caption(f"Showing the newest {EVIDENCE_SHOWN}; search to narrow them, or download the whole log from the Download page.")
elif not searching and len(shown) < found:
    st.caption(f"Showing the newest {EVIDENCE_FIRST} and every one the status rests on.")
view.markdown_table("evidence", shown)
if not searching and found > len(shown):
    more = f"Show all {found} and search them" if found <= EVIDENCE_SHOWN else \
        f"Search all {found} and show the newest {EVIDENCE_SHOWN}"
    st.button(more, key="more-evidence", icon=":material/search:", on_click=_open, args=(EVIDENCE_OPEN_KEY,))


def _show_charts() -> None:
    st.session_state[CHARTS_SHOWN_KEY] = True


def _hide_charts() -> None:
    st.session_state[CHARTS_SHOWN_KEY] = False


measured = charts.measured_charts(commitment, updates, as_of, assessment.ended_on)
said = evidence.usable(updates, as_of)  # what the chart of who said what counts
titles = (["Who said what, when"] if said else []) + [title for _key, title, _draw in measured]
if titles:
    st.subheader("Charts")
    if not st.session_state.get(CHARTS_SHOWN_KEY):
        st.caption("; ".join(titles) + ".")
        st.button("Draw the charts", key="show-charts", icon=":material/bar_chart:", on_click=_show_charts,
                  help="Draws them on this and every commitment page you open next, until you hide them.")
    else:
        st.button("Hide the charts", key="hide-charts", icon=":material/visibility_off:", on_click=_hide_charts)
        if said:
            st.markdown("**Who said what, when**")
            view.chart("evidence-chart", charts.evidence_chart(history.evidence_counts(said, as_of)))
        for key, title, draw in measured:
            st.markdown(f"**{title}**")
            view.chart(key, draw())
