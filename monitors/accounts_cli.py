"""`python -m monitors users ...`: how the first editor account comes to exist on a fresh machine,
and how an administrator gives a new password or role, or removes an account.

The password never appears on the command line (where `ps` and shell history would keep it):
it is typed twice at a prompt, or read from standard input with --password-stdin for scripts.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any, TextIO

from monitors.accounts import ROLES, change_password, change_role, create_account, list_accounts, remove_account
from monitors.tracker import Tracker
from monitors.validation import FieldError, InputError


def add_user_commands(commands: Any) -> None:
    """Register the `users` actions on the top-level subparsers."""
    users = commands.add_parser("users", help="local accounts that may log evidence in the dashboard")
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create an account (asks for the password twice)")
    add.add_argument("username", metavar="NAME")
    add.add_argument("--role", choices=ROLES, default="editor", help="editor (may log, retract, import) or viewer")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    actions.add_parser("list", help="every account with its role")
    password = actions.add_parser("password", help="set a new password (asks twice); ends the account's sign-ins")
    password.add_argument("username", metavar="NAME")
    password.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    role = actions.add_parser("role", help="make the account an editor or a viewer; ends its sign-ins")
    role.add_argument("username", metavar="NAME")
    role.add_argument("role", choices=ROLES)
    remove = actions.add_parser("remove", help="delete the account and its alert subscriptions, and end its sign-ins (the evidence it logged stays)")
    remove.add_argument("username", metavar="NAME")
    users.set_defaults(handler=run_users)


def _read_password(from_stdin: bool, stdin: TextIO) -> str:
    if from_stdin:
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise InputError([FieldError("password", "the two passwords typed do not match")])
    return first


def run_users(tracker: Tracker, args: argparse.Namespace, out: TextIO) -> int:
    """Handle a `users` action; bad input raises InputError (the caller reports it)."""
    ended = "its sign-ins in the dashboard have ended"
    if args.users_command == "list":
        for account in list_accounts(tracker.store):
            out.write(f"{account.username}\t{account.role}\t{account.created_at.isoformat(timespec='seconds')}\n")
    elif args.users_command == "add":
        password = _read_password(args.password_stdin, sys.stdin)
        account = create_account(tracker.store, args.username, password, tracker.clock(), role=args.role)
        out.write(f"created {account.role} account '{account.username}'\n")
    elif args.users_command == "password":
        account = change_password(tracker.store, args.username, _read_password(args.password_stdin, sys.stdin), tracker.clock())
        out.write(f"changed the password of '{account.username}'; {ended}\n")
    elif args.users_command == "role":
        account = change_role(tracker.store, args.username, args.role, tracker.clock())
        out.write(f"'{account.username}' is now a{'n' if account.role == 'editor' else ''} {account.role}; {ended}\n")
    else:
        unsubscribed = remove_account(tracker.store, args.username, tracker.clock())
        out.write(f"removed the account '{args.username.strip()}' and its {unsubscribed} alert subscription(s); {ended}\n")
    return 0
