"""Monitor for commitments judged only on what the parties and independent sources say
(negotiation steps, visa policy): the plain rule of thumb."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from monitors.catalog import Commitment
from monitors.domain import Update, Verdict
from monitors.judging.rule import fulfilled, judge_words, stated_words, usable


def judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    """Status as of a date from each party's latest word."""
    return judge_words(stated_words(usable(updates, as_of)), fulfilled(commitment.title))
