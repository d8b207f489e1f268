"""Local accounts: hashed passwords, field-named errors, sign-in attempts and the slow-down after
repeated failures (tested just before, at and after the end of the window), a new password, a
new role and removal (each ending the account's sign-ins), and `users` commands."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from argon2 import PasswordHasher

from monitors import accounts as accounts_module
from monitors import accounts_cli
from monitors.accounts import (
    FAILURE_WINDOW,
    MAX_FAILURES,
    SignInThrottled,
    accounts_table,
    attempts_table,
    change_password,
    change_role,
    create_account,
    find_account,
    last_sign_out,
    list_accounts,
    remove_account,
    sign_outs_table,
    verify,
)
from monitors.alerts.subscriptions import list_subscriptions, parse_interest, subscribe
from monitors.cli import main as cli
from monitors.validation import InputError

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    """Cheaper argon2 parameters: these tests hash dozens of times; the algorithm is the same."""
    monkeypatch.setattr(accounts_module, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def store(tracker):
    create_account(tracker.store, "alice", PASSWORD, T0)
    return tracker.store


def attempts(store) -> list[tuple[str, bool]]:
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(attempts_table.c.username, attempts_table.c.succeeded).order_by(attempts_table.c.id))
        return [tuple(r) for r in rows]


def fail(store, times: int, start: datetime = T0) -> None:
    for n in range(times):
        assert verify(store, "alice", "wrong password", start + timedelta(seconds=n)) is False


def test_the_right_password_signs_in_and_every_attempt_is_recorded(store):
    assert verify(store, "alice", PASSWORD, T0) is True
    assert verify(store, "alice", "not it at all", T0) is False
    assert verify(store, "mallory", PASSWORD, T0) is False
    assert attempts(store) == [("alice", True), ("alice", False), ("mallory", False)]


def test_the_password_is_stored_only_as_an_argon2_hash(store):
    with store.engine.connect() as connection:
        stored = connection.execute(sa.select(accounts_table.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_accounts_are_listed_with_their_role(store):
    create_account(store, "bob", "another long password", T0, role="viewer")
    assert [(a.username, a.role, a.can_edit) for a in list_accounts(store)] == [("alice", "editor", True), ("bob", "viewer", False)]
    assert find_account(store, "bob").created_at == T0
    assert find_account(store, "carol") is None


@pytest.mark.parametrize(
    ("username", "password", "role", "field", "message"),
    [
        ("", PASSWORD, "editor", "username", "is required"),
        ("bad name", PASSWORD, "editor", "username", "letters, digits"),
        ("-dash", PASSWORD, "editor", "username", "start with a letter or digit"),
        ("x" * 101, PASSWORD, "editor", "username", "1 to 100"),
        ("carol", "short", "editor", "password", "at least 10 characters"),
        ("carol", " " * 12, "editor", "password", "only spaces"),
        ("carol", PASSWORD, "admin", "role", "not one of editor, viewer"),
        ("alice", PASSWORD, "editor", "username", "already has an account"),
    ],
)
def test_bad_accounts_are_refused_naming_the_field(store, username, password, role, field, message):
    with pytest.raises(InputError) as caught:
        create_account(store, username, password, T0, role=role)
    assert [(e.field, message in e.message) for e in caught.value.errors] == [(field, True)]
    assert [a.username for a in list_accounts(store)] == ["alice"]


def test_after_repeated_failures_even_the_right_password_is_not_checked(store):
    fail(store, MAX_FAILURES)
    with pytest.raises(SignInThrottled) as caught:
        verify(store, "alice", PASSWORD, T0 + timedelta(minutes=1))
    assert "slows down password guessing" in str(caught.value)
    assert caught.value.retry_at == T0 + FAILURE_WINDOW
    assert len(attempts(store)) == MAX_FAILURES  # the refused attempt was never checked


def test_the_slow_down_ends_when_the_window_has_passed(store):
    fail(store, MAX_FAILURES)
    with pytest.raises(SignInThrottled):
        verify(store, "alice", PASSWORD, T0 + FAILURE_WINDOW - timedelta(seconds=1))
    assert verify(store, "alice", PASSWORD, T0 + FAILURE_WINDOW) is True


def test_fewer_failures_than_the_limit_do_not_slow_anyone_down(store):
    fail(store, MAX_FAILURES - 1)
    assert verify(store, "alice", PASSWORD, T0 + timedelta(minutes=1)) is True


def test_a_success_starts_the_count_again(store):
    fail(store, MAX_FAILURES - 1)
    assert verify(store, "alice", PASSWORD, T0 + timedelta(minutes=1)) is True
    fail(store, MAX_FAILURES - 1, start=T0 + timedelta(minutes=2))
    assert verify(store, "alice", PASSWORD, T0 + timedelta(minutes=3)) is True


def test_the_slow_down_is_per_username(store):
    create_account(store, "bob", "another long password", T0)
    fail(store, MAX_FAILURES)
    assert verify(store, "bob", "another long password", T0 + timedelta(minutes=1)) is True


def test_the_slow_down_holds_in_another_time_zone(store):
    tokyo = timezone(timedelta(hours=9))
    fail(store, MAX_FAILURES)
    with pytest.raises(SignInThrottled):
        verify(store, "alice", PASSWORD, (T0 + timedelta(minutes=14)).astimezone(tokyo))
    assert verify(store, "alice", PASSWORD, (T0 + FAILURE_WINDOW).astimezone(tokyo)) is True


def run_cli(monkeypatch, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    code = cli(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_users_add_reads_the_password_from_stdin_and_users_list_shows_it(db_url, monkeypatch):
    code, out, _ = run_cli(monkeypatch, ["users", "add", "alice", "--password-stdin"], PASSWORD + "\n")
    assert (code, out) == (0, "created editor account 'alice'\n")
    code, out, _ = run_cli(monkeypatch, ["users", "add", "bob", "--role", "viewer", "--password-stdin"], "another long one\n")
    assert code == 0
    code, out, _ = run_cli(monkeypatch, ["users", "list"])
    assert [line.split("\t")[:2] for line in out.splitlines()] == [["alice", "editor"], ["bob", "viewer"]]


def test_users_add_asks_twice_and_refuses_a_mismatch(db_url, monkeypatch):
    typed = iter([PASSWORD, "something else entirely"])
    monkeypatch.setattr(accounts_cli.getpass, "getpass", lambda prompt: next(typed))
    code, out, err = run_cli(monkeypatch, ["users", "add", "alice"])
    assert code == 2
    assert err == "error: password: the two passwords typed do not match\nnothing was stored\n"


def test_users_add_with_matching_prompts_creates_the_account(db_url, monkeypatch):
    monkeypatch.setattr(accounts_cli.getpass, "getpass", lambda prompt: PASSWORD)
    assert run_cli(monkeypatch, ["users", "add", "alice"])[0] == 0
    assert run_cli(monkeypatch, ["users", "list"])[1].startswith("alice\teditor\t")


def test_users_add_names_the_bad_field_and_stores_nothing(db_url, monkeypatch):
    code, _, err = run_cli(monkeypatch, ["users", "add", "alice", "--password-stdin"], "short\n")
    assert code == 2
    assert err == "error: password: must be at least 10 characters long\nnothing was stored\n"
    assert run_cli(monkeypatch, ["users", "list"])[1] == ""


def sign_out_rows(store) -> int:
    with store.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(sign_outs_table)).scalar_one()


def test_a_new_password_replaces_the_old_and_ends_the_sign_ins(store):
    later = T0 + timedelta(days=3)
    change_password(store, "alice", "a brand new passphrase", later)
    assert verify(store, "alice", "a brand new passphrase", later) is True
    assert verify(store, "alice", PASSWORD, later) is False
    assert last_sign_out(store, "alice") == later  # tokens issued until now are refused (session_token.py)


def test_a_new_role_is_stored_and_ends_the_sign_ins(store):
    later = T0 + timedelta(days=3)
    assert change_role(store, "alice", "viewer", later).role == "viewer"
    assert find_account(store, "alice").role == "viewer"
    assert last_sign_out(store, "alice") == later  # the next sign-in carries the new role


def test_a_removed_account_takes_its_alert_subscriptions_with_it(tracker, store):
    """Someone who has left stops getting alerts, and a later account of that name does not inherit them."""
    anything = parse_interest(tracker.catalog)
    subscribe(store, "alice", "json://127.0.0.1:9/alice", anything, T0)
    subscribe(store, "alice", "json://127.0.0.1:9/alice-too", anything, T0)
    kept = subscribe(store, "bob", "json://127.0.0.1:9/bob", anything, T0)
    assert remove_account(store, "alice", T0 + timedelta(days=1)) == 2
    assert list_subscriptions(store) == [kept]


def test_a_removed_account_cannot_sign_in_and_its_name_can_be_given_again(store):
    later = T0 + timedelta(days=3)
    remove_account(store, "alice", later)
    assert find_account(store, "alice") is None and list_accounts(store) == []
    assert verify(store, "alice", PASSWORD, later) is False
    assert last_sign_out(store, "alice") == later  # a token of the old account is refused
    create_account(store, "alice", "someone else's passphrase", later + timedelta(days=1), role="viewer")
    assert find_account(store, "alice").role == "viewer"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda store: change_password(store, "zed", "a brand new passphrase", T0), "username", "no account named 'zed'"),
        (lambda store: change_role(store, "zed", "viewer", T0), "username", "no account named 'zed'"),
        (lambda store: remove_account(store, "zed", T0), "username", "no account named 'zed'"),
        (lambda store: change_password(store, "alice", "short", T0), "password", "must be at least 10 characters long"),
        (lambda store: change_role(store, "alice", "admin", T0), "role", "'admin' is not one of editor, viewer"),
    ],
)
def test_a_change_that_cannot_be_made_names_the_field_and_changes_nothing(store, change, field, message):
    with pytest.raises(InputError) as error:
        change(store)
    assert [(e.field, e.message) for e in error.value.errors] == [(field, message)]
    assert find_account(store, "alice").role == "editor" and verify(store, "alice", PASSWORD, T0) is True
    assert sign_out_rows(store) == 0


def test_users_password_role_and_remove_commands(db_url, monkeypatch):
    run_cli(monkeypatch, ["users", "add", "alice", "--password-stdin"], PASSWORD + "\n")
    code, out, _ = run_cli(monkeypatch, ["users", "password", "alice", "--password-stdin"], "a brand new passphrase\n")
    assert (code, out) == (0, "changed the password of 'alice'; its sign-ins in the dashboard have ended\n")
    code, out, _ = run_cli(monkeypatch, ["users", "role", "alice", "viewer"])
    assert (code, out) == (0, "'alice' is now a viewer; its sign-ins in the dashboard have ended\n")
    assert run_cli(monkeypatch, ["users", "list"])[1].startswith("alice\tviewer\t")
    code, out, _ = run_cli(monkeypatch, ["users", "remove", "alice"])
    assert (code, out) == (0, "removed the account 'alice' and its 0 alert subscription(s); its sign-ins in the dashboard "
                              "have ended\n")
    assert run_cli(monkeypatch, ["users", "list"])[1] == ""


def test_users_password_asks_twice_and_a_missing_account_is_named(db_url, monkeypatch):
    run_cli(monkeypatch, ["users", "add", "alice", "--password-stdin"], PASSWORD + "\n")
    typed = iter(["a brand new passphrase", "a different passphrase"])
    monkeypatch.setattr(accounts_cli.getpass, "getpass", lambda prompt: next(typed))
    code, _, err = run_cli(monkeypatch, ["users", "password", "alice"])
    assert (code, err) == (2, "error: password: the two passwords typed do not match\nnothing was stored\n")
    code, _, err = run_cli(monkeypatch, ["users", "remove", "zed"])
    assert (code, err) == (2, "error: username: no account named 'zed'\nnothing was stored\n")
