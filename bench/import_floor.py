"""The least time each store takes to store an import's rows when checking them costs nothing:
what bounds `bench/run.py imports` on this machine, whatever the import's own code does.

    .venv/bin/python bench/import_floor.py --rows 1000000 [--postgres-url postgresql+psycopg://...]

The rows are those of `bench/run.py imports`'s file, read and checked before any clock starts.
- SQLite: into a fresh store's log, by sqlite3 alone, in one transaction, the way a large import
  writes (monitors/bulk_insert.py): the log's indexes dropped, the rows inserted, the indexes
  built again, then the commit, each step timed.
- PostgreSQL: the server's share alone. The file is imported once (not timed), the log is
  copied out in COPY's binary form, and those bytes are copied in again from memory into a
  table like the log with its indexes, and into one without them whose indexes are then built.
  The client only sends bytes.
Prints each step's seconds and what the steps add up to in rows a second.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ROOT, _fresh_postgres_database, _import_file  # noqa: E402

CHUNK_ROWS = 5000


def _timed(steps: list[tuple[str, float]], name: str, work: Callable[[], object]) -> None:
    started = time.perf_counter()
    work()
    steps.append((name, time.perf_counter() - started))


def _create_store(url: str) -> None:
    env = {**os.environ, "TRUCE_DB_URL": url, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", "from monitors.tracker import open_tracker; open_tracker()"],
                   cwd=ROOT, env=env, check=True)


def _checked_rows(source: Path) -> list[tuple[str | float, ...]]:
    from monitors.catalog import load_catalog
    from monitors.importing import read_updates

    catalog = load_catalog(ROOT / "data" / "frameworks")
    with source.open("rb") as stream:
        return [row for chunk in read_updates(stream, catalog, None) for row in chunk]


def sqlite_floor(workdir: Path, source: Path) -> list[tuple[str, float]]:
    """The steps of a large import into a fresh SQLite store, by sqlite3 alone."""
    from monitors.bulk_insert import _SQLITE_APPEND, INDEX_SORT_THREADS  # the statement the import writes with

    path = workdir / "floor-store.db"
    for leftover in workdir.glob("floor-store.db*"):
        leftover.unlink()
    _create_store(f"sqlite:///{path}")
    rows = _checked_rows(source)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(f"PRAGMA threads={INDEX_SORT_THREADS}")
    connection.execute("BEGIN IMMEDIATE")
    indexes = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'updates' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    append = _SQLITE_APPEND.format(stamp="2026-12-07 00:00:00.000000")
    steps: list[tuple[str, float]] = []

    def insert() -> None:
        remaining = iter(rows)
        while chunk := list(islice(remaining, CHUNK_ROWS)):
            connection.executemany(append, chunk)

    _timed(steps, "insert the rows, the log's indexes dropped", insert)
    for name, definition in indexes:
        _timed(steps, f"build {name}", lambda definition=definition: connection.execute(definition))
    _timed(steps, "commit", lambda: connection.execute("COMMIT"))
    connection.close()
    return steps


def postgres_floor(server_url: str, source: Path) -> list[tuple[str, float]]:
    """The server's steps: COPY of the rows into the log's shape with and without its indexes,
    and building those indexes afterwards."""
    import psycopg
    import sqlalchemy as sa

    url = _fresh_postgres_database(server_url, "truce_bench_floor")
    _create_store(url)
    env = {**os.environ, "TRUCE_DB_URL": url, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "monitors", "import", str(source)], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    steps: list[tuple[str, float]] = []
    with psycopg.connect(sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)) as connection:
        with connection.cursor() as cursor:
            with cursor.copy("COPY updates TO STDOUT (FORMAT binary)") as copy:
                data = b"".join(bytes(block) for block in copy)
            definitions = [row[0] for row in cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'updates'")]
            cursor.execute("CREATE TABLE floor_indexed (LIKE updates INCLUDING DEFAULTS INCLUDING INDEXES)")
            cursor.execute("CREATE TABLE floor_bare (LIKE updates INCLUDING DEFAULTS)")
            connection.commit()

            def copy_into(table: str) -> None:
                with cursor.copy(f"COPY {table} FROM STDIN (FORMAT binary)") as copy:
                    for start in range(0, len(data), 1 << 20):
                        copy.write(data[start:start + (1 << 20)])
                connection.commit()

            _timed(steps, "COPY into the log's shape, with its indexes", lambda: copy_into("floor_indexed"))
            _timed(steps, "COPY into the log's shape, without indexes", lambda: copy_into("floor_bare"))
            for definition in definitions:
                name = definition.split(" INDEX ", 1)[1].split(" ", 1)[0]
                statement = re.sub(r"INDEX \S+ ON \S+", "INDEX ON floor_bare", definition)
                _timed(steps, f"build {name} afterwards", lambda statement=statement: cursor.execute(statement))
            connection.commit()
            cursor.execute("DROP TABLE floor_indexed, floor_bare")
            connection.commit()
    return steps


def print_steps(store: str, rows: int, steps: list[tuple[str, float]], together: list[str]) -> None:
    """Each step's time, then the total of the steps named in `together` as rows a second."""
    print(f"\n{store}, {rows:,} rows")
    for name, seconds in steps:
        print(f"  {name:<58} {seconds:6.2f} s")
    total = sum(seconds for name, seconds in steps if any(name.startswith(prefix) for prefix in together))
    print(f"  {'at best, ' + ' + '.join(together):<58} {total:6.2f} s = {rows / total:,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench/import_floor.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/truce-bench"))
    parser.add_argument("--postgres-url", help="a server to measure on too (a database truce_bench_floor is made)")
    args = parser.parse_args()
    source = _import_file(args.workdir, args.rows)
    print_steps("SQLite", args.rows, sqlite_floor(args.workdir, source), ["insert", "build", "commit"])
    if args.postgres_url:
        steps = postgres_floor(args.postgres_url, source)
        print_steps("PostgreSQL, the server alone, indexes kept", args.rows, steps, ["COPY into the log's shape, with"])
        print_steps("PostgreSQL, the server alone, indexes built afterwards", args.rows,
                    [step for step in steps if "with its indexes" not in step[0]], ["COPY into the log's shape, without", "build"])


if __name__ == "__main__":
    main()
