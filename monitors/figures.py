"""The measured figures of a commitment, shaped as its charts tell them: a value per period per
source party (bars), a tariff rate in force over time (steps), and a purchase total building up
through each window (cumulative, against the prorated pace).

Pure aggregates of one commitment's usable figures (never one row per update of the whole
log), so a chart stays small; the dashboard only draws them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from monitors.catalog import Commitment, PurchaseCheck, PurchaseWindow
from monitors.domain import Update
from monitors.judging.purchases import party_total
from monitors.judging.rule import usable


@dataclass(frozen=True)
class PeriodFigure:
    """One source party's figure for one period (its latest revision)."""

    start: date
    end: date
    label: str
    source_party: str
    value: float
    observed: date
    update_id: int


@dataclass(frozen=True)
class RateStep:
    """A rate a source party reported in force from `start` until the next one (or the as-of day)."""

    start: date
    end: date
    source_party: str
    value: float
    update_id: int


@dataclass(frozen=True)
class CumulativePoint:
    """One party's total for a window as of the end of a reported period."""

    day: date
    source_party: str
    total: float


@dataclass(frozen=True)
class WindowProgress:
    """A purchase window's target and each party's cumulative total through it."""

    window: PurchaseWindow
    points: tuple[CumulativePoint, ...]


def _figures(commitment: Commitment, updates: Iterable[Update], as_of: date) -> list[Update]:
    """Figures only, as the monitors judge them: a value given in a statement is a claim, not a
    measurement."""
    unit = commitment.measured_unit
    return [u for u in usable(updates, as_of) if u.kind == "data" and u.value is not None and u.unit == unit]


def by_period(commitment: Commitment, updates: Iterable[Update], as_of: date) -> list[PeriodFigure]:
    """Each (period, source party)'s latest observed figure, in period order: a revision
    replaces the earlier figure, and two parties' figures for one period stand side by side."""
    chosen: dict[tuple[date, date, str], Update] = {}
    for u in sorted(_figures(commitment, updates, as_of), key=lambda u: (u.observed, u.id)):
        chosen[(u.figure_period.start, u.figure_period.end, u.source_party)] = u
    return [
        PeriodFigure(start, end, u.figure_period.label(), party, float(u.value or 0.0), u.observed, u.id)
        for (start, end, party), u in sorted(chosen.items())
    ]


def rate_steps(commitment: Commitment, updates: Iterable[Update], as_of: date, until: date | None = None) -> list[RateStep]:
    """For each source party, the rate in force from the start of each figure's period until the
    next figure's, the last one until `until` (the day the commitment ended, when it did) or the
    as-of day, inclusive."""
    steps: list[RateStep] = []
    latest = by_period(commitment, updates, as_of)
    for party in sorted({f.source_party for f in latest}):
        mine = [f for f in latest if f.source_party == party]
        for figure, following in zip(mine, [*mine[1:], None]):
            end = following.start if following else min(until or as_of, as_of) + timedelta(days=1)
            steps.append(RateStep(figure.start, max(end, figure.start), party, figure.value, figure.update_id))
    return steps


def purchase_progress(commitment: Commitment, updates: Iterable[Update], as_of: date) -> list[WindowProgress]:
    """Each started window with every party's running total (as the purchases monitor adds it
    up) at the end of each period it reported, starting from 0 on the window's first day."""
    check = commitment.check
    if not isinstance(check, PurchaseCheck):
        return []
    figures = _figures(commitment, updates, as_of)
    progress = []
    for window in check.windows:
        if window.start > as_of:
            continue
        points: list[CumulativePoint] = []
        for party in sorted({u.source_party for u in figures}):
            mine = [u for u in figures if u.source_party == party and u.figure_period.within(window.start, window.end)]
            ends = sorted({u.figure_period.end for u in mine})
            if not ends:
                continue
            points.append(CumulativePoint(window.start, party, 0.0))
            for end in ends:
                total, _ = party_total(window, _revised([u for u in mine if u.figure_period.end <= end]))
                points.append(CumulativePoint(end, party, total))
        progress.append(WindowProgress(window, tuple(points)))
    return progress


def _revised(figures: Sequence[Update]) -> list[Update]:
    """One figure per (source, period): the latest observed, as the purchases monitor reads them."""
    chosen: dict[tuple[str, date, date], Update] = {}
    for u in sorted(figures, key=lambda u: (u.observed, u.id)):
        chosen[(u.source, u.figure_period.start, u.figure_period.end)] = u
    return list(chosen.values())
