"""The shipped record, read as a careful reader of shared/sources/facts-2025-2026.md reads it.

tests/record_expectations.csv was written from the facts (status and the flags that matter for
every shipped commitment on twelve dates), before looking at what the code says. This test
checks the shipped store against it: a disagreement is either a fault in the rules or a fault
in the reading, and is settled in the commit that changes one of them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from monitors.tracker import Tracker

EXPECTATIONS = Path(__file__).resolve().parent / "record_expectations.csv"


def _rows() -> list[dict[str, str]]:
    with EXPECTATIONS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _dates() -> list[str]:
    return sorted({row["as_of"] for row in _rows()})


@pytest.mark.parametrize("as_of", _dates())
def test_the_shipped_store_reads_as_the_facts_do(tracker: Tracker, as_of: str):
    found = {a.commitment_id: a for a in tracker.assessments(date.fromisoformat(as_of))}
    problems = []
    for row in (r for r in _rows() if r["as_of"] == as_of):
        assessment = found.get(row["commitment"])
        status = assessment.status if assessment else "absent"
        if status != row["status"]:
            problems.append(f"{row['commitment']}: {status}, expected {row['status']} ({row['why']})")
            continue
        if assessment is None:
            continue
        flags = set(assessment.flags)
        missing = set(row["flags_present"].split()) - flags
        extra = set(row["flags_absent"].split()) & flags
        if missing or extra:
            problems.append(f"{row['commitment']}: flags {sorted(flags)}, expected {sorted(missing)} and not {sorted(extra)} ({row['why']})")
    assert not problems, "\n".join(problems)
