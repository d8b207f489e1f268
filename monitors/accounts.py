"""Local accounts for a machine with no identity provider: who may log evidence.

Passwords are hashed with argon2id (argon2-cffi), never stored. Every checked sign-in is
recorded, and after MAX_FAILURES failures for a username within FAILURE_WINDOW the hash is not
even checked until the window has passed: that makes guessing a password by trial too slow to
be worth it. Signing out is recorded too, so that it ends the sign-in in every dashboard process;
a new password, a new role or the account's removal records one as well, so that no sign-in
outlives what it was granted on. The tables are created by migrations 0002 and 0008.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from monitors.alerts.tables import subscriptions_table
from monitors.store import Store, serialise, to_db
from monitors.validation import FieldError, InputError

ROLES: tuple[str, ...] = ("editor", "viewer")
MIN_PASSWORD = 10
MAX_PASSWORD = 1000
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")

_hasher = PasswordHasher()


@cache
def _decoy_hash() -> str:
    """Compared against when the username is unknown, so a miss costs as long as a wrong
    password. Made on first use: hashing at import slowed every command by 0.2 s."""
    return _hasher.hash("decoy password, never accepted")

metadata = sa.MetaData()
accounts_table = sa.Table(
    "accounts",
    metadata,
    sa.Column("username", sa.String(100), primary_key=True),
    sa.Column("password_hash", sa.String(300), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)
attempts_table = sa.Table(
    "sign_in_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(100), nullable=False),
    sa.Column("attempted_at", sa.DateTime, nullable=False),
    sa.Column("succeeded", sa.Boolean, nullable=False),
)
sign_outs_table = sa.Table(  # migration 0008
    "sign_outs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(100), nullable=False),
    sa.Column("signed_out_at", sa.DateTime, nullable=False),
)


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    created_at: datetime

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"


class SignInThrottled(Exception):
    """Too many failed sign-ins for a username; the password was not checked."""

    def __init__(self, username: str, retry_at: datetime):
        self.username = username
        self.retry_at = retry_at
        super().__init__(
            f"Too many failed sign-ins for '{username}' in the last {FAILURE_WINDOW.seconds // 60} minutes. "
            f"Try again after {retry_at.strftime('%H:%M')} UTC: waiting between attempts slows down password guessing."
        )


def check_username(username: str | None) -> str:
    """The username, stripped; raise InputError on the `username` field if it cannot be one."""
    name = (username or "").strip()
    if not name:
        raise InputError([FieldError("username", "is required")])
    if not _USERNAME.match(name):
        raise InputError([FieldError(
            "username",
            "must be 1 to 100 letters, digits or . _ @ - and start with a letter or digit",
        )])
    return name


def check_password(password: str | None) -> str:
    """The password as given; raise InputError on the `password` field if it is too weak or long."""
    text = password or ""
    if len(text) < MIN_PASSWORD:
        raise InputError([FieldError("password", f"must be at least {MIN_PASSWORD} characters long")])
    if len(text) > MAX_PASSWORD:
        raise InputError([FieldError("password", f"must be at most {MAX_PASSWORD} characters long")])
    if not text.strip():
        raise InputError([FieldError("password", "must not be only spaces")])
    return text


def create_account(store: Store, username: str, password: str, now: datetime, role: str = "editor") -> Account:
    """Store a new account; raise InputError naming the field (username taken, weak password, role)."""
    errors: list[FieldError] = []
    name = ""
    try:
        name = check_username(username)
    except InputError as exc:
        errors += exc.errors
    try:
        check_password(password)
    except InputError as exc:
        errors += exc.errors
    if role not in ROLES:
        errors.append(FieldError("role", f"'{role}' is not one of {', '.join(ROLES)}"))
    if errors:
        raise InputError(errors)
    created = to_db(now)
    password_hash = _hasher.hash(password)
    with store.writing() as connection:
        taken = connection.execute(sa.select(accounts_table.c.username).where(accounts_table.c.username == name)).first()
        if taken is not None:
            raise InputError([FieldError("username", f"'{name}' already has an account")])
        connection.execute(
            accounts_table.insert().values(
                username=name, password_hash=password_hash, role=role, created_at=created
            )
        )
    return Account(name, role, created.replace(tzinfo=timezone.utc))


def _account_row(connection: sa.Connection, username: str) -> sa.Row | None:  # type: ignore[type-arg]
    """The account's row (name, role, creation); None for a name no account can have, which is
    never sent to the database (PostgreSQL refuses a NUL byte in text with an error of its own)."""
    name = username.strip()
    if not _USERNAME.match(name):
        return None
    return connection.execute(
        sa.select(accounts_table.c.username, accounts_table.c.role, accounts_table.c.created_at)
        .where(accounts_table.c.username == name)
    ).first()


def _existing(connection: sa.Connection, username: str) -> sa.Row:  # type: ignore[type-arg]
    """The account's row, or InputError on `username` when there is none."""
    row = _account_row(connection, username or "")
    if row is None:
        raise InputError([FieldError("username", f"no account named '{(username or '').strip()}'")])
    return row


def _end_sign_ins(connection: sa.Connection, username: str, now: datetime) -> None:
    """Record a sign-out in the change's own transaction: every token issued before it is refused."""
    connection.execute(sign_outs_table.insert().values(username=username, signed_out_at=to_db(now)))


