"""Whether a new update repeats one already in the log: a second click on "Log update", or the
same news logged twice. The log is append-only, so a duplicate could only be withdrawn by a
retraction; the form asks before storing one. Pure: compares values, reads nothing."""

from __future__ import annotations

from collections.abc import Iterable

from monitors.domain import NewUpdate, Update

_COMPARED = ("commitment_id", "observed", "source_party", "source", "asserts", "kind", "url", "value", "unit",
             "period", "new_deadline", "new_expiry", "tier", "note")


def identical_update(new_update: NewUpdate, existing: Iterable[Update]) -> Update | None:
    """The first update still in force (not retracted) that says exactly what `new_update`
    says, whoever logged it; None when there is none."""
    wanted = tuple(getattr(new_update, name) for name in _COMPARED)
    return next((u for u in existing if not u.retracted and tuple(getattr(u, name) for name in _COMPARED) == wanted), None)
