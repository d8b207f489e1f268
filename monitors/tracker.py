"""The tracker: the catalog, the store and a clock, with the operations every front end uses.

The command line, the dashboard and the alert worker all go through this, so a rule (what is
valid, how a status is computed) exists once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import BinaryIO

from monitors.judging.assess import agreed_commitments, assess_all, assess_one, full_series_ids, group_by_commitment
from monitors.catalog import Catalog, load_catalog
from monitors.clock import Clock, system_clock
from monitors.domain import Assessment, NewUpdate, Retraction, Update
from monitors.importing import cycle_collector_paused, read_updates
from monitors.settings import Settings, load_settings
from monitors.store import Imported, Store
from monitors.validation import parse_retraction, parse_update


@dataclass
class Tracker:
    catalog: Catalog
    store: Store
    clock: Clock

    def today(self) -> date:
        return self.clock().date()

    def assessments(self, as_of: date | None = None) -> list[Assessment]:
        """Every commitment's status as of a date (default: today)."""
        day = as_of or self.today()
        ids = [c.id for c in agreed_commitments(self.catalog, day)]
        series = full_series_ids(self.catalog)
        relevant = self.store.relevant_updates(ids, day, series)
        endings: dict[str, date] = {}
        for ending in sorted((u for u in relevant if u.asserts == "ended"), key=lambda u: (u.observed, u.id), reverse=True):
            endings[ending.commitment_id] = ending.observed - timedelta(days=1)
        if not endings:
            return assess_all(self.catalog, relevant, day)
        earlier = group_by_commitment(self.store.relevant_updates_on(endings, series))

        def evidence_at(commitment_id: str, on: date) -> list[Update]:
            """The deciding evidence of an ended commitment's last day, read in one query for all."""
            assert endings[commitment_id] == on
            return earlier.get(commitment_id, [])

        return assess_all(self.catalog, relevant, day, evidence_at)

    def assessment(self, commitment_id: str, as_of: date | None = None) -> Assessment | None:
        """One commitment's status as of a date; None before its framework was agreed."""
        day = as_of or self.today()
        return next((a for a in self.assessments(day) if a.commitment_id == commitment_id), None)

    def validate(self, fields: Mapping[str, str | None], by: str | None = None) -> NewUpdate:
        """Validate an update given as text fields; `by` overrides the field (a signed-in user)."""
        merged = dict(fields)
        if by is not None:
            merged["by"] = by
        return parse_update(merged, self.catalog, self.today())

    def log(self, fields: Mapping[str, str | None], by: str | None = None) -> int:
        """Validate and append one update; returns its id. Raises InputError, storing nothing."""
        return self.append(self.validate(fields, by))

    def append(self, new_update: NewUpdate) -> int:
        """Append one update already checked by validate(); returns its id."""
        return self.store.append([new_update], self.clock())[0]

    def preview(self, new_update: NewUpdate, as_of: date | None = None) -> tuple[Assessment, Assessment]:
        """The commitment's assessment now and as it would be with the new update."""
        day = as_of or self.today()
        commitment = self.catalog.commitments[new_update.commitment_id]
        existing = self.store.updates(commitment_id=commitment.id)
        draft = Update(
            id=0, commitment_id=commitment.id, observed=new_update.observed, logged_at=self.clock(),
            logged_by=new_update.logged_by, source_party=new_update.source_party, source=new_update.source,
            asserts=new_update.asserts, kind=new_update.kind, url=new_update.url, value=new_update.value,
            unit=new_update.unit, period=new_update.period, new_deadline=new_update.new_deadline,
            new_expiry=new_update.new_expiry, tier=new_update.tier, note=new_update.note,
        )
        return (
            assess_one(self.catalog, commitment, existing, day),
            assess_one(self.catalog, commitment, [*existing, draft], day),
        )

    def retract(self, update_id: int, reason: str | None, by: str | None) -> Retraction:
        clean_reason, clean_by = parse_retraction(reason, by)
        return self.store.retract(update_id, clean_reason, clean_by, self.clock())

    def import_csv(
        self, stream: BinaryIO, name: str, by: str | None = None, progress: Callable[[int], None] | None = None,
        second_process: bool = False, stage: Callable[[str], None] = lambda what: None,
    ) -> Imported:
        """Append every row of a CSV file, read as a stream, all or nothing; `by` (the signed-in
        importer) is recorded as the author of every row when given. `name` (the file's) tells
        writers who wait for this import what they are waiting for; `progress` is told the
        bytes read so far and `stage` of each step after the last row. `second_process` checks
        the rows in a forked child as they are stored (for single-threaded callers: the
        command line)."""
        now = self.clock()
        description = f"an import of {name} by {by or 'the command line'} started {now:%Y-%m-%d %H:%M} UTC"
        chunks = read_updates(stream, self.catalog, self.today(), by=by, progress=progress, second_process=second_process)
        with cycle_collector_paused():
            return self.store.import_chunks(chunks, now, description, stage)


def open_tracker(settings: Settings | None = None, clock: Clock = system_clock) -> Tracker:
    """Load the catalog and open (creating and seeding on first use) the configured store."""
    config = settings or load_settings()
    catalog = load_catalog(config.frameworks_dir)
    store = Store.open(config.db_url, catalog, config.evidence_dir, clock(), busy_seconds=config.busy_seconds)
    return Tracker(catalog, store, clock)
