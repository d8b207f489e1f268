"""Alert settings: defaults, the settings file, and a clear refusal (naming the variable, never
showing a password) for every malformed value; the routing syntax in front of a URL."""

import pytest

from monitors.alerts.channels import build_channels
from monitors.alerts.routing import Route, parse_entry
from monitors.alerts.settings import NAMES, load_alert_settings
from monitors.settings import SETTINGS, SettingsError
from tests.test_alert_helpers import CATALOG


def test_it_has_documented_defaults():
    settings = load_alert_settings({})
    assert settings.channels == ()
    assert settings.policy.lead_days == (30, 7, 1)
    assert settings.policy.overdue_repeat_days == 7
    assert str(settings.zone) == "UTC"
    assert (settings.scan_minutes, settings.timeout_seconds, settings.max_attempts, settings.retry_seconds) == (5, 10, 8, 120)
    assert settings.dashboard_url == "http://localhost:8501"


def test_it_lists_every_alert_setting_in_the_registry():
    assert set(NAMES) | {"TRUCE_SETTINGS_FILE"} <= {s.name for s in SETTINGS}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TRUCE_ALERT_LEAD_DAYS", "30,seven", "'seven' is not a whole number"),
        ("TRUCE_ALERT_LEAD_DAYS", "7,7", "repeats a value"),
        ("TRUCE_ALERT_LEAD_DAYS", "-1", "out of range"),
        ("TRUCE_ALERT_LEAD_DAYS", ",", "expected comma-separated days"),
        ("TRUCE_ALERT_OVERDUE_REPEAT_DAYS", "weekly", "not a whole number"),
        ("TRUCE_ALERT_TIMEZONE", "Mars/Olympus", "not an IANA time zone"),
        ("TRUCE_ALERT_SCAN_MINUTES", "0", "out of range"),
        ("TRUCE_ALERT_TIMEOUT_SECONDS", "0", "out of range"),
        ("TRUCE_ALERT_TIMEOUT_SECONDS", "soon", "not a number of seconds"),
        ("TRUCE_ALERT_MAX_ATTEMPTS", "1.5", "not a whole number"),
        ("TRUCE_ALERT_RETRY_SECONDS", "-5", "out of range"),
        ("TRUCE_DASHBOARD_URL", "localhost:8501", "not an http(s) address"),
        ("TRUCE_ALERT_URLS", "smtp.example.org", "entry 1: 'smtp.example.org' is not an apprise URL"),
        ("TRUCE_ALERT_URLS", "json://a categry=tariffs:json://b", "entry 2: 'categry=tariffs' is not a filter"),
        ("TRUCE_ALERT_URLS", "category=Steel!:json://b", "category= 'Steel!' is not a category name"),
        ("TRUCE_ALERT_URLS", "kind=reminder;kind=change:json://b", "kind= is given twice"),
        ("TRUCE_ALERT_URLS", "framework=London:json://b", "'London' is not a framework id"),
        ("TRUCE_ALERT_URLS", "kind=:json://b", "kind= needs a comma-separated list"),
    ],
)
def test_it_refuses_a_malformed_value_naming_the_variable(name, value, message):
    with pytest.raises(SettingsError) as caught:
        load_alert_settings({name: value})
    assert str(caught.value).startswith(name)
    assert message in str(caught.value)


def test_it_never_shows_a_password_in_an_error():
    with pytest.raises(SettingsError) as caught:
        load_alert_settings({"TRUCE_ALERT_URLS": "kind=overdue;x=1:mailtos://alice:hunter2@smtp.example.org"})
    assert "hunter2" not in str(caught.value)
    settings = load_alert_settings({"TRUCE_ALERT_URLS": "nosuchscheme://alice:hunter2@example.org"})
    with pytest.raises(SettingsError) as caught:
        build_channels(settings, CATALOG.frameworks)
    assert "apprise cannot use this URL" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_it_refuses_a_route_to_an_unknown_framework_and_a_channel_given_twice():
    unknown = load_alert_settings({"TRUCE_ALERT_URLS": "framework=paris-2026:json://127.0.0.1/x"})
    with pytest.raises(SettingsError, match="'paris-2026' is not in the catalog"):
        build_channels(unknown, CATALOG.frameworks)
    twice = load_alert_settings({"TRUCE_ALERT_URLS": "json://127.0.0.1/x kind=change:json://127.0.0.1/x"})
    with pytest.raises(SettingsError, match="entry 2 .* the same channel is already configured"):
        build_channels(twice, CATALOG.frameworks)


