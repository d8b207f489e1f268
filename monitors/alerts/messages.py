"""The words of an alert: a subject a person can triage from a list, and a body that says what
happened, to which commitment, when, why its status is what it is, and where to read more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from urllib.parse import quote

from monitors.alerts.rules import DueAlert
from monitors.catalog import Catalog
from monitors.domain import PARTY_NAMES


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    link: str


def commitment_link(dashboard_url: str, commitment_id: str) -> str:
    """The dashboard page of one commitment."""
    return f"{dashboard_url.rstrip('/')}/?commitment={quote(commitment_id, safe='')}"


def _day(day: date) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')} ({day.isoformat()})"


def _in_days(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def _ago(days: int) -> str:
    return {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")


def _lifecycle(due: DueAlert, title: str, today: date) -> tuple[str, str]:
    """(subject, first paragraph) for the expiry, data-late and ended kinds."""
    if due.kind == "ended":
        assert due.since is not None
        return (f"Ended: {title} (on {due.since.isoformat()})",
                f"This commitment ended on {_day(due.since)}, {_ago((today - due.since).days)} (update #{due.assessment.ended_by}): "
                "it counts as neither kept nor broken from then on.")
    if due.kind == "stale":
        assert due.since is not None
        return (f"Data late: {title} (expected by {(due.since - timedelta(days=1)).isoformat()})",
                f"The evidence this commitment is judged on is late since {_day(due.since)}: "
                "the next figure, or any word at all, has not been logged in time.")
    expiry = due.expiry
    assert expiry is not None
    if due.kind == "expiring":
        days = (expiry.deadline - today).days
        return (f"Expires {_in_days(days)}: {title} (expiry {expiry.deadline.isoformat()}, unless renewed)",
                f"This commitment holds until {_day(expiry.deadline)}, {_in_days(days)}: it lapses on that day "
                f"unless a renewal is logged (status: {due.assessment.status}).")
    return (f"Lapsed: {title} (expired {expiry.deadline.isoformat()}, no renewal logged)",
            f"This commitment lapsed on {_day(expiry.deadline)}, {_ago((today - expiry.deadline).days)}: "
            "no renewal is logged, so it no longer counts as met.")


def _what(due: DueAlert, title: str, today: date, repeat_days: int) -> tuple[str, str]:
    """(subject, first paragraph) for the alert's kind."""
    deadline = due.deadline
    if due.kind == "change":
        assert due.previous is not None
        old, new = due.previous.status, due.assessment.status
        return f"Now {new}: {title} (was {old})", f"The status of this commitment changed from {old} to {new}."
    if due.kind in ("expiring", "lapsed", "stale", "ended"):
        return _lifecycle(due, title, today)
    assert deadline is not None
    if due.kind == "reminder":
        days = (deadline.deadline - today).days
        return (
            f"Due {_in_days(days)}: {title} (deadline {deadline.deadline.isoformat()})",
            f"The deadline of this commitment is {_in_days(days)}, on {_day(deadline.deadline)}, "
            f"and it is not met yet (status: {due.assessment.status}).",
        )
    late = (today - deadline.deadline).days
    subject = f"Overdue: {title} (deadline {deadline.deadline.isoformat()} passed unmet)"
    if due.occurrence:
        subject = f"Still overdue after {late} days: {title} (deadline {deadline.deadline.isoformat()})"
    text = f"The deadline of this commitment, {_day(deadline.deadline)}, passed {late} day{'s' if late != 1 else ''} ago unmet."
    if repeat_days:
        text += (f" This alert repeats every {repeat_days} days until someone acknowledges it in the inbox"
                 " or the commitment is met.")
    return subject, text


def render(due: DueAlert, catalog: Catalog, now: datetime, zone: tzinfo, repeat_days: int, dashboard_url: str) -> Message:
    """The subject, body and link of a due alert, as of `now` in the alerts' time zone."""
    commitment = catalog.commitments[due.commitment_id]
    framework = catalog.frameworks[commitment.framework]
    today = now.astimezone(zone).date()
    subject, what = _what(due, commitment.title, today, repeat_days)
    link = commitment_link(dashboard_url, commitment.id)
    lines = [
        what,
        "",
        f"Commitment: {commitment.title} ({commitment.id})",
        f"Framework: {framework.name}; owed by {PARTY_NAMES[commitment.obligor]}; category {commitment.category}",
    ]
    if due.deadline is not None:
        deadline = f"Deadline: {due.deadline.deadline.isoformat()}"
        original = due.assessment.original_deadline
        if original is not None and original != due.deadline.deadline:
            deadline += f" (extended; originally {original.isoformat()})"
        lines.append(deadline)
    if due.expiry is not None:
        expiry = f"Expires: {due.expiry.deadline.isoformat()}"
        if due.assessment.expiries[0].deadline != due.expiry.deadline:
            expiry += f" (renewed; originally {due.assessment.expiries[0].deadline.isoformat()})"
        lines.append(expiry)
    lines += [
        f"Status on {today.isoformat()}: {due.assessment.status}",
        f"Why: {due.assessment.verdict.explanation}",
        "",
        f"Open it on the dashboard: {link}",
        "",
        f"Raised {now.astimezone(zone).strftime('%Y-%m-%d %H:%M %Z')} by the trade-truce monitor.",
    ]
    return Message(subject, "\n".join(lines), link)
