"""The tables the pages show, as DataFrames of plain values. Notes and source names typed by users
never turn into markup: st.dataframe draws text as text, and view.markdown_table and
html_blocks.table escape every cell (html_blocks.Html cells are built from escaped parts)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timezone

import pandas as pd

from dashboard import html_blocks
from dashboard.html_blocks import Html
from dashboard.view import amount, days_text, flags_text, on_one_line, party
from monitors.alerts import Alert
from monitors.catalog import Catalog, Commitment
from monitors.domain import ASSERTION_WORDS, KIND_WORDS, category_words, STATUSES, TIER_WORDS, Assessment, AuditEntry, DeadlineVersion, Update
from monitors.status_changes import StatusChange
from monitors.judging.history import StatusSpan
from monitors.summary import Deadline, GroupCount, most_urgent, window_column_text

STATUS_TEXT_COLORS = {"met": "#2e7d32", "pending": "#b26a00", "disputed": "#c62828"}


def counts(groups: Sequence[GroupCount], title: str) -> pd.DataFrame:
    """Status counts, one row per group (framework, obligor)."""
    return pd.DataFrame(
        [{title: g.label, **{s: g.counts[s] for s in STATUSES}, "total": g.total} for g in groups],
        columns=[title, *STATUSES, "total"],
    )


def status_changes(catalog: Catalog, spans: Sequence[StatusSpan]) -> pd.DataFrame:
    """Every change of status or flags, newest first."""
    titles = {c.id: c.title for c in catalog.commitments.values()}
    return pd.DataFrame(
        [
            {"from": s.start.isoformat(), "commitment": titles[s.commitment_id], "status": s.status, "flags": flags_text(s.flags)}
            for s in sorted(spans, key=lambda s: (s.start, s.commitment_id), reverse=True)
        ],
        columns=["from", "commitment", "status", "flags"],
    )


def _deadline_cell(commitment: Commitment, assessment: Assessment) -> str:
    """The deadline and its countdown while it matters; a purchase commitment's windows; else 'none'."""
    if assessment.deadline is not None:
        settled = assessment.status == "met" or {"ended", "lapsed"} & set(assessment.flags)
        return assessment.deadline.isoformat() + ("" if settled else f" ({days_text(assessment.days_left)})")
    windows = "" if "ended" in assessment.flags else window_column_text(commitment, assessment.as_of)
    return windows or "none"


def commitments(catalog: Catalog, assessments: Sequence[Assessment]) -> pd.DataFrame:
    """One scannable row per commitment, most urgent first (the overview's order), every cell in
    words: no empty number shows as None."""
    rows = []
    for rank, a in enumerate(most_urgent(assessments), start=1):
        c = catalog.commitments[a.commitment_id]
        rows.append({
            "urgency": rank,
            "status": a.status,
            "commitment": c.title,
            "owed by": SHORT_OBLIGORS[c.obligor],
            "category": category_words(c.category),
            "deadline": _deadline_cell(c, a),
            "flags": flags_text(a.flags),
            "newest evidence": _day(a.latest_evidence) or "none yet",
            "framework": catalog.frameworks[c.framework].name,
            "id": c.id,
        })
    return pd.DataFrame(rows, columns=COMMITMENT_COLUMNS)


def filtered(table: pd.DataFrame, chosen: dict[str, list[str]], flags: Sequence[str] = ()) -> pd.DataFrame:
    """The rows whose value in each column is one of those chosen for it, and that carry one of
    the `flags` in words (nothing chosen leaves that side open)."""
    keep = pd.Series(True, index=table.index)
    for column, values in chosen.items():
        if values:
            keep &= table[column].isin(values)
    if flags:
        keep &= table["flags"].map(lambda words: not set(flags).isdisjoint(words.split(", ")))
    return table[keep]


SHORT_OBLIGORS = {"us": "US", "cn": "China", "both": "both"}  # narrow enough for the table's column
COMMITMENT_COLUMNS = ["urgency", "status", "commitment", "owed by", "category", "deadline", "flags",
                      "newest evidence", "framework", "id"]


