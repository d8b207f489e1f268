"""Purchase commitments: cumulative figures against each window's target.

Each source party's statistics are totalled apart (a government's own export or import data),
and compared with the other's only for the same period. Within a window, monthly figures add
up; a range figure from the window's start is a cumulative total to its end, and the figures
after it are added on. A later figure for the same period and source replaces the earlier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from monitors.catalog import Commitment, PurchaseCheck, PurchaseWindow
from monitors.domain import PARTY_NAMES, Update, Verdict
from monitors.judging.rule import Finding, Word, conclude, join, latest_revisions, of_kind, usable


@dataclass(frozen=True)
class WindowTotal:
    """One party's total for one window, and the figures it adds up."""

    window: PurchaseWindow
    party: str
    total: float
    figures: tuple[Update, ...]


def party_total(window: PurchaseWindow, figures: Sequence[Update]) -> tuple[float, tuple[Update, ...]]:
    """One source party's total inside a window: the latest-ending cumulative figure from the
    window's start, plus the single-period figures after it."""
    inside = [u for u in figures if u.figure_period.within(window.start, window.end)]
    cumulative = [u for u in inside if not u.figure_period.is_single and u.figure_period.start == window.start]
    base = max(cumulative, key=lambda u: (u.figure_period.end, u.observed, u.id), default=None)
    covered_until = base.figure_period.end if base else None
    singles = [u for u in inside if u.figure_period.is_single and (covered_until is None or u.figure_period.start > covered_until)]
    used = ([base] if base else []) + singles
    return sum(u.value or 0.0 for u in used), tuple(sorted(used, key=lambda u: u.id))


def revised_figures(check: PurchaseCheck, figures: Sequence[Update]) -> list[Update]:
    """The figures in the check's unit, each source's latest revision of each period."""
    return latest_revisions(u for u in figures if u.unit == check.unit and u.value is not None)


def window_totals(check: PurchaseCheck, revised: Sequence[Update], as_of: date) -> list[WindowTotal]:
    """Every started window's total per source party that reported figures for it, from
    revised_figures()."""
    totals = []
    for window in check.windows:
        if window.start > as_of:
            continue
        for party in sorted({u.source_party for u in revised}):
            total, used = party_total(window, [u for u in revised if u.source_party == party])
            if used:
                totals.append(WindowTotal(window, party, total, used))
    return totals


def _same_period_conflict(check: PurchaseCheck, revised: Sequence[Update]) -> str | None:
    by_period: dict[tuple[date, date], dict[str, Update]] = {}
    for u in revised:
        by_period.setdefault((u.figure_period.start, u.figure_period.end), {})[u.source_party] = u
    for parties in by_period.values():
        if "us" in parties and "cn" in parties:
            a, b = parties["us"], parties["cn"]
            assert a.value is not None and b.value is not None
            if abs(a.value - b.value) > check.tolerance * max(abs(a.value), abs(b.value)):
                return (f"the two governments' figures for {a.figure_period.label()} disagree beyond the tolerance: "
                        f"{PARTY_NAMES['us']} {a.value:g} {check.unit} (#{a.id}), {PARTY_NAMES['cn']} {b.value:g} {check.unit} (#{b.id})")
    return None


def _window_words(window: PurchaseWindow) -> str:
    return f"{window.start.isoformat()} to {window.end.isoformat()}"


def judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    """Met when every started window has reached its target; overdue when one ended short."""
    updates = usable(updates, as_of)
    check = commitment.check
    assert isinstance(check, PurchaseCheck)
    # Read once, for the totals and for the comparison of the two governments' figures.
    revised = revised_figures(check, of_kind(updates, "data"))
    totals = window_totals(check, revised, as_of)
    statements = of_kind(updates, "statement")
    subject = "the purchase targets are reached"
    if not totals:
        return conclude(subject, None, statements, commitment.obligor, as_of, commitment.max_silence_days,
                        no_evidence="no purchase figures logged yet")
    parts: list[str] = []
    words: list[Word] = []
    short_ended, running, met_on = False, False, []
    for window in (w for w in check.windows if w.start <= as_of):
        best = max((t for t in totals if t.window == window), key=lambda t: t.total, default=None)
        length = (window.end - window.start).days + 1
        elapsed = min(max((as_of - window.start).days + 1, 0), length) / length
        if best is None:
            parts.append(f"window {_window_words(window)}: no figures yet ({elapsed:.0%} of the window elapsed)")
            short_ended |= as_of > window.end
            running |= as_of <= window.end
            continue
        share = best.total / window.target
        reached = best.total >= window.target
        words.extend(Word(u, "met" if reached else "progress",
                          f"reported {u.value:g} {check.unit} for {u.figure_period.label()}") for u in best.figures)
        state = "reached" if reached else "ended short" if as_of > window.end else "running"
        parts.append(
            f"window {_window_words(window)}: {best.total:g} of {window.target:g} {check.unit} ({share:.0%} of the target) "
            f"by the figures of {PARTY_NAMES[best.party]}, with {elapsed:.0%} of the window elapsed; {state}"
        )
        if reached:
            met_on.append(max(u.observed for u in best.figures))
        elif as_of > window.end:
            short_ended = True
        else:
            running = True
    asserts = "not_met" if short_ended else "progress" if running else "met"
    finding = Finding(
        asserts,  # type: ignore[arg-type]
        "the purchase figures give " + "; ".join(parts) + (f" (figures: {join(words)})" if words else ""),
        tuple(words), answers_until=max(u.figure_period.end for t in totals for u in t.figures),
        conflict=_same_period_conflict(check, revised),
        met_on=max(met_on) if asserts == "met" and met_on else None,
        flags=("overdue",) if short_ended else (), lists_words=False,
    )
    return conclude(subject, finding, statements, commitment.obligor, as_of, commitment.max_silence_days)
