"""Expiries and renewals, ending events and staleness: the life of a commitment beyond its verdict."""

from datetime import date

from monitors.judging.assess import assess
from tests.factories import act, commitment, update

# G1: the US keeps 10% with 24 points suspended for 90 days, to 12 August 2025 (E06, E35, E54).
SUSPENSION = commitment({"monitor": "tariffs", "target_rate": 10}, obligor="us", category="tariffs",
                        title="US keeps its reciprocal rate at 10%", expires=date(2025, 8, 12), expiring_days=30)
MET = [update(1, "us", "met", date(2025, 5, 14), value=10, unit="%")]


def test_a_suspension_in_force_is_met_and_flagged_expiring_near_its_end():
    assert assess(SUSPENSION, MET, date(2025, 7, 1), superseded=False).flags == ()
    near = assess(SUSPENSION, MET, date(2025, 7, 20), superseded=False)
    assert (near.status, near.flags, near.expires) == ("met", ("expiring",), date(2025, 8, 12))


def test_with_no_renewal_logged_it_lapses_on_its_expiry_and_is_no_longer_met():
    lapsed = assess(SUSPENSION, MET, date(2025, 8, 12), superseded=False)
    assert (lapsed.status, lapsed.verdict.rule, lapsed.flags) == ("pending", "lapsed", ("lapsed",))
    assert "no renewal is logged" in lapsed.verdict.explanation


def test_a_renewal_moves_the_expiry_keeps_its_history_and_a_restatement_adds_no_version():
    renewals = [act(2, "us", "met", date(2025, 8, 11), new_expiry=date(2025, 11, 10)),
                act(3, "cn", "met", date(2025, 8, 12), new_expiry=date(2025, 11, 10)),
                act(4, "us", "met", date(2025, 11, 4), new_expiry=date(2026, 11, 10))]
    renewed = assess(SUSPENSION, MET + renewals[:2], date(2025, 9, 1), superseded=False)
    assert (renewed.status, renewed.flags) == ("met", ("extended",))
    assert [v.deadline for v in renewed.expiries] == [date(2025, 8, 12), date(2025, 11, 10)]
    assert renewed.expiries[1].confirmed_by == (3,)
    later = assess(SUSPENSION, MET + renewals, date(2026, 11, 11), superseded=False)
    assert "lapsed" in later.flags and later.expires == date(2026, 11, 10)


def test_an_ending_event_freezes_the_verdict_and_counts_neither_as_met_nor_as_broken():
    # E70: the Supreme Court voids the IEEPA tariffs on 20 February 2026.
    cut = commitment({"monitor": "tariffs", "target_rate": 10}, obligor="us", category="tariffs",
                     deadline=date(2025, 11, 10), expires=date(2026, 11, 10))
    ruling = act(9, "us", "ended", date(2026, 2, 20))
    found = assess(cut, [update(1, "us", "met", date(2025, 11, 10), value=10, unit="%"), ruling], date(2026, 12, 1), superseded=False)
    assert found.verdict.rule == "ended" and found.ended_by == 9
    assert "ended" in found.flags and not {"lapsed", "overdue", "stale"} & set(found.flags)
    assert "Ended on 2026-02-20" in found.verdict.explanation and "#9" in found.verdict.explanation


def test_a_monthly_figure_that_is_late_flags_the_commitment_stale():
    # China customs publishes a month's magnet exports around the 20th of the next month (table 2b).
    monthly = commitment({"monitor": "rare_earths", "baseline_tonnes": 620}, obligor="cn", category="rare_earths",
                         cadence={"every": "month", "published_within_days": 25})
    july = [update(1, "cn", "met", date(2025, 8, 20), value=619, unit="t", period="2025-07")]
    assert "stale" not in assess(monthly, july, date(2025, 9, 25), superseded=False).flags
    late = assess(monthly, july, date(2026, 11, 30), superseded=False)
    assert late.status == "met" and "stale" in late.flags
    assert "due by 2025-09-25" in late.verdict.explanation
    assert late.latest_evidence == date(2025, 8, 20)
