"""The cases from the record that the model of issue 9 must read as an analyst would: each test
is a real sequence of events (dates, parties, kinds) from shared/sources/facts-2025-2026.md."""

from datetime import date

from monitors.judging import export_controls, rare_earths, statements, tariffs
from monitors.judging.assess import assess
from tests.factories import act, commitment, update

RARE_EARTHS = commitment(
    {"monitor": "rare_earths", "baseline_tonnes": 620, "baseline_by_period": {"2024-07": 591}, "min_share": 0.8},
    obligor="cn", category="rare_earths", title="China approves rare-earth export licences",
)
NONTARIFF = commitment(
    {"monitor": "export_controls", "measure": "China's non-tariff countermeasures since 2 April 2025"},
    obligor="cn", category="export_controls", title="China suspends its non-tariff countermeasures",
)
VISAS = commitment({"monitor": "statements"}, obligor="us", category="visas",
                   title="US lets Chinese students attend American universities", max_silence_days=180)
FENTANYL_CUT = commitment({"monitor": "tariffs", "target_rate": 10}, obligor="us", category="tariffs",
                          title="US cuts the fentanyl tariff to 10%", deadline=date(2025, 11, 10))


def test_the_us_accusation_against_chinas_denial_with_no_act_settling_it_is_disputed():
    # E17: Trump, 30 May 2025, China "totally violated" the agreement; E18: MOFCOM, 2 June, groundless.
    updates = [update(1, "us", "not_met", date(2025, 5, 30)), update(2, "cn", "met", date(2025, 6, 2))]
    verdict = rare_earths.judge(RARE_EARTHS, updates, date(2025, 6, 3))
    assert (verdict.status, verdict.rule) == ("disputed", "claims-conflict")
    assert verdict.evidence == (1, 2)
    assert "No act or figure settles it" in verdict.explanation


def test_a_figure_for_a_later_period_settles_the_dispute():
    # The June 2025 figure (353 t, published 20 July) answers claims made up to 30 June.
    updates = [update(1, "us", "not_met", date(2025, 5, 30)), update(2, "cn", "met", date(2025, 6, 2)),
               update(3, "cn", "met", date(2025, 7, 20), value=353, unit="t", period="2025-06")]
    verdict = rare_earths.judge(RARE_EARTHS, updates, date(2025, 7, 21))
    assert verdict.status == "pending"
    assert "June 2025" in verdict.explanation and "353 t" in verdict.explanation


def test_an_independent_report_of_suspended_licences_then_an_act_restoring_them_is_met():
    # E16: GE engine licences suspended in late May 2025 (press); E30: licences restored 3 July.
    engines = commitment({"monitor": "export_controls", "measure": "suspension of GE engine licences"})
    updates = [act(1, "independent", "not_met", date(2025, 5, 29)), act(2, "us", "met", date(2025, 7, 3))]
    verdict = export_controls.judge(engines, updates, date(2025, 7, 10))
    assert (verdict.status, verdict.evidence) == ("met", (2,))
    assert verdict.met_on == date(2025, 7, 3)


def test_chinas_own_controls_are_not_outweighed_by_its_later_claim_to_comply():
    # E44: China's new export controls of 9 October 2025; E49: MOFCOM, 16 October, the US "distorts" the facts.
    updates = [act(1, "cn", "not_met", date(2025, 10, 9)), update(2, "cn", "met", date(2025, 10, 16))]
    verdict = export_controls.judge(NONTARIFF, updates, date(2025, 10, 21))
    assert (verdict.status, verdict.rule) == ("pending", "not-met")
    assert "does not outweigh" in verdict.explanation and "#2" in verdict.explanation


def test_with_the_us_claim_beside_it_the_october_quarrel_is_disputed_until_an_act_reverses_the_controls():
    # E48: US, 15 October, a "repudiation" of Geneva; E56: Announcement 70 suspends the controls, 7 November.
    october = [act(1, "cn", "not_met", date(2025, 10, 9)), update(2, "us", "not_met", date(2025, 10, 15)),
               update(3, "cn", "met", date(2025, 10, 16))]
    assert export_controls.judge(NONTARIFF, october, date(2025, 10, 21)).status == "disputed"
    reversed_ = [*october, act(4, "cn", "met", date(2025, 11, 7))]
    verdict = export_controls.judge(NONTARIFF, reversed_, date(2025, 11, 15))
    assert (verdict.status, verdict.evidence) == ("met", (4,))


