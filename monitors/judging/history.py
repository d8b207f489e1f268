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
from monitors.judging.assess import assess, group_by_commitment, is_superseded
from monitors.catalog import Catalog, Commitment, RareEarthCheck, TariffCheck
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
    """Every date on which the commitment's status or flags may change, sorted. The first is
    the day its framework was agreed, or the day of its first evidence if that came earlier."""
    usable = [u for u in updates if not u.retracted]
    observed = {u.observed for u in usable}
    first = min({catalog.frameworks[commitment.framework].date, *observed})
    deadlines = {u.new_deadline for u in usable if u.new_deadline is not None}
    if commitment.deadline is not None:
        deadlines.add(commitment.deadline)
    days = {first, *observed}
    for deadline in deadlines:
        days.update((deadline - timedelta(days=commitment.due_soon_days), deadline, deadline + ONE_DAY))
    days.update(catalog.frameworks[s.framework].date for s in catalog.continued_by(commitment.id))
    return sorted(d for d in days if d >= first)


class _Replay:
    """A commitment's usable updates, indexed so the deciding ones for any date are quick to find."""

    def __init__(self, updates: Iterable[Update]):
        usable = sorted((u for u in updates if not u.retracted), key=lambda u: (u.observed, u.id))
        by_party: dict[str, dict[date, list[Update]]] = defaultdict(lambda: defaultdict(list))
        for update in usable:
            by_party[update.source_party][update.observed].append(update)
        self._groups = {party: (sorted(days), days) for party, days in by_party.items()}
        self._extensions = [u for u in usable if u.new_deadline is not None]
        self._extension_days = [u.observed for u in self._extensions]

    def deciding(self, day: date) -> list[Update]:
        """Each party's updates on its latest observed date up to `day`, plus earlier extensions."""
        chosen: dict[int, Update] = {}
        for sorted_days, days in self._groups.values():
            index = bisect_right(sorted_days, day)
            if index:
                chosen.update((u.id, u) for u in days[sorted_days[index - 1]])
        for update in self._extensions[: bisect_right(self._extension_days, day)]:
            chosen[update.id] = update
        return [chosen[i] for i in sorted(chosen)]


def commitment_history(catalog: Catalog, commitment: Commitment, updates: Sequence[Update], until: date) -> list[StatusSpan]:
    """The commitment's status spans from its first change date through `until` (inclusive)."""
    replay = _Replay(updates)
    spans: list[StatusSpan] = []
    for day in (d for d in change_dates(catalog, commitment, updates) if d <= until):
        found = assess(commitment, replay.deciding(day), day, superseded=is_superseded(catalog, commitment.id, day))
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
