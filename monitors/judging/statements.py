"""Commitments with no figure to measure (negotiation steps, visa policy): judged on acts, with
the parties' statements as claims beside them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from monitors.catalog import Commitment
from monitors.domain import Update, Verdict
from monitors.judging.rule import fulfilled, judge_acts_and_words, usable


def judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    updates = usable(updates, as_of)
    return judge_acts_and_words(fulfilled(commitment.title), updates, commitment.obligor, as_of, commitment.max_silence_days)
