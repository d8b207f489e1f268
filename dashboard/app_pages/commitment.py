"""One commitment, the page an analyst cites: what was promised and where it is written, the
status and why, how fresh the evidence is, the status history (each change dated, with its
reason and the updates behind it), linked commitments, deadline and expiry histories, the
evidence as readable rows, and charts of it.

What it shows in words is HTML built in html_blocks, four blocks between the widgets, as the
overview's is: Streamlit's Markdown in the browser was most of what the page cost beyond the
dashboard's frame (docs/performance.md, seventh round).

Opens at the dashboard's own address with `?commitment=<id>` (every link to a commitment, alert
messages included), with `&as_of=` for a replay; `/commitment?commitment=<id>` still opens it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, html_blocks, tables, view
from monitors import summary
from monitors.domain import Assessment, category_words
from monitors.judging import history
from monitors.judging import rule as evidence
from monitors.status_changes import StatusChange

# Rows drawn at most: a long table costs the browser more than the rest of the page
# (docs/performance.md); the search and the Download page reach the others.
EVIDENCE_SHOWN = 30
CHANGES_SHOWN = 20
# What is drawn before a click: the newest few rows, and every row the status rests on. Each row
# costs the browser layout, and the search field JavaScript of its own.
EVIDENCE_FIRST = 10
CHANGES_FIRST = 5
EVIDENCE_OPEN_KEY = "commitment-evidence-open"
HISTORY_OPEN_KEY = "commitment-history-open"
# Controls that draw, on a click, what needs JavaScript of its own: the chooser's list and the
# charts (Vega-Lite, about 1 MB) would otherwise cost every visit (docs/performance.md).
CHOOSER_OPEN_KEY = "commitment-chooser-open"
CHARTS_SHOWN_KEY = "commitment-charts-shown"

NOT_FOUND_CHOICE_KEY = "commitment-not-found"
NOT_FOUND_SHOWN = 80  # characters of an unknown id quoted back

catalog = data.catalog()
ids = list(catalog.commitments)


def _open_chosen_instead() -> None:
    st.query_params[view.COMMITMENT_KEY] = st.session_state[NOT_FOUND_CHOICE_KEY]


def not_found(wanted: str) -> None:
    """An address naming no commitment (cut short, mistyped, or of a renamed one) says so and
    offers the list, instead of showing another commitment's status as if it had been asked for."""
    quoted = wanted if len(wanted) <= NOT_FOUND_SHOWN else wanted[:NOT_FOUND_SHOWN] + "…"
    st.title("Commitment not found")
    st.warning(f"No commitment has the id “{view.escape(quoted)}”. The link may be cut short or mistyped: choose one "
               "below, or see them all on the Commitments page.", icon=":material/search_off:")
    st.selectbox("Commitment", ids, index=None, placeholder="Choose a commitment", key=NOT_FOUND_CHOICE_KEY,
                 format_func=lambda i: f"{catalog.commitments[i].title} ({i})", on_change=_open_chosen_instead)
    st.stop()


wanted = st.query_params.get(view.COMMITMENT_KEY)
if wanted and wanted not in ids:
    not_found(wanted)
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


def status_section(assessment: Assessment) -> str:
    """The status and its flags as badges, and the explanation in full."""
    badges = [html_blocks.status_badge(assessment.status)] + [html_blocks.flag_badge(f) for f in assessment.flags]
    return html_blocks.section("status", f'<div class="truce-badges">{" ".join(badges)}</div>'
                               + html_blocks.prose(assessment.verdict.explanation))


def freshness_section(assessment: Assessment) -> str:
    """How old the newest evidence is, and when the commitment's term ends or what ended it."""
    facts = [view.evidence_freshness(assessment.latest_evidence, as_of).capitalize()]
    if assessment.expires is not None and assessment.ended_on is None:
        facts.append(f"{'expired' if assessment.expires < as_of else 'expires'} {assessment.expires.isoformat()}")
    if assessment.ended_on is not None:
        facts.append(f"ended {assessment.ended_on.isoformat()} (update #{assessment.ended_by})")
    return html_blocks.section("freshness", html_blocks.paragraph(html_blocks.text(" · ".join(facts))))


