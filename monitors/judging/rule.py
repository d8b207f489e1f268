"""The rule every family shares: acts and figures establish what happened, statements are claims.

docs/methodology.md states it in words; in short:
- the latest act (what a government did) and the latest period's figures establish the state of
  affairs, the more recent of the two deciding;
- a statement is answered by a later act, or by a figure for a period reaching the day it was
  made; each government's latest unanswered statement is *live*, until it is older than the
  commitment's longest silence;
- live claims of the two governments that conflict are a dispute, and so is a live claim of the
  government owed the commitment that it is not met, against acts and figures that say it is;
  the obligor's own claim to comply does not outweigh what the acts and figures show;
- statements alone never make a commitment met, and neither does evidence rated uncertain alone.

A monitor reads its family's evidence into a Finding (what the acts and figures establish) and
hands it to `conclude`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from monitors.domain import PARTY_NAMES, SOURCE_PARTIES, Assertion, Flag, Update, Verdict
from monitors.periods import Period

GOVERNMENTS = ("us", "cn")
DEFAULT_READINGS: dict[str, dict[str, str]] = {
    "act": {"met": "acted to fulfil it", "progress": "took a step toward it", "not_met": "acted against it",
            "ended": "ended it"},
    "data": {"met": "gave a figure that meets it", "progress": "gave a figure showing progress",
             "not_met": "gave a figure short of it", "ended": "ended it"},
    "statement": {"met": "said it is met", "progress": "spoke of progress or a promise",
                  "not_met": "said it is not met", "ended": "said it has ended"},
}


@dataclass(frozen=True)
class Word:
    """One update read as met / progress / not met, with the phrase that explains the reading."""

    update: Update
    asserts: Assertion
    reading: str = ""

    def describe(self) -> str:
        u = self.update
        detail = self.reading or DEFAULT_READINGS[u.kind][self.asserts]
        return f"on {u.observed.isoformat()} {PARTY_NAMES[u.source_party]} {detail} (#{u.id}, {u.source}{_tier(u)})"


def _tier(update: Update) -> str:
    return ", uncertain" if update.tier == "uncertain" else ", single source" if update.tier == "single_source" else ""


@dataclass(frozen=True)
class Finding:
    """What the acts and figures establish: the reading, the words it rests on, and the day up
    to which it answers statements. `conflict` is set when the acts or figures disagree.
    `heading` introduces the words in the summary, unless `lists_words` is False because the
    heading already names them."""

    asserts: Assertion
    heading: str
    words: tuple[Word, ...]
    answers_until: date
    conflict: str | None = None
    met_on: date | None = None
    flags: tuple[Flag, ...] = field(default_factory=tuple)
    lists_words: bool = True

    @cached_property
    def summary(self) -> str:
        """The finding in words, written when an explanation uses it: a finding in conflict is
        explained by its conflict alone, as most rare-earth findings are once a dozen sources
        report each month (docs/performance.md, eighth round)."""
        return f"{self.heading}: {join(self.words)}" if self.lists_words else self.heading


def usable(updates: Iterable[Update], as_of: date) -> list[Update]:
    """Updates that count as of a date: observed by then, not retracted, not an ending event."""
    return [u for u in updates if u.observed <= as_of and not u.retracted and u.asserts != "ended"]


def of_kind(updates: Iterable[Update], kind: str) -> list[Update]:
    return [u for u in updates if u.kind == kind]


def ids(words: Iterable[Word]) -> tuple[int, ...]:
    return tuple(sorted({w.update.id for w in words}))


def join(words: Sequence[Word]) -> str:
    return "; ".join(w.describe() for w in words)


def age_words(days: int) -> str:
    """'today', '1 day', '45 days', '14 months' ... for explanations."""
    if days <= 0:
        return "from today"
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''} old"
    return f"{days // 30} months old"


def act_finding(acts: Sequence[Update], read: Callable[[Update], Word] | None = None) -> Finding | None:
    """The latest act (any party) decides; acts of that same day that disagree are a conflict."""
    if not acts:
        return None
    latest_day = max(u.observed for u in acts)
    reader = read or (lambda u: Word(u, u.asserts))
    words = tuple(reader(u) for u in sorted(acts, key=lambda u: u.id) if u.observed == latest_day)
    readings = {w.asserts for w in words}
    conflict = None
    if "met" in readings and "not_met" in readings:
        conflict = f"acts reported for the same day disagree: {join(words)}"
    asserts: Assertion = "met" if readings == {"met"} else "not_met" if "not_met" in readings else "progress"
    return Finding(asserts, "the latest act", words, latest_day, conflict,
                   met_on=latest_day if asserts == "met" else None)


def latest_revisions(figures: Iterable[Update]) -> list[Update]:
    """One figure per (source party, source, period's first and last day): the latest observed,
    a revision replacing the earlier."""
    chosen: dict[tuple[str, str, date, date], Update] = {}
    for u in sorted(figures, key=lambda u: (u.observed, u.id)):
        chosen[(u.source_party, u.source, u.figure_period.start, u.figure_period.end)] = u
    return sorted(chosen.values(), key=lambda u: u.id)


def latest_period_figures(figures: Sequence[Update]) -> tuple[Period, list[Update]] | None:
    """The figures of the latest period reported (the latest end; the shortest such period),
    one per source after revisions."""
    if not figures:
        return None
    latest = max((u.figure_period for u in figures), key=lambda p: (p.end, p.start))
    same = [u for u in figures if (u.figure_period.start, u.figure_period.end) == (latest.start, latest.end)]
    return latest, latest_revisions(same)


def figure_finding(
    figures: Sequence[Update],
    read: Callable[[Update], Word],
    agree: Callable[[float, float], bool],
) -> Finding | None:
    """Judge on the latest period reported: each source's latest revision for it, read by `read`;
    sources of that period further apart than `agree` allows are a conflict."""
    latest = latest_period_figures(figures)
    if latest is None:
        return None
    period, chosen = latest
    words = tuple(read(u) for u in chosen)
    conflict = None
    for i, first in enumerate(chosen):
        for second in chosen[i + 1:]:
            assert first.value is not None and second.value is not None
            if not agree(first.value, second.value):
                conflict = (f"figures for {period.label()} disagree beyond the tolerance: "
                            f"{words[i].describe()}; {words[chosen.index(second)].describe()}")
                break
        if conflict:
            break
    readings = {w.asserts for w in words}
    asserts: Assertion = "met" if readings == {"met"} else "not_met" if "not_met" in readings else "progress"
    observed = max(u.observed for u in chosen)
    return Finding(asserts, f"the latest figures, for {period.label()}", words,
                   answers_until=period.end, conflict=conflict, met_on=observed if asserts == "met" else None)


def decisive(*findings: Finding | None) -> Finding | None:
    """The more recent of an act finding and a figure finding (by the newest evidence each rests
    on); a figure wins a tie, being the measure of the commitment. An act that is only a step
    toward it (a first licence) does not set aside a figure that says whether it is met, though
    it still answers the claims made before it."""
    present = [f for f in findings if f is not None]
    if not present:
        return None
    settled = [f for f in present if f.asserts != "progress"] or present
    chosen = max(enumerate(settled), key=lambda item: (max(w.update.observed for w in item[1].words), item[0]))[1]
    # Every act and figure answers the claims made before it, whichever of them decides.
    return replace(chosen, answers_until=max(f.answers_until for f in present))


def live_statements(statements: Sequence[Update], as_of: date, max_silence_days: int | None) -> tuple[dict[str, list[Word]], list[Word]]:
    """Each source party's statements of its latest day, split into live ones and those too old
    to count (older than the commitment's longest silence); parties in a fixed order, so an
    explanation reads the same whichever earlier updates were read beside them."""
    by_party: dict[str, list[Update]] = defaultdict(list)
    for u in statements:
        by_party[u.source_party].append(u)
    live: dict[str, list[Word]] = {}
    aged: list[Word] = []
    for party in sorted(by_party, key=SOURCE_PARTIES.index):
        items = by_party[party]
        latest_day = max(u.observed for u in items)
        words = [Word(u, u.asserts) for u in sorted(items, key=lambda u: u.id) if u.observed == latest_day]
        if max_silence_days is not None and (as_of - latest_day).days > max_silence_days:
            aged.extend(words)
        else:
            live[party] = words
    return live, aged


def _unanswered(live: dict[str, list[Word]], finding: Finding | None) -> dict[str, list[Word]]:
    if finding is None:
        return live
    return {p: ws for p, ws in live.items() if ws[0].update.observed > finding.answers_until}


def owed_to(party: str, obligor: str) -> bool:
    """True when `party` is a government the commitment is owed to (either, when both owe it)."""
    return party in GOVERNMENTS and (obligor == "both" or party != obligor)


def _asserting(words: Iterable[Word], asserts: str) -> list[Word]:
    return [w for w in words if w.asserts == asserts]


def conclude(
    subject: str,
    finding: Finding | None,
    statements: Sequence[Update],
    obligor: str,
    as_of: date,
    max_silence_days: int | None = None,
    no_evidence: str = "no evidence logged yet",
) -> Verdict:
    """Apply the shared rule to what a monitor found and to the statements."""
    live, aged = live_statements(statements, as_of, max_silence_days)
    open_claims = _unanswered(live, finding)
    claims = [w for party in GOVERNMENTS for w in open_claims.get(party, [])]
    aged_note = f" Older words no longer count: {join(aged)}." if aged else ""
    flags = finding.flags if finding else ()

    if finding is not None and finding.conflict:
        return Verdict("disputed", "evidence-conflicts", f"Disputed: {finding.conflict}.", ids(finding.words), flags=flags)

    claims_met, claims_not_met = _asserting(claims, "met"), _asserting(claims, "not_met")
    if claims_met and claims_not_met:
        context = f" What the acts and figures show: {finding.summary}." if finding else " No act or figure settles it."
        return Verdict(
            "disputed", "claims-conflict",
            f"Disputed: the two governments' latest claims conflict on whether {subject}. "
            f"Met: {join(claims_met)}. Not met: {join(claims_not_met)}.{context}",
            ids(claims_met + claims_not_met + list(finding.words if finding else ())), flags=flags,
        )

    if finding is None:
        considered = [w for ws in live.values() for w in ws]
        if not considered:
            detail = f"{no_evidence}" if not aged else "no live word"
            return Verdict("pending", "no-evidence", f"Pending: {detail}.{aged_note}", ids(aged), flags=flags)
        newest = max(w.update.observed for w in considered)
        age = age_words((as_of - newest).days)
        if _asserting(considered, "met"):
            return Verdict(
                "pending", "claimed-only",
                f"Pending: it is claimed, but no act or figure shows, that {subject}. "
                f"Claims: {join(considered)}. The newest word is {age}.{aged_note}",
                ids(considered), flags=flags,
            )
        return Verdict(
            "pending", "words-only",
            f"Pending: not shown that {subject}; only statements so far: {join(considered)}. "
            f"The newest word is {age}.{aged_note}",
            ids(considered), flags=flags,
        )

    against = [w for w in claims_not_met if owed_to(w.update.source_party, obligor)] if finding.asserts == "met" else []
    if against:
        return Verdict(
            "disputed", "claim-against-evidence",
            f"Disputed: {finding.summary}; but the government it is owed to says it is not met, and no later act "
            f"or figure answers it: {join(against)}.",
            ids(list(finding.words) + against), flags=flags,
        )

    if finding.asserts == "met":
        if all(w.update.tier == "uncertain" for w in finding.words):
            return Verdict(
                "pending", "uncertain-only",
                f"Pending: only evidence rated uncertain shows that {subject}: {finding.summary}.{aged_note}",
                ids(finding.words), flags=flags,
            )
        return Verdict(
            "met", "established",
            f"Met: {subject}, as {finding.summary}. No live claim disputes it.{aged_note}",
            ids(finding.words), met_on=finding.met_on, flags=flags,
        )

    self_claims = [w for w in claims_met if w.update.source_party == obligor]
    tail = (f" The obligor's later claim to comply does not outweigh it: {join(self_claims)}." if self_claims else "")
    if finding.asserts == "not_met":
        return Verdict(
            "pending", "not-met",
            f"Pending: not shown that {subject}: {finding.summary}.{tail}{aged_note}",
            ids(list(finding.words) + self_claims), flags=flags,
        )
    return Verdict(
        "pending", "in-progress",
        f"Pending: steps taken but not yet shown that {subject}: {finding.summary}.{tail}{aged_note}",
        ids(list(finding.words) + self_claims), flags=flags,
    )


def fulfilled(title: str) -> str:
    """The subject of an explanation for commitments judged on acts and words alone."""
    return f'"{title}" is fulfilled'


def judge_acts_and_words(subject: str, updates: Sequence[Update], obligor: str, as_of: date,
                         max_silence_days: int | None, read_act: Callable[[Update], Word] | None = None,
                         no_evidence: str = "no evidence logged yet") -> Verdict:
    """For families with no figure to measure: the latest act, then the statements."""
    finding = act_finding(of_kind(updates, "act") + of_kind(updates, "data"), read_act)
    return conclude(subject, finding, of_kind(updates, "statement"), obligor, as_of, max_silence_days, no_evidence)
