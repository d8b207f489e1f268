"""Overview: where every commitment stands on the as-of date, what is due next, what each side of
each bargain has delivered, and the latest evidence.

The counts, lists and tables are HTML built in html_blocks (Streamlit's Markdown parser in the
browser was most of what they cost), the commitments one list, not fifty links and captions. An
interactive grid costs the browser about 0.3 s to load on every visit (docs/performance.md), so
the full sortable table lives on the Commitments page."""

from __future__ import annotations

import streamlit as st

from dashboard import data, html_blocks, tables, view
from dashboard.inbox import OVERVIEW_ALERTS, draw_alert, draw_inbox, unacknowledged_badge
from monitors import summary
from monitors.domain import STATUSES, Assessment

# What the page draws grows with the catalog, not the log; these bounds keep a catalog of a
# thousand commitments as quick to draw as the shipped one.
COMMITMENTS_SHOWN = 25
UPCOMING_SHOWN = 10
BARGAINS_SHOWN = 6
STALE_RECORD_DAYS = 45  # newer than a monthly figure's usual publication lag: no warning
LIFECYCLE_TOTALS = {
    "overdue": ":material/alarm:", "stale": ":material/hourglass_bottom:", "expiring": ":material/timer:",
    "lapsed": ":material/event_busy:", "ended": ":material/block:",
}

as_of = view.as_of()
catalog = data.catalog()
assessments = data.assessments(as_of)

html_blocks.style_rules()
st.title("US-China trade truce: who is keeping which commitment")
st.caption(f"Status as of {as_of.isoformat()}, judged from the evidence observed by that day.")
if not assessments:
    first = min(f.date for f in catalog.frameworks.values())
    st.info(f"No framework had been agreed by {as_of.isoformat()}: the first, on {first.isoformat()}, "
            "is where the record starts. Choose a later as-of date.", icon=":material/event_upcoming:")
    st.stop()

# Freshness first: a status is only as current as the evidence it is judged from.
newest = max((a.latest_evidence for a in assessments if a.latest_evidence is not None), default=None)
with st.container(key="freshness"):
    freshness = f"Newest evidence: {view.evidence_freshness(newest, as_of).removeprefix('newest evidence ')}."
    if newest is None or (as_of - newest).days > STALE_RECORD_DAYS:
        st.warning(f"{freshness} Statuses may lag what has happened since; check the commitments marked stale.",
                   icon=":material/hourglass_bottom:")
    else:
        st.caption(f":material/update: {freshness}")

TOTALS_HELP = ("Overdue: the deadline has passed and the commitment is not met. Stale: the next expected figure or "
               "word is late. Expiring soon: its term ends soon. Lapsed: its term ended with no renewal logged. "
               "Ended: an event made it moot. The page How statuses are judged has every rule.")


def totals_section() -> str:
    """One badge per status, and one per lifecycle flag that any commitment carries (overdue always)."""
    counts = summary.status_counts(assessments)
    flagged = summary.flag_counts(assessments)
    badges = [html_blocks.status_badge(status, f"{counts[status]} {status}") for status in STATUSES]
    badges += [html_blocks.flag_badge(flag, f"{flagged.get(flag, 0)} {view.FLAG_LABELS[flag]}", icon)
               for flag, icon in LIFECYCLE_TOTALS.items() if flag == "overdue" or flagged.get(flag)]
    return html_blocks.section("totals", '<div class="truce-badges">' + " ".join(badges)
                               + html_blocks.help_mark(TOTALS_HELP) + "</div>")


def counts_section() -> str:
    return html_blocks.side_by_side(
        html_blocks.section("by-framework", html_blocks.table(
            tables.counts(summary.counts_by_framework(catalog, assessments), "framework"))),
        html_blocks.section("by-obligor", html_blocks.table(
            tables.counts(summary.counts_by_obligor(catalog, assessments), "owed by"))),
    )


def commitment_details(assessment: Assessment) -> str:
    """The line under a commitment's link: its status in colour, its flags, obligor, deadline,
    expiry and how fresh its evidence is (fixed words and dates only, each date kept whole)."""
    commitment = catalog.commitments[assessment.commitment_id]
    flags = f"({view.flags_text(assessment.flags)}) " if assessment.flags else ""
    details = [f"owed by {summary.OBLIGOR_LABELS[commitment.obligor]}"]
    if assessment.deadline is not None:
        settled = assessment.status == "met" or {"ended", "lapsed"} & set(assessment.flags)
        countdown = "" if settled else view.days_text(assessment.days_left)
        details.append(f"due {assessment.deadline.isoformat()}" + (f", {countdown}" if countdown else ""))
    windows = summary.window_ends_text(commitment, as_of)
    if windows and "ended" not in assessment.flags:
        details.append(windows)
    if assessment.expires is not None and "ended" not in assessment.flags:
        details.append(f"{'expired' if assessment.expires < as_of else 'expires'} {assessment.expires.isoformat()}")
    details.append(view.evidence_freshness(assessment.latest_evidence, as_of))
    return f"{html_blocks.status_words(assessment.status)} {html_blocks.text(flags + '· ' + ' · '.join(details))}"


