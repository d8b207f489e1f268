"""The dashboard's only door to the data: one tracker per server process and bounded caches of
what the pages draw.

What is read from the evidence log (assessments, status histories, one commitment's evidence,
the latest evidence, the audit trail) is cached under the log's state, its highest update and
retraction ids and the deciding state's stamp (Store.log_state, one cheap read per use): any
write, from this dashboard, another dashboard process, the command line or an import, changes
the state, even a PostgreSQL transaction committing after one that drew a higher id, and the
next run computes afresh. Entries also expire after LOG_SECONDS. They are kept as shared, immutable
tuples (st.cache_resource), not copied on every hit: copying the thousand assessments of a large
catalog cost 20 ms a run. Only results are cached, never the whole log; exports read the store
when their button is clicked. Alerts (raised by the alert worker, acknowledged in another
session) are read again after ALERT_SECONDS.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import briefing_pdf
from monitors import briefing
from monitors.judging import history
from monitors.judging.assess import agreed_commitments
from monitors.alerts import Alert, list_alerts, unacknowledged_count
from monitors.catalog import Catalog
from monitors.domain import Assessment, AuditEntry, Update
from monitors.exporting import statuses_csv, to_ics, to_json, updates_csv
from monitors.settings import load_settings
from monitors.status_changes import StatusChange
from monitors.status_changes import status_changes as changes_of
from monitors.tracker import Tracker, open_tracker

LOG_SECONDS = 600
ALERT_SECONDS = 10
LATEST_UPDATES = 10
LogState = tuple[int, int, str]


@st.cache_resource(show_spinner="Opening the store...")
def tracker() -> Tracker:
    """Opened once per server process: loads the catalog and creates the store on first use."""
    return open_tracker(load_settings())


def catalog() -> Catalog:
    return tracker().catalog


def today() -> date:
    return tracker().today()


def log_state() -> LogState:
    """The evidence log's state now: what every cached read below is keyed on."""
    return tracker().store.log_state()


@st.cache_resource(ttl=LOG_SECONDS, max_entries=32, show_spinner=False)
def _assessments(as_of: date, state: LogState) -> tuple[Assessment, ...]:
    return tuple(tracker().assessments(as_of))


def assessments(as_of: date) -> tuple[Assessment, ...]:
    return _assessments(as_of, log_state())


@st.cache_resource(ttl=LOG_SECONDS, max_entries=16, show_spinner="Replaying the status history...")
def _status_history(until: date, commitment_ids: tuple[str, ...], state: LogState) -> tuple[history.StatusSpan, ...]:
    ids = list(commitment_ids)
    updates = tracker().store.updates(commitment_ids=ids, observed_until=until)
    return tuple(history.status_history(catalog(), updates, until, commitment_ids=set(ids)))


def status_history(until: date, commitment_ids: tuple[str, ...]) -> tuple[history.StatusSpan, ...]:
    """The status spans up to `until` (today) of the commitments shown, from their evidence only:
    one computation serves every as-of date, since a past status never depends on later evidence."""
    return _status_history(until, commitment_ids, log_state())


@st.cache_resource(ttl=LOG_SECONDS, max_entries=16, show_spinner="Replaying the status history...")
def _status_changes(until: date, commitment_id: str, state: LogState) -> tuple[StatusChange, ...]:
    spans = _status_history(until, (commitment_id,), state)
    commitment = catalog().commitments[commitment_id]
    return tuple(changes_of(catalog(), commitment, _commitment_updates(commitment_id, state), spans))


def status_changes(until: date, commitment_id: str) -> tuple[StatusChange, ...]:
    """One commitment's changes of status up to `until` (today), newest first, each with its
    reason; a replay keeps those up to its own day. Computed once per state of the log."""
    return _status_changes(until, commitment_id, log_state())


@st.cache_resource(ttl=LOG_SECONDS, max_entries=64, show_spinner=False)
def _commitment_updates(commitment_id: str, state: LogState) -> tuple[Update, ...]:
    return tuple(tracker().store.updates(commitment_id=commitment_id))


def commitment_updates(commitment_id: str) -> tuple[Update, ...]:
    return _commitment_updates(commitment_id, log_state())


@st.cache_resource(ttl=LOG_SECONDS, max_entries=32, show_spinner=False)
def _latest_updates(as_of: date, state: LogState) -> tuple[Update, ...]:
    """Of the commitments agreed by `as_of` only: evidence logged against a commitment before
    its framework existed stays in the record, but a replay of that day shows no such commitment."""
    agreed = [c.id for c in agreed_commitments(catalog(), as_of)]
    named = None if len(agreed) == len(catalog().commitments) else agreed
    return tuple(tracker().store.latest_updates(as_of, LATEST_UPDATES, named))


def latest_updates(as_of: date) -> tuple[Update, ...]:
    return _latest_updates(as_of, log_state())


@st.cache_resource(ttl=LOG_SECONDS, max_entries=8, show_spinner=False)
def _audit_trail(limit: int, state: LogState) -> tuple[AuditEntry, ...]:
    return tuple(tracker().store.audit_trail(limit))


def audit_trail(limit: int) -> tuple[AuditEntry, ...]:
    """The newest `limit` writes to the log (updates logged, retractions), newest first."""
    return _audit_trail(limit, log_state())


@st.cache_data(ttl=ALERT_SECONDS, max_entries=8, show_spinner=False)
def alerts(limit: int, raised_by: date | None = None) -> list[Alert]:
    """The newest `limit` alerts, each with its deliveries and attempts; with `raised_by`, only
    those raised by the end of that day (a replay shows no alert raised after its day)."""
    return list_alerts(tracker().store, limit, raised_by)


@st.cache_data(ttl=ALERT_SECONDS, max_entries=8, show_spinner=False)
def unacknowledged_alerts(raised_by: date | None = None) -> int:
    """How many alerts wait for an acknowledgement; with `raised_by`, of those a replay of that day lists."""
    return unacknowledged_count(tracker().store, raised_by)


def refresh() -> None:
    """Forget the alert reads after a write from this dashboard (an acknowledgement), so the
    next run shows it; the reads of the log follow its state by themselves."""
    for cached in (alerts, unacknowledged_alerts):
        cached.clear()


def export_statuses_csv(as_of: date) -> str:
    return statuses_csv(catalog(), assessments(as_of))


def export_updates_csv() -> str:
    return updates_csv(tracker().store.updates())


def export_json(as_of: date) -> str:
    return to_json(catalog(), assessments(as_of), tracker().store.updates())


def export_briefing_pdf(as_of: date) -> bytes:
    """The briefing as of a date, made on click from the evidence of the commitments agreed then."""
    shown = assessments(as_of)
    logs: dict[str, list[Update]] = {}
    for update in tracker().store.updates(commitment_ids=[a.commitment_id for a in shown], observed_until=as_of):
        logs.setdefault(update.commitment_id, []).append(update)
    return briefing_pdf.render(briefing.build(catalog(), shown, logs, as_of))


def export_ics(as_of: date) -> bytes:
    return to_ics(catalog(), assessments(as_of), tracker().clock())