def sources_section() -> str:
    """Where the promise is written: each source published by the as-of date, linked, with its
    quote in full. A replay leaves out what was published later, as it leaves out later evidence."""
    shown = commitment.sources_published_by(as_of)
    later = len(commitment.sources) - len(shown)
    parts = [html_blocks.caption(f"{later} source{'s' if later != 1 else ''} published after {as_of.isoformat()} "
                                 f"{'are' if later != 1 else 'is'} left out of this replay.")] if later else []
    for source in shown:
        when = f", published {source.published.isoformat()}" if source.published else ""
        link = html_blocks.external_link(str(source.url) if source.url else None, "read the source")
        parts.append(html_blocks.paragraph(f"<strong>{html_blocks.text(source.outlet)}</strong>: "
                                           + html_blocks.text(f"{source.title}{when}")
                                           + (f" · {link}" if link else "")))
        if source.quote:
            parts.append(html_blocks.quote(source.quote))
    return html_blocks.section("sources", "".join(parts))


def links_section() -> str:
    """The other side of its bargain and what it carries forward, each linked to its page."""
    related = tables.related(catalog, commitment, assessments)
    if not related:
        return ""
    items = []
    for relation, other, status in related:
        title = html_blocks.commitment_link(other.id, f"<strong>{html_blocks.text(other.title)}</strong>")
        items.append(f"{html_blocks.text(relation)}: {title}<br>{html_blocks.status_badge(status)} "
                     + html_blocks.text(f"owed by {view.party(other.obligor)}"))
    return (html_blocks.heading("Linked commitments")
            + html_blocks.caption("Each opens in a tab of its own, as of the same day.")
            + html_blocks.section("links", html_blocks.bullet_list(items)))


def history_section(changes: list[StatusChange], limit: int) -> str:
    shown = f"The newest {limit} of {len(changes)} changes" if len(changes) > limit else "Each change"
    return (html_blocks.heading("Status history")
            + html_blocks.caption(f"{shown} of status or flags up to the as-of date, newest first, with what caused "
                                  "it. Update numbers (#) are those of the evidence below; the Timeline page has "
                                  "every change.")
            + html_blocks.section("status-history", html_blocks.table(tables.status_history(changes[:limit]), wide=True)))


def windows_table(windows: list[summary.PurchaseWindowDue]) -> pd.DataFrame:
    """Each purchase window, its target and when it is due, as of the as-of date."""
    def due(window: summary.PurchaseWindowDue) -> str:
        state = window.state(as_of)
        if state == "not started":
            return f"{window.end.isoformat()} (not started)"
        countdown = view.days_text((window.end - as_of).days)
        return f"{'ended ' if state == 'ended' else ''}{window.end.isoformat()} ({countdown})"

    return pd.DataFrame([{"window": f"{w.start.isoformat()} to {w.end.isoformat()}", "target": view.amount(w.target, w.unit, " "),
                          "due": due(w)} for w in windows], columns=["window", "target", "due"])


def deadline_section(assessment: Assessment) -> str:
    """The deadline in force and its countdown, the term's end, and the history of each."""
    parts = [html_blocks.heading("Deadline and expiry")]
    windows = summary.purchase_windows(commitment)
    if windows:
        parts.append(html_blocks.caption("Each window's target is due by its last day, and a window that ends short of its "
                                         "target makes the commitment overdue (the status above says which)."))
        parts.append(html_blocks.section("purchase-windows", html_blocks.table(windows_table(windows))))
    if assessment.deadline is None:
        if not windows:
            parts.append(html_blocks.caption("This commitment has no deadline."))
    else:
        settled = assessment.status == "met" or {"ended", "lapsed"} & set(assessment.flags)
        countdown = "" if settled else f"({view.days_text(assessment.days_left)})"
        as_written = f"; as written, {assessment.original_deadline}." if len(assessment.deadlines) > 1 else "."
        parts.append(html_blocks.paragraph(f"Deadline <strong>{html_blocks.text(assessment.deadline.isoformat())}</strong> "
                                           + html_blocks.text(countdown + as_written)))
        parts.append(html_blocks.section("deadline-history", html_blocks.table(
            tables.version_history(assessment.deadlines, "deadline"))))
    if assessment.expiries:
        parts.append(html_blocks.paragraph(f"Term ends <strong>{html_blocks.text(assessment.expires)}</strong> "
                                           "unless renewed."))
        parts.append(html_blocks.section("expiry-history", html_blocks.table(
            tables.version_history(assessment.expiries, "expiry"))))
    return "".join(parts)


