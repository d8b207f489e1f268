"""Personal subscriptions: a person's own channel (an apprise URL: their e-mail, their webhook)
and what they want to hear about (commitments, frameworks, categories, obligor parties, alert
kinds; empty means any). The scan queues a delivery for each subscription an alert matches,
next to the configured channels; the worker builds a channel per subscription on every pass,
so a subscription added or removed in the dashboard counts from the next pass on.

Input is checked here, once, for the command line and the dashboard alike; every error names
the field. The URL is a secret (it may hold an SMTP password): only its redacted form is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import apprise
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monitors.alerts.channels import AppriseChannel
from monitors.alerts.routing import Route, redact
from monitors.alerts.rules import KINDS
from monitors.alerts.tables import subscriptions_table
from monitors.catalog import Catalog, Commitment
from monitors.store import Store, StoreError, from_db, to_db

PARTIES: tuple[str, ...] = ("us", "cn", "both")
DIGESTS: tuple[str, ...] = ("none", "daily", "weekly")  # none: each alert as it is raised
FILTERS: tuple[str, ...] = ("commitments", "frameworks", "categories", "parties", "kinds")
MAX_OWNER = 100


class SubscriptionError(StoreError):
    """A subscription refused; `field` is the option or form field at fault."""


@dataclass(frozen=True)
class Interest:
    """What a subscriber wants to hear about; an empty set means any."""

    commitments: frozenset[str] = frozenset()
    frameworks: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()

    def matches(self, commitment: Commitment, kind: str) -> bool:
        wanted = ((self.commitments, commitment.id), (self.frameworks, commitment.framework),
                  (self.categories, commitment.category), (self.parties, commitment.obligor), (self.kinds, kind))
        return all(not values or value in values for values, value in wanted)

    def describe(self) -> str:
        """The choices in words: `parties=cn; kinds=lapsed`, or `every alert`."""
        parts = [f"{name}={','.join(sorted(getattr(self, name)))}" for name in FILTERS if getattr(self, name)]
        return "; ".join(parts) or "every alert"


@dataclass(frozen=True)
class Subscription:
    id: int
    owner: str
    url: str
    interest: Interest
    created_at: datetime
    digest: str = "none"

    @property
    def channel(self) -> str:
        """The delivery's channel name: says whose it is, never the secret URL."""
        return f"subscription #{self.id} ({self.owner})"

    @property
    def shown_url(self) -> str:
        return redact(self.url)


def _values(given: Iterable[str] | None) -> list[str]:
    values: list[str] = []
    for item in given or ():
        values.extend(v.strip() for v in item.split(",") if v.strip())
    return sorted(set(values))


def _check_values(field: str, values: list[str], known: Sequence[str]) -> frozenset[str]:
    for value in values:
        if value not in known:
            shown = ", ".join(known) if len(known) <= 12 else f"{', '.join(known[:12])}, ..."
            raise SubscriptionError(field, f"'{value}' is not one of {shown}")
    return frozenset(values)


def parse_interest(catalog: Catalog, commitments: Iterable[str] | None = None, frameworks: Iterable[str] | None = None,
                   categories: Iterable[str] | None = None, parties: Iterable[str] | None = None,
                   kinds: Iterable[str] | None = None) -> Interest:
    """An Interest from text values (each may be comma-separated); refuses unknown values."""
    known_categories = sorted({c.category for c in catalog.commitments.values()})
    return Interest(
        _check_values("commitment", _values(commitments), list(catalog.commitments)),
        _check_values("framework", _values(frameworks), list(catalog.frameworks)),
        _check_values("category", _values(categories), known_categories),
        _check_values("party", _values(parties), PARTIES),
        _check_values("kind", _values(kinds), KINDS),
    )


