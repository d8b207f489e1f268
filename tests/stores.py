"""Which store a test runs on. Unset TRUCE_TEST_DB_URL: a fresh SQLite file in the test's
temporary directory. Set (tests/run.sh sets it to a throwaway PostgreSQL cluster): a fresh,
empty database on that server per store, made with CREATE DATABASE (cheap: a copy of the
empty template1), so tests never see each other's rows and migrations run as on a first start.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import sqlalchemy as sa

SERVER_URL = os.environ.get("TRUCE_TEST_DB_URL") or None
ON_POSTGRES = SERVER_URL is not None and SERVER_URL.startswith("postgresql")
_numbers = itertools.count()
_created: dict[Path, str] = {}
_admin: sa.Engine | None = None


def _admin_engine() -> sa.Engine:
    global _admin
    if _admin is None:
        assert SERVER_URL is not None
        _admin = sa.create_engine(SERVER_URL, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    return _admin


def url_for(path: Path) -> str:
    """The URL of the store a test keeps at `path`: that SQLite file, or on PostgreSQL one
    database per path, created empty on first use and the same on every later call."""
    if SERVER_URL is None:
        return f"sqlite:///{path}"
    if path not in _created:
        database = f"t{os.getpid()}_{next(_numbers)}_{path.stem}"[:60].lower()
        with _admin_engine().connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
        _created[path] = database
    return sa.make_url(SERVER_URL).set(database=_created[path]).render_as_string(hide_password=False)


def fresh_store_url(tmp_path: Path, name: str = "truce") -> str:
    """The URL of a new, empty store for this test."""
    return url_for(tmp_path / f"{name}.db")


def created_count() -> int:
    return len(_created)


def drop_databases_after(count: int) -> None:
    """Drop the databases made after the first `count`, closing any connection a test left
    open (WITH (FORCE), PostgreSQL 13+); a later url_for of their paths starts empty again."""
    if SERVER_URL is None:
        return
    with _admin_engine().connect() as connection:
        for path in list(_created)[count:]:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{_created.pop(path)}" WITH (FORCE)')


def query(path: Path, sql: str) -> list[tuple]:
    """Rows of an SQL statement run on the store at `path` outside the application's code, as
    a person with a database shell would run it (committed if it writes)."""
    engine = sa.create_engine(url_for(path), poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            result = connection.execute(sa.text(sql))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()
