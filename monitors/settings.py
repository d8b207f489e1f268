"""Every setting, read from the environment in one place; malformed values are refused with a
message naming the variable. docs/settings.md documents each one (a test keeps them in step)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("TRUCE_DB_URL", "sqlite:///<data dir>/truce.db", "SQLAlchemy URL of the store shared by the dashboard, the command line and the alert worker."),
    Setting("TRUCE_DB_BUSY_SECONDS", "60", "Seconds a write waits for SQLite's write lock (held by a long import) before it gives up with a message naming the import."),
    Setting("TRUCE_DATA_DIR", "data/ in the project", "Folder holding frameworks/ (YAML) and evidence/ (shipped CSV)."),
    Setting("TRUCE_ALERT_URLS", "", "Space-separated apprise URLs of the external alert channels, each optionally routed (`category=tariffs;kind=overdue:URL`); empty: inbox only."),
    Setting("TRUCE_ALERT_LEAD_DAYS", "30,7,1", "Comma-separated days before a deadline or an expiry at which a reminder is due."),
    Setting("TRUCE_ALERT_OVERDUE_REPEAT_DAYS", "7", "Days between repeats of an overdue alert until it is acknowledged or met; 0 sends it once."),
    Setting("TRUCE_ALERT_TIMEZONE", "UTC", "IANA time zone whose midnight starts a deadline's day (reminders, overdue, status dates)."),
    Setting("TRUCE_ALERT_SCAN_MINUTES", "5", "Minutes between the scans of `alerts run`."),
    Setting("TRUCE_ALERT_TIMEOUT_SECONDS", "10", "Network timeout of one delivery attempt to an external channel."),
    Setting("TRUCE_ALERT_MAX_ATTEMPTS", "8", "Delivery attempts per alert and channel before it is marked failed."),
    Setting("TRUCE_ALERT_RETRY_SECONDS", "120", "Wait after the first failed attempt; it doubles after each further failure."),
    Setting("TRUCE_DASHBOARD_URL", "http://localhost:8501", "Address of the dashboard, used for the link in every alert."),
    Setting("TRUCE_SETTINGS_FILE", "", "TOML file with alert settings (for secrets such as SMTP passwords in URLs); the environment wins over it."),
)


@dataclass(frozen=True)
class Settings:
    db_url: str
    data_dir: Path
    busy_seconds: float = 60.0

    @property
    def frameworks_dir(self) -> Path:
        return self.data_dir / "frameworks"

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Settings from the environment (os.environ unless given)."""
    env = dict(os.environ) if environ is None else environ
    data_dir = Path(env.get("TRUCE_DATA_DIR") or DEFAULT_DATA_DIR)
    if not (data_dir / "frameworks").is_dir():
        raise SettingsError(f"TRUCE_DATA_DIR: {data_dir} has no frameworks/ folder")
    db_url = env.get("TRUCE_DB_URL") or f"sqlite:///{data_dir / 'truce.db'}"
    if "://" not in db_url:
        raise SettingsError(f"TRUCE_DB_URL: '{db_url}' is not an SQLAlchemy URL (e.g. sqlite:///path/to/truce.db)")
    busy_text = env.get("TRUCE_DB_BUSY_SECONDS") or "60"
    try:
        busy_seconds = float(busy_text)
    except ValueError:
        raise SettingsError(f"TRUCE_DB_BUSY_SECONDS: '{busy_text}' is not a number of seconds") from None
    if not 0 < busy_seconds <= 3600:
        raise SettingsError(f"TRUCE_DB_BUSY_SECONDS: '{busy_text}' must be more than 0 and at most 3600")
    return Settings(db_url=db_url, data_dir=data_dir, busy_seconds=busy_seconds)
