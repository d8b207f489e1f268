"""What the overview shows at a glance: counts, upcoming deadlines, and who has delivered what
in each give-and-take bargain. Pure functions of assessments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from monitors.catalog import Catalog, Commitment, PurchaseCheck
from monitors.domain import STATUSES, Assessment, Flag, Status


@dataclass(frozen=True)
class GroupCount:
    """Commitments per status within one group (a framework, an obligor)."""

    group: str
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Deadline:
    commitment_id: str
    title: str
    deadline: date
    days_left: int
    status: Status
    extended: bool


@dataclass(frozen=True)
class Pledge:
    """One commitment inside a bargain, with where it stands."""

    commitment_id: str
    title: str
    status: Status
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class Side:
    """What one party owes in a bargain; `delivered` counts the commitments that are met."""

    obligor: str
    pledges: tuple[Pledge, ...]

    @property
    def delivered(self) -> int:
        return sum(1 for p in self.pledges if p.status == "met")


@dataclass(frozen=True)
class Bargain:
    """Commitments linked as give-and-take (directly or through each other), by obligor."""

    sides: tuple[Side, ...]


def status_counts(assessments: Iterable[Assessment]) -> dict[str, int]:
    """How many commitments are met, pending and disputed (every status present, maybe 0)."""
    counts = dict.fromkeys(STATUSES, 0)
    for assessment in assessments:
        counts[assessment.status] += 1
    return counts


def flag_counts(assessments: Iterable[Assessment]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for assessment in assessments:
        for flag in assessment.flags:
            counts[flag] = counts.get(flag, 0) + 1
    return counts


def counts_by_framework(catalog: Catalog, assessments: Sequence[Assessment]) -> list[GroupCount]:
    """Status counts per framework assessed, in the catalog's framework order.

    Only the assessments given are counted: a framework none of whose commitments is assessed
    (one not yet agreed on the as-of date) is left out rather than shown with zeros."""
    groups = []
    for framework in catalog.frameworks.values():
        mine = [a for a in assessments if catalog.commitments[a.commitment_id].framework == framework.id]
        if mine:
            groups.append(GroupCount(framework.id, framework.name, status_counts(mine)))
    return groups


OBLIGOR_LABELS: dict[str, str] = {"us": "United States", "cn": "China", "both": "Both parties"}


def counts_by_obligor(catalog: Catalog, assessments: Sequence[Assessment]) -> list[GroupCount]:
    """Status counts per obligor (the party that owes the commitment); empty groups left out."""
    groups = []
    for obligor, label in OBLIGOR_LABELS.items():
        mine = [a for a in assessments if catalog.commitments[a.commitment_id].obligor == obligor]
        if mine:
            groups.append(GroupCount(obligor, label, status_counts(mine)))
    return groups


def upcoming_deadlines(catalog: Catalog, assessments: Iterable[Assessment]) -> list[Deadline]:
    """Deadlines not yet passed for commitments not yet met, soonest first."""
    found = []
    for a in assessments:
        deadline, days_left = a.deadline, a.days_left
        if deadline is not None and days_left is not None and days_left >= 0 and a.status != "met":
            title = catalog.commitments[a.commitment_id].title
            found.append(Deadline(a.commitment_id, title, deadline, days_left, a.status, len(a.deadlines) > 1))
    found.sort(key=lambda d: (d.deadline, d.commitment_id))
    return found


@dataclass(frozen=True)
class PurchaseWindowDue:
    """One purchase window: its target is due by its last day."""

    start: date
    end: date
    target: float
    unit: str

    def state(self, as_of: date) -> str:
        """'ended', 'running' or 'not started' on `as_of`."""
        return "ended" if self.end < as_of else "running" if self.start <= as_of else "not started"


def purchase_windows(commitment: Commitment) -> list[PurchaseWindowDue]:
    """A purchase commitment's windows, by their last day (none for other kinds). They stand where
    another commitment has its deadline: a window that ends short of its target makes it overdue."""
    check = commitment.check
    if not isinstance(check, PurchaseCheck):
        return []
    return sorted((PurchaseWindowDue(w.start, w.end, w.target, check.unit) for w in check.windows), key=lambda w: w.end)


def _window_ends(commitment: Commitment, as_of: date) -> tuple[list[date], list[date]]:
    """The last days of the windows ended by `as_of`, and of those still open or to come, in order."""
    windows = purchase_windows(commitment)
    ended = [w.end for w in windows if w.state(as_of) == "ended"]
    return ended, [w.end for w in windows if w.state(as_of) != "ended"]


def window_column_text(commitment: Commitment, as_of: date) -> str:
    """'windows, next 2026-12-31' (or 'windows, last ...' once all have ended), short enough for a
    table's deadline column; empty for a commitment with no windows."""
    ended, ahead = _window_ends(commitment, as_of)
    if ahead:
        return f"windows, next {ahead[0].isoformat()}"
    return f"windows, last {ended[-1].isoformat()}" if ended else ""


