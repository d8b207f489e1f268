"""`python -m monitors users ...`: how the first editor account comes to exist on a fresh machine.

The password never appears on the command line (where `ps` and shell history would keep it):
it is typed twice at a prompt, or read from standard input with --password-stdin for scripts.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any, TextIO

from monitors.accounts import ROLES, create_account, list_accounts
from monitors.tracker import Tracker
from monitors.validation import FieldError, InputError


def add_user_commands(commands: Any) -> None:
    """Register `users add` and `users list` on the top-level subparsers."""
    users = commands.add_parser("users", help="local accounts that may log evidence in the dashboard")
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create an account (asks for the password twice)")
    add.add_argument("username", metavar="NAME")
    add.add_argument("--role", choices=ROLES, default="editor", help="editor (may log, retract, import) or viewer")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    actions.add_parser("list", help="every account with its role")
    users.set_defaults(handler=run_users)


def _read_password(from_stdin: bool, stdin: TextIO) -> str:
    if from_stdin:
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise InputError([FieldError("password", "the two passwords typed do not match")])
    return first


def run_users(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    """Handle `users add` / `users list`; bad input raises InputError (the caller reports it)."""
    if args.users_command == "list":
        for account in list_accounts(tracker.store):
            out.write(f"{account.username}\t{account.role}\t{account.created_at.isoformat(timespec='seconds')}\n")
        return 0
    password = _read_password(args.password_stdin, sys.stdin)
    account = create_account(tracker.store, args.username, password, tracker.clock(), role=args.role)
    out.write(f"created {account.role} account '{account.username}'\n")
    return 0