def upcoming(deadlines: Sequence[Deadline]) -> pd.DataFrame:
    """Deadlines with a countdown from the as-of date."""
    return pd.DataFrame(
        [
            {
                "deadline": d.deadline.isoformat() + (" (extended)" if d.extended else ""),
                "when": days_text(d.days_left),
                "commitment": d.title,
                "status": d.status,
            }
            for d in deadlines
        ],
        columns=["deadline", "when", "commitment", "status"],
    )


def latest(catalog: Catalog, updates: Sequence[Update]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "#": u.id,
                "observed": u.observed.isoformat(),
                "commitment": catalog.commitments[u.commitment_id].title,
                "source party": party(u.source_party),
                "source": u.source,
                "asserts": u.asserts.replace("_", " "),
                "value": figure_text(u),
                "retracted": "retracted" if u.retracted else "",
            }
            for u in updates
        ],
        columns=["#", "observed", "commitment", "source party", "source", "asserts", "value", "retracted"],
    )


READABLE_EVIDENCE_COLUMNS = ["observed", "evidence", "says", "source", "note", "rests on", "update"]
RESTS_ON_IT = "★"


def observed_by(updates: Iterable[Update], as_of: date) -> list[Update]:
    """The updates observed by a date (retracted ones included), newest first: the evidence list's order."""
    return sorted((u for u in updates if u.observed <= as_of), key=lambda u: (u.observed, u.id), reverse=True)


def newest_and_deciding(updates: Sequence[Update], newest: int, assessment: Assessment) -> list[Update]:
    """The first `newest` of observed_by's updates, and after them every other one the status
    rests on, in the same order."""
    deciding = set(assessment.verdict.evidence)
    return [u for position, u in enumerate(updates) if position < newest or u.id in deciding]


def readable_evidence(updates: Sequence[Update], assessment: Assessment) -> pd.DataFrame:
    """These updates, in their order, as wrapping rows in words (for an HTML table: no sideways
    scrolling), marked where the status rests on them. The source cell ends with a link to it,
    the one cell of HTML; everything typed is escaped. Only rows to be shown are made: a
    thousand took a commitment page about 50 ms."""
    deciding = set(assessment.verdict.evidence)
    return pd.DataFrame(
        [
            {
                "observed": u.observed.isoformat(),
                "evidence": KIND_WORDS.get(u.kind, u.kind) + (f", {u.period.label()}" if u.period else ""),
                "says": ASSERTION_WORDS.get(u.asserts, u.asserts) + (f" ({figure_text(u)})" if u.value is not None else ""),
                "source": _source_cell(u),
                "note": (f"RETRACTED by {u.retraction.retracted_by}: {u.retraction.reason}. " if u.retraction else "")
                        + (u.note or ""),
                "rests on": RESTS_ON_IT if u.id in deciding else "",
                "update": on_one_line(f"#{u.id} by {u.logged_by}"),
            }
            for u in updates
        ],
        columns=READABLE_EVIDENCE_COLUMNS,
        dtype=object,
    )


def _source_cell(update: Update) -> Html:
    """'<party>: <source> (<tier>) · open', the source escaped and the link checked."""
    words = f"{party(update.source_party)}: {update.source}" + (f" ({TIER_WORDS[update.tier]})" if update.tier else "")
    cited = html_blocks.external_link(update.url)
    return Html(html_blocks.text(words) + (f" · {cited}" if cited else ""), words)


def status_history(changes: Sequence[StatusChange]) -> pd.DataFrame:
    """Each change of status or flags, newest first, with its reason and the updates behind it."""
    return pd.DataFrame(
        [
            {
                "from": c.day.isoformat(),
                "status": _status_cell(c.status, c.flags),
                "before": "" if c.previous_status is None else _status_cell(c.previous_status, c.previous_flags),
                "why": c.reason,
                "evidence": ", ".join(f"#{i}" for i in c.caused_by),
            }
            for c in changes
        ],
        columns=["from", "status", "before", "why", "evidence"],
        dtype=object,
    )


def _status_cell(status: str, flags: Sequence[str]) -> Html:
    """The status in its colour, then its flags in words (fixed words only)."""
    flagged = f" ({flags_text(tuple(flags))})" if flags else ""
    return Html(html_blocks.status_words(status) + html.escape(flagged), status + flagged)


