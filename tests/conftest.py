"""Shared fixtures: a fresh store (a temporary SQLite file, or a fresh PostgreSQL database when
TRUCE_TEST_DB_URL names a server: see tests/stores.py), chosen through TRUCE_DB_URL as every
front end chooses it, a tracker on it, and the dashboard under AppTest with Streamlit's caches
cleared around each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from monitors.accounts import create_account
from monitors.settings import load_settings
from monitors.tracker import Tracker, open_tracker
from tests.stores import ON_POSTGRES, SERVER_URL, created_count, drop_databases_after, fresh_store_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = PROJECT_ROOT / "dashboard" / "app.py"
EDITOR = ("editor", "a long editor password")
VIEWER = ("viewer", "a long viewer password")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the dashboard in a real Chromium (Playwright); runs by default")
    config.addinivalue_line("markers", "sqlite_only(reason): tests a property of the SQLite file itself; skipped on PostgreSQL")


def pytest_report_header(config: pytest.Config) -> str:
    return f"store: {'PostgreSQL at ' + str(SERVER_URL) if ON_POSTGRES else 'SQLite files'}"


def pytest_runtest_setup(item: pytest.Item) -> None:
    marker = item.get_closest_marker("sqlite_only")
    if marker is not None and ON_POSTGRES:
        pytest.skip(f"SQLite only: {marker.args[0] if marker.args else marker.kwargs.get('reason', '')}")


@pytest.fixture(autouse=True)
def _drop_test_databases() -> Iterator[None]:
    """Each test's PostgreSQL databases are dropped after it, so the cluster stays small; those
    of module-scoped fixtures, made before this fixture starts, stay."""
    before = created_count()
    yield
    drop_databases_after(before)


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh store for this test, selected the way users select one: TRUCE_DB_URL."""
    url = fresh_store_url(tmp_path)
    monkeypatch.setenv("TRUCE_DB_URL", url)
    return url


@pytest.fixture
def tracker(db_url: str) -> Tracker:
    """A tracker on the test's store (created and seeded with the shipped evidence)."""
    return open_tracker(load_settings())


@pytest.fixture
def accounts(tracker: Tracker) -> dict[str, str]:
    """An editor and a viewer account on the test's store; returns username -> password."""
    for (name, password), role in ((EDITOR, "editor"), (VIEWER, "viewer")):
        create_account(tracker.store, name, password, tracker.clock(), role=role)
    return dict((EDITOR, VIEWER))


@pytest.fixture
def clear_streamlit_caches() -> Iterator[None]:
    """st.cache_data / st.cache_resource outlive a test: start and end each test empty."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app(db_url: str, clear_streamlit_caches: None) -> AppTest:
    """The dashboard, not yet run, pointed at the test's store. Seeded secrets replace any
    secrets.toml on the machine, so a developer's own [auth] section cannot change the tests."""
    test = AppTest.from_file(str(DASHBOARD), default_timeout=30)
    test.secrets["dashboard"] = {"editor_emails": []}
    return test


def sign_in_through_sidebar(at: AppTest, username: str, password: str) -> AppTest:
    """Open, fill in and submit the sidebar's sign-in form, as a person would."""
    if any(b.key == "sign-in-open" for b in at.sidebar.button):
        at.sidebar.button("sign-in-open").click().run()
    at.sidebar.text_input("sign-in-username").input(username)
    at.sidebar.text_input("sign-in-password").input(password)
    at.sidebar.button("sign-in-submit").click()
    return at.run()


def chart_frames_of(at: AppTest, key: str) -> list[pd.DataFrame]:
    """The data sets of the chart in the container `key`, as sent to the browser."""
    chart = at.main.get_by_key(key).get("vega_lite_chart")[0]
    return [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets]


@pytest.fixture
def chart_frames() -> Callable[[AppTest, str], list[pd.DataFrame]]:
    return chart_frames_of


@pytest.fixture
def sign_in() -> Callable[[AppTest, str, str], AppTest]:
    return sign_in_through_sidebar


def pick_as_of(at: AppTest, day: date) -> AppTest:
    """Choose the as-of date in the sidebar, as a person would: opening the date field first
    when the sidebar still shows today's line and its button."""
    if any(b.key == "as-of-open" for b in at.sidebar.button):
        at.sidebar.button("as-of-open").click().run()
    return at.sidebar.date_input("as_of").set_value(day).run()
