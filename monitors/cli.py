"""`python -m monitors`: the command line that scripts, cron jobs and outside checks rely on.

Exit codes: 0 success; 1 `status --fail-on` matched; 2 bad input or a refused write (with a
message naming the field, and nothing stored).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from monitors.accounts_cli import add_user_commands
from monitors.admin_cli import add_admin_commands
from monitors.alerts.cli import add_alert_commands
from monitors.catalog import CatalogError
from monitors.checking_process import worth_a_second_process
from monitors.clock import Clock, system_clock
from monitors.domain import FLAGS, STATUSES
from monitors.exporting import statuses_csv, to_ics, to_json, updates_csv
from monitors.backup import BackupError
from monitors.progress import progress_bar
from monitors.report import status_record
from monitors.serve import add_serve_command
from monitors.settings import SettingsError
from monitors.text_table import format_table
from monitors.store import StoreError
from monitors.tracker import Tracker, open_tracker
from monitors.validation import FIELDS, FieldError, InputError, parse_date

EXIT_FAIL_ON = 1
EXIT_BAD_INPUT = 2
EXIT_OUT_OF_MEMORY = 3

EPILOG = """examples:
  python -m monitors serve                      # the dashboard (http://localhost:8501) and the alert worker
  python -m monitors status --as-of 2025-06-12
  python -m monitors status --format json --fail-on disputed,overdue
  python -m monitors log --commitment geneva-90-day-window --observed 2025-08-11 \\
      --source-party us --source "White House executive order" --url https://www.whitehouse.gov/ \\
      --asserts progress --new-deadline 2025-11-10 --by alice
  python -m monitors log --commitment london-cn-export-licences --observed 2025-07-20 \
      --source-party cn --source "China customs" --value 353 --unit t --period 2025-06 --by alice
  python -m monitors log --commitment geneva-us-reciprocal-rate --observed 2025-08-11 --source-party us \
      --source "White House executive order" --kind act --asserts met --new-expiry 2025-11-10 --by alice
  python -m monitors retract 42 --reason "misread the date" --by alice
  python -m monitors import updates.csv
  python -m monitors export --format ics > deadlines.ics
  python -m monitors users add alice            # an editor who can log updates in the dashboard
  python -m monitors alerts check --now 2025-08-05T09:00:00Z
  python -m monitors backup truce-backup.db

