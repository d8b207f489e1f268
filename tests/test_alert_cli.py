"""`python -m monitors alerts check|list|ack` through the real entry point, on a SQLite file."""

import io
import json

import pytest
from tests.stores import url_for

from monitors.alerts.settings import NAMES
from monitors.cli import main
from tests.test_alert_helpers import webhook_servers  # noqa: F401  (fixture)

NOW = "2025-08-05T09:00:00Z"
US_EXPIRY = "Expires in 7 days: US cuts its reciprocal tariff on Chinese goods from 34% to 10% (expiry 2025-08-12, unless renewed)"
CN_EXPIRY = "Expires in 7 days: China cuts its counter-tariff on US goods from 34% to 10% (expiry 2025-08-12, unless renewed)"
SUBJECT = "Due in 7 days: Negotiating window of the tariff suspensions (first 90 days, to 12 August 2025) (deadline 2025-08-12)"


@pytest.fixture(autouse=True)
def environment(tmp_path, monkeypatch):
    for name in (*NAMES, "TRUCE_SETTINGS_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRUCE_DB_URL", url_for(tmp_path / 'truce.db'))


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(list(args), out=out, err=err)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_it_sends_the_7_day_reminder_once_however_often_check_runs(monkeypatch, webhook_servers):
    hook = webhook_servers()
    monkeypatch.setenv("TRUCE_ALERT_URLS", f"kind=reminder:json://127.0.0.1:{hook.port}/truce")
    code, out, _ = run("alerts", "check", "--now", NOW)
    assert code == 0
    assert out.splitlines() == [
        "scan at 2025-08-05T09:00:00+00:00 (statuses as of 2025-08-05): 3 new alert(s)",
        f"  #1 expiring geneva-us-reciprocal-rate: {US_EXPIRY}",
        f"  #2 expiring geneva-cn-reciprocal-rate: {CN_EXPIRY}",
        f"  #3 reminder geneva-90-day-window: {SUBJECT}",
        "delivery: 1 sent, 0 failed",
        f"  #3 -> json://127.0.0.1:{hook.port}/truce (attempt 1): sent",
    ]
    code, out, _ = run("alerts", "check", "--now", NOW)
    assert (code, out.splitlines()) == (0, [
        "scan at 2025-08-05T09:00:00+00:00 (statuses as of 2025-08-05): no new alerts", "delivery: nothing due"])
    assert [p["title"] for p in hook.accepted] == [SUBJECT]


@pytest.mark.parametrize(
    ("value", "message"),
    [("2025-08-05T09:00:00", "has no time zone: add Z or an offset"), ("2025-08-05", "has no time zone"),
     ("5 August", "is not an ISO date and time"), ("2025-08-32T09:00Z", "is not an ISO date and time")],
)
def test_it_refuses_a_naive_or_malformed_now_naming_the_option(value, message, capsys):
    code, _, _ = run("alerts", "check", "--now", value)
    assert code == 2
    assert f"argument --now: '{value}' {message}" in capsys.readouterr().err


def test_it_reads_now_with_an_offset_as_that_instant():
    code, out, _ = run("alerts", "check", "--now", "2025-08-05T07:59:59+08:00")
    assert code == 0
    assert out.splitlines()[:4:3] == [
        "scan at 2025-08-04T23:59:59+00:00 (statuses as of 2025-08-04): 3 new alert(s)",
        "  #3 reminder geneva-90-day-window: Due in 8 days: Negotiating window of the tariff suspensions (first 90 days, to 12 August 2025) (deadline 2025-08-12)",
    ]


def test_it_lists_the_inbox_and_acknowledges_an_alert():
    run("alerts", "check", "--now", NOW)
    code, table, _ = run("alerts", "list")
    assert code == 0
    assert table.splitlines()[2].split()[:6] == ["3", "2025-08-05", "09:00", "reminder", "geneva-90-day-window", "no"]
    assert SUBJECT in table
    code, out, _ = run("alerts", "ack", "3", "--by", "alice")
    assert (code, out) == (0, "alert #3 acknowledged by alice\n")
    record, *_ = json.loads(run("alerts", "list", "--format", "json")[1])
    assert (record["kind"], record["acknowledged_by"], record["deliveries"]) == ("reminder", "alice", [])
    assert record["link"] == "http://localhost:8501/?commitment=geneva-90-day-window"


@pytest.mark.parametrize(("args", "message"), [(("99", "--by", "alice"), "error: alert_id: there is no alert #99"),
                                               (("1", "--by", " "), "error: by: is required")])
def test_it_refuses_to_acknowledge_an_unknown_alert_or_without_a_name(args, message):
    run("alerts", "check", "--now", NOW)
    code, _, err = run("alerts", "ack", *args)
    assert code == 2
    assert message in err


def test_it_refuses_bad_alert_settings_naming_the_variable_and_raises_nothing(monkeypatch):
    monkeypatch.setenv("TRUCE_ALERT_LEAD_DAYS", "thirty")
    code, _, err = run("alerts", "check", "--now", NOW)
    assert code == 2
    assert err == "error: TRUCE_ALERT_LEAD_DAYS: 'thirty' is not a whole number\n"
    monkeypatch.delenv("TRUCE_ALERT_LEAD_DAYS")
    assert json.loads(run("alerts", "list", "--format", "json")[1]) == []
