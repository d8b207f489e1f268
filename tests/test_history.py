"""Status history from change points, checked against assess_all on the whole log."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from monitors.judging.assess import assess_all
from monitors.catalog import load_catalog
from monitors.judging.history import (
    change_dates,
    commitment_history,
    evidence_counts,
    measured_series,
    status_history,
    status_on,
    targets,
)
from monitors.judging.history import as_of as spans_as_of
from tests.factories import act, commitment, update

CATALOG = load_catalog(Path(__file__).resolve().parent.parent / "data" / "frameworks")
WINDOW = commitment({"monitor": "deadlines"}, id="geneva-90-day-window", framework="geneva-2025",
                    deadline=date(2025, 8, 12), due_soon_days=7)
RATE = CATALOG.commitments["london-us-tariff-level"]


def test_a_status_changes_only_on_the_dates_evidence_was_observed():
    updates = [
        update(1, "us", "progress", date(2025, 6, 1), commitment_id=WINDOW.id),
        act(2, "us", "met", date(2025, 6, 20), commitment_id=WINDOW.id),
        act(3, "cn", "met", date(2025, 6, 25), commitment_id=WINDOW.id),
    ]
    spans = commitment_history(CATALOG, WINDOW, updates, date(2025, 9, 1))
    assert [(s.start, s.end, s.status, s.flags) for s in spans] == [
        (date(2025, 5, 12), date(2025, 6, 20), "pending", ()),
        (date(2025, 6, 20), date(2025, 9, 2), "met", ()),
    ]


def test_the_flags_change_at_the_deadline_boundaries():
    spans = commitment_history(CATALOG, WINDOW, [], date(2025, 9, 1))
    assert [(s.start, s.flags) for s in spans] == [
        (date(2025, 5, 12), ()),
        (date(2025, 8, 5), ("due_soon",)),
        (date(2025, 8, 13), ("overdue",)),
    ]


def test_an_extension_moves_the_boundaries():
    extension = update(1, "us", "progress", date(2025, 8, 11), new_deadline=date(2025, 11, 10), commitment_id=WINDOW.id)
    spans = commitment_history(CATALOG, WINDOW, [extension], date(2025, 12, 1))
    assert [(s.start, s.flags) for s in spans] == [
        (date(2025, 5, 12), ()),
        (date(2025, 8, 5), ("due_soon",)),
        (date(2025, 8, 11), ("extended",)),
        (date(2025, 11, 3), ("due_soon", "extended")),
        (date(2025, 11, 11), ("overdue", "extended")),
    ]


def test_retracted_updates_leave_no_trace():
    retracted = update(1, "us", "met", date(2025, 6, 1), retracted=True, commitment_id=WINDOW.id)
    assert change_dates(CATALOG, WINDOW, [retracted]) == change_dates(CATALOG, WINDOW, [])
    assert {s.status for s in commitment_history(CATALOG, WINDOW, [retracted], date(2025, 7, 1))} == {"pending"}


def test_evidence_before_the_framework_counts_from_the_day_it_was_agreed():
    # before its framework is agreed a commitment does not exist, so its history starts then, not earlier
    early = update(1, "us", "not_met", date(2025, 5, 1), commitment_id=WINDOW.id)
    first = commitment_history(CATALOG, WINDOW, [early], date(2025, 6, 1))[0]
    assert first.start == CATALOG.frameworks["geneva-2025"].date == date(2025, 5, 12)
    assert first.rule != commitment_history(CATALOG, WINDOW, [], date(2025, 6, 1))[0].rule  # the early evidence is read


def test_cutting_the_history_at_an_earlier_date():
    updates = [act(1, "us", "met", date(2025, 6, 20), commitment_id=WINDOW.id),
               act(2, "cn", "met", date(2025, 6, 20), commitment_id=WINDOW.id)]
    spans = commitment_history(CATALOG, WINDOW, updates, date(2025, 9, 1))
    cut = spans_as_of(spans, date(2025, 6, 1))
    assert [(s.status, s.end) for s in cut] == [("pending", date(2025, 6, 2))]
    assert status_on(spans, WINDOW.id, date(2025, 6, 19)).status == "pending"
    assert status_on(spans, WINDOW.id, date(2025, 6, 20)).status == "met"


def _random_log(seed: int, size: int) -> list:
    rng = random.Random(seed)
    ids = list(CATALOG.commitments)
    log = []
    for number in range(1, size + 1):
        target = CATALOG.commitments[rng.choice(ids)]
        unit = getattr(target.check, "unit", None)
        measured = unit is not None and rng.random() < 0.4
        log.append(update(
            number, rng.choice(["us", "cn", "independent"]), rng.choice(["met", "progress", "not_met"]),
            date(2025, 5, 1) + timedelta(days=rng.randrange(150)),
            value=rng.choice([0, 10, 30, 55, 300, 353, 400]) if measured else None, unit=unit if measured else None,
            new_deadline=date(2025, 6, 1) + timedelta(days=rng.randrange(200)) if rng.random() < 0.05 else None,
            retracted=rng.random() < 0.05, commitment_id=target.id,
        ))
    return log


def test_the_history_agrees_with_assessing_the_whole_log_on_every_day():
    log = _random_log(seed=3, size=600)
    until = date(2026, 1, 31)
    spans = status_history(CATALOG, log, until)
    day = date(2025, 5, 12)
    while day <= until:
        for assessment in assess_all(CATALOG, log, day):
            span = status_on(spans, assessment.commitment_id, day)
            if span is None:
                continue  # before the commitment's history starts
            assert (span.status, span.flags) == (assessment.status, assessment.flags), (assessment.commitment_id, day)
        day += timedelta(days=3)


def test_the_history_of_chosen_commitments_is_theirs_alone_from_their_evidence_alone():
    log = _random_log(seed=5, size=300)
    until = date(2026, 1, 31)
    chosen = ["london-us-tariff-level", WINDOW.id]
    theirs = [u for u in log if u.commitment_id in chosen]
    spans = status_history(CATALOG, theirs, until, commitment_ids=chosen)
    assert {s.commitment_id for s in spans} == set(chosen)
    assert spans == [s for s in status_history(CATALOG, log, until) if s.commitment_id in chosen]


def test_the_last_span_is_todays_assessment_for_the_shipped_evidence(tracker):
    today = tracker.today()
    spans = status_history(tracker.catalog, tracker.store.updates(), today)
    for assessment in tracker.assessments(today):
        span = status_on(spans, assessment.commitment_id, today)
        assert span is not None and (span.status, span.flags) == (assessment.status, assessment.flags)


def test_evidence_is_counted_per_day_party_and_assertion():
    updates = [
        update(1, "us", "met", date(2025, 6, 1)),
        update(2, "us", "met", date(2025, 6, 1)),
        update(3, "cn", "not_met", date(2025, 6, 1)),
        update(4, "cn", "not_met", date(2025, 6, 2), retracted=True),
        update(5, "cn", "met", date(2025, 7, 1)),
    ]
    counts = evidence_counts(updates, date(2025, 6, 30))
    assert [(c.observed, c.days, c.source_party, c.asserts, c.count) for c in counts] == [
        (date(2025, 6, 1), 1, "cn", "not_met", 1),
        (date(2025, 6, 1), 1, "us", "met", 2),
    ]


def test_evidence_over_more_than_half_a_year_is_counted_per_week():
    updates = [update(1, "us", "met", date(2025, 1, 1)), update(2, "us", "met", date(2025, 12, 31)),
               update(3, "us", "met", date(2025, 12, 29))]
    counts = evidence_counts(updates, date(2026, 1, 1))
    assert [(c.observed, c.days, c.count) for c in counts] == [(date(2024, 12, 30), 7, 1), (date(2025, 12, 29), 7, 2)]


def test_measurements_are_averaged_per_day_and_party_in_the_commitments_unit():
    updates = [
        update(1, "us", "met", date(2025, 6, 11), value=55, unit="%", commitment_id=RATE.id),
        update(2, "us", "met", date(2025, 6, 11), value=57, unit="%", commitment_id=RATE.id),
        update(3, "independent", "met", date(2025, 6, 12), value=55, unit="%", commitment_id=RATE.id),
        update(4, "independent", "met", date(2025, 6, 13), value=1, unit="t", commitment_id=RATE.id),
        update(5, "cn", "met", date(2025, 6, 14), value=80, unit="%", retracted=True, commitment_id=RATE.id),
    ]
    series = measured_series(RATE, updates, date(2025, 7, 1))
    assert [(m.observed, m.source_party, m.value, m.count) for m in series] == [
        (date(2025, 6, 11), "us", 56.0, 2),
        (date(2025, 6, 12), "independent", 55.0, 1),
    ]
    assert [t.value for t in targets(RATE)] == [55.0]


def test_commitments_judged_on_words_have_no_series_or_targets():
    visas = CATALOG.commitments["london-us-student-visas"]
    assert measured_series(visas, [update(1, "us", "met", date(2025, 6, 1), value=3, unit="%")], date(2025, 7, 1)) == []
    assert targets(visas) == []


def test_rare_earths_are_judged_against_the_baseline_share():
    magnets = CATALOG.commitments["london-cn-export-licences"]
    assert [(t.label, t.value) for t in targets(magnets)] == [
        ("baseline (620 t/month)", 620.0), ("met at 80% of baseline (496 t)", 496.0)
    ]