def check_url(url: str | None) -> str:
    """An apprise URL apprise can load; refused with the field `url`, the password hidden."""
    text = (url or "").strip()
    if not text:
        raise SubscriptionError("url", "is required (an apprise URL such as mailto://... or json://...)")
    if any(c.isspace() for c in text):
        raise SubscriptionError("url", "must be one URL, without spaces")
    if not apprise.Apprise().add(text):
        raise SubscriptionError("url", f"apprise cannot use '{redact(text)}' (unknown scheme, or a required part is missing)")
    return text


def _owner(owner: str | None) -> str:
    name = (owner or "").strip()
    if not name:
        raise SubscriptionError("owner", "is required (the subscriber's user name)")
    if len(name) > MAX_OWNER:
        raise SubscriptionError("owner", f"is longer than {MAX_OWNER} characters")
    return name


def _row(subscription_row: sa.Row) -> Subscription:  # type: ignore[type-arg]
    interest = Interest(**{name: frozenset(v for v in getattr(subscription_row, name).split(",") if v) for name in FILTERS})
    return Subscription(subscription_row.id, subscription_row.owner, subscription_row.url, interest,
                        from_db(subscription_row.created_at), subscription_row.digest)


def load_subscriptions(connection: Connection, owner: str | None = None) -> list[Subscription]:
    query = sa.select(subscriptions_table).order_by(subscriptions_table.c.id)
    if owner is not None:
        query = query.where(subscriptions_table.c.owner == owner)
    return [_row(r) for r in connection.execute(query)]


def list_subscriptions(store: Store, owner: str | None = None) -> list[Subscription]:
    """Every subscription (or one owner's), oldest first."""
    with store.engine.connect() as connection:
        return load_subscriptions(connection, owner)


def subscribe(store: Store, owner: str | None, url: str | None, interest: Interest, now: datetime,
              digest: str = "none") -> Subscription:
    """Add a subscription; refuses a bad owner, URL or digest, or the same URL twice for one owner."""
    name, text = _owner(owner), check_url(url)
    if digest not in DIGESTS:
        raise SubscriptionError("digest", f"'{digest}' is not one of {', '.join(DIGESTS)}")
    values = {field: ",".join(sorted(getattr(interest, field))) for field in FILTERS}
    with store.writing() as connection:
        if any(s.url == text for s in load_subscriptions(connection, name)):
            raise SubscriptionError("url", f"{name} already has a subscription to {redact(text)}")
        new_id = connection.execute(subscriptions_table.insert().values(
            owner=name, url=text, digest=digest, created_at=to_db(now), **values).returning(subscriptions_table.c.id)).scalar_one()
    return Subscription(int(new_id), name, text, interest, now, digest)


def unsubscribe(store: Store, subscription_id: int, owner: str | None) -> Subscription:
    """Remove one of the owner's subscriptions; its deliveries still pending then fail."""
    name = _owner(owner)
    with store.writing() as connection:
        found = [s for s in load_subscriptions(connection, name) if s.id == subscription_id]
        if not found:
            raise SubscriptionError("subscription_id", f"{name} has no subscription #{subscription_id}")
        connection.execute(subscriptions_table.delete().where(subscriptions_table.c.id == subscription_id))
    return found[0]


def subscription_channels(subscriptions: Iterable[Subscription], timeout: float) -> list[AppriseChannel]:
    """A channel per subscription apprise can still load, named as its deliveries are."""
    channels = []
    for subscription in subscriptions:
        service = apprise.Apprise()
        if service.add(subscription.url):
            channels.append(AppriseChannel(service, Route(), timeout, name=subscription.channel))
    return channels


def subscription_record(subscription: Subscription) -> dict[str, object]:
    """A subscription for `alerts subscriptions --format json`: the URL redacted."""
    return {"id": subscription.id, "owner": subscription.owner, "url": subscription.shown_url,
            "digest": subscription.digest, "created_at": subscription.created_at.isoformat(),
            **{name: sorted(getattr(subscription.interest, name)) for name in FILTERS}}
