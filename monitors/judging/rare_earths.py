"""Rare-earth releases: the latest month's export tonnage against a baseline (the same month a
year earlier where the framework gives it), beside licensing acts and the parties' claims.
A government saying exports flow does not outweigh customs figures that show they do not."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from monitors.catalog import Commitment, RareEarthCheck
from monitors.domain import Assertion, Update, Verdict
from monitors.judging.rule import Word, act_finding, conclude, decisive, figure_finding, of_kind, usable
from monitors.periods import Period, year_earlier


def baseline_for(check: RareEarthCheck, update: Update) -> tuple[float, str]:
    """The baseline a figure is compared with, and words naming it."""
    earlier = year_earlier(update.figure_period)
    if earlier in check.baseline_by_period:
        return check.baseline_by_period[earlier], f"the {check.baseline_by_period[earlier]:g} {check.unit} of a year earlier"
    return check.baseline_tonnes, f"the {check.baseline_tonnes:g} {check.unit} monthly baseline"


def _reading(check: RareEarthCheck, figure: Update) -> tuple[Assertion, str]:
    """Whether a figure meets its threshold, and the words that say so."""
    assert figure.value is not None
    period = figure.figure_period
    baseline, named = baseline_for(check, figure)
    share = figure.value / baseline
    meets = share >= check.min_share
    relation = "at or above" if meets else "below"
    threshold = f"the {check.min_share:.0%} threshold of {baseline * check.min_share:g} {check.unit}"
    return ("met" if meets else "not_met",
            f"reported {figure.value:g} {check.unit} for {period.label()} ({share:.0%} of {named}, {relation} {threshold})")


def judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    """Met when the latest month's tonnage reaches min_share of its baseline and no live claim disputes it."""
    updates = usable(updates, as_of)
    check = commitment.check
    assert isinstance(check, RareEarthCheck)

    # The figures judged are one period's, often from many sources reporting the same figure:
    # each figure of a period is read, and put in words, once.
    readings: dict[tuple[Period, str], tuple[Assertion, str]] = {}

    def read(update: Update) -> Word:
        if update.value is None or update.unit != check.unit:
            return Word(update, update.asserts)
        key = (update.figure_period, repr(update.value))  # as written: -0.0 and 0.0 are equal keys, not equal words
        reading = readings.get(key)
        if reading is None:
            reading = readings[key] = _reading(check, update)
        return Word(update, *reading)

    finding = decisive(
        act_finding(of_kind(updates, "act")),
        figure_finding([u for u in of_kind(updates, "data") if u.unit == check.unit], read,
                       agree=lambda a, b: abs(a - b) <= check.tolerance * max(abs(a), abs(b))),
    )
    return conclude(f"exports are released at {check.min_share:.0%} or more of the baseline", finding,
                    of_kind(updates, "statement"), commitment.obligor, as_of, commitment.max_silence_days)