def version_history(versions: Sequence[DeadlineVersion], what: str) -> pd.DataFrame:
    """A deadline's or expiry's versions, oldest first, in words: who set each and when."""
    return pd.DataFrame(
        [
            {
                what: v.deadline.isoformat(),
                "set by": "the framework, as written" if v.set_by is None else f"update #{v.set_by}",
                "set on": _day(v.set_on) or "when the framework was agreed",
                "confirmed by": ", ".join(f"#{i}" for i in v.confirmed_by),
            }
            for v in versions
        ],
        columns=[what, "set by", "set on", "confirmed by"],
    )


def related(catalog: Catalog, commitment: Commitment, assessments: Sequence[Assessment]) -> list[tuple[str, Commitment, str]]:
    """(relation in words, other commitment, its status) for the other side of its bargain and
    what it carries forward or is carried forward by, assessed on the as-of date only: a later
    framework not yet agreed then carries nothing forward yet."""
    status = {a.commitment_id: a.status for a in assessments}
    found = [("In exchange for", catalog.commitments[i]) for i in commitment.in_exchange_for]
    found += [("Continues", catalog.commitments[i]) for i in commitment.continues]
    found += [("Carried forward by", c) for c in catalog.continued_by(commitment.id)]
    return [(relation, other, status[other.id]) for relation, other in found if other.id in status]


def matching_rows(rows: pd.DataFrame, search: str) -> pd.DataFrame:
    """The rows in which every word of `search` appears in some cell as a reader sees it, ignoring case."""
    words = search.lower().split()
    text = rows.map(lambda cell: cell.words if isinstance(cell, Html) else str(cell)).agg(" ".join, axis=1).str.lower()
    keep = text.apply(lambda line: all(w in line for w in words))
    return rows[keep.to_numpy(dtype=bool)]


def deliveries(alert: Alert) -> pd.DataFrame:
    """Where the alert went: one row per external channel, with how many tries it took."""
    return pd.DataFrame(
        [
            {
                "channel": d.channel,
                "status": d.status,
                "attempts": len(d.attempts),
                "last error": d.last_error or "",
                "sent": moment(d.sent_at),
                "next attempt": moment(d.next_attempt_at),
            }
            for d in alert.deliveries
        ],
        columns=["channel", "status", "attempts", "last error", "sent", "next attempt"],
    )


def attempts(alert: Alert) -> pd.DataFrame:
    """Every try to deliver the alert, per channel, with its outcome and error."""
    return pd.DataFrame(
        [
            {
                "channel": d.channel,
                "attempt": a.number,
                "started": moment(a.started_at),
                "finished": moment(a.finished_at),
                "outcome": a.outcome or "cut off or in flight",
                "error": a.error or "",
            }
            for d in alert.deliveries
            for a in d.attempts
        ],
        columns=["channel", "attempt", "started", "finished", "outcome", "error"],
    )


def audit(catalog: Catalog, entries: Sequence[AuditEntry]) -> pd.DataFrame:
    """Who logged or retracted what, and when, in the order given (newest first), for a table that
    wraps: a name is kept on one line ("shipped-data" was cut at its hyphen), and no header wraps."""
    return pd.DataFrame(
        [
            {
                "time": moment(e.at),
                "who": on_one_line(e.by),
                "action": e.action,
                "update": f"#{e.update_id}",
                "commitment": _title(catalog, e.commitment_id),
                "detail": e.detail,
            }
            for e in entries
        ],
        columns=["time", "who", "action", "update", "commitment", "detail"],
    )


def moment(when: datetime | None) -> str:
    """A stored time, in UTC (as the store keeps it) to the second."""
    return when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC") if when else ""


def _title(catalog: Catalog, commitment_id: str) -> str:
    """The commitment's title; its id when the catalog no longer has it."""
    found = catalog.commitments.get(commitment_id)
    return found.title if found else commitment_id


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


def figure_text(update: Update) -> str:
    """An update's figure with its unit ('656 t'), or nothing when it has none."""
    return "" if update.value is None or update.unit is None else amount(update.value, update.unit)
