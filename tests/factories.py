"""Builders for commitments and updates, so each test states only what matters to it."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from monitors.catalog import Commitment, Source
from monitors.domain import Retraction, Update
from monitors.periods import parse_period

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
    kind: str | None = None,
    period: str | None = None,
    new_expiry: date | None = None,
    tier: str | None = None,
    source: str | None = None,
) -> Update:
    """An update; its kind defaults as on the command line: data with a value, else statement."""
    retraction = Retraction(1000 + id, id, "wrong date", "tester", LOGGED) if retracted else None
    return Update(
        id=id, commitment_id=commitment_id, observed=observed, logged_at=LOGGED, logged_by="tester",
        source_party=party, source=source or f"source {id}", asserts=asserts, value=value, unit=unit,  # type: ignore[arg-type]
        kind=kind or ("data" if value is not None else "statement"),  # type: ignore[arg-type]
        period=parse_period(period) if period else None, new_deadline=new_deadline, new_expiry=new_expiry,
        tier=tier, retraction=retraction,  # type: ignore[arg-type]
    )


def act(id: int, party: str, asserts: str, observed: date, **fields: Any) -> Update:
    return update(id, party, asserts, observed, kind="act", **fields)