The store is chosen by TRUCE_DB_URL (an SQLAlchemy URL); by default a SQLite file under data/,
created and filled with the shipped frameworks and evidence on first use. Every setting:
docs/settings.md."""


def _as_of(text: str) -> date:
    parsed, problem = parse_date(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    assert parsed is not None
    return parsed


def _fail_on(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    allowed = (*STATUSES, *FLAGS)
    unknown = [n for n in names if n not in allowed]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"expected a comma-separated list of {', '.join(allowed)}; got '{text}'")
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m monitors",
        description="Track the commitments of the US-China trade truce (Geneva consensus, London framework): "
        "which are met, pending or disputed, as of any date, and why.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    status = commands.add_parser("status", help="every commitment's status, flags, deadline and explanation")
    status.add_argument("--as-of", type=_as_of, metavar="YYYY-MM-DD", help="judge the evidence as it stood on this date (default: today)")
    status.add_argument("--format", choices=("table", "json", "csv"), default="table")
    status.set_defaults(handler=_status)
    status.add_argument("--fail-on", type=_fail_on, metavar="STATUS_OR_FLAG,...",
                        help=f"exit 1 if any commitment has one of these ({', '.join((*STATUSES, *FLAGS))})")

    log = commands.add_parser("log", help="append one status update (prints its id)")
    log.add_argument("--commitment", required=True, metavar="ID", help="commitment id, as `status` lists them")
    log.add_argument("--observed", required=True, metavar="YYYY-MM-DD", help="the date the fact refers to")
    log.add_argument("--source-party", required=True, metavar="us|cn|independent", help="who is speaking")
    log.add_argument("--source", required=True, metavar="NAME", help="the source's name (outlet, agency, dataset)")
    log.add_argument("--url", help="http(s) link to the source")
    log.add_argument("--asserts", required=True, metavar="met|progress|not_met|ended",
                     help="what the evidence says of the commitment (ended: an act that made it moot)")
    log.add_argument("--kind", metavar="act|data|statement",
                     help="act: what a government did; data: a figure for a period; statement: a claim "
                          "(default: data with --value, statement otherwise)")
    log.add_argument("--value", metavar="N", help="a measured value (tariff rate, tonnes shipped)")
    log.add_argument("--unit", metavar="U", help="the value's unit (%% for tariff rates, t for tonnes)")
    log.add_argument("--period", metavar="PERIOD",
                     help="the time a figure describes: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD or START..END "
                          "(default: the observed date)")
    log.add_argument("--new-deadline", metavar="YYYY-MM-DD", help="an extension: the commitment's new deadline")
    log.add_argument("--new-expiry", metavar="YYYY-MM-DD", help="a renewal: the day the commitment now expires")
    log.add_argument("--tier", metavar="confirmed|single_source|uncertain", help="how well the source is supported")
    log.add_argument("--note", metavar="TEXT", help="a note or a short quote")
    log.add_argument("--by", metavar="USER", help="who is logging this")
    log.set_defaults(handler=_log)

    retract = commands.add_parser("retract", help="withdraw an update, with a reason (the update stays in the log)")
    retract.add_argument("update_id", type=int, metavar="UPDATE_ID")
    retract.add_argument("--reason", required=True, metavar="TEXT")
    retract.add_argument("--by", metavar="USER")
    retract.set_defaults(handler=_retract)

    importer = commands.add_parser("import", help="append many updates from a CSV file, all or nothing")
    importer.add_argument("file", type=Path, metavar="FILE.csv", help=f"UTF-8 CSV with the columns {','.join(FIELDS)}")
    importer.set_defaults(handler=_import)

    export = commands.add_parser("export", help="statuses and evidence (csv, json) or deadlines (ics) on stdout")
    export.add_argument("--format", choices=("csv", "json", "ics"), required=True)
    export.add_argument("--as-of", type=_as_of, metavar="YYYY-MM-DD", help="status date (default: today)")
    export.add_argument("--table", choices=("statuses", "updates"), default="statuses",
                        help="for csv: one row per commitment (default) or one per update")
    export.set_defaults(handler=_export)
    add_user_commands(commands)
    add_alert_commands(commands)
    add_admin_commands(commands)
    add_serve_command(commands)
    return parser


def _status(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    as_of = args.as_of or tracker.today()
    assessments = tracker.assessments(as_of)
    records = [status_record(tracker.catalog, a) for a in assessments]
    if args.format == "json":
        out.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        out.write(statuses_csv(tracker.catalog, assessments))
    else:
        columns = ("id", "framework", "obligor", "category", "status", "flags", "deadline", "expires", "latest_evidence")
        rows = [[str(r[c] or "") if c != "flags" else ",".join(r["flags"]) for c in columns] for r in records]
        out.write(f"Status as of {as_of.isoformat()}\n\n")
        if not assessments:
            out.write("No framework had been agreed by then, so there is no commitment to judge.\n")
        else:
            out.write(format_table(columns, rows) + "\n\n")
            for record in records:
                out.write(f"{record['id']}: {record['explanation']}\n")
    if args.fail_on:
        wanted = set(args.fail_on)
        if any(r["status"] in wanted or wanted & set(r["flags"]) for r in records):
            return EXIT_FAIL_ON
    return 0


def _log(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    fields = {name: getattr(args, name) for name in FIELDS}
    out.write(f"{tracker.log(fields)}\n")
    return 0


def _retract(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    retraction = tracker.retract(args.update_id, args.reason, args.by)
    out.write(f"retracted update #{retraction.update_id} (retraction #{retraction.id})\n")
    return 0


def _import(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    try:
        stream = args.file.open("rb")
    except OSError as exc:
        raise InputError([FieldError("file", f"cannot be read: {exc.strerror}")]) from exc
    with stream:
        size = os.fstat(stream.fileno()).st_size
        progress = progress_bar(sys.stderr, f"importing {args.file.name}", size)
        try:
            imported = tracker.import_csv(
                stream, name=str(args.file), progress=progress, second_process=worth_a_second_process(tracker.store.engine.dialect.name),
                stage=progress.stage if progress is not None else lambda what: None)
        finally:
            if progress is not None:
                progress.end()
    out.write(f"imported {imported.count} updates: #{imported.first_id} to #{imported.last_id}\n")
    return 0


def _export(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    assessments = tracker.assessments(args.as_of)
    if args.format == "json":
        out.write(to_json(tracker.catalog, assessments, tracker.store.updates()) + "\n")
    elif args.format == "csv":
        out.write(updates_csv(tracker.store.updates()) if args.table == "updates" else statuses_csv(tracker.catalog, assessments))
    else:
        out.write(to_ics(tracker.catalog, assessments, tracker.clock()).decode("utf-8"))
    return 0


def _describe(problem: FieldError, command: str) -> str:
    """Name the field as the user typed it: `--observed` for `log`, `line 3, observed` for a file
    (its lines numbered as a spreadsheet numbers them, the header being line 1)."""
    if command == "log" and problem.row is None and problem.field in FIELDS:
        return f"--{problem.field.replace('_', '-')}: {problem.message}"
    return str(problem)


def main(argv: Sequence[str] | None = None, clock: Clock = system_clock, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command; returns the exit code."""
    stdout, stderr = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        tracker = open_tracker(clock=clock)
        return args.handler(tracker, args, stdout)
    except InputError as exc:
        for problem in exc.errors:
            stderr.write(f"error: {_describe(problem, args.command)}\n")
        stderr.write("nothing was stored\n")
        return EXIT_BAD_INPUT
    except (StoreError, SettingsError, CatalogError, BackupError) as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    except MemoryError:
        # Imports stream in bounded memory; this is for a machine short of memory already.
        stderr.write(f"error: {args.command} ran out of memory; nothing was stored\n")
        return EXIT_OUT_OF_MEMORY
