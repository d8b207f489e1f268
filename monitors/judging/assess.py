"""One entry point from (catalog, updates, as-of date) to every commitment's assessment.

Dispatches each commitment to the monitor its check names and adds what is common to all
families: the lifecycle (not yet agreed, ended, expiring or lapsed, stale), deadline and expiry
histories, flags, and whether a later framework carries it forward.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

from monitors.catalog import Catalog, Commitment
from monitors.domain import Assessment, Flag, Update, Verdict
from monitors.judging import deadlines, export_controls, lifecycle, purchases, rare_earths, statements, tariffs
from monitors.judging.rule import usable

Monitor = Callable[[Commitment, Sequence[Update], date], Verdict]

MONITORS: dict[str, Monitor] = {
    "tariffs": tariffs.judge,
    "rare_earths": rare_earths.judge,
    "purchases": purchases.judge,
    "export_controls": export_controls.judge,
    "deadlines": deadlines.judge,
    "statements": statements.judge,
}
# Monitors that read every figure in their windows, not only the latest period's.
FULL_SERIES_MONITORS = frozenset({"purchases"})


def _judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    return MONITORS[commitment.check.monitor](commitment, updates, as_of)


EvidenceAt = Callable[[date], Sequence[Update]]


def assess(commitment: Commitment, updates: Sequence[Update], as_of: date, *, superseded: bool,
           framework_date: date | None = None, evidence_at: EvidenceAt | None = None) -> Assessment:
    """Status, flags and histories of one commitment as of a date. `superseded` comes from
    is_superseded(); it is required so that no caller silently drops the flag. `framework_date`
    (default: the commitment's effective date or the as-of date) starts the clock for cadence and
    silence. `evidence_at(day)` gives the evidence that decides an earlier day, for the verdict
    an ended commitment had when it ended; without it `updates` must be the whole log."""
    started = framework_date or commitment.effective or as_of
    history = deadlines.deadline_history(commitment, updates, as_of)
    expiries = deadlines.version_history(commitment.expires, updates, as_of, "new_expiry")
    latest_evidence = max([u.observed for u in updates if u.observed <= as_of and not u.retracted], default=None)
    moved: tuple[Flag, ...] = ("extended",) if len(history) > 1 or len(expiries) > 1 else ()
    carried: tuple[Flag, ...] = ("superseded",) if superseded else ()

    ending = lifecycle.ending_event(updates, as_of)
    if ending is not None:
        day_before = ending.observed - timedelta(days=1)
        before = _judge(commitment, evidence_at(day_before) if evidence_at else updates, day_before)
        verdict = Verdict(
            "pending", "ended",
            f"Ended on {ending.observed.isoformat()}: {ending.note or 'an act made it moot'} (#{ending.id}, {ending.source}). "
            f"It counts as neither kept nor broken from then on, so its status is pending. "
            f"As it stood when it ended: {before.explanation}",
            (*before.evidence, ending.id), before.met_on,
        )
        return Assessment(commitment.id, as_of, verdict, ("ended", *moved, *carried), history, expiries, latest_evidence,
                          ending.id, ending.observed)

    verdict = _judge(commitment, updates, as_of)
    flags: list[Flag] = list(verdict.flags)
    for flag in deadlines.deadline_flags(verdict, history, as_of, commitment.due_soon_days):
        if flag not in flags:
            flags.append(flag)
    life = lifecycle.expiry_flags(expiries, as_of, commitment.expiring_days)
    if "lapsed" in life:
        expiry = expiries[-1].deadline
        verdict = Verdict(
            "pending", "lapsed",
            f"Lapsed on {expiry.isoformat()}: its term ended then and no renewal is logged, so it no longer counts as met. "
            f"As it stood: {verdict.explanation}",
            verdict.evidence,
        )
        flags = [f for f in flags if f != "due_soon"]
    flags.extend(life)
    stale = None if "lapsed" in life else lifecycle.stale_reason(commitment, started, usable(updates, as_of), as_of, latest_evidence)
    if stale:
        flags.append("stale")
        verdict = Verdict(verdict.status, verdict.rule, f"{verdict.explanation} Stale: {stale}.", verdict.evidence,
                          verdict.met_on, verdict.flags)
    flags.extend(moved)
    flags.extend(carried)
    return Assessment(commitment.id, as_of, verdict, tuple(flags), history, expiries, latest_evidence)


def group_by_commitment(updates: Iterable[Update]) -> dict[str, list[Update]]:
    grouped: dict[str, list[Update]] = defaultdict(list)
    for update in updates:
        grouped[update.commitment_id].append(update)
    return grouped


def is_superseded(catalog: Catalog, commitment_id: str, as_of: date) -> bool:
    """True once a framework that carries the commitment forward has been agreed, so it reads
    as continued rather than broken."""
    return any(catalog.frameworks[s.framework].date <= as_of for s in catalog.continued_by(commitment_id))


def agreed_commitments(catalog: Catalog, as_of: date) -> list[Commitment]:
    """The commitments that exist on a date: those of frameworks agreed by then, in catalog order."""
    return [c for c in catalog.commitments.values() if lifecycle.agreed(catalog, c, as_of)]


def full_series_ids(catalog: Catalog) -> list[str]:
    return [c.id for c in catalog.commitments.values() if c.check.monitor in FULL_SERIES_MONITORS]


def assess_one(catalog: Catalog, commitment: Commitment, updates: Sequence[Update], as_of: date,
               evidence_at: EvidenceAt | None = None) -> Assessment:
    return assess(commitment, updates, as_of, superseded=is_superseded(catalog, commitment.id, as_of),
                  framework_date=catalog.frameworks[commitment.framework].date, evidence_at=evidence_at)


def assess_all(catalog: Catalog, updates: Iterable[Update], as_of: date,
               evidence_at: Callable[[str, date], Sequence[Update]] | None = None) -> list[Assessment]:
    """Every commitment agreed by the date, in catalog order. `evidence_at(commitment_id, day)`
    is needed when `updates` is only the deciding evidence for `as_of` (see assess)."""
    grouped = group_by_commitment(updates)
    return [
        assess_one(catalog, c, grouped.get(c.id, []), as_of,
                   (lambda day, cid=c.id: evidence_at(cid, day)) if evidence_at else None)  # type: ignore[misc]
        for c in agreed_commitments(catalog, as_of)
    ]
