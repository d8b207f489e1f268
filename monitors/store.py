"""The store: an append-only evidence log in any SQLAlchemy database (SQLite by default).

Opening a store brings its schema up to date (Alembic migrations) and, the first time, fills
it with the shipped evidence, in one transaction. Every write is one transaction: a batch of
updates is all stored or none is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import overload

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from monitors import deciding_state
from monitors.bulk_insert import bulk_writer
from monitors.catalog import Catalog
from monitors.deciding_state import StateScope
from monitors.domain import AuditEntry, NewUpdate, Retraction, Update
from monitors.importing import parse_csv
from monitors.judging.assess import full_series_ids
from monitors.periods import Period
from monitors.relevant_query import driver_day, relevant_updates_query, updates_from_rows
from monitors.update_rows import UpdateRow

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SEED_KEY = "shipped_evidence_loaded"
IMPORT_KEY = "import_in_progress"
MIGRATION_LOCK = "truce:migrate"
SHIPPED_BY = "shipped-data"
# Built queries kept per set of commitments: the whole catalog, and the few asked for beside it
# (commitments ended on an earlier day).
RELEVANT_QUERIES_KEPT = 8
# Query results kept under the current stamp: the endings' read beside today's status, and a few
# replay days a dashboard goes back and forth between.
QUERY_RESULTS_KEPT = 4
LARGE_IMPORT_ROWS = 50_000

metadata = sa.MetaData()
updates_table = sa.Table(
    "updates",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("commitment_id", sa.String(80), nullable=False),
    sa.Column("observed", sa.Date, nullable=False),
    sa.Column("logged_at", sa.DateTime, nullable=False),
    sa.Column("logged_by", sa.String(100), nullable=False),
    sa.Column("source_party", sa.String(16), nullable=False),
    sa.Column("source", sa.String(300), nullable=False),
    sa.Column("url", sa.String(2000)),
    sa.Column("asserts", sa.String(16), nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("unit", sa.String(20)),
    sa.Column("new_deadline", sa.Date),
    sa.Column("note", sa.Text),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("period", sa.String(40)),
    sa.Column("period_start", sa.Date),
    sa.Column("period_end", sa.Date),
    sa.Column("new_expiry", sa.Date),
    sa.Column("tier", sa.String(16)),
)
retractions_table = sa.Table(
    "retractions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("update_id", sa.Integer, sa.ForeignKey("updates.id"), nullable=False, unique=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("retracted_by", sa.String(100), nullable=False),
    sa.Column("logged_at", sa.DateTime, nullable=False),
)
meta_table = sa.Table(
    "store_meta",
    metadata,
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


class StoreError(ValueError):
    """A write the log refuses (unknown update, already retracted); names the field."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class StoreBusy(StoreError):
    """A write that waited for the store's write lock as long as it may and gave up; nothing of
    it was stored. Names who holds the lock when that is known (a long import)."""


def serialise(connection: Connection, name: str) -> None:
    """Queue the rest of this transaction behind any other transaction serialised on `name`.
    On PostgreSQL that is a transaction-level advisory lock (released at commit or rollback);
    on SQLite every write transaction already holds the database's single write lock (BEGIN
    IMMEDIATE), so nothing more is needed."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": name})


def to_db(moment: datetime) -> datetime:
    """Times are stored as naive UTC so every database compares them the same way."""
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


@overload
def from_db(stored: datetime) -> datetime: ...


@overload
def from_db(stored: None) -> None: ...


def from_db(stored: datetime | None) -> datetime | None:
    """A stored time back as an aware UTC datetime."""
    return stored.replace(tzinfo=timezone.utc) if stored is not None else None


def make_engine(url: str, busy_seconds: float = 60.0) -> Engine:
    """An engine; for SQLite: WAL, a busy timeout, and BEGIN IMMEDIATE for writes so that
    concurrent writers queue instead of failing with 'database is locked'."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": busy_seconds})
    if engine.url.database and engine.url.database != ":memory:":
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_seconds * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def head_revision() -> str:
    """The newest schema revision. Migrations are numbered NNNN_name.py in one line of
    descent, so the head is the highest number; reading it this way keeps Alembic (slow to
    import) off the path of every command once a store is up to date."""
    return max(path.name.split("_", 1)[0] for path in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))


