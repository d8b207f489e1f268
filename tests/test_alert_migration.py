"""Migrations 0003 and 0007 bring an existing store (made at schema 0001) up to date with the
alert tables, keeping its evidence; they also go down again cleanly."""

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from monitors.alerts.scan import scan
from monitors.store import MIGRATIONS_DIR, Store
from monitors.tracker import Tracker
from tests.test_alert_helpers import CATALOG, EVIDENCE, REMINDER_7, MutableClock, alert_settings

pytestmark = pytest.mark.sqlite_only("the store made at schema 0001 is an SQLite file")
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "store-schema-0001.db"
ALERT_TABLES = {"alerts", "alert_deliveries", "alert_attempts", "alert_status_seen", "alert_scan_clock", "alert_subscriptions",
                "alert_checkups"}


def tables(store: Store) -> set[str]:
    with store.engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def test_it_adds_the_alert_tables_to_an_existing_store_and_removes_them_on_downgrade(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    store = Store.open(f"sqlite:///{path}", CATALOG, EVIDENCE, REMINDER_7)
    assert ALERT_TABLES <= tables(store)
    updates_before = len(store.updates())
    assert updates_before > 0
    assert [a.kind for a in scan(Tracker(CATALOG, store, MutableClock(REMINDER_7)), alert_settings(), [], REMINDER_7)] == ["expiring", "expiring", "reminder"]

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.writing() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert not ALERT_TABLES & tables(store)
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT COUNT(*) FROM updates")).scalar() == updates_before
