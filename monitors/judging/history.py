"""Commitments over time: status spans, the evidence per day and measured series.

Everything here is change-point or aggregated data, so a chart stays small however long the
log grows. A status is only recomputed on the dates where it can change: the observed dates of
a commitment's evidence, the dates its deadlines start to count as due soon or overdue, and the
dates later frameworks that carry it forward were agreed.

Every monitor reads a commitment by each source party's latest words (judging/rule.py), plus the
extensions for its deadline history. So the status on a date is computed from those updates
alone, not from the whole log: this keeps the history linear in the size of the log.
tests/test_history.py checks the result against `assess` on the full log.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from monitors.judging import rule as evidence
from monitors.catalog import Catalog, Commitment, PurchaseCheck, RareEarthCheck, TariffCheck
from monitors.judging import lifecycle
from monitors.judging.assess import FULL_SERIES_MONITORS, assess_one, group_by_commitment
from monitors.domain import Flag, Status, Update

ONE_DAY = timedelta(days=1)
DAILY_SPAN = timedelta(days=180)


@dataclass(frozen=True)
class StatusSpan:
    """A commitment's status and flags from `start` up to, not including, `end`."""

    commitment_id: str
    start: date
    end: date
    status: Status
    flags: tuple[Flag, ...]
    rule: str


@dataclass(frozen=True)
class EvidenceCount:
    """How many updates from one source party asserted one thing in one period (a day, or a
    week starting on `observed` when the evidence spans more than DAILY_SPAN)."""

    observed: date
    days: int
    source_party: str
    asserts: str
    count: int


@dataclass(frozen=True)
class Measurement:
    """One party's measurements of a commitment in one period, averaged (tariff rate, tonnes)."""

    observed: date
    days: int
    source_party: str
    value: float
    count: int


@dataclass(frozen=True)
class Target:
    """A level a measured commitment is judged against, for drawing as a reference line."""

    label: str
    value: float


def change_dates(catalog: Catalog, commitment: Commitment, updates: Iterable[Update]) -> list[date]:
    """Every date on which the commitment's status or flags may change, sorted, from the day
    its framework was agreed (before that it does not exist)."""
    usable = [u for u in updates if not u.retracted]
    first = catalog.frameworks[commitment.framework].date
    days = {first, *(u.observed for u in usable)}
    deadlines = {u.new_deadline for u in usable if u.new_deadline is not None}
    if commitment.deadline is not None:
        deadlines.add(commitment.deadline)
    for deadline in deadlines:
        days.update((deadline - timedelta(days=commitment.due_soon_days), deadline, deadline + ONE_DAY))
    expiries = {u.new_expiry for u in usable if u.new_expiry is not None}
    if commitment.expires is not None:
        expiries.add(commitment.expires)
    for expiry in expiries:
        days.update((expiry - timedelta(days=commitment.expiring_days), expiry))
    if isinstance(commitment.check, PurchaseCheck):
        days.update(w.end + ONE_DAY for w in commitment.check.windows)
        days.update(w.start for w in commitment.check.windows)
    days.update(_quiet_dates(commitment, first, usable))
    days.update(catalog.frameworks[s.framework].date for s in catalog.continued_by(commitment.id))
    return sorted(d for d in days if d >= first)


def _quiet_dates(commitment: Commitment, framework_date: date, usable: Sequence[Update]) -> set[date]:
    """The days after which a commitment can turn stale: the next figure's due day after each
    figure, and the end of each silence."""
    days: set[date] = set()
    unit = commitment.measured_unit
    figure_ends = {u.figure_period.end for u in usable if u.kind == "data" and u.value is not None and u.unit == unit}
    for end in (None, *figure_ends):
        due = lifecycle.next_figure_due(commitment, framework_date, end)
        if due is not None:
            days.add(due + ONE_DAY)
    for observed in (None, *(u.observed for u in usable)):
        quiet = lifecycle.silence_ends(commitment, framework_date, observed)
        if quiet is not None:
            days.add(quiet + ONE_DAY)
    return days


class _Replay:
    """A commitment's usable updates, indexed so the deciding ones for any date are quick to
    find: the same selection Store.relevant_updates makes, for any day."""

    def __init__(self, updates: Iterable[Update], full_series: bool):
        usable = sorted((u for u in updates if not u.retracted), key=lambda u: (u.observed, u.id))
        by_group: dict[tuple[str, str], dict[date, list[Update]]] = defaultdict(lambda: defaultdict(list))
        for update in usable:
            by_group[(update.source_party, update.kind)][update.observed].append(update)
        self._groups = {group: (sorted(days), days) for group, days in by_group.items()}
        figures_by_party: dict[str, list[Update]] = defaultdict(list)
        for update in usable:
            if update.kind == "data":
                figures_by_party[update.source_party].append(update)
        self._figures = {party: (items, [u.observed for u in items], _running_latest_end(items))
                         for party, items in figures_by_party.items()}
        self._always = [u for u in usable if u.new_deadline is not None or u.new_expiry is not None or u.asserts == "ended"
                        or (full_series and u.kind == "data")]
        self._always_days = [u.observed for u in self._always]

    def deciding(self, day: date) -> list[Update]:
        """For `day`: each (party, kind)'s updates on its latest observed date, each party's
        figures of its latest period, and every earlier extension, renewal and ending."""
        chosen: dict[int, Update] = {}
        for sorted_days, days in self._groups.values():
            index = bisect_right(sorted_days, day)
            if index:
                chosen.update((u.id, u) for u in days[sorted_days[index - 1]])
        for items, observed, latest_end in self._figures.values():
            index = bisect_right(observed, day)
            if index:
                end = latest_end[index - 1]
                chosen.update((u.id, u) for u in items[:index] if u.figure_period.end == end)
        for update in self._always[: bisect_right(self._always_days, day)]:
            chosen[update.id] = update
        return [chosen[i] for i in sorted(chosen)]