def _migrate(connection: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


class Store:
    """The evidence log. Construct with `Store.open(url, catalog, ...)`."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._scope: StateScope | None = None
        self._relevant_queries: dict[tuple[tuple[str, ...], tuple[str, ...], bool], str] = {}
        # What was read under a stamp of the deciding state, kept until the stamp changes (each
        # replaced whole, so threads sharing the store never see one half-updated).
        self._kept_state: tuple[str, list[Update]] | None = None
        self._kept_results: tuple[str | None, dict[tuple[object, ...], list[Update]]] = (None, {})

    @classmethod
    def open(
        cls, url: str, catalog: Catalog, evidence_dir: Path | None, now: datetime, busy_seconds: float = 60.0,
    ) -> Store:
        """Open (creating, upgrading and seeding as needed) the store at an SQLAlchemy URL;
        on SQLite a write waits up to `busy_seconds` for the write lock."""
        store = cls(make_engine(url, busy_seconds))
        store._scope = StateScope(tuple(catalog.commitments), tuple(sorted(full_series_ids(catalog))))
        store.prepare(catalog, evidence_dir, now)
        return store

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction; SQLite takes its write lock at the start. A writer that waits
        out the busy timeout (a long import holds the lock) gets StoreBusy naming the import."""
        try:
            with self.engine.connect().execution_options(write=True) as connection, connection.begin():
                yield connection
        except sa.exc.OperationalError as exc:
            if "database is locked" not in str(exc.orig):
                raise
            raise StoreBusy("store", f"{self._lock_holder()}; nothing was stored, try again when it has finished") from exc

    def _lock_holder(self) -> str:
        """Who holds the write lock, read from the marker an import commits before it starts."""
        with self.engine.connect() as connection:
            marker = connection.execute(sa.select(meta_table.c.value).where(meta_table.c.key == IMPORT_KEY)).scalar()
        if marker is None:
            return "another writer held the store's write lock for longer than the wait allowed"
        return f"the store is busy with {marker}, which holds the write lock until it finishes"

    @contextmanager
    def importing(self, description: str) -> Iterator[Connection]:
        """The write transaction of a long import. Before taking the write lock it commits a
        marker describing the import, so a writer that times out can be told what it waited
        for; the marker is removed afterwards, whatever the outcome."""
        with self.engine.connect() as connection, connection.begin():
            connection.execute(meta_table.delete().where(meta_table.c.key == IMPORT_KEY))
            connection.execute(meta_table.insert().values(key=IMPORT_KEY, value=description))
        try:
            with self.writing() as connection:
                yield connection
                connection.execute(meta_table.delete().where(meta_table.c.key == IMPORT_KEY))
        finally:
            with self.engine.connect() as connection, connection.begin():
                connection.execute(meta_table.delete().where(meta_table.c.key == IMPORT_KEY))

    def _is_ready(self, evidence_files: str) -> bool:
        with self.engine.connect() as connection:
            if not sa.inspect(connection).has_table("alembic_version"):
                return False
            current = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            if current != head_revision():
                return False
            if self._scope is not None and not deciding_state.is_current(connection, self._scope):
                return False
            return _seeded_files(connection) == evidence_files

    def prepare(self, catalog: Catalog, evidence_dir: Path | None, now: datetime) -> None:
        """Migrate to the newest schema, load the shipped evidence and bring the deciding state
        up to date, in one transaction.

        The names and content digests of the shipped files loaded are kept in the store. When
        the shipped record changes (a new file, a corrected one, or one replacing an earlier), the earlier shipped rows are retracted
        by `shipped-data` with the reason, never deleted, and the current files are loaded, so a
        store made with an older release ends up with today's record and its own entries intact."""
        files = sorted(evidence_dir.glob("*.csv")) if evidence_dir is not None and evidence_dir.is_dir() else []
        names = ",".join(f"{p.name}:{hashlib.sha256(p.read_bytes()).hexdigest()[:16]}" for p in files) or "(none)"
        if self._is_ready(names):
            return
        with self.writing() as connection:
            # Processes starting together on an empty PostgreSQL database would each create
            # Alembic's table; the lock makes the later ones find the work done.
            serialise(connection, MIGRATION_LOCK)
            _migrate(connection)
            loaded = _seeded_files(connection)
            if loaded != names:
                if loaded is not None:
                    self._retract_shipped(connection, loaded, now)
                for path in files:
                    # Shipped evidence is reviewed data, not a user's entry: the "observed in the
                    # future" check would tie seeding to the caller's clock (`alerts check --now`).
                    shipped = [replace(u, logged_by=SHIPPED_BY) for u in parse_csv(path.read_bytes(), catalog, today=None)]
                    self._insert(connection, shipped, now)
                connection.execute(meta_table.delete().where(meta_table.c.key == SEED_KEY))
                connection.execute(meta_table.insert().values(key=SEED_KEY, value=names))
            # A new shipped record touches every commitment it names, and its retractions others.
            self._refresh_state(connection, everything=loaded != names)

    def _refresh_state(self, connection: Connection, written: Collection[str] = (), everything: bool = False) -> None:
        """Bring the deciding state up to date with this transaction's writes about the
        `written` commitments (deciding_state)."""
        if self._scope is not None:
            serialise(connection, deciding_state.STATE_LOCK)
            deciding_state.refresh(connection, self._scope, written, everything)

    def _retract_shipped(self, connection: Connection, loaded: str, now: datetime) -> None:
        earlier = connection.execute(
            sa.select(updates_table.c.id).where(updates_table.c.logged_by == SHIPPED_BY)
            .where(~sa.exists().where(retractions_table.c.update_id == updates_table.c.id))
        ).scalars().all()
        reason = f"replaced by a newer release of the shipped record (was: {loaded})"
        if earlier:
            connection.execute(retractions_table.insert(), [
                {"update_id": i, "reason": reason, "retracted_by": SHIPPED_BY, "logged_at": to_db(now)} for i in earlier
            ])

    def _insert(self, connection: Connection, new_updates: Sequence[NewUpdate], now: datetime) -> list[int]:
        if not new_updates:
            return []
        logged_at = to_db(now)
        rows = [
            {
                "commitment_id": item.commitment_id, "observed": item.observed, "logged_at": logged_at,
                "logged_by": item.logged_by, "source_party": item.source_party, "source": item.source,
                "url": item.url, "asserts": item.asserts, "value": item.value, "unit": item.unit,
                "new_deadline": item.new_deadline, "note": item.note, "kind": item.kind,
                "period": item.period.text if item.period else None,
                "period_start": item.period.start if item.period else None,
                "period_end": item.figure_period.end if item.period or item.kind == "data" else None,
                "new_expiry": item.new_expiry, "tier": item.tier,
            }
            for item in new_updates
        ]
        statement = updates_table.insert().returning(updates_table.c.id, sort_by_parameter_order=True)
        return [int(row.id) for row in connection.execute(statement, rows)]

    def import_chunks(
        self, chunks: Iterable[Sequence[UpdateRow]], now: datetime, description: str,
        stage: Callable[[str], None] = lambda what: None,
    ) -> Imported:
        """Store every chunk in one transaction (all or none: an exception from `chunks`
        rolls it back), by the database's bulk path (monitors/bulk_insert.py).
        `description` names the import to writers who wait for it; `stage` is told of each
        step after the last chunk."""
        count, first, last = 0, None, None
        written: set[str] = set()
        with self.importing(description) as connection:
            with bulk_writer(connection, to_db(now), stage) as write:
                for chunk in chunks:
                    written.update(str(row[0]) for row in chunk)
                    low, high = write(chunk)
                    count += len(chunk)
                    first = low if first is None else min(first, low)
                    last = high if last is None else max(last, high)
            # After the bulk writer has finished (its indexes rebuilt): finding the commitments a
            # large import touched costs more than refreshing them all.
            stage("updating the statuses")
            self._refresh_state(connection, written, everything=count >= LARGE_IMPORT_ROWS)
            stage("saving")
        assert first is not None and last is not None, "read_updates yields at least one row or raises"
        return Imported(count, first, last)

    def append(self, new_updates: Sequence[NewUpdate], now: datetime) -> list[int]:
        """Store validated updates, all or none; returns their ids in order."""
        with self.writing() as connection:
            ids = self._insert(connection, new_updates, now)
            self._refresh_state(connection, {u.commitment_id for u in new_updates})
            return ids

    def retract(self, update_id: int, reason: str, by: str, now: datetime) -> Retraction:
        """Withdraw an update (which stays in the log); refuses unknown or already retracted ids."""
        with self.writing() as connection:
            exists = connection.execute(
                sa.select(updates_table.c.commitment_id).where(updates_table.c.id == update_id)).first()
            if exists is None:
                raise StoreError("update_id", f"there is no update #{update_id}")
            earlier = connection.execute(
                sa.select(retractions_table.c.id).where(retractions_table.c.update_id == update_id)
            ).first()
            if earlier is not None:
                raise StoreError("update_id", f"update #{update_id} is already retracted")
            logged_at = to_db(now)
            result = connection.execute(
                retractions_table.insert().values(update_id=update_id, reason=reason, retracted_by=by, logged_at=logged_at)
            )
            self._refresh_state(connection, {exists.commitment_id})
            return Retraction(int(result.inserted_primary_key[0]), update_id, reason, by, from_db(logged_at))

    def updates(
        self,
        commitment_id: str | None = None,
        observed_until: date | None = None,
        update_id: int | None = None,
        commitment_ids: Sequence[str] | None = None,
    ) -> list[Update]:
        """Stored updates (retracted ones included, marked), oldest id first."""
        query = self._select_updates()
        if commitment_id is not None:
            query = query.where(updates_table.c.commitment_id == commitment_id)
        if commitment_ids is not None:
            query = query.where(updates_table.c.commitment_id.in_(commitment_ids))
        if observed_until is not None:
            query = query.where(updates_table.c.observed <= observed_until)
        if update_id is not None:
            query = query.where(updates_table.c.id == update_id)
        with self.engine.connect() as connection:
            return [_to_update(row, _retraction_of(row)) for row in connection.execute(query).mappings()]

    @staticmethod
    def _select_updates() -> sa.Select:  # type: ignore[type-arg]
        """Updates with their retraction, if any, oldest id first."""
        return (
            sa.select(updates_table, retractions_table.c.id.label("retraction_id"), retractions_table.c.reason,
                      retractions_table.c.retracted_by, retractions_table.c.logged_at.label("retracted_at"))
            .select_from(updates_table.outerjoin(retractions_table, retractions_table.c.update_id == updates_table.c.id))
            .order_by(updates_table.c.id)
        )

    def relevant_updates(
        self, commitment_ids: Sequence[str], as_of: date, full_series: Collection[str] = ()
    ) -> list[Update]:
        """What the monitors read as of a date, without scanning the log: for each commitment,
        source party and kind, the unretracted updates on the latest observed date (acts,
        statements, and the newest figures) and each source's latest revision of the latest
        period (figures); every deadline extension, expiry renewal and ending event; and, for
        the commitments in `full_series` (cumulative purchase targets), each source's latest
        revision of every period. Each lookup is an index seek (migrations 0004 and 0005), so
        the cost grows with the number of commitments, not the length of the log."""
        if not commitment_ids:
            return []
        if self._scope is not None and tuple(sorted(full_series)) == self._scope.full_series:
            state = self._read_state(as_of)
            if state is not None:
                wanted = set(commitment_ids)
                if wanted.issuperset(self._scope.commitment_ids):
                    return list(state)  # today's status of every commitment: nothing to leave out
                return [update for update in state if update.commitment_id in wanted]
        query = self._relevant_query(tuple(commitment_ids), full_series, per_commitment_day=False)
        return self._read_relevant(query, {"as_of": as_of})

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """A read transaction whose statements all see one snapshot of the store."""
        connection = self.engine.connect()
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection, connection.begin():
            yield connection

    def _read_state(self, as_of: date) -> list[Update] | None:
        """The deciding state's updates when it answers a status as of the day. Decoded once
        per stamp: the stamp is read every time, in the same snapshot as the rows."""
        assert self._scope is not None
        with self._snapshot() as connection:
            stamp = deciding_state.answering_stamp(connection, self._scope, as_of)
            if stamp is None:
                return None
            kept = self._kept_state
            if kept is not None and kept[0] == stamp:
                return kept[1]
            state = updates_from_rows(deciding_state.rows(connection))
        self._kept_state = (stamp, state)
        return state

    def relevant_updates_on(self, days: Mapping[str, date], full_series: Collection[str] = ()) -> list[Update]:
        """The same selection for several commitments, each as of its own day (the last day
        before each ended), in one query."""
        if not days:
            return []
        ids = tuple(days)
        query = self._relevant_query(ids, full_series, per_commitment_day=True)
        return self._read_relevant(query, {f"day_{i}": days[c] for i, c in enumerate(ids)})

    def _relevant_query(self, ids: tuple[str, ...], full_series: Collection[str], per_commitment_day: bool) -> str:
        """The built query for these commitments, kept: building one for a whole catalog costs
        more than running it."""
        wanted = set(ids)
        key = (ids, tuple(sorted(c for c in full_series if c in wanted)), per_commitment_day)
        query = self._relevant_queries.get(key)
        if query is None:
            if len(self._relevant_queries) >= RELEVANT_QUERIES_KEPT:
                self._relevant_queries.pop(next(iter(self._relevant_queries)))
            query = self._relevant_queries[key] = relevant_updates_query(
                ids, key[1], per_commitment_day=per_commitment_day, dialect=self.engine.dialect.name)
        return query

    def _read_relevant(self, query: str, days: dict[str, date]) -> list[Update]:
        """Run a relevant-updates query through the driver's own cursor: its plain rows are
        turned into updates directly, without SQLAlchemy's result rows (a third of the cost).
        While the deciding state is current its stamp names the store's content, so the result
        is kept under it and the same query is not run again until a write changes it."""
        parameters = {name: driver_day(self.engine.dialect.name, day) for name, day in days.items()}
        key = (query, *sorted(parameters.items()))
        with self._snapshot() as connection:
            stamp = deciding_state.current_stamp(connection, self._scope) if self._scope is not None else None
            kept_stamp, kept = self._kept_results
            if stamp is not None and stamp == kept_stamp and key in kept:
                return list(kept[key])
            with closing(connection.connection.cursor()) as cursor:
                cursor.execute(query, parameters)
                updates = updates_from_rows(cursor.fetchall())
        if stamp is not None:
            results = dict(kept) if stamp == kept_stamp else {}
            while len(results) >= QUERY_RESULTS_KEPT:
                results.pop(next(iter(results)))
            results[key] = updates
            self._kept_results = (stamp, results)
        return list(updates)

    def latest_updates(self, observed_until: date, limit: int, commitment_ids: Collection[str] | None = None) -> list[Update]:
        """The most recently observed updates up to a date (retracted ones included, marked),
        newest first, of the commitments named (None: all); read backwards along an index,
        never the whole log."""
        query = (
            self._select_updates()
            .where(updates_table.c.observed <= observed_until)
            .order_by(None)
            .order_by(updates_table.c.observed.desc(), updates_table.c.id.desc())
            .limit(limit)
        )
        if commitment_ids is not None:
            query = query.where(updates_table.c.commitment_id.in_(sorted(commitment_ids)))
        with self.engine.connect() as connection:
            return [_to_update(row, _retraction_of(row)) for row in connection.execute(query).mappings()]

    def update(self, update_id: int) -> Update | None:
        found = self.updates(update_id=update_id)
        return found[0] if found else None

    def audit_trail(self, limit: int = 200) -> list[AuditEntry]:
        """The newest writes first: every update logged and every retraction, with its author."""
        logged = (
            sa.select(updates_table.c.logged_at, updates_table.c.logged_by, updates_table.c.id, updates_table.c.commitment_id,
                      updates_table.c.asserts, updates_table.c.source)
            .order_by(updates_table.c.logged_at.desc(), updates_table.c.id.desc())
            .limit(limit)
        )
        retracted = (
            sa.select(retractions_table.c.logged_at, retractions_table.c.retracted_by, retractions_table.c.update_id,
                      updates_table.c.commitment_id, retractions_table.c.reason)
            .join(updates_table, updates_table.c.id == retractions_table.c.update_id)
            .order_by(retractions_table.c.logged_at.desc(), retractions_table.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            entries = [
                AuditEntry(from_db(r.logged_at), r.logged_by, "logged", r.id, r.commitment_id, f"{r.asserts} per {r.source}")
                for r in connection.execute(logged)
            ] + [
                AuditEntry(from_db(r.logged_at), r.retracted_by, "retracted", r.update_id, r.commitment_id, r.reason)
                for r in connection.execute(retracted)
            ]
        entries.sort(key=lambda e: (e.at, e.action == "retracted", e.update_id), reverse=True)
        return entries[:limit]

    def log_state(self) -> tuple[int, int, str]:
        """The highest update id, the highest retraction id (0 when none) and the deciding
        state's stamp: every write changes one of them, so what is read from the log can be
        cached under it. The ids catch a write that bypassed the store; the stamp's token,
        new at each write's refresh, catches a PostgreSQL write that commits after one with a
        higher id. A few index lookups, whatever the log's length."""
        with self.engine.connect() as connection:
            stamp, last_update, last_retraction, _newest = deciding_state.marks(connection)
        return last_update, last_retraction, stamp or ""

    def retractions(self) -> list[Retraction]:
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(retractions_table).order_by(retractions_table.c.id)).mappings()
            return [Retraction(r["id"], r["update_id"], r["reason"], r["retracted_by"], from_db(r["logged_at"])) for r in rows]


def _seeded_files(connection: Connection) -> str | None:
    """The shipped files loaded into the store, as recorded when they were loaded."""
    if not sa.inspect(connection).has_table("store_meta"):
        return None
    return connection.execute(sa.select(meta_table.c.value).where(meta_table.c.key == SEED_KEY)).scalar()


@dataclass(frozen=True)
class Imported:
    """What an import stored: how many updates, and the lowest and highest new id (on
    PostgreSQL other writers' ids may fall in between)."""

    count: int
    first_id: int
    last_id: int


def _retraction_of(row: sa.RowMapping) -> Retraction | None:
    if row["retraction_id"] is None:
        return None
    return Retraction(row["retraction_id"], row["id"], row["reason"], row["retracted_by"], from_db(row["retracted_at"]))


def _to_update(row: sa.RowMapping, retraction: Retraction | None) -> Update:
    return Update(
        id=row["id"],
        commitment_id=row["commitment_id"],
        observed=row["observed"],
        logged_at=from_db(row["logged_at"]),
        logged_by=row["logged_by"],
        source_party=row["source_party"],
        source=row["source"],
        asserts=row["asserts"],
        url=row["url"],
        value=row["value"],
        unit=row["unit"],
        new_deadline=row["new_deadline"],
        note=row["note"],
        kind=row["kind"],
        period=Period(row["period_start"], row["period_end"], row["period"]) if row["period"] else None,
        new_expiry=row["new_expiry"],
        tier=row["tier"],
        retraction=retraction,
    )
