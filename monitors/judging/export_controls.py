"""Export-control rollbacks: has the named measure been rescinded or suspended? The latest act
decides; a claim that it is back in force, unanswered by a later act, disputes it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from monitors.catalog import Commitment, ExportControlCheck
from monitors.domain import Update, Verdict
from monitors.judging.rule import Word, judge_acts_and_words, usable

_READINGS = {"met": "lifted it", "progress": "took steps toward lifting it", "not_met": "kept or put it in force"}


def judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    updates = usable(updates, as_of)
    check = commitment.check
    assert isinstance(check, ExportControlCheck)
    return judge_acts_and_words(
        f"the measure is lifted ({check.measure})", updates, commitment.obligor, as_of, commitment.max_silence_days,
        read_act=lambda u: Word(u, u.asserts, _READINGS.get(u.asserts, "")),
        no_evidence=f"nothing logged yet about the measure ({check.measure})",
    )
