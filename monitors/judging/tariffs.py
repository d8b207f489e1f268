"""Tariff commitments: the rate in force against the committed rate.

Rates are figures (kind data, one per day they describe, or per period); an act carrying a rate
(an executive order setting it) is read by that rate. The latest period decides, so a lower rate
after a ruling is a step in a series, not a disagreement with the rate before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from monitors.catalog import Commitment, TariffCheck
from monitors.domain import Update, Verdict
from monitors.judging.rule import Word, act_finding, conclude, decisive, figure_finding, of_kind, usable


def judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    """Met when the latest rate is at or below the target (within the tolerance)."""
    updates = usable(updates, as_of)
    check = commitment.check
    assert isinstance(check, TariffCheck)
    ceiling = check.target_rate + check.tolerance

    def read(update: Update) -> Word:
        if update.value is None or update.unit != check.unit:
            return Word(update, update.asserts)
        relation = "at or below" if update.value <= ceiling else "above"
        period = f" for {update.period.label()}" if update.period else ""
        return Word(update, "met" if update.value <= ceiling else "not_met",
                    f"gave a rate of {update.value:g}{check.unit}{period} ({relation} the committed {check.target_rate:g}{check.unit})")

    finding = decisive(
        act_finding(of_kind(updates, "act"), read),
        figure_finding([u for u in of_kind(updates, "data") if u.unit == check.unit], read,
                       agree=lambda a, b: abs(a - b) <= check.tolerance),
    )
    return conclude(f"the rate in force is at most {check.target_rate:g}{check.unit}", finding,
                    of_kind(updates, "statement"), commitment.obligor, as_of, commitment.max_silence_days)
