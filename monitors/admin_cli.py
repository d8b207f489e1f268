"""`backup`, `restore` and `audit`: keeping the log safe and showing who changed what."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from monitors.backup import backup, restore
from monitors.tracker import Tracker


def _db_url(tracker: Tracker) -> str:
    return tracker.store.engine.url.render_as_string(hide_password=False)


def _backup(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    target = backup(_db_url(tracker), args.file)
    out.write(f"backed up the store to {target}\n")
    return 0


def _restore(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    tracker.store.engine.dispose()
    saved = restore(_db_url(tracker), args.file, tracker.clock())
    out.write(f"restored the store from {args.file}; its previous contents are saved in {saved}\n")
    return 0


def _audit(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    entries = tracker.store.audit_trail(args.limit)
    if args.format == "json":
        records = [
            {"at": e.at.isoformat(), "by": e.by, "action": e.action, "update_id": e.update_id,
             "commitment": e.commitment_id, "detail": e.detail}
            for e in entries
        ]
        out.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
        return 0
    for e in entries:
        out.write(f"{e.at.isoformat(timespec='seconds')}  {e.by:<16}  {e.action:<9}  #{e.update_id:<6}  {e.commitment_id}  {e.detail}\n")
    return 0


def _positive_count(text: str) -> int:
    """A count of at least 1: SQL reads LIMIT -1 as "no limit" on SQLite and refuses it on
    PostgreSQL, and the trail cut at -1 dropped the last entry."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be at least 1")
    return count


def add_admin_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register backup, restore and audit, each with its handler."""
    backup_parser = commands.add_parser("backup", help="copy the SQLite store to a new file, safely while the app runs")
    backup_parser.add_argument("file", type=Path, metavar="FILE.db")
    backup_parser.set_defaults(handler=_backup)

    restore_parser = commands.add_parser("restore", help="replace the store with a backup (the current contents are saved first)")
    restore_parser.add_argument("file", type=Path, metavar="FILE.db")
    restore_parser.set_defaults(handler=_restore)

    audit_parser = commands.add_parser("audit", help="who logged or retracted what, and when (newest first)")
    audit_parser.add_argument("--limit", type=_positive_count, default=200, help="how many entries, newest first (at least 1)")
    audit_parser.add_argument("--format", choices=("table", "json"), default="table")
    audit_parser.set_defaults(handler=_audit)
