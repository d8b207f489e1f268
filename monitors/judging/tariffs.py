"""Monitor for tariff commitments: the rate in force, as measured, against the committed rate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from monitors.catalog import Commitment, TariffCheck
from monitors.domain import Update, Verdict
from monitors.judging.rule import judge_measured, usable


def judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    """Met when the latest measured rate is at or below the target (within the tolerance).

    A rate above the target reads as not met; two parties' latest rates further apart than the
    tolerance are disputed.
    """
    check = commitment.check
    assert isinstance(check, TariffCheck)
    ceiling = check.target_rate + check.tolerance

    def reading(rate: float) -> str:
        relation = "at or below" if rate <= ceiling else "above"
        return f"measured a rate of {rate:g}{check.unit} ({relation} the committed {check.target_rate:g}{check.unit})"

    return judge_measured(
        usable(updates, as_of),
        subject=f"the rate in force is at most {check.target_rate:g}{check.unit}",
        unit=check.unit,
        meets=lambda rate: rate <= ceiling,
        agree=lambda a, b: abs(a - b) <= check.tolerance,
        reading=reading,
    )
