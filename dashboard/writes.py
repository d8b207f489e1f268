"""The dashboard's write path: every change to the log or the alert inbox goes through here, as a
signed-in editor.

The pages only offer the forms to editors; checking again here means no page can write for
someone who is not one. Every page shows a write at once: the cached reads of the log are keyed on
its state (dashboard/data.py), and each write clears the cached alert reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import BinaryIO

from dashboard import data
from dashboard.auth import User
from monitors.alerts import Alert, acknowledge
from monitors.domain import NewUpdate, Retraction
from monitors.store import Imported


class NotAnEditor(PermissionError):
    """Raised when someone who is not a signed-in editor tries to write."""


def _require(user: User | None) -> User:
    if user is None or not user.can_edit:
        raise NotAnEditor("Sign in as an editor to change the log.")
    return user


def log_update(user: User | None, new_update: NewUpdate) -> int:
    """Append one update (from Tracker.validate) as `user`, who is recorded as its author
    whatever the update says; returns its id."""
    editor = _require(user)
    update_id = data.tracker().append(replace(new_update, logged_by=editor.name))
    data.refresh()
    return update_id


def retract(user: User | None, update_id: int, reason: str | None) -> Retraction:
    """Withdraw an update as `user`. Raises InputError (reason) or StoreError (update_id)."""
    editor = _require(user)
    retraction = data.tracker().retract(update_id, reason, editor.name)
    data.refresh()
    return retraction


def import_csv(
    user: User | None, stream: BinaryIO, name: str = "an uploaded file", progress: Callable[[int], None] | None = None,
    stage: Callable[[str], None] = lambda what: None,
) -> Imported:
    """Append every row of a CSV file as `user`, all or nothing, read from `stream` a chunk at a
    time; `progress` is told the bytes read so far, `stage` each step after the last row. Says
    how many and which ids."""
    editor = _require(user)
    imported = data.tracker().import_csv(stream, name=name, by=editor.name, progress=progress, stage=stage)
    data.refresh()
    return imported


def acknowledge_alert(user: User | None, alert_id: int) -> Alert:
    """Mark an alert as seen by `user` (an overdue alert then stops repeating); acknowledging
    twice keeps the first. Raises StoreError naming `alert_id` when there is no such alert."""
    editor = _require(user)
    alert = acknowledge(data.tracker().store, alert_id, by=editor.name, now=data.tracker().clock())
    data.refresh()
    return alert
