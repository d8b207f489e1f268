"""Monitor for export-control rollbacks: has the named measure been rescinded, and does any
party's latest word say it is back in force?"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from monitors.catalog import Commitment, ExportControlCheck
from monitors.domain import Update, Verdict
from monitors.judging.rule import Word, judge_words, usable

_READINGS = {"met": "said it is rescinded", "progress": "reported steps toward lifting it", "not_met": "said it is in force"}


def judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    """Met when the latest words say the measure is lifted and none says it is in force."""
    check = commitment.check
    assert isinstance(check, ExportControlCheck)
    words = [Word(u, u.asserts, _READINGS[u.asserts]) for u in usable(updates, as_of)]
    return judge_words(
        words,
        f"the measure is rescinded ({check.measure})",
        no_evidence=f"nothing logged yet about the measure ({check.measure})",
    )
