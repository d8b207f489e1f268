"""Links in alerts open the dashboard `monitors serve` serves, unless TRUCE_DASHBOARD_URL names
another address; the worker learns the served one from its environment."""

import argparse
import io
import socket

from monitors import serve as serve_module
from monitors.alerts.scan import scan
from monitors.serve import served_url, worker_environment
from tests.test_alert_helpers import REMINDER_7, MutableClock, alert_settings, open_tracker


def test_it_gives_the_worker_the_served_address_when_none_is_configured():
    env = worker_environment("localhost", 8600, {"PATH": "/bin"})
    assert env == {"PATH": "/bin", "TRUCE_DASHBOARD_URL": "http://localhost:8600"}


def test_it_keeps_a_configured_dashboard_address(tmp_path):
    assert worker_environment("localhost", 8600, {"TRUCE_DASHBOARD_URL": "https://truce.example.org"})[
        "TRUCE_DASHBOARD_URL"] == "https://truce.example.org"
    settings_file = tmp_path / "alerts.toml"
    settings_file.write_text('TRUCE_DASHBOARD_URL = "https://desk.example.org"\n', encoding="utf-8")
    env = worker_environment("localhost", 8600, {"TRUCE_SETTINGS_FILE": str(settings_file)})
    assert "TRUCE_DASHBOARD_URL" not in env


def test_it_names_the_host_when_serving_on_every_interface():
    assert served_url("0.0.0.0", 8501) == f"http://{socket.gethostname()}:8501"
    assert served_url("::1", 8501) == "http://[::1]:8501"


def test_it_links_every_new_kind_to_the_commitment_page_at_the_served_address(tmp_path):
    tracker = open_tracker(tmp_path, MutableClock(REMINDER_7))
    env = worker_environment("127.0.0.1", 8600, {})
    alerts = scan(tracker, alert_settings(dashboard_url=env["TRUCE_DASHBOARD_URL"]), [], REMINDER_7)
    assert [a.link for a in alerts] == [f"http://127.0.0.1:8600/?commitment={a.commitment_id}" for a in alerts]
    assert all(f"Open it on the dashboard: {a.link}" in a.body for a in alerts)


def test_serve_starts_the_worker_with_the_address_it_serves(monkeypatch):
    started = {}
    monkeypatch.delenv("TRUCE_DASHBOARD_URL", raising=False)
    monkeypatch.delenv("TRUCE_SETTINGS_FILE", raising=False)
    monkeypatch.setattr(serve_module, "serve", lambda commands, out, environments: started.update(zip(
        ("dashboard", "worker"), zip(commands, environments))) or 0)
    assert serve_module._serve(None, argparse.Namespace(address="127.0.0.1", port=8642), io.StringIO()) == 0
    command, env = started["worker"]
    assert command[-2:] == ["alerts", "run"] and env["TRUCE_DASHBOARD_URL"] == "http://127.0.0.1:8642"
    assert "--server.port" in started["dashboard"][0] and "TRUCE_DASHBOARD_URL" not in started["dashboard"][1]
