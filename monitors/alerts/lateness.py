"""Since when a stale commitment's data has been late: the day that keys its one `stale` alert.

The judging says *that* a commitment is stale and why, in words; an alert needs the first late
day as well, so that one spell of lateness alerts once and the next spell (after a figure came
in and the following one is late again) alerts anew. Computed from the same lifecycle rules the
judging uses, so the two cannot disagree on when the data became late.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from monitors.catalog import Catalog
from monitors.domain import Assessment, Update
from monitors.judging.lifecycle import next_figure_due, silence_ends
from monitors.judging.rule import usable

ONE_DAY = timedelta(days=1)


def late_since(catalog: Catalog, assessment: Assessment, updates: Sequence[Update]) -> date | None:
    """The first day the next figure (or any word) was late, as of the assessment's date; None
    when it is not late. `updates` is the commitment's log (retracted and later ones are ignored)."""
    commitment = catalog.commitments[assessment.commitment_id]
    started = catalog.frameworks[commitment.framework].date
    counted = usable(updates, assessment.as_of)
    figures = [u for u in counted if u.kind == "data" and u.value is not None and u.unit == commitment.measured_unit]
    latest_end = max((u.figure_period.end for u in figures), default=None)
    due = next_figure_due(commitment, started, latest_end)
    if due is not None and assessment.as_of > due:
        return due + ONE_DAY
    quiet = silence_ends(commitment, started, assessment.latest_evidence)
    if quiet is not None and assessment.as_of > quiet:
        return quiet + ONE_DAY
    return None
