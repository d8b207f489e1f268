"""A test message to one channel, sent at once: so a person can tell, when they set up a channel
or a subscription, that it reaches them. It is not an alert: it is neither kept in the inbox nor
retried, and its only record is the answer shown to whoever asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from monitors.alerts.channels import Channel, DeliveryError

SUBJECT = "Test alert from the trade-truce monitor"


@dataclass(frozen=True)
class CheckupResult:
    channel: str
    sent: bool
    error: str | None = None


def checkup_text(channel: str, now: datetime, zone: tzinfo, dashboard_url: str) -> str:
    when = now.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")
    return (f"This is a test of the channel {channel}, sent on request at {when}. "
            "Real alerts will arrive here the same way.\n\n"
            f"The inbox and every alert: {dashboard_url.rstrip('/')}/alerts")


def send_test(channel: Channel, now: datetime, zone: tzinfo, dashboard_url: str) -> CheckupResult:
    """Send the test message now; never raises for a channel that fails."""
    try:
        channel.send(SUBJECT, checkup_text(channel.name, now, zone, dashboard_url))
    except DeliveryError as exc:
        return CheckupResult(channel.name, False, str(exc))
    return CheckupResult(channel.name, True)
