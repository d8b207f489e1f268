"""Monitor for rare-earth releases: monthly export tonnage against a baseline, read beside
the parties' statements (a government saying exports flow does not outweigh customs data
that shows they do not)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from monitors.catalog import Commitment, RareEarthCheck
from monitors.domain import Update, Verdict
from monitors.judging.rule import judge_measured, usable


def judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    """Met when monthly tonnage reaches min_share of the baseline and no latest word disputes it."""
    check = commitment.check
    assert isinstance(check, RareEarthCheck)
    threshold = check.baseline_tonnes * check.min_share

    def reading(tonnes: float) -> str:
        share = tonnes / check.baseline_tonnes
        relation = "at or above" if tonnes >= threshold else "below"
        return (
            f"reported {tonnes:g} {check.unit} in a month ({share:.0%} of the {check.baseline_tonnes:g} {check.unit} "
            f"baseline, {relation} the {threshold:g} {check.unit} threshold)"
        )

    return judge_measured(
        usable(updates, as_of),
        subject=f"exports are released at {check.min_share:.0%} or more of the baseline",
        unit=check.unit,
        meets=lambda tonnes: tonnes >= threshold,
        agree=lambda a, b: abs(a - b) <= check.tolerance * max(abs(a), abs(b)),
        reading=reading,
    )
