from datetime import date

from monitors.judging import rare_earths
from tests.factories import commitment, update

MAGNETS = commitment(
    {"monitor": "rare_earths", "baseline_tonnes": 400, "min_share": 0.8},
    obligor="cn", category="rare_earths", title="Approve magnet export licences",
)


def test_monthly_tonnage_below_the_threshold_is_not_met():
    verdict = rare_earths.judge(MAGNETS, [update(1, "independent", "not_met", date(2025, 6, 20), value=46, unit="t")], date(2025, 6, 30))
    assert verdict.status == "pending"
    assert "46 t" in verdict.explanation and "320 t" in verdict.explanation


def test_tonnage_exactly_at_the_threshold_is_met():
    verdict = rare_earths.judge(MAGNETS, [update(1, "independent", "progress", date(2025, 7, 20), value=320, unit="t")], date(2025, 7, 20))
    assert verdict.status == "met"


def test_customs_data_answers_an_earlier_denial_and_a_later_one_disputes_it():
    earlier = [update(1, "us", "not_met", date(2025, 5, 30)),
               update(2, "independent", "met", date(2025, 7, 20), value=353, unit="t", period="2025-06")]
    assert rare_earths.judge(MAGNETS, earlier, date(2025, 7, 31)).status == "met"
    later = [*earlier, update(3, "us", "not_met", date(2025, 7, 25))]
    verdict = rare_earths.judge(MAGNETS, later, date(2025, 7, 31))
    assert (verdict.status, verdict.evidence) == ("disputed", (2, 3))


def test_a_government_saying_met_does_not_outweigh_low_tonnage():
    updates = [update(1, "cn", "met", date(2025, 6, 2)),
               update(2, "independent", "met", date(2025, 6, 20), value=46, unit="t", period="2025-06")]
    assert rare_earths.judge(MAGNETS, updates, date(2025, 6, 30)).status == "pending"


def test_two_measurements_beyond_the_relative_tolerance_are_disputed():
    updates = [
        update(1, "independent", "met", date(2025, 7, 20), value=353, unit="t"),
        update(2, "cn", "met", date(2025, 7, 20), value=450, unit="t"),
    ]
    assert rare_earths.judge(MAGNETS, updates, date(2025, 7, 20)).rule == "evidence-conflicts"


def test_figures_in_another_unit_are_not_read_as_tonnage():
    verdict = rare_earths.judge(MAGNETS, [update(1, "independent", "met", date(2025, 7, 20), value=900, unit="containers")], date(2025, 7, 20))
    assert verdict.status == "pending"


def test_sources_quoting_one_months_figure_are_each_cited_with_the_value_they_gave():
    # June 2025's customs figure (353 t) quoted by three outlets, one of them rounding it.
    june = [update(n, "independent", "met", date(2025, 7, 20 + n), value=value, unit="t", period="2025-06", source=source)
            for n, (value, source) in enumerate([(353, "China customs"), (353, "Reuters"), (350, "Bloomberg")], start=1)]
    verdict = rare_earths.judge(MAGNETS, june, date(2025, 7, 31))
    assert verdict.status == "met" and verdict.evidence == (1, 2, 3)
    assert verdict.explanation.count("reported 353 t for June 2025 (88% of") == 2
    assert "reported 350 t for June 2025 (88% of" in verdict.explanation
    assert all(f"#{n}, {source}" in verdict.explanation for n, source in [(1, "China customs"), (2, "Reuters"), (3, "Bloomberg")])
