"""The rule of thumb shared by every monitor: each source party's latest word, then compare.

A *word* is one update read as met / progress / not met. Monitors of measured commitments
turn a measurement into a word by comparing its value with the target; everything else here
is the same for every family.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from monitors.domain import PARTY_NAMES, SOURCE_PARTIES, Assertion, Update, Verdict

ASSERTION_WORDS: dict[str, str] = {"met": "met", "progress": "progress", "not_met": "not met"}


@dataclass(frozen=True)
class Word:
    """One update as a verdict on the commitment, with the phrase that explains the reading."""

    update: Update
    asserts: Assertion
    reading: str = ""

    def describe(self) -> str:
        detail = self.reading or f"said {ASSERTION_WORDS[self.asserts]}"
        return f"on {self.update.observed.isoformat()} {PARTY_NAMES[self.update.source_party]} {detail} (#{self.update.id}, {self.update.source})"


def usable(updates: Iterable[Update], as_of: date) -> list[Update]:
    """Updates that count as of a date: observed by then and not retracted."""
    return [u for u in updates if u.observed <= as_of and not u.retracted]


def stated_words(updates: Iterable[Update]) -> list[Word]:
    """Read each update by what it asserts."""
    return [Word(u, u.asserts) for u in updates]


def latest_by_party(words: Iterable[Word]) -> dict[str, list[Word]]:
    """Each source party's words on its latest observed date (several when they tie)."""
    latest: dict[str, list[Word]] = {}
    for word in words:
        party = word.update.source_party
        current = latest.get(party)
        if current is None or word.update.observed > current[0].update.observed:
            latest[party] = [word]
        elif word.update.observed == current[0].update.observed:
            current.append(word)
    for party_words in latest.values():
        party_words.sort(key=lambda w: w.update.id)
    return latest


def _ids(words: Iterable[Word]) -> tuple[int, ...]:
    return tuple(sorted({w.update.id for w in words}))


def _join(words: Sequence[Word]) -> str:
    return "; ".join(w.describe() for w in words)


def fulfilled(title: str) -> str:
    """The subject of an explanation for commitments judged on words alone."""
    return f'"{title}" is fulfilled'


def judge_words(words: Sequence[Word], subject: str, no_evidence: str = "no evidence logged yet") -> Verdict:
    """Apply the rule of thumb: met beside not met is disputed, met alone is met, else pending."""
    latest = latest_by_party(words)
    if not latest:
        return Verdict("pending", "no-evidence", f"Pending: {no_evidence}.")
    considered = [w for party in SOURCE_PARTIES for w in latest.get(party, [])]
    met = [w for w in considered if w.asserts == "met"]
    not_met = [w for w in considered if w.asserts == "not_met"]
    if met and not_met:
        return Verdict(
            "disputed",
            "latest-words-conflict",
            f"Disputed: the latest words conflict on whether {subject}. "
            f"Met: {_join(met)}. Not met: {_join(not_met)}.",
            _ids(met + not_met),
        )
    if met:
        others = [w for w in considered if w.asserts != "met"]
        tail = f" Other latest words: {_join(others)}." if others else ""
        return Verdict(
            "met",
            "met-uncontested",
            f"Met: {subject}. Evidence: {_join(met)}. No party's latest word disputes it.{tail}",
            _ids(considered),
            met_on=min(w.update.observed for w in met),
        )
    if not_met:
        progress = [w for w in considered if w.asserts == "progress"]
        tail = f" Also: {_join(progress)}." if progress else ""
        return Verdict(
            "pending",
            "not-yet-met",
            f"Pending: not yet shown that {subject}. Not met: {_join(not_met)}.{tail}",
            _ids(considered),
        )
    return Verdict(
        "pending",
        "progress-only",
        f"Pending: progress reported but not yet shown that {subject}. Latest words: {_join(considered)}.",
        _ids(considered),
    )


def judge_measured(
    updates: Sequence[Update],
    subject: str,
    unit: str,
    meets: Callable[[float], bool],
    agree: Callable[[float, float], bool],
    reading: Callable[[float], str],
) -> Verdict:
    """Judge a commitment with a measurable target.

    Measurements in the commitment's unit are read as met or not met by `meets`; the other
    updates count by what they assert. If the parties' latest measurements disagree beyond
    `agree`, the commitment is disputed; otherwise the rule of thumb decides.
    """
    words: list[Word] = []
    for u in updates:
        if u.value is not None and u.unit == unit:
            words.append(Word(u, "met" if meets(u.value) else "not_met", reading(u.value)))
        else:
            words.append(Word(u, u.asserts))
    latest = latest_by_party(words)
    measured = [w for party in SOURCE_PARTIES for w in latest.get(party, []) if w.update.value is not None and w.update.unit == unit]
    for i, first in enumerate(measured):
        for second in measured[i + 1 :]:
            assert first.update.value is not None and second.update.value is not None
            if not agree(first.update.value, second.update.value):
                return Verdict(
                    "disputed",
                    "measurements-disagree",
                    f"Disputed: the latest measurements disagree beyond the tolerance: "
                    f"{first.describe()}; {second.describe()}.",
                    _ids([first, second]),
                )
    return judge_words(words, subject)