def test_words_about_student_visas_with_no_act_are_pending_and_say_how_old_the_newest_is():
    # E18: China's complaint, 2 June 2025; E24, E38: Trump's promises of 11 June and 26 August.
    updates = [update(1, "cn", "not_met", date(2025, 6, 2)), update(2, "us", "progress", date(2025, 6, 11)),
               update(3, "us", "progress", date(2025, 8, 26))]
    verdict = statements.judge(VISAS, updates, date(2025, 9, 1))
    assert verdict.status == "pending"
    assert "6 days old" in verdict.explanation


def test_a_june_2025_complaint_is_not_the_live_word_on_visas_in_december_2026():
    updates = [update(1, "cn", "not_met", date(2025, 6, 2)), update(2, "us", "met", date(2025, 6, 11))]
    in_june = statements.judge(VISAS, updates, date(2025, 6, 12))
    assert in_june.status == "disputed"
    later = assess(VISAS, updates, date(2026, 12, 1), superseded=False)
    assert later.status == "pending"
    assert "no longer count" in later.verdict.explanation
    assert "stale" in later.flags


def test_statements_alone_never_make_a_commitment_met():
    verdict = statements.judge(VISAS, [update(1, "us", "met", date(2025, 6, 11))], date(2025, 6, 12))
    assert (verdict.status, verdict.rule) == ("pending", "claimed-only")


def test_figures_of_different_months_are_a_series_not_a_dispute():
    # E33, E37: June 353 t (published 20 July), July 619 t (published 20 August), both China customs.
    updates = [update(1, "cn", "met", date(2025, 7, 20), value=353, unit="t", period="2025-06"),
               update(2, "independent", "met", date(2025, 8, 20), value=619, unit="t", period="2025-07")]
    verdict = rare_earths.judge(RARE_EARTHS, updates, date(2025, 8, 21))
    assert (verdict.status, verdict.evidence) == ("met", (2,))
    assert "July 2025" in verdict.explanation and "591" in verdict.explanation


def test_two_sources_for_the_same_month_beyond_the_tolerance_are_disputed():
    updates = [update(1, "cn", "met", date(2025, 8, 20), value=619, unit="t", period="2025-07"),
               update(2, "independent", "met", date(2025, 8, 22), value=400, unit="t", period="2025-07")]
    verdict = rare_earths.judge(RARE_EARTHS, updates, date(2025, 8, 23))
    assert (verdict.status, verdict.rule) == ("disputed", "evidence-conflicts")
    assert "July 2025" in verdict.explanation


def test_a_revision_for_the_same_period_and_source_replaces_the_earlier_figure():
    updates = [update(1, "cn", "met", date(2025, 9, 20), value=590, unit="t", period="2025-08", source="China customs"),
               update(2, "cn", "met", date(2025, 9, 25), value=300, unit="t", period="2025-08", source="China customs")]
    verdict = rare_earths.judge(RARE_EARTHS, updates, date(2025, 9, 30))
    assert (verdict.status, verdict.evidence) == ("pending", (2,))


def test_a_lower_rate_after_a_ruling_is_a_step_not_a_dispute_and_not_overdue():
    # E62: 20% US additional duty from 10 November 2025; E72: collection stops 24 February 2026 (0%).
    updates = [update(1, "us", "met", date(2025, 11, 10), value=10, unit="%"),
               update(2, "independent", "met", date(2026, 2, 24), value=0, unit="%")]
    found = assess(FENTANYL_CUT, updates, date(2026, 2, 25), superseded=False)
    assert found.status == "met"
    assert "overdue" not in found.flags


def test_an_uncertain_figure_alone_never_makes_a_commitment_met():
    updates = [update(1, "us", "met", date(2026, 1, 20), value=620, unit="t", period="2025-12", tier="uncertain")]
    verdict = rare_earths.judge(RARE_EARTHS, updates, date(2026, 1, 21))
    assert (verdict.status, verdict.rule) == ("pending", "uncertain-only")


def test_a_tariff_act_carrying_its_rate_is_read_by_the_rate():
    updates = [act(1, "us", "met", date(2025, 11, 4), value=20, unit="%")]
    assert tariffs.judge(FENTANYL_CUT, updates, date(2025, 11, 5)).status == "pending"


def test_the_first_general_licences_are_a_step_and_do_not_undo_the_october_figure():
    # E63: October 2025 magnets, 656 t (published 20 November); E64: first general licences, 2 December.
    updates = [update(1, "independent", "met", date(2025, 11, 20), value=656, unit="t", period="2025-10"),
               act(2, "independent", "progress", date(2025, 12, 2))]
    verdict = rare_earths.judge(RARE_EARTHS, updates, date(2025, 12, 3))
    assert (verdict.status, verdict.evidence) == ("met", (1,))
    suspended = [*updates, act(3, "cn", "not_met", date(2025, 12, 5))]
    assert rare_earths.judge(RARE_EARTHS, suspended, date(2025, 12, 6)).status == "pending"
