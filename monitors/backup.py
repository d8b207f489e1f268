"""Online backup and restore of the SQLite store, safe while the dashboard and worker run.

Both use SQLite's backup API, which copies a consistent snapshot page by page under the
database's own locks. A restore first backs up the current store beside it, so a restore
never loses what was logged since the backup.
"""

from __future__ import annotations

import itertools
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(ValueError):
    """A backup or restore that cannot be done; names the field (the URL or the file)."""


def sqlite_path(db_url: str) -> Path:
    """The file behind an SQLite URL; other databases have their own tools (pg_dump)."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(f"TRUCE_DB_URL: backup and restore work on an SQLite file; for {url.get_backend_name()} use its own tools (e.g. pg_dump)")
    return Path(url.database)


def _copy(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source, timeout=60)) as src, closing(sqlite3.connect(target, timeout=60)) as dst:
        src.backup(dst)


def _check_store_file(path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"file: {path} does not exist")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"file: {path} fails SQLite's integrity check")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"file: {path} is not an SQLite database ({exc})") from exc
    if not {"updates", "retractions", "alembic_version"} <= tables:
        raise BackupError(f"file: {path} is not a store of this tracker (no update log in it)")


def backup(db_url: str, target: Path) -> Path:
    """Copy the live store to target (which must not exist yet)."""
    source = sqlite_path(db_url)
    if not source.is_file():
        raise BackupError(f"TRUCE_DB_URL: {source} does not exist yet")
    if target.exists():
        raise BackupError(f"file: {target} already exists; choose a new name")
    _copy(source, target)
    return target


def restore(db_url: str, backup_file: Path, now: datetime) -> Path:
    """Replace the live store's contents with a backup; returns where the previous contents
    were saved. The next start upgrades an older schema in place."""
    live = sqlite_path(db_url)
    _check_store_file(backup_file)
    saved = _new_file_beside(live, f"before-restore-{now.strftime('%Y%m%dT%H%M%S')}")
    if live.is_file():
        _copy(live, saved)
    _copy(backup_file, live)
    return saved


def _new_file_beside(live: Path, label: str) -> Path:
    """A file that did not exist before, named after `live` and `label`: created exclusively
    (O_EXCL), with -2, -3, ... appended when the name is taken, so a second restore in the
    same second cannot overwrite the first one's safety copy."""
    for number in itertools.count(1):
        candidate = live.with_name(f"{live.stem}.{label}{'' if number == 1 else f'-{number}'}{live.suffix}")
        try:
            candidate.touch(exist_ok=False)
        except FileExistsError:
            continue
        return candidate
    raise AssertionError("unreachable: itertools.count never ends")
