"""The overview's figures: counts, upcoming deadlines and give-and-take bargains."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from monitors.judging.assess import assess_all
from monitors.catalog import load_catalog
from monitors.domain import Assessment, DeadlineVersion, Verdict
from monitors.summary import (
    bargains,
    counts_by_framework,
    counts_by_obligor,
    flag_counts,
    URGENCY_ORDER,
    most_urgent,
    status_counts,
    upcoming_deadlines,
    urgency,
)
from tests.factories import act, update

CATALOG = load_catalog(Path(__file__).resolve().parent.parent / "data" / "frameworks")


def assessments_with(updates, as_of):
    return assess_all(CATALOG, updates, as_of)


def test_every_status_is_counted_even_when_none_has_it():
    counts = status_counts(assessments_with([], date(2025, 6, 1)))
    geneva = [c for c in CATALOG.commitments.values() if c.framework == "geneva-2025"]  # the only one agreed by then
    assert counts == {"met": 0, "pending": len(geneva), "disputed": 0}


def test_counts_per_framework_and_obligor_add_up_to_the_total(tracker):
    assessments = tracker.assessments(date(2025, 6, 12))
    overall = status_counts(assessments)
    for groups in (counts_by_framework(tracker.catalog, assessments), counts_by_obligor(tracker.catalog, assessments)):
        assert sum(g.total for g in groups) == len(assessments)
        for status in overall:
            assert sum(g.counts[status] for g in groups) == overall[status]
    assert [g.group for g in counts_by_framework(tracker.catalog, assessments)] == ["geneva-2025", "london-2025"]
    assert [g.label for g in counts_by_obligor(tracker.catalog, assessments)] == ["United States", "China", "Both parties"]


def test_flags_are_counted():
    assert flag_counts(assessments_with([], date(2025, 8, 13)))["overdue"] >= 1


def test_upcoming_deadlines_leave_out_met_and_passed_ones_and_count_down():
    met = [update(1, "us", "met", date(2025, 5, 13), value=10, unit="%", commitment_id="geneva-us-reciprocal-rate")]
    upcoming = upcoming_deadlines(CATALOG, assessments_with(met, date(2025, 5, 13)))
    ids = [d.commitment_id for d in upcoming]
    assert "geneva-us-reciprocal-rate" not in ids
    assert ids[-1] == "geneva-90-day-window"
    assert [d.days_left for d in upcoming] == sorted(d.days_left for d in upcoming)
    assert upcoming[0].days_left == 1
    window = upcoming_deadlines(CATALOG, assessments_with([], date(2025, 8, 12)))
    assert [(d.commitment_id, d.days_left) for d in window] == [
        ("geneva-90-day-window", 0),
        ("stockholm-cn-reciprocal-suspension", 0),  # Stockholm (11 August) set the extended suspensions by 12 August
        ("stockholm-us-reciprocal-suspension", 0),
    ]
    assert upcoming_deadlines(CATALOG, assessments_with([], date(2025, 8, 13))) == []


def test_bargains_group_linked_commitments_by_who_owes_them():
    found = bargains(CATALOG, assessments_with([], date(2025, 6, 12)))
    london = next(b for b in found if any(p.commitment_id == "london-cn-export-licences" for s in b.sides for p in s.pledges))
    assert [(s.obligor, len(s.pledges)) for s in london.sides] == [("us", 6), ("cn", 1)]
    assert {s.delivered for s in london.sides} == {0}
    assert len(found) == 4
    every = [p.commitment_id for b in found for s in b.sides for p in s.pledges]
    assert len(every) == len(set(every))


def test_a_side_counts_what_it_has_delivered():
    lifted = [act(1, "us", "met", date(2025, 7, 2), commitment_id="london-us-ethane")]
    found = bargains(CATALOG, assessments_with(lifted, date(2025, 7, 3)))
    us = next(s for b in found for s in b.sides if s.obligor == "us" and len(s.pledges) == 6)
    assert us.delivered == 1


def test_the_most_urgent_come_first_overdue_disputed_due_soon_pending_then_met():
    updates = [
        act(1, "us", "met", date(2025, 7, 2), commitment_id="london-us-ethane"),
        update(2, "us", "not_met", date(2025, 6, 5), commitment_id="london-cn-export-licences"),
        update(3, "cn", "met", date(2025, 6, 7), commitment_id="london-cn-export-licences"),
    ]
    ranked = most_urgent(assessments_with(updates, date(2025, 8, 1)))
    agreed = [c for c in CATALOG.commitments.values() if c.framework in ("geneva-2025", "london-2025")]
    assert len(ranked) == len(agreed)  # Stockholm and Busan were not yet agreed on 2025-08-01
    overdue = [a for a in ranked if "overdue" in a.flags]
    assert overdue and ranked[:len(overdue)] == overdue
    after = [a.commitment_id for a in ranked[len(overdue):len(overdue) + 2]]
    assert after == ["london-cn-export-licences", "geneva-90-day-window"]  # disputed, then due on 2025-08-12
    assert ranked[-1].commitment_id == "london-us-ethane"  # the only one met
    catalog_order = list(CATALOG.commitments)
    plain = [a.commitment_id for a in ranked if a.status == "pending" and not a.flags]
    assert plain == sorted(plain, key=catalog_order.index)  # ties keep the catalog's order


AS_OF = date(2026, 6, 1)


def judged(name, status, flags=(), deadline_in=None, expires_in=None):
    """An assessment on AS_OF with a deadline and an expiry that many days away (None: none)."""
    def versions(days):
        return () if days is None else (DeadlineVersion(0, AS_OF + timedelta(days=days), None, None),)

    return Assessment(name, AS_OF, Verdict(status, "test", "test"), tuple(flags), versions(deadline_in), versions(expires_in))


def test_among_equally_urgent_the_nearest_deadline_comes_first_and_none_last():
    ranked = most_urgent([
        judged("met-soon", "met", deadline_in=1),
        judged("pending-undated", "pending"),
        judged("pending-far", "pending", deadline_in=90),
        judged("overdue-recent", "pending", ("overdue",), -2),
        judged("pending-near", "pending", deadline_in=30),
        judged("overdue-old", "disputed", ("overdue",), -40),
        judged("due-soon", "pending", ("due_soon",), 5),
        judged("disputed", "disputed"),
    ])
    assert [a.commitment_id for a in ranked] == [
        "overdue-old", "overdue-recent", "disputed", "due-soon", "pending-near", "pending-far", "pending-undated", "met-soon",
    ]


def test_lapsed_expiring_and_stale_rank_among_the_others_and_ended_goes_last():
    ranked = most_urgent([
        judged("ended", "pending", ("ended", "extended"), deadline_in=-10),
        judged("met", "met"),
        judged("stale-met", "met", ("stale",)),
        judged("pending", "pending", deadline_in=60),
        judged("expiring-later", "met", ("expiring",), expires_in=20),
        judged("expiring-sooner", "met", ("expiring",), deadline_in=100, expires_in=3),
        judged("due-soon", "pending", ("due_soon",), 7),
        judged("disputed", "disputed"),
        judged("lapsed", "pending", ("lapsed",), expires_in=-5),
        judged("lapsed-and-overdue", "pending", ("overdue", "lapsed"), -3, expires_in=-30),
        judged("stale-pending", "pending", ("stale",), deadline_in=200),
    ])
    assert [a.commitment_id for a in ranked] == [
        "lapsed-and-overdue", "lapsed", "disputed", "due-soon", "expiring-sooner", "expiring-later", "stale-pending",
        "stale-met", "pending", "met", "ended",
    ]
    assert [urgency(a) for a in ranked] == [
        "overdue", "lapsed", "disputed", "due_soon", "expiring", "expiring", "stale", "stale", "pending", "met", "ended",
    ]
    assert URGENCY_ORDER == tuple(dict.fromkeys(urgency(a) for a in ranked))  # every step shown, in its order


def test_the_shipped_record_today_puts_lapsed_and_stale_ahead_of_plain_pending_and_met(tracker):
    ranked = most_urgent(tracker.assessments())
    steps = [urgency(a) for a in ranked]
    assert {"lapsed", "stale"} <= set(steps)
    assert steps == sorted(steps, key=URGENCY_ORDER.index)
    assert steps.index("stale") < steps.index("met")
