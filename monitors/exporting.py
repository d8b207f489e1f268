"""Exports: statuses and evidence as CSV or JSON, deadlines as an iCalendar feed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from monitors.catalog import Catalog, Source
from monitors.domain import Assessment, Update
from monitors.report import STATUS_COLUMNS, UPDATE_COLUMNS, status_record, update_record

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers pass."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    return spreadsheet_safe("" if value is None else value)


def to_csv(records: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_csv_cell(record.get(column)) for column in columns])
    return buffer.getvalue()


def statuses_csv(catalog: Catalog, assessments: Sequence[Assessment]) -> str:
    return to_csv((status_record(catalog, a) for a in assessments), STATUS_COLUMNS)


def updates_csv(updates: Sequence[Update]) -> str:
    return to_csv((update_record(u) for u in updates), UPDATE_COLUMNS)


def _citation(source: Source) -> dict[str, object]:
    """A source as cited: `quote_for` only says where the catalog shows the quote."""
    return source.model_dump(mode="json", exclude_none=True, exclude={"quote_for"})


def to_json(catalog: Catalog, assessments: Sequence[Assessment], updates: Sequence[Update]) -> str:
    """Frameworks, commitments with their statuses, and every update (retractions included)."""
    frameworks = [
        {
            "id": f.id, "name": f.name, "date": f.date.isoformat(), "parties": list(f.parties),
            "builds_on": f.builds_on, "summary": f.summary,
            "sources": [_citation(s) for s in f.sources],
        }
        for f in catalog.frameworks.values()
    ]
    commitments = []
    for assessment in assessments:
        commitment = catalog.commitments[assessment.commitment_id]
        record = status_record(catalog, assessment)
        record["promise"] = commitment.promise
        record["check"] = commitment.check.model_dump(mode="json")
        record["sources"] = [_citation(s) for s in commitment.sources]
        commitments.append(record)
    payload = {"frameworks": frameworks, "commitments": commitments, "updates": [update_record(u) for u in updates]}
    return json.dumps(payload, indent=2, ensure_ascii=False)


def to_ics(catalog: Catalog, assessments: Sequence[Assessment], generated: datetime) -> bytes:
    """One all-day event per commitment deadline and per expiry (their current versions), with
    status and history."""
    calendar = Calendar()
    calendar.add("prodid", "-//truce-monitor//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "US-China trade truce deadlines")
    for assessment in assessments:
        commitment = catalog.commitments[assessment.commitment_id]
        for name, versions in (("deadline", assessment.deadlines), ("expiry", assessment.expiries)):
            if not versions:
                continue
            day = versions[-1].deadline
            event = Event()
            event.add("uid", f"{commitment.id}-{name}@truce-monitor")
            event.add("summary", f"{'Deadline' if name == 'deadline' else 'Expires'}: {commitment.title}")
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("dtstamp", generated)
            event.add(
                "description",
                f"Status as of {assessment.as_of.isoformat()}: {assessment.status}"
                f"{' (' + ', '.join(assessment.flags) + ')' if assessment.flags else ''}.\n"
                f"{name.capitalize()} history: {', '.join(v.deadline.isoformat() for v in versions)}.\n"
                f"{assessment.verdict.explanation}",
            )
            event.add("categories", [commitment.category])
            calendar.add_component(event)
    return calendar.to_ical()