def commitment_item(assessment: Assessment) -> str:
    """One item of the list: the title linked to the commitment's page (html_blocks.commitment_link),
    then its details."""
    title = html_blocks.text(catalog.commitments[assessment.commitment_id].title)
    linked = html_blocks.commitment_link(assessment.commitment_id, f"<strong>{title}</strong>")
    return f"{linked}<br>{commitment_details(assessment)}"


def commitments_section() -> str:
    """The most urgent commitments, each linked to its page. The Commitments page is named in
    words, not linked: the menu links to it, and a page link would make every visitor's browser
    load its JavaScript (docs/performance.md)."""
    ranked = summary.most_urgent(assessments)
    if len(ranked) > COMMITMENTS_SHOWN:
        words = (f"The {COMMITMENTS_SHOWN} most urgent of {len(ranked)}: {summary.URGENCY_WORDS}. Each opens in a tab "
                 "of its own, with its evidence and why; the Commitments page in the menu has "
                 f"all {len(ranked)} in a sortable table.")
    else:
        words = (f"Most urgent first: {summary.URGENCY_WORDS}. Each opens in a tab of its own, with its evidence and "
                 "why; the Commitments page in the menu has them in a sortable table.")
    return html_blocks.heading("Commitments") + html_blocks.caption(words) + html_blocks.section(
        "commitment-links", html_blocks.bullet_list(commitment_item(a) for a in ranked[:COMMITMENTS_SHOWN]))


def upcoming_section() -> str:
    upcoming = summary.upcoming_deadlines(catalog, assessments)
    if not upcoming:
        return html_blocks.heading("Upcoming deadlines") + html_blocks.caption("No open commitment has a deadline ahead.")
    shown = (html_blocks.caption(f"The next {UPCOMING_SHOWN} of {len(upcoming)}; the Commitments page has them all.")
             if len(upcoming) > UPCOMING_SHOWN else "")
    return html_blocks.heading("Upcoming deadlines") + shown + html_blocks.section(
        "upcoming", html_blocks.table(tables.upcoming(upcoming[:UPCOMING_SHOWN]), {"status": html_blocks.status_words}))


def draw_replayed_inbox() -> None:
    """The inbox as it stood on the as-of date: only alerts raised by the end of that day, so a
    replay of 2025 shows no alert of 2026."""
    with st.container(key="alert-inbox", border=True):
        st.subheader(f"Alert inbox on {as_of.isoformat()}")
        raised = data.alerts(OVERVIEW_ALERTS, as_of)
        if not raised:
            st.caption(f"No alert had been raised by {as_of.isoformat()}.")
            return
        unacknowledged_badge(as_of)
        for alert in raised:
            draw_alert(alert, None)


def pledge_text(pledge: summary.Pledge) -> str:
    """'Title (status)', or 'Title (status, flags)' when it has flags."""
    flags = f", {view.flags_text(pledge.flags)}" if pledge.flags else ""
    return f"{pledge.title} ({pledge.status}{flags})"


def side_html(side: summary.Side) -> str:
    pledges = "; ".join(pledge_text(p) for p in side.pledges)
    return (f"<strong>{html_blocks.text(summary.OBLIGOR_LABELS[side.obligor])}</strong> "
            + html_blocks.text(f"delivered {side.delivered} of {len(side.pledges)}: {pledges}"))


def bargains_section() -> str:
    bargains = summary.bargains(catalog, assessments)
    shown = (html_blocks.caption(f"The first {BARGAINS_SHOWN} of {len(bargains)}; each commitment's page shows what "
                                 "it is exchanged for.") if len(bargains) > BARGAINS_SHOWN else "")
    items = (" ⇄ ".join(side_html(side) for side in bargain.sides) for bargain in bargains[:BARGAINS_SHOWN])
    return (html_blocks.heading("Give and take")
            + html_blocks.caption("Commitments made in exchange for each other, and how many of them each side has "
                                  "delivered (met).")
            + shown + html_blocks.section("bargains", html_blocks.bullet_list(items)))


def latest_section() -> str:
    latest = data.latest_updates(as_of)
    body = (html_blocks.table(tables.latest(catalog, latest)) if latest
            else html_blocks.caption("No evidence observed by this day."))
    return html_blocks.heading("Latest evidence") + html_blocks.section("latest-evidence", body)


# Side-by-side columns of Streamlit's own cost the browser more than the sections beside each
# other inside a block (docs/performance.md), so the inbox, made of widgets, has a row of its own.
html_blocks.block("overview-summary", totals_section(), counts_section(), commitments_section(), upcoming_section())
if as_of == data.today():
    draw_inbox()
else:
    draw_replayed_inbox()
html_blocks.block("overview-exchanges", bargains_section(), latest_section())