def _running_latest_end(figures: Sequence[Update]) -> list[date]:
    """For figures in observed order, the latest period end among the first n+1 of them."""
    ends: list[date] = []
    for update in figures:
        end = update.figure_period.end
        ends.append(max(ends[-1], end) if ends else end)
    return ends


def commitment_history(catalog: Catalog, commitment: Commitment, updates: Sequence[Update], until: date) -> list[StatusSpan]:
    """The commitment's status spans from the day its framework was agreed through `until` (inclusive)."""
    replay = _Replay(updates, commitment.check.monitor in FULL_SERIES_MONITORS)
    spans: list[StatusSpan] = []
    for day in (d for d in change_dates(catalog, commitment, updates) if d <= until):
        found = assess_one(catalog, commitment, replay.deciding(day), day, replay.deciding)
        if spans and (spans[-1].status, spans[-1].flags) == (found.status, found.flags):
            continue
        if spans:
            spans[-1] = _ending(spans[-1], day)
        spans.append(StatusSpan(commitment.id, day, until + ONE_DAY, found.status, found.flags, found.verdict.rule))
    return spans


def _ending(span: StatusSpan, end: date) -> StatusSpan:
    return StatusSpan(span.commitment_id, span.start, end, span.status, span.flags, span.rule)


def status_history(
    catalog: Catalog, updates: Iterable[Update], until: date, commitment_ids: Collection[str] | None = None
) -> list[StatusSpan]:
    """The status spans through `until` of every commitment, or of those in `commitment_ids`,
    in catalog order. `updates` need only hold the evidence of the commitments asked for."""
    grouped = group_by_commitment(updates)
    return [
        span
        for commitment in catalog.commitments.values()
        if commitment_ids is None or commitment.id in commitment_ids
        for span in commitment_history(catalog, commitment, grouped.get(commitment.id, []), until)
    ]


def as_of(spans: Iterable[StatusSpan], day: date) -> list[StatusSpan]:
    """The spans as they stood on `day`: later ones dropped, the current one cut at `day`.

    Valid because a status on a date depends only on evidence observed by then."""
    return [_ending(s, min(s.end, day + ONE_DAY)) for s in spans if s.start <= day]


def status_on(spans: Iterable[StatusSpan], commitment_id: str, day: date) -> StatusSpan | None:
    return next((s for s in spans if s.commitment_id == commitment_id and s.start <= day < s.end), None)


def _period_days(days: Iterable[date]) -> int:
    """1 (group by day) or 7 (by week, from Monday) once the dates span more than DAILY_SPAN,
    so a chart holds at most a few hundred points per series."""
    ordered = sorted(days)
    return 7 if ordered and ordered[-1] - ordered[0] > DAILY_SPAN else 1


def _period_start(day: date, period_days: int) -> date:
    return day - timedelta(days=day.weekday()) if period_days == 7 else day


def evidence_counts(updates: Iterable[Update], until: date) -> list[EvidenceCount]:
    """Usable updates observed by `until`, counted per (period, source party, assertion)."""
    usable = evidence.usable(updates, until)
    width = _period_days(u.observed for u in usable)
    counts: dict[tuple[date, str, str], int] = defaultdict(int)
    for update in usable:
        counts[(_period_start(update.observed, width), update.source_party, update.asserts)] += 1
    return [EvidenceCount(day, width, party, asserts, n) for (day, party, asserts), n in sorted(counts.items())]


def measured_series(commitment: Commitment, updates: Iterable[Update], until: date) -> list[Measurement]:
    """Measurements in the commitment's unit, averaged per (period, party); empty when the
    commitment has no measurable target."""
    unit = commitment.measured_unit
    if unit is None:
        return []
    usable = [u for u in evidence.usable(updates, until) if u.value is not None and u.unit == unit]
    width = _period_days(u.observed for u in usable)
    values: dict[tuple[date, str], list[float]] = defaultdict(list)
    for update in usable:
        assert update.value is not None
        values[(_period_start(update.observed, width), update.source_party)].append(update.value)
    return [Measurement(day, width, party, sum(v) / len(v), len(v)) for (day, party), v in sorted(values.items())]


def targets(commitment: Commitment) -> list[Target]:
    """The reference levels a measured commitment is judged against (none for the others)."""
    check = commitment.check
    if isinstance(check, TariffCheck):
        return [Target(f"committed rate ({check.target_rate:g}{check.unit})", check.target_rate)]
    if isinstance(check, RareEarthCheck):
        threshold = check.baseline_tonnes * check.min_share
        return [
            Target(f"baseline ({check.baseline_tonnes:g} {check.unit}/month)", check.baseline_tonnes),
            Target(f"met at {check.min_share:.0%} of baseline ({threshold:g} {check.unit})", threshold),
        ]
    return []
