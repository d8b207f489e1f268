"""Assessments turned into plain records (for JSON, CSV, tables and the dashboard)."""

from __future__ import annotations

from typing import Any

from monitors.catalog import Catalog
from monitors.domain import Assessment, Update

STATUS_COLUMNS: tuple[str, ...] = (
    "id", "title", "framework", "obligor", "category", "status", "flags", "deadline",
    "original_deadline", "days_left", "rule", "explanation", "evidence", "as_of",
)


def status_record(catalog: Catalog, assessment: Assessment) -> dict[str, Any]:
    """One commitment's status with the keys DESIGN.md promises, plus deadline history and links."""
    commitment = catalog.commitments[assessment.commitment_id]
    return {
        "id": commitment.id,
        "title": commitment.title,
        "framework": commitment.framework,
        "obligor": commitment.obligor,
        "category": commitment.category,
        "status": assessment.status,
        "flags": list(assessment.flags),
        "deadline": assessment.deadline.isoformat() if assessment.deadline else None,
        "original_deadline": assessment.original_deadline.isoformat() if assessment.original_deadline else None,
        "deadline_history": [
            {"version": d.version, "deadline": d.deadline.isoformat(), "set_by": d.set_by,
             "set_on": d.set_on.isoformat() if d.set_on else None}
            for d in assessment.deadlines
        ],
        "days_left": assessment.days_left,
        "rule": assessment.verdict.rule,
        "explanation": assessment.verdict.explanation,
        "evidence": list(assessment.verdict.evidence),
        "met_on": assessment.verdict.met_on.isoformat() if assessment.verdict.met_on else None,
        "monitor": commitment.check.monitor,
        "in_exchange_for": list(commitment.in_exchange_for),
        "continues": list(commitment.continues),
        "as_of": assessment.as_of.isoformat(),
    }


UPDATE_COLUMNS: tuple[str, ...] = (
    "id", "commitment", "observed", "logged_at", "by", "source_party", "source", "url", "asserts",
    "value", "unit", "new_deadline", "note", "retracted", "retraction_reason", "retracted_by", "retracted_at",
)


def update_record(update: Update) -> dict[str, Any]:
    """One logged update, with its retraction if it has been withdrawn."""
    retraction = update.retraction
    return {
        "id": update.id,
        "commitment": update.commitment_id,
        "observed": update.observed.isoformat(),
        "logged_at": update.logged_at.isoformat(),
        "by": update.logged_by,
        "source_party": update.source_party,
        "source": update.source,
        "url": update.url,
        "asserts": update.asserts,
        "value": update.value,
        "unit": update.unit,
        "new_deadline": update.new_deadline.isoformat() if update.new_deadline else None,
        "note": update.note,
        "retracted": retraction is not None,
        "retraction_reason": retraction.reason if retraction else None,
        "retracted_by": retraction.retracted_by if retraction else None,
        "retracted_at": retraction.logged_at.isoformat() if retraction else None,
    }