def _change_account(store: Store, username: str, now: datetime, values: dict[str, str]) -> Account:
    """Set the account's columns and end its sign-ins, in one transaction."""
    with store.writing() as connection:
        row = _existing(connection, username)
        connection.execute(accounts_table.update().where(accounts_table.c.username == row.username).values(**values))
        _end_sign_ins(connection, row.username, now)
    return Account(row.username, values.get("role", row.role), row.created_at.replace(tzinfo=timezone.utc))


def change_password(store: Store, username: str, password: str, now: datetime) -> Account:
    """Give the account a new password (someone forgot theirs, or it may have leaked) and end
    its sign-ins everywhere; raise InputError naming the field."""
    check_password(password)
    return _change_account(store, username, now, {"password_hash": _hasher.hash(password)})


def change_role(store: Store, username: str, role: str, now: datetime) -> Account:
    """Make the account an editor or a viewer, and end its sign-ins, so that the next one
    carries the new role; raise InputError naming the field."""
    if role not in ROLES:
        raise InputError([FieldError("role", f"'{role}' is not one of {', '.join(ROLES)}")])
    return _change_account(store, username, now, {"role": role})


def remove_account(store: Store, username: str, now: datetime) -> int:
    """Delete the account and its alert subscriptions, and end its sign-ins; returns how many
    subscriptions went. Someone who has left gets no more alerts, and a later account given the
    name inherits nothing. Its sign-in attempts and sign-outs are kept, and the evidence it
    logged keeps its name."""
    with store.writing() as connection:
        name = _existing(connection, username).username
        connection.execute(accounts_table.delete().where(accounts_table.c.username == name))
        unsubscribed = connection.execute(subscriptions_table.delete().where(subscriptions_table.c.owner == name)).rowcount
        _end_sign_ins(connection, name, now)
    return unsubscribed


def find_account(store: Store, username: str) -> Account | None:
    """The account of that name, if there is one."""
    with store.engine.connect() as connection:
        row = _account_row(connection, username)
    return Account(row.username, row.role, row.created_at.replace(tzinfo=timezone.utc)) if row else None


def list_accounts(store: Store) -> list[Account]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(accounts_table.c.username, accounts_table.c.role, accounts_table.c.created_at)
            .order_by(accounts_table.c.username)
        ).all()
    return [Account(r.username, r.role, r.created_at.replace(tzinfo=timezone.utc)) for r in rows]


def _recent_failures(connection: sa.Connection, username: str, since: datetime) -> list[datetime]:
    """Failed attempts in the window that came after the last success (a success resets the count)."""
    last_success = connection.execute(
        sa.select(sa.func.max(attempts_table.c.attempted_at))
        .where(attempts_table.c.username == username, attempts_table.c.succeeded.is_(True))
    ).scalar()
    start = max(since, last_success) if last_success is not None else since
    return list(connection.execute(
        sa.select(attempts_table.c.attempted_at)
        .where(
            attempts_table.c.username == username,
            attempts_table.c.succeeded.is_(False),
            attempts_table.c.attempted_at > start,
        )
        .order_by(attempts_table.c.attempted_at)
    ).scalars())


def verify(store: Store, username: str, password: str, now: datetime) -> bool:
    """True when the password is right; records the attempt. Raises SignInThrottled, without
    checking the password, once MAX_FAILURES failures fall inside FAILURE_WINDOW.

    The count and the check run inside one write transaction serialised on the username (on
    SQLite by its write lock, on PostgreSQL by an advisory lock), so parallel guesses queue
    behind each other instead of all slipping under the limit. A name no account can have is
    refused after the same decoy hash, without a database round trip."""
    name = (username or "").strip()[:100]
    if not _USERNAME.match(name):
        _matches(_decoy_hash(), password or "")
        return False
    moment = to_db(now)
    with store.writing() as connection:
        serialise(connection, f"truce:sign-in:{name}")
        failures = _recent_failures(connection, name, moment - FAILURE_WINDOW)
        if len(failures) >= MAX_FAILURES:
            retry_at = failures[-MAX_FAILURES] + FAILURE_WINDOW
            raise SignInThrottled(name, retry_at.replace(tzinfo=timezone.utc))
        stored = connection.execute(
            sa.select(accounts_table.c.password_hash).where(accounts_table.c.username == name)
        ).scalar()
        succeeded = _matches(stored or _decoy_hash(), password or "") and stored is not None
        connection.execute(attempts_table.insert().values(username=name, attempted_at=moment, succeeded=succeeded))
        if succeeded and stored is not None and _hasher.check_needs_rehash(stored):
            connection.execute(
                accounts_table.update().where(accounts_table.c.username == name)
                .values(password_hash=_hasher.hash(password))
            )
    return succeeded


def record_sign_out(store: Store, username: str, now: datetime) -> None:
    """Remember that `username` signed out at `now`, for every process on this store: sign-in
    tokens issued until then are refused everywhere (dashboard/session_token.py)."""
    with store.writing() as connection:
        connection.execute(sign_outs_table.insert().values(username=username, signed_out_at=to_db(now)))


def last_sign_out(store: Store, username: str) -> datetime | None:
    """When `username` last signed out, on any dashboard process; None if never."""
    with store.engine.connect() as connection:
        moment = connection.execute(
            sa.select(sa.func.max(sign_outs_table.c.signed_out_at)).where(sign_outs_table.c.username == username)
        ).scalar()
    return moment.replace(tzinfo=timezone.utc) if moment is not None else None


def _matches(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False
