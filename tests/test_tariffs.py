from datetime import date

from monitors.judging import tariffs
from tests.factories import act, commitment, update

RATE = commitment({"monitor": "tariffs", "target_rate": 10}, category="tariffs", title="Cut the rate to 10%")
D = date(2025, 5, 14)


def test_a_measured_rate_at_the_target_is_met():
    verdict = tariffs.judge(RATE, [update(1, "us", "progress", D, value=10, unit="%")], D)
    assert verdict.status == "met"
    assert "10%" in verdict.explanation


def test_the_measurement_decides_over_what_the_update_asserts():
    verdict = tariffs.judge(RATE, [update(1, "us", "met", D, value=34, unit="%")], D)
    assert verdict.status == "pending"
    assert "above the committed 10%" in verdict.explanation


def test_a_rate_within_the_tolerance_is_met_and_just_beyond_is_not():
    assert tariffs.judge(RATE, [update(1, "us", "met", D, value=10.5, unit="%")], D).status == "met"
    assert tariffs.judge(RATE, [update(1, "us", "met", D, value=10.6, unit="%")], D).status == "pending"


def test_measurements_from_two_parties_that_disagree_are_disputed():
    updates = [update(1, "us", "met", D, value=10, unit="%"), update(2, "independent", "not_met", D, value=34, unit="%")]
    verdict = tariffs.judge(RATE, updates, D)
    assert (verdict.status, verdict.rule) == ("disputed", "evidence-conflicts")
    assert verdict.evidence == (1, 2)


def test_the_latest_measurement_of_a_party_replaces_its_earlier_one():
    updates = [update(1, "us", "met", date(2025, 4, 10), value=125, unit="%"), update(2, "us", "met", D, value=10, unit="%")]
    assert tariffs.judge(RATE, updates, D).status == "met"
    assert tariffs.judge(RATE, updates, date(2025, 5, 13)).status == "pending"


def test_an_act_counts_when_nothing_is_measured_and_a_claim_alone_does_not():
    assert tariffs.judge(RATE, [act(1, "cn", "met", D)], D).status == "met"
    assert tariffs.judge(RATE, [update(1, "cn", "met", D)], D).status == "pending"
