"""Status from the indexed query (each party's latest words plus extensions) must equal status
from the whole log, whatever the log holds: ties, retractions, measurements, extensions."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from tests.stores import url_for

from monitors.judging.assess import assess_all, full_series_ids
from monitors.periods import parse_period
from monitors.catalog import load_catalog
from monitors.domain import NewUpdate
from monitors.store import Store

DATA = Path(__file__).resolve().parent.parent / "data"
CATALOG = load_catalog(DATA / "frameworks")
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
START = date(2025, 4, 1)


PERIODS = [None, None, "2025-05", "2025-06", "2025-07", "2025-Q3", "2025-11..2026-01", "2025-12", "2025"]


def _random_update(rng: random.Random) -> NewUpdate:
    """Any mix the log can hold: acts, figures with and without periods (revisions among them),
    statements, extensions, renewals, ending events, tiers."""
    commitment = CATALOG.commitments[rng.choice(list(CATALOG.commitments))]
    unit = getattr(commitment.check, "unit", "b/d")
    kind = rng.choice(["act", "data", "data", "statement", "statement"])
    ending = kind == "act" and rng.random() < 0.03
    period = rng.choice(PERIODS) if kind == "data" else None
    return NewUpdate(
        commitment_id=commitment.id,
        observed=START + timedelta(days=rng.randrange(0, 300)),
        source_party=rng.choice(["us", "cn", "independent"]),
        source=rng.choice(["generated", "customs", "ministry"]),
        asserts="ended" if ending else rng.choice(["met", "progress", "not_met"]),
        kind=kind,  # type: ignore[arg-type]
        value=rng.choice([0, 10, 30, 46, 55, 353, 400, 620, 12]) if kind == "data" else None,
        unit=unit if kind == "data" else None,
        period=parse_period(period) if period else None,
        new_deadline=START + timedelta(days=rng.randrange(60, 400)) if rng.random() < 0.05 else None,
        new_expiry=START + timedelta(days=rng.randrange(60, 500)) if rng.random() < 0.05 else None,
        tier=rng.choice([None, "confirmed", "single_source", "uncertain"]),  # type: ignore[arg-type]
    )


def test_the_indexed_query_gives_the_same_status_as_the_whole_log(tmp_path):
    rng = random.Random(20250512)
    store = Store.open(url_for(tmp_path / 'truce.db'), CATALOG, DATA / "evidence", NOW)
    ids = store.append([_random_update(rng) for _ in range(3000)], NOW)
    for update_id in rng.sample(ids, 300):
        store.retract(update_id, "generated retraction", "tester", NOW)
    everything = store.updates()
    for offset in range(0, 330, 7):
        as_of = START + timedelta(days=offset)
        relevant = store.relevant_updates(list(CATALOG.commitments), as_of, full_series_ids(CATALOG))
        assert len(relevant) < len(everything)

        def evidence_at(commitment_id: str, day: date) -> list:
            return store.relevant_updates([commitment_id], day, full_series_ids(CATALOG))

        by_query = assess_all(CATALOG, relevant, as_of, evidence_at)
        assert by_query == assess_all(CATALOG, [u for u in everything if u.observed <= as_of], as_of)
