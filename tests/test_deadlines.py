"""Deadline rules at the boundaries: the day before, the day of and the day after."""

from datetime import date

import pytest

from monitors.judging import deadlines
from monitors.judging.assess import assess
from tests.factories import act, commitment, update

WINDOW = commitment({"monitor": "deadlines"}, category="deadlines", obligor="both", title="Reach a deal within 90 days",
                    deadline=date(2025, 8, 12), due_soon_days=7)


@pytest.mark.parametrize(
    ("as_of", "flags", "days_left"),
    [
        (date(2025, 8, 4), (), 8),
        (date(2025, 8, 5), ("due_soon",), 7),
        (date(2025, 8, 11), ("due_soon",), 1),
        (date(2025, 8, 12), ("due_soon",), 0),
        (date(2025, 8, 13), ("overdue",), -1),
    ],
)
def test_flags_around_the_deadline(as_of, flags, days_left):
    assessment = assess(WINDOW, [], as_of, superseded=False)
    assert assessment.flags == flags
    assert assessment.days_left == days_left


def test_a_met_commitment_is_never_overdue():
    updates = [act(1, "us", "met", date(2025, 8, 1)), act(2, "cn", "met", date(2025, 8, 1))]
    assessment = assess(WINDOW, updates, date(2025, 9, 1), superseded=False)
    assert assessment.status == "met"
    assert assessment.flags == ()
    assert "within the original deadline 2025-08-12" in assessment.verdict.explanation


def test_an_extension_moves_the_deadline_and_keeps_the_original():
    extension = update(1, "us", "progress", date(2025, 8, 11), new_deadline=date(2025, 11, 10))
    assessment = assess(WINDOW, [extension], date(2025, 8, 20), superseded=False)
    assert "overdue" not in assessment.flags
    assert "extended" in assessment.flags
    assert assessment.deadline == date(2025, 11, 10)
    assert assessment.original_deadline == date(2025, 8, 12)
    assert [d.set_by for d in assessment.deadlines] == [None, 1]


def test_an_extension_is_not_seen_before_it_was_observed():
    extension = update(1, "us", "progress", date(2025, 8, 11), new_deadline=date(2025, 11, 10))
    assert assess(WINDOW, [extension], date(2025, 8, 10), superseded=False).deadline == date(2025, 8, 12)


def test_a_retracted_extension_restores_the_deadline_and_the_overdue_flag():
    extension = update(1, "us", "progress", date(2025, 8, 11), new_deadline=date(2025, 11, 10), retracted=True)
    assessment = assess(WINDOW, [extension], date(2025, 8, 20), superseded=False)
    assert assessment.deadline == date(2025, 8, 12)
    assert "overdue" in assessment.flags


def test_met_after_the_original_but_within_the_extended_deadline_says_so():
    updates = [
        update(1, "us", "progress", date(2025, 8, 11), new_deadline=date(2025, 11, 10)),
        act(2, "us", "met", date(2025, 10, 1)),
    ]
    verdict = deadlines.judge(WINDOW, updates, date(2025, 10, 2))
    assert verdict.status == "met"
    assert "after the original deadline 2025-08-12 but within the extended one, 2025-11-10" in verdict.explanation


def test_a_commitment_without_deadline_has_no_deadline_flags():
    plain = commitment({"monitor": "statements"})
    assert assess(plain, [], date(2030, 1, 1), superseded=False).flags == ()