@pytest.mark.parametrize(
    ("entry", "route", "url"),
    [
        ("json://hooks.example.org/truce", Route(), "json://hooks.example.org/truce"),
        ("json://h/x?next=https://a.example/b=c", Route(), "json://h/x?next=https://a.example/b=c"),
        ("category=rare_earths,tariffs:mailtos://u:p@smtp.example.org", Route(frozenset({"rare_earths", "tariffs"})),
         "mailtos://u:p@smtp.example.org"),
        ("framework=london-2025;kind=overdue:json://h/x", Route(frameworks=frozenset({"london-2025"}), kinds=frozenset({"overdue"})),
         "json://h/x"),
    ],
)
def test_it_splits_an_entry_into_its_route_and_url(entry, route, url):
    assert parse_entry(entry) == (route, url)


def test_it_matches_a_route_on_all_its_filters():
    route = Route(categories=frozenset({"tariffs"}), kinds=frozenset({"overdue", "change"}))
    assert route.matches("tariffs", "geneva-2025", "overdue")
    assert not route.matches("tariffs", "geneva-2025", "reminder")
    assert not route.matches("visas", "geneva-2025", "overdue")
    assert Route().matches("visas", "london-2025", "reminder")


def test_it_reads_secrets_from_the_settings_file_and_lets_the_environment_win(tmp_path):
    path = tmp_path / "alerts.toml"
    path.write_text('TRUCE_ALERT_URLS = ["mailtos://alice:s3cret@smtp.example.org?to=bob@example.org", "json://h/x"]\n'
                    'TRUCE_ALERT_LEAD_DAYS = "14,2"\nTRUCE_ALERT_OVERDUE_REPEAT_DAYS = 3\n')
    settings = load_alert_settings({"TRUCE_SETTINGS_FILE": str(path), "TRUCE_ALERT_LEAD_DAYS": "10"})
    assert [c.url for c in settings.channels] == ["mailtos://alice:s3cret@smtp.example.org?to=bob@example.org", "json://h/x"]
    assert settings.policy.lead_days == (10,)
    assert settings.policy.overdue_repeat_days == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("TRUCE_DB_URL = 'sqlite:///x.db'\n", "'TRUCE_DB_URL' is not an alert setting"),
        ("TRUCE_ALERT_LEAD_DAYS = [1, 2]\n", "TRUCE_ALERT_LEAD_DAYS (in "),
        ("TRUCE_ALERT_URLS = \n", "is not valid TOML"),
        ("TRUCE_ALERT_SCAN_MINUTES = 'often'\n", "TRUCE_ALERT_SCAN_MINUTES: 'often' is not a whole number"),
    ],
)
def test_it_refuses_a_malformed_settings_file(tmp_path, text, message):
    path = tmp_path / "alerts.toml"
    path.write_text(text)
    with pytest.raises(SettingsError) as caught:
        load_alert_settings({"TRUCE_SETTINGS_FILE": str(path)})
    assert message in str(caught.value)


def test_it_refuses_a_settings_file_that_cannot_be_read(tmp_path):
    with pytest.raises(SettingsError, match="TRUCE_SETTINGS_FILE: cannot read"):
        load_alert_settings({"TRUCE_SETTINGS_FILE": str(tmp_path / "missing.toml")})


def test_it_sets_the_channel_timeout_on_apprise():
    settings = load_alert_settings({"TRUCE_ALERT_URLS": "json://127.0.0.1/x", "TRUCE_ALERT_TIMEOUT_SECONDS": "2.5"})
    [channel] = build_channels(settings, CATALOG.frameworks)
    plugin = channel._service[0]
    assert (plugin.socket_connect_timeout, plugin.socket_read_timeout) == (2.5, 2.5)
    assert channel.name == "json://127.0.0.1/x"