def window_ends_text(commitment: Commitment, as_of: date) -> str:
    """'window ended 2026-02-28, next ends 2026-12-31': when the last ended window closed and
    the next one closes, in a few words (empty for a commitment with no windows)."""
    ended, ahead = _window_ends(commitment, as_of)
    words = [f"window ended {ended[-1].isoformat()}"] if ended else []
    if ahead:
        words.append(f"{'next ends' if ended else 'window ends'} {ahead[0].isoformat()}")
    return ", ".join(words)


# What needs a reader's eye first, most urgent first; the first that applies decides. An ended
# commitment is moot whatever else it carries, so it goes last; docs/methodology.md explains
# the order.
URGENCY_ORDER: tuple[str, ...] = (
    "overdue", "lapsed", "disputed", "due_soon", "expiring", "stale", "pending", "met", "ended",
)
URGENCY_WORDS = ("overdue, lapsed, disputed, due soon, expiring soon, stale, other pending, met, ended last; "
                 "nearest date first within each")


def urgency(assessment: Assessment) -> str:
    """The step of URGENCY_ORDER a commitment stands on: a flag that calls for action, or else
    its status."""
    flags = set(assessment.flags)
    if "ended" in flags:
        return "ended"
    for step in ("overdue", "lapsed"):
        if step in flags:
            return step
    if assessment.status == "disputed":
        return "disputed"
    for step in ("due_soon", "expiring", "stale"):
        if step in flags:
            return step
    return assessment.status


def urgency_rank(assessment: Assessment) -> int:
    """The position of the commitment's step in URGENCY_ORDER (0 is the most urgent)."""
    return URGENCY_ORDER.index(urgency(assessment))


def _date_that_matters(assessment: Assessment) -> date | None:
    """The date a step is ranked by within itself: the expiry for a term that ends soon or has
    ended, else the deadline."""
    if urgency(assessment) in ("lapsed", "expiring") and assessment.expires is not None:
        return assessment.expires
    return assessment.deadline


def most_urgent(assessments: Sequence[Assessment]) -> list[Assessment]:
    """The assessments by urgency rank, then the date that matters nearest first (none last),
    then catalog order."""
    def key(assessment: Assessment) -> tuple[int, bool, date]:
        day = _date_that_matters(assessment)
        return urgency_rank(assessment), day is None, day or date.min

    return sorted(assessments, key=key)


def _bargain_groups(catalog: Catalog) -> list[list[Commitment]]:
    """Connected groups of give-and-take links, each in catalog order."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for first, second in catalog.exchange_pairs():
        parent[root(first.id)] = root(second.id)
    groups: dict[str, list[Commitment]] = {}
    for commitment in catalog.commitments.values():
        if commitment.id in parent:
            groups.setdefault(root(commitment.id), []).append(commitment)
    return list(groups.values())


def bargains(catalog: Catalog, assessments: Sequence[Assessment]) -> list[Bargain]:
    """Each give-and-take bargain with what each side owes and whether it is delivered.

    Only the commitments assessed take part: one not assessed (its framework not yet agreed on
    the as-of date) is left out of its bargain, and a bargain with none assessed is left out."""
    by_id = {a.commitment_id: a for a in assessments}
    result = []
    for group in _bargain_groups(catalog):
        sides = []
        for obligor in OBLIGOR_LABELS:
            pledges = tuple(
                Pledge(c.id, c.title, by_id[c.id].status, by_id[c.id].flags)
                for c in group if c.obligor == obligor and c.id in by_id
            )
            if pledges:
                sides.append(Side(obligor, pledges))
        if sides:
            result.append(Bargain(tuple(sides)))
    return result
