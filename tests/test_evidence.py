"""The rule of thumb every monitor builds on, through the plain statements monitor."""

from datetime import date

from monitors.judging import statements
from tests.factories import commitment, update

PLAIN = commitment({"monitor": "statements"}, category="negotiation", title="Hold consultations")
D = date(2025, 6, 1)


def test_it_is_pending_with_no_evidence():
    verdict = statements.judge(PLAIN, [], D)
    assert verdict.status == "pending"
    assert verdict.rule == "no-evidence"
    assert verdict.evidence == ()


def test_it_is_met_when_met_stands_alone():
    verdict = statements.judge(PLAIN, [update(1, "us", "met", D), update(2, "cn", "progress", D)], D)
    assert verdict.status == "met"
    assert verdict.evidence == (1, 2)
    assert verdict.met_on == D


def test_it_is_disputed_when_parties_conflict_and_names_both_updates():
    verdict = statements.judge(PLAIN, [update(1, "us", "not_met", date(2025, 5, 30)), update(2, "cn", "met", D)], D)
    assert verdict.status == "disputed"
    assert verdict.evidence == (1, 2)
    assert "the US government" in verdict.explanation and "#1" in verdict.explanation
    assert "the Chinese government" in verdict.explanation and "#2" in verdict.explanation


def test_a_partys_later_word_replaces_its_earlier_one():
    updates = [update(1, "us", "not_met", date(2025, 5, 1)), update(2, "us", "met", date(2025, 5, 20))]
    verdict = statements.judge(PLAIN, updates, D)
    assert verdict.status == "met"
    assert verdict.evidence == (2,)


def test_conflicting_words_of_one_party_on_the_same_day_are_disputed_whatever_the_log_order():
    first = [update(1, "independent", "met", D), update(2, "independent", "not_met", D)]
    second = [update(1, "independent", "not_met", D), update(2, "independent", "met", D)]
    assert statements.judge(PLAIN, first, D).status == "disputed"
    assert statements.judge(PLAIN, second, D).status == "disputed"


def test_updates_observed_after_the_as_of_date_do_not_count():
    updates = [update(1, "us", "met", date(2025, 6, 2))]
    assert statements.judge(PLAIN, updates, date(2025, 6, 1)).status == "pending"
    assert statements.judge(PLAIN, updates, date(2025, 6, 2)).status == "met"


def test_a_retraction_flips_the_status():
    updates = [update(1, "us", "not_met", D), update(2, "cn", "met", D, retracted=True)]
    verdict = statements.judge(PLAIN, updates, D)
    assert verdict.status == "pending"
    assert 2 not in verdict.evidence


def test_progress_alone_is_pending():
    verdict = statements.judge(PLAIN, [update(1, "cn", "progress", D)], D)
    assert (verdict.status, verdict.rule) == ("pending", "progress-only")
