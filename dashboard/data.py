"""The dashboard's only door to the data: one tracker per server process and bounded, short-lived
caches of what the pages draw.

Values cached with st.cache_data are copied on every hit, so only results (assessments, spans
of the commitments shown, one commitment's evidence, the newest alerts and audit entries) are
cached, never the whole log; exports read the store when their button is clicked. Every write
from the dashboard clears the caches (writes.py); writes from elsewhere (the command line, an
import by cron) show up within CACHE_SECONDS, and alerts (raised by the alert worker, acknowledged
in another session) within ALERT_SECONDS.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import briefing_pdf
from monitors import briefing
from monitors.judging import history
from monitors.alerts import Alert, list_alerts, unacknowledged_count
from monitors.catalog import Catalog
from monitors.domain import Assessment, AuditEntry, Update
from monitors.exporting import statuses_csv, to_ics, to_json, updates_csv
from monitors.settings import load_settings
from monitors.status_changes import StatusChange
from monitors.status_changes import status_changes as changes_of
from monitors.tracker import Tracker, open_tracker

CACHE_SECONDS = 30
ALERT_SECONDS = 10
LATEST_UPDATES = 10


@st.cache_resource(show_spinner="Opening the store...")
def tracker() -> Tracker:
    """Opened once per server process: loads the catalog and creates the store on first use."""
    return open_tracker(load_settings())


def catalog() -> Catalog:
    return tracker().catalog


def today() -> date:
    return tracker().today()


@st.cache_data(ttl=CACHE_SECONDS, max_entries=32, show_spinner=False)
def assessments(as_of: date) -> list[Assessment]:
    return tracker().assessments(as_of)


@st.cache_data(ttl=CACHE_SECONDS, max_entries=16, show_spinner="Replaying the status history...")
def status_history(until: date, commitment_ids: tuple[str, ...]) -> list[history.StatusSpan]:
    """The status spans up to `until` (today) of the commitments shown, from their evidence only:
    one computation serves every as-of date, since a past status never depends on later evidence."""
    ids = list(commitment_ids)
    updates = tracker().store.updates(commitment_ids=ids, observed_until=until)
    return history.status_history(catalog(), updates, until, commitment_ids=set(ids))


@st.cache_data(ttl=CACHE_SECONDS, max_entries=16, show_spinner="Replaying the status history...")
def status_changes(until: date, commitment_id: str) -> list[StatusChange]:
    """One commitment's changes of status up to `until` (today), newest first, each with its
    reason; a replay keeps those up to its own day."""
    spans = status_history(until, (commitment_id,))
    commitment = catalog().commitments[commitment_id]
    return changes_of(catalog(), commitment, commitment_updates(commitment_id), spans)


@st.cache_data(ttl=CACHE_SECONDS, max_entries=64, show_spinner=False)
def commitment_updates(commitment_id: str) -> list[Update]:
    return tracker().store.updates(commitment_id=commitment_id)


@st.cache_data(ttl=CACHE_SECONDS, max_entries=32, show_spinner=False)
def latest_updates(as_of: date) -> list[Update]:
    return tracker().store.latest_updates(as_of, LATEST_UPDATES)


@st.cache_data(ttl=ALERT_SECONDS, max_entries=8, show_spinner=False)
def alerts(limit: int, raised_by: date | None = None) -> list[Alert]:
    """The newest `limit` alerts, each with its deliveries and attempts; with `raised_by`, only
    those raised by the end of that day (a replay shows no alert raised after its day)."""
    return list_alerts(tracker().store, limit, raised_by)


@st.cache_data(ttl=ALERT_SECONDS, max_entries=1, show_spinner=False)
def unacknowledged_alerts() -> int:
    return unacknowledged_count(tracker().store)


@st.cache_data(ttl=CACHE_SECONDS, max_entries=8, show_spinner=False)
def audit_trail(limit: int) -> list[AuditEntry]:
    """The newest `limit` writes to the log (updates logged, retractions), newest first."""
    return tracker().store.audit_trail(limit)


def refresh() -> None:
    """Forget every cached read, after a write, so the next run shows it."""
    for cached in (assessments, status_history, status_changes, commitment_updates, latest_updates, alerts, unacknowledged_alerts, audit_trail):
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
