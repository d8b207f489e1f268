"""Status from the indexed query (each party's latest words plus extensions) must equal status
from the whole log, whatever the log holds: ties, retractions, measurements, extensions."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from tests.stores import url_for

from monitors.judging.assess import assess_all
from monitors.catalog import load_catalog
from monitors.domain import NewUpdate
from monitors.store import Store

DATA = Path(__file__).resolve().parent.parent / "data"
CATALOG = load_catalog(DATA / "frameworks")
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
START = date(2025, 4, 1)


def _random_update(rng: random.Random) -> NewUpdate:
    commitment = CATALOG.commitments[rng.choice(list(CATALOG.commitments))]
    unit = getattr(commitment.check, "unit", "b/d")
    measured = rng.random() < 0.3
    return NewUpdate(
        commitment_id=commitment.id,
        observed=START + timedelta(days=rng.randrange(0, 200)),
        source_party=rng.choice(["us", "cn", "independent"]),
        source="generated",
        asserts=rng.choice(["met", "progress", "not_met"]),
        value=rng.choice([0, 10, 30, 46, 55, 353, 400]) if measured else None,
        unit=unit if measured else None,
        new_deadline=START + timedelta(days=rng.randrange(60, 400)) if rng.random() < 0.05 else None,
    )


def test_the_indexed_query_gives_the_same_status_as_the_whole_log(tmp_path):
    rng = random.Random(20250512)
    store = Store.open(url_for(tmp_path / 'truce.db'), CATALOG, DATA / "evidence", NOW)
    ids = store.append([_random_update(rng) for _ in range(3000)], NOW)
    for update_id in rng.sample(ids, 300):
        store.retract(update_id, "generated retraction", "tester", NOW)
    everything = store.updates()
    for offset in range(0, 230, 7):
        as_of = START + timedelta(days=offset)
        relevant = store.relevant_updates(list(CATALOG.commitments), as_of)
        assert len(relevant) < len(everything)
        assert assess_all(CATALOG, relevant, as_of) == assess_all(CATALOG, [u for u in everything if u.observed <= as_of], as_of)
