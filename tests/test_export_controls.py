from datetime import date

from monitors.judging import export_controls
from tests.factories import act, commitment, update

EDA = commitment({"monitor": "export_controls", "measure": "EDA licence requirement"})


def test_it_is_pending_while_the_measure_is_in_force():
    verdict = export_controls.judge(EDA, [act(1, "us", "not_met", date(2025, 5, 23))], date(2025, 6, 12))
    assert verdict.status == "pending"
    assert "EDA licence requirement" in verdict.explanation
    assert "kept or put it in force" in verdict.explanation


def test_it_is_met_once_the_obligor_rescinds_it_and_cites_that_update():
    updates = [act(1, "us", "not_met", date(2025, 5, 23)), act(2, "us", "met", date(2025, 7, 2))]
    verdict = export_controls.judge(EDA, updates, date(2025, 7, 10))
    assert verdict.status == "met"
    assert 2 in verdict.evidence
    assert "lifted it" in verdict.explanation


def test_it_is_disputed_when_the_other_side_says_it_is_still_in_force():
    updates = [act(1, "us", "met", date(2025, 7, 2)), update(2, "cn", "not_met", date(2025, 7, 3))]
    assert export_controls.judge(EDA, updates, date(2025, 7, 10)).status == "disputed"


def test_reimposing_the_measure_takes_it_back_to_pending():
    updates = [act(1, "us", "met", date(2025, 7, 2)), act(2, "us", "not_met", date(2025, 9, 1))]
    assert export_controls.judge(EDA, updates, date(2025, 9, 1)).status == "pending"
    assert export_controls.judge(EDA, updates, date(2025, 8, 31)).status == "met"
