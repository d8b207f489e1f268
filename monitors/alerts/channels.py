"""External channels: apprise behind one tiny interface. `send(subject, body)` returns when the
remote service accepted the message and raises DeliveryError otherwise, saying whether another
try may help. apprise itself never raises and keeps no state, so both checks live here."""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

import apprise

from monitors.alerts.routing import Route, redact
from monitors.alerts.settings import AlertSettings
from monitors.settings import SettingsError

CALL_LIMIT_FACTOR = 2


class DeliveryError(Exception):
    """A send that did not go through; `permanent` means retrying cannot help."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Channel(Protocol):
    name: str
    route: Route

    def send(self, subject: str, body: str) -> None:
        """Deliver one message or raise DeliveryError."""


class AppriseChannel:
    """One apprise URL with the socket timeouts set and a limit on the whole call."""

    def __init__(self, service: apprise.Apprise, route: Route, timeout: float, name: str | None = None):
        plugin = service[0]
        plugin.socket_connect_timeout = timeout
        plugin.socket_read_timeout = timeout
        self.name = name or plugin.url(privacy=True).split("?")[0]
        self.route = route
        self._service = service
        self._call_limit = timeout * CALL_LIMIT_FACTOR

    def send(self, subject: str, body: str) -> None:
        try:
            result = self._service.notify(
                body=body, title=subject, body_format=apprise.NotifyFormat.TEXT, timeout=self._call_limit,
            )
        except Exception as exc:  # apprise documents no exceptions; a bug in a plugin must not stop the pass
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        with result:
            if result:
                return
            details = "; ".join(dict.fromkeys(e.message for e in result.logs() if e.level in ("WARNING", "ERROR")))
            if result.status == apprise.AppriseResultStatus.TIMEOUT:
                raise DeliveryError(f"no answer within {self._call_limit:g} s" + (f": {details}" if details else ""))
            # apprise keeps the cause (refused, timed out) at debug level; the time taken tells them apart
            raise DeliveryError(f"{details or f'not accepted ({result.status.name})'} (after {result.elapsed:.1f} s)")


def build_channels(settings: AlertSettings, framework_ids: Collection[str]) -> tuple[AppriseChannel, ...]:
    """A channel per configured URL; refuses URLs apprise cannot load, unknown frameworks in
    routes, and the same channel given twice."""
    channels: list[AppriseChannel] = []
    for number, entry in enumerate(settings.channels, start=1):
        where = f"TRUCE_ALERT_URLS: entry {number} ({redact(entry.url)})"
        unknown = sorted(entry.route.frameworks - set(framework_ids))
        if unknown:
            raise SettingsError(f"{where}: framework= '{unknown[0]}' is not in the catalog ({', '.join(sorted(framework_ids))})")
        service = apprise.Apprise()
        if not service.add(entry.url):
            raise SettingsError(f"{where}: apprise cannot use this URL (unknown scheme, or a required part is missing)")
        channel = AppriseChannel(service, entry.route, settings.timeout_seconds)
        if any(c.name == channel.name for c in channels):
            raise SettingsError(f"{where}: the same channel is already configured ({channel.name})")
        channels.append(channel)
    return tuple(channels)
