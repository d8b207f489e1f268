"""Purchase commitments: cumulative figures against windows (B11: soybeans, 12 MMT by the end
of February 2026, then 25 MMT a year)."""

from datetime import date

from monitors.judging import purchases
from monitors.judging.assess import assess
from tests.factories import commitment, update

SOYBEANS = commitment(
    {"monitor": "purchases", "unit": "MMT",
     "windows": [{"start": "2025-11-01", "end": "2026-02-28", "target": 12},
                 {"start": "2026-01-01", "end": "2026-12-31", "target": 25}]},
    obligor="cn", category="purchases", title="China buys US soybeans",
)


def test_monthly_figures_add_up_and_the_explanation_gives_shares_of_target_and_window():
    figures = [update(1, "us", "progress", date(2025, 12, 10), value=3, unit="MMT", period="2025-11"),
               update(2, "us", "progress", date(2026, 1, 10), value=4, unit="MMT", period="2025-12")]
    verdict = purchases.judge(SOYBEANS, figures, date(2025, 12, 31))
    assert verdict.status == "pending"
    assert "3 of 12 MMT (25% of the target)" in verdict.explanation
    assert "51% of the window elapsed" in verdict.explanation
    assert "7 of 12 MMT" in purchases.judge(SOYBEANS, figures, date(2026, 1, 10)).explanation


def test_a_cumulative_range_from_the_window_start_counts_once_with_the_months_after_it():
    figures = [update(1, "us", "progress", date(2026, 1, 20), value=8, unit="MMT", period="2025-11..2026-01"),
               update(2, "us", "progress", date(2026, 1, 10), value=4, unit="MMT", period="2025-12"),
               update(3, "us", "progress", date(2026, 3, 10), value=4.5, unit="MMT", period="2026-02")]
    verdict = purchases.judge(SOYBEANS, figures, date(2026, 3, 10))
    assert "12.5 of 12 MMT" in verdict.explanation and "reached" in verdict.explanation
    assert "4.5 of 25 MMT" in verdict.explanation


def test_a_window_that_ends_short_is_overdue_and_a_claim_does_not_count():
    figures = [update(1, "us", "progress", date(2026, 1, 8), value=8, unit="MMT", period="2025-11..2026-01"),
               update(2, "us", "met", date(2026, 1, 20), value=12, unit="MMT")]
    found = assess(SOYBEANS, figures, date(2026, 3, 1), superseded=False)
    assert found.status == "pending"
    assert "overdue" in found.flags
    assert "ended short" in found.verdict.explanation


def test_both_governments_figures_are_kept_apart_and_compared_only_for_the_same_period():
    apart = [update(1, "us", "progress", date(2025, 12, 10), value=3, unit="MMT", period="2025-11"),
             update(2, "cn", "progress", date(2026, 1, 18), value=5, unit="MMT", period="2025-12")]
    assert purchases.judge(SOYBEANS, apart, date(2026, 1, 20)).status == "pending"
    same = [*apart, update(3, "cn", "progress", date(2025, 12, 18), value=1, unit="MMT", period="2025-11")]
    verdict = purchases.judge(SOYBEANS, same, date(2026, 1, 20))
    assert verdict.status == "disputed" and "November 2025" in verdict.explanation


def test_met_when_every_started_window_reaches_its_target():
    figures = [update(1, "us", "met", date(2025, 12, 20), value=12, unit="MMT", period="2025-11..2025-12")]
    assert purchases.judge(SOYBEANS, figures, date(2025, 12, 21)).status == "met"
    assert purchases.judge(SOYBEANS, figures, date(2026, 1, 2)).status == "pending"


def test_the_explanation_names_whose_figures_make_each_total_in_plain_words():
    # The record's soybean total of January 2026 came from USDA's data as reported by the press.
    figures = [update(1, "independent", "progress", date(2026, 1, 20), value=8, unit="MMT", period="2025-11-01..2026-01-08"),
               update(2, "us", "progress", date(2026, 1, 10), value=4, unit="MMT", period="2025-12")]
    explanation = purchases.judge(SOYBEANS, figures, date(2026, 1, 20)).explanation
    assert "8 of 12 MMT (67% of the target) by the figures of independent sources" in explanation
    assert "'s figures" not in explanation
