"""What a briefing on the truce as of a date says: the counts, each framework's commitments with
their status, flags and explanation, the figures that matter (by period, against the level
they are judged by) and every source cited. Pure: catalog, assessments and updates in, plain
values out; the dashboard lays them out as a PDF (dashboard/briefing_pdf.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from monitors import figures
from monitors.catalog import Catalog, PurchaseCheck
from monitors.domain import PARTY_NAMES, Assessment, Update, category_words
from monitors.judging.history import targets
from monitors.summary import OBLIGOR_LABELS, most_urgent, status_counts, flag_counts

FLAG_WORDS = {
    "overdue": "overdue", "due_soon": "due soon", "extended": "deadline extended", "superseded": "carried forward",
    "expiring": "expiring soon", "lapsed": "lapsed", "ended": "ended", "stale": "stale",
}


@dataclass(frozen=True)
class Figures:
    """A measured commitment's latest figures by period, and the levels it is judged against."""

    unit: str
    bars: tuple[tuple[str, str, float], ...]  # (period, source party in words, value)
    levels: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Entry:
    commitment_id: str
    title: str
    obligor: str
    category: str
    status: str
    flags: tuple[str, ...]
    deadline: date | None
    latest_evidence: date | None
    explanation: str
    sources: tuple[str, ...]
    evidence: tuple[str, ...]
    figures: Figures | None


@dataclass(frozen=True)
class Section:
    framework: str
    agreed: date
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Briefing:
    as_of: date
    counts: dict[str, int]
    flags: dict[str, int]
    newest_evidence: date | None
    sections: tuple[Section, ...]


MAX_BARS = 12  # the latest periods shown per commitment, for a page a reader can take in


def _figures(catalog: Catalog, commitment_id: str, updates: Sequence[Update], as_of: date) -> Figures | None:
    commitment = catalog.commitments[commitment_id]
    unit = commitment.measured_unit
    if unit is None or isinstance(commitment.check, PurchaseCheck):
        return None
    series = figures.by_period(commitment, updates, as_of)
    if not series:
        return None
    periods = list(dict.fromkeys((f.start, f.end) for f in series))[-MAX_BARS:]
    kept = [f for f in series if (f.start, f.end) in set(periods)]
    return Figures(unit, tuple((f.label, PARTY_NAMES[f.source_party], f.value) for f in kept),
                   tuple((t.label, t.value) for t in targets(commitment)))


def _evidence(updates: Sequence[Update], ids: Sequence[int]) -> tuple[str, ...]:
    by_id = {u.id: u for u in updates}
    lines = []
    for update_id in ids:
        update = by_id.get(update_id)
        if update is not None:
            lines.append(f"#{update.id}, {update.observed.isoformat()}, {PARTY_NAMES[update.source_party]}: {update.source}"
                         + (f" ({update.url})" if update.url else ""))
    return tuple(lines)


def build(catalog: Catalog, assessments: Sequence[Assessment], updates: Mapping[str, Sequence[Update]], as_of: date) -> Briefing:
    """The briefing as of `as_of` for the assessed commitments (those agreed by then), each
    framework's most urgent first. `updates` holds each commitment's log by id."""
    by_framework: dict[str, list[Assessment]] = {}
    for assessment in most_urgent(assessments):
        by_framework.setdefault(catalog.commitments[assessment.commitment_id].framework, []).append(assessment)
    sections = []
    for framework in catalog.frameworks.values():
        entries = []
        for a in by_framework.get(framework.id, []):
            c = catalog.commitments[a.commitment_id]
            log = updates.get(c.id, ())
            entries.append(Entry(
                c.id, c.title, OBLIGOR_LABELS[c.obligor], category_words(c.category), a.status,
                tuple(FLAG_WORDS.get(f, f) for f in a.flags), a.deadline, a.latest_evidence, a.verdict.explanation,
                tuple(f"{s.outlet}: {s.title}" + (f" ({s.url})" if s.url else "") for s in c.sources_published_by(as_of)),
                _evidence(log, a.verdict.evidence), _figures(catalog, c.id, log, as_of),
            ))
        if entries:
            sections.append(Section(framework.name, framework.date, tuple(entries)))
    newest = max((a.latest_evidence for a in assessments if a.latest_evidence), default=None)
    return Briefing(as_of, status_counts(assessments), flag_counts(assessments), newest, tuple(sections))