EVIDENCE_HELP = ("Observed: the day the evidence became known or took effect. Evidence: an act (what a government "
                 "did), a figure (for the period named) or a statement (what someone said). Says: what it asserts "
                 "about the commitment. Update: its number in the log, and who logged it.")


def evidence_section(found: int, shown: pd.DataFrame, searching: bool, search: str | None) -> str:
    counted = (f"{found} update{'s' if found != 1 else ''} observed by the as-of date"
               f"{' matching the search' if search else ''}, newest first. {tables.RESTS_ON_IT} marks those the "
               "status rests on; retracted ones stay listed with the reason.")
    parts = [html_blocks.caption(counted, EVIDENCE_HELP)]
    if searching and found > EVIDENCE_SHOWN:
        parts.append(html_blocks.caption(f"Showing the newest {EVIDENCE_SHOWN}; search to narrow them, or download "
                                         "the whole log from the Download page."))
    elif not searching and len(shown) < found:
        parts.append(html_blocks.caption(f"Showing the newest {EVIDENCE_FIRST} and every one the status rests on."))
    return "".join(parts) + html_blocks.section("evidence", html_blocks.table(shown, wide=True))


html_blocks.style_rules()
st.title(commitment.title)
html_blocks.block("commitment-heading", html_blocks.caption(
    f"{framework.name} ({framework.date.isoformat()}) · owed by {view.party(commitment.obligor)} · "
    f"{category_words(commitment.category)}"))
if not st.session_state.get(CHOOSER_OPEN_KEY):
    st.button("Choose another commitment", key="choose-commitment", icon=":material/list:", on_click=_open,
              args=(CHOOSER_OPEN_KEY,))

status_heading = html_blocks.heading(f"Status as of {as_of.isoformat()}")
promise = html_blocks.heading("What was promised") + html_blocks.section("promise", html_blocks.prose(commitment.promise))
if assessment is None:
    st.html(status_heading)
    st.info(f"Not yet agreed on {as_of.isoformat()}: the {framework.name} was agreed on {framework.date.isoformat()}, "
            "so there is no status to show for that date.", icon=":material/event_upcoming:")
    html_blocks.block("commitment-summary", promise, sources_section())
    st.stop()

updates = data.commitment_updates(commitment_id)
changes = [c for c in data.status_changes(data.today(), commitment_id) if c.day <= as_of]
limit = CHANGES_SHOWN if st.session_state.get(HISTORY_OPEN_KEY) else CHANGES_FIRST
html_blocks.block("commitment-summary", status_heading, status_section(assessment), freshness_section(assessment),
                  promise, sources_section(), links_section(), history_section(changes, limit))
if len(changes) > limit and limit < CHANGES_SHOWN:
    more = f"Show all {len(changes)} changes" if len(changes) <= CHANGES_SHOWN else f"Show the newest {CHANGES_SHOWN} changes"
    st.button(more, key="more-history", icon=":material/expand_more:", on_click=_open, args=(HISTORY_OPEN_KEY,))

html_blocks.block("commitment-deadlines", deadline_section(assessment), html_blocks.heading("Evidence"))
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
html_blocks.block("commitment-evidence", evidence_section(found, shown, searching, search))
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
    shown_charts = bool(st.session_state.get(CHARTS_SHOWN_KEY))
    html_blocks.block("commitment-charts-heading", html_blocks.heading("Charts")
                      + ("" if shown_charts else html_blocks.caption("; ".join(titles) + ".")))
    if not shown_charts:
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
