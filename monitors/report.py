"""Assessments turned into plain records (for JSON, CSV, tables and the dashboard)."""

from __future__ import annotations

from datetime import date
from typing import Any

from monitors.catalog import Catalog
from monitors.domain import Assessment, DeadlineVersion, Update

STATUS_COLUMNS: tuple[str, ...] = (
    "id", "title", "framework", "obligor", "category", "status", "flags", "deadline",
    "original_deadline", "days_left", "expires", "latest_evidence", "rule", "explanation", "evidence", "as_of",
)


def _versions(versions: tuple[DeadlineVersion, ...], name: str) -> list[dict[str, Any]]:
    return [
        {"version": v.version, name: v.deadline.isoformat(), "set_by": v.set_by,
         "set_on": v.set_on.isoformat() if v.set_on else None, "confirmed_by": list(v.confirmed_by)}
        for v in versions
    ]


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


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
        "deadline": _day(assessment.deadline),
        "original_deadline": _day(assessment.original_deadline),
        "deadline_history": _versions(assessment.deadlines, "deadline"),
        "days_left": assessment.days_left,
        "expires": _day(assessment.expires),
        "original_expiry": _day(assessment.expiries[0].deadline if assessment.expiries else None),
        "expiry_history": _versions(assessment.expiries, "expires"),
        "ended_on": _day(assessment.ended_on),
        "latest_evidence": _day(assessment.latest_evidence),
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
    "id", "commitment", "observed", "logged_at", "by", "source_party", "source", "url", "asserts", "kind",
    "value", "unit", "period", "new_deadline", "new_expiry", "tier", "note",
    "retracted", "retraction_reason", "retracted_by", "retracted_at",
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
        "kind": update.kind,
        "value": update.value,
        "unit": update.unit,
        "period": update.period.text if update.period else None,
        "new_deadline": _day(update.new_deadline),
        "new_expiry": _day(update.new_expiry),
        "tier": update.tier,
        "note": update.note,
        "retracted": retraction is not None,
        "retraction_reason": retraction.reason if retraction else None,
        "retracted_by": retraction.retracted_by if retraction else None,
        "retracted_at": retraction.logged_at.isoformat() if retraction else None,
    }
