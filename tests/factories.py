"""Builders for commitments and updates, so each test states only what matters to it."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from monitors.catalog import Commitment, Source
from monitors.domain import Retraction, Update

SOURCE = Source(outlet="Test Wire", title="A report", url="https://example.com/report")
LOGGED = datetime(2026, 1, 1, tzinfo=timezone.utc)


def commitment(check: dict[str, Any], **fields: Any) -> Commitment:
    values: dict[str, Any] = {
        "id": "test-commitment",
        "framework": "test-framework",
        "title": "Lift the test measure",
        "obligor": "us",
        "category": "export_controls",
        "promise": "A promise used in tests.",
        "sources": (SOURCE,),
        "effective": None,
        "deadline": None,
        "check": check,
        "in_exchange_for": (),
        "continues": (),
        "due_soon_days": 14,
    }
    values.update(fields)
    return Commitment.model_validate(values)


def update(
    id: int,
    party: str,
    asserts: str,
    observed: date,
    value: float | None = None,
    unit: str | None = None,
    new_deadline: date | None = None,
    retracted: bool = False,
    commitment_id: str = "test-commitment",
) -> Update:
    retraction = Retraction(1000 + id, id, "wrong date", "tester", LOGGED) if retracted else None
    return Update(
        id=id, commitment_id=commitment_id, observed=observed, logged_at=LOGGED, logged_by="tester",
        source_party=party, source=f"source {id}", asserts=asserts, value=value, unit=unit,  # type: ignore[arg-type]
        new_deadline=new_deadline, retraction=retraction,
    )
