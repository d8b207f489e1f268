"""The dashboard on a large log: pages stay quick, charts carry aggregates, not updates, and no
page reads the whole log to draw itself."""

from __future__ import annotations

import random
import time
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from monitors.domain import ASSERTIONS, SOURCE_PARTIES, NewUpdate
from monitors.store import Store
from monitors.tracker import Tracker

LOG_SIZE = 20_000
PAGES = tuple(f"app_pages/{name}.py" for name in ("commitments", "commitment", "timeline", "alerts", "audit", "downloads", "log"))


@pytest.fixture
def large_log(tracker: Tracker) -> int:
    """LOG_SIZE random updates over the year after the Geneva consensus, on every commitment."""
    rng = random.Random(7)
    start = tracker.catalog.frameworks["geneva-2025"].date
    commitments = list(tracker.catalog.commitments.values())
    updates = []
    for _ in range(LOG_SIZE):
        commitment = rng.choice(commitments)
        unit = getattr(commitment.check, "unit", None)
        measured = unit is not None and rng.random() < 0.5
        updates.append(NewUpdate(
            commitment_id=commitment.id, observed=start + timedelta(days=rng.randrange(365)),
            source_party=rng.choice(SOURCE_PARTIES), source="synthetic", asserts=rng.choice(ASSERTIONS),  # type: ignore[arg-type]
            value=rng.uniform(0, 500) if measured else None, unit=unit if measured else None,
            kind="data" if measured else "statement",
        ))
    tracker.store.append(updates, tracker.clock())
    return len(tracker.store.updates())


def timed_run(at: AppTest) -> float:
    began = time.perf_counter()
    at.run()
    assert not at.exception
    return time.perf_counter() - began


def test_pages_stay_quick_and_charts_stay_small(app, large_log, chart_frames):
    assert timed_run(app) < 15  # the first run computes the assessments
    assert timed_run(app) < 2  # later runs read the caches

    app.switch_page("app_pages/timeline.py")
    assert timed_run(app) < 15
    assert timed_run(app) < 2
    timeline_rows = sum(len(f) for f in chart_frames(app, "status-timeline"))
    assert timeline_rows < large_log / 10

    app.switch_page("app_pages/commitment.py")
    app.query_params["commitment"] = "london-cn-export-licences"
    assert timed_run(app) < 10
    app.button("show-charts").click()
    assert timed_run(app) < 10
    weeks = 54  # 365 days touch at most 54 weeks
    assert sum(len(f) for f in chart_frames(app, "evidence-chart")) <= weeks * 9  # parties x assertions
    assert sum(len(f) for f in chart_frames(app, "measured-chart")) <= weeks * 3 + 2  # parties, targets


def test_no_page_reads_the_whole_log(app, tracker, accounts, sign_in, monkeypatch):
    """Store.updates without a commitment or an update id loads every update: only the
    downloads, made on click, may do that."""
    unfiltered = []
    read = Store.updates

    def recording(self, commitment_id=None, observed_until=None, update_id=None, commitment_ids=None):
        if commitment_id is None and commitment_ids is None and update_id is None:
            unfiltered.append(observed_until)
        return read(self, commitment_id, observed_until, update_id, commitment_ids)

    monkeypatch.setattr(Store, "updates", recording)
    at = sign_in(app.run(), "editor", accounts["editor"])
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
    assert unfiltered == []
