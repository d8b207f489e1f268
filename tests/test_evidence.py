"""The shared rule, through the plain statements monitor: acts decide, statements are claims."""

from datetime import date

from monitors.judging import statements
from tests.factories import act, commitment, update

PLAIN = commitment({"monitor": "statements"}, category="negotiation", title="Hold consultations")
D = date(2025, 6, 1)


def test_it_is_pending_with_no_evidence():
    verdict = statements.judge(PLAIN, [], D)
    assert (verdict.status, verdict.rule, verdict.evidence) == ("pending", "no-evidence", ())


def test_an_act_that_fulfils_it_is_met_and_cites_the_act():
    verdict = statements.judge(PLAIN, [act(1, "us", "met", D), update(2, "cn", "progress", D)], D)
    assert (verdict.status, verdict.evidence, verdict.met_on) == ("met", (1,), D)


def test_conflicting_claims_of_the_two_governments_are_disputed_and_name_both_updates():
    verdict = statements.judge(PLAIN, [update(1, "us", "not_met", date(2025, 5, 30)), update(2, "cn", "met", D)], D)
    assert verdict.status == "disputed"
    assert verdict.evidence == (1, 2)
    assert "the US government" in verdict.explanation and "#1" in verdict.explanation
    assert "the Chinese government" in verdict.explanation and "#2" in verdict.explanation


def test_a_later_act_settles_earlier_claims():
    updates = [update(1, "us", "not_met", date(2025, 5, 30)), update(2, "cn", "met", D), act(3, "cn", "met", date(2025, 6, 5))]
    assert statements.judge(PLAIN, updates, date(2025, 6, 5)).status == "met"


def test_a_governments_claim_after_the_act_disputes_it():
    updates = [act(1, "us", "met", date(2025, 7, 2)), update(2, "cn", "not_met", date(2025, 7, 3))]
    verdict = statements.judge(PLAIN, updates, date(2025, 7, 10))
    assert (verdict.status, verdict.rule) == ("disputed", "claim-against-evidence")


def test_a_partys_later_act_replaces_its_earlier_one():
    updates = [act(1, "us", "not_met", date(2025, 5, 1)), act(2, "us", "met", date(2025, 5, 20))]
    verdict = statements.judge(PLAIN, updates, D)
    assert (verdict.status, verdict.evidence) == ("met", (2,))


def test_acts_of_the_same_day_that_disagree_are_disputed_whatever_the_log_order():
    first = [act(1, "independent", "met", D), act(2, "independent", "not_met", D)]
    second = [act(1, "independent", "not_met", D), act(2, "independent", "met", D)]
    assert statements.judge(PLAIN, first, D).status == "disputed"
    assert statements.judge(PLAIN, second, D).status == "disputed"


def test_updates_observed_after_the_as_of_date_do_not_count():
    updates = [act(1, "us", "met", date(2025, 6, 2))]
    assert statements.judge(PLAIN, updates, date(2025, 6, 1)).status == "pending"
    assert statements.judge(PLAIN, updates, date(2025, 6, 2)).status == "met"


def test_a_retraction_flips_the_status():
    updates = [update(1, "us", "not_met", D), update(2, "cn", "met", D, retracted=True)]
    assert statements.judge(PLAIN, updates, D).status == "pending"
    assert statements.judge(PLAIN, [update(1, "us", "not_met", D), update(2, "cn", "met", D)], D).status == "disputed"


def test_progress_alone_is_pending():
    verdict = statements.judge(PLAIN, [update(1, "cn", "progress", D)], D)
    assert (verdict.status, verdict.rule) == ("pending", "words-only")
