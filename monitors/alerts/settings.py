"""The alert settings, read in one place: the environment first, then the TOML file named by
TRUCE_SETTINGS_FILE (for secrets such as SMTP passwords inside URLs), then the defaults of the
SETTINGS registry. A malformed value is refused with a message naming the variable.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitors.alerts.routing import Route, RouteError, parse_entry
from monitors.alerts.rules import Policy
from monitors.settings import SETTINGS, SettingsError

FILE_VARIABLE = "TRUCE_SETTINGS_FILE"
NAMES: tuple[str, ...] = (
    "TRUCE_ALERT_URLS", "TRUCE_ALERT_LEAD_DAYS", "TRUCE_ALERT_OVERDUE_REPEAT_DAYS", "TRUCE_ALERT_TIMEZONE",
    "TRUCE_ALERT_SCAN_MINUTES", "TRUCE_ALERT_TIMEOUT_SECONDS", "TRUCE_ALERT_MAX_ATTEMPTS", "TRUCE_ALERT_RETRY_SECONDS",
    "TRUCE_DASHBOARD_URL",
)
DEFAULTS: dict[str, str] = {s.name: s.default for s in SETTINGS if s.name in NAMES}


@dataclass(frozen=True)
class ChannelEntry:
    """One external channel as configured: where alerts go and which ones."""

    route: Route
    url: str


@dataclass(frozen=True)
class AlertSettings:
    channels: tuple[ChannelEntry, ...]
    policy: Policy
    scan_minutes: int
    timeout_seconds: float
    max_attempts: int
    retry_seconds: float
    dashboard_url: str

    @property
    def zone(self) -> tzinfo:
        return self.policy.zone


def _file_values(path_text: str) -> dict[str, str]:
    path = Path(path_text).expanduser()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"{FILE_VARIABLE}: cannot read {path}: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{FILE_VARIABLE}: {path} is not valid TOML: {exc}") from exc
    values = {}
    for key, value in data.items():
        if key not in NAMES:
            raise SettingsError(
                f"{FILE_VARIABLE}: {path}: '{key}' is not an alert setting (expected one of {', '.join(NAMES)})"
            )
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = " ".join(value)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise SettingsError(f"{key} (in {path}): expected a string or a number")
        values[key] = str(value)
    return values


def configured(name: str, environ: Mapping[str, str]) -> str | None:
    """The value the environment or the settings file gives an alert setting, None when only
    its default applies (so `serve` can tell whether to give the worker the served address)."""
    file_values = _file_values(environ[FILE_VARIABLE]) if environ.get(FILE_VARIABLE) else {}
    return environ.get(name) or file_values.get(name) or None


def _raw(environ: Mapping[str, str]) -> dict[str, str]:
    file_values = _file_values(environ[FILE_VARIABLE]) if environ.get(FILE_VARIABLE) else {}
    return {name: environ.get(name) or file_values.get(name) or DEFAULTS[name] for name in NAMES}


def _integer(name: str, text: str, low: int, high: int) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise SettingsError(f"{name}: '{text}' is not a whole number") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}: {value} is out of range ({low} to {high})")
    return value


def _seconds(name: str, text: str, high: float) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise SettingsError(f"{name}: '{text}' is not a number of seconds") from None
    if not 0 < value <= high:
        raise SettingsError(f"{name}: {text} is out of range (more than 0, at most {high:g})")
    return value


def _lead_days(text: str) -> tuple[int, ...]:
    name = "TRUCE_ALERT_LEAD_DAYS"
    parts = [p for p in text.replace(" ", "").split(",") if p]
    if not parts:
        raise SettingsError(f"{name}: expected comma-separated days such as 30,7,1; got '{text}'")
    days = [_integer(name, p, 0, 366) for p in parts]
    if len(set(days)) != len(days):
        raise SettingsError(f"{name}: '{text}' repeats a value")
    return tuple(sorted(days, reverse=True))


def _zone(text: str) -> tzinfo:
    try:
        return ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"TRUCE_ALERT_TIMEZONE: '{text}' is not an IANA time zone name (e.g. UTC, Europe/Berlin, Asia/Shanghai)"
        ) from None


def _dashboard_url(text: str) -> str:
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(
            f"TRUCE_DASHBOARD_URL: '{text}' is not an http(s) address without query (e.g. https://truce.example.org)"
        )
    return text.strip().rstrip("/")


def _channels(text: str) -> tuple[ChannelEntry, ...]:
    entries = []
    for number, entry in enumerate(text.split(), start=1):
        try:
            route, url = parse_entry(entry)
        except RouteError as exc:
            raise SettingsError(f"TRUCE_ALERT_URLS: entry {number}: {exc}") from None
        entries.append(ChannelEntry(route, url))
    return tuple(entries)


def load_alert_settings(environ: Mapping[str, str] | None = None) -> AlertSettings:
    """Alert settings from the environment (os.environ unless given) and the settings file."""
    raw = _raw(dict(os.environ) if environ is None else environ)
    policy = Policy(
        lead_days=_lead_days(raw["TRUCE_ALERT_LEAD_DAYS"]),
        overdue_repeat_days=_integer("TRUCE_ALERT_OVERDUE_REPEAT_DAYS", raw["TRUCE_ALERT_OVERDUE_REPEAT_DAYS"], 0, 366),
        zone=_zone(raw["TRUCE_ALERT_TIMEZONE"]),
    )
    return AlertSettings(
        channels=_channels(raw["TRUCE_ALERT_URLS"]),
        policy=policy,
        scan_minutes=_integer("TRUCE_ALERT_SCAN_MINUTES", raw["TRUCE_ALERT_SCAN_MINUTES"], 1, 1440),
        timeout_seconds=_seconds("TRUCE_ALERT_TIMEOUT_SECONDS", raw["TRUCE_ALERT_TIMEOUT_SECONDS"], 300),
        max_attempts=_integer("TRUCE_ALERT_MAX_ATTEMPTS", raw["TRUCE_ALERT_MAX_ATTEMPTS"], 1, 100),
        retry_seconds=_seconds("TRUCE_ALERT_RETRY_SECONDS", raw["TRUCE_ALERT_RETRY_SECONDS"], 86400),
        dashboard_url=_dashboard_url(raw["TRUCE_DASHBOARD_URL"]),
    )
