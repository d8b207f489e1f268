"""`alerts check --now` at moments the record has moved past, still to come, or off the
calendar; and the shipped record as of 2026-11-11, the day after the Busan suspensions ran out."""

import io
import json

import pytest

from monitors.alerts.settings import NAMES
from monitors.cli import main
from monitors.clock import fixed_clock
from monitors.alerts.cli import parse_now

WALL = parse_now("2026-12-01T12:00:00Z")  # the machine's clock in these tests


@pytest.fixture(autouse=True)
def environment(tmp_path, monkeypatch):
    for name in (*NAMES, "TRUCE_SETTINGS_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRUCE_DB_URL", f"sqlite:///{tmp_path / 'truce.db'}")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(list(args), clock=fixed_clock(WALL), out=out, err=err)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def inbox() -> list[dict]:
    return json.loads(run("alerts", "list", "--format", "json")[1])


def test_it_runs_the_readmes_example_on_a_fresh_store():
    code, out, err = run("alerts", "check", "--now", "2025-08-05T09:00:00Z")
    assert (code, err) == (0, "")
    assert out.startswith("scan at 2025-08-05T09:00:00+00:00 (statuses as of 2025-08-05): 3 new alert(s)\n")
    assert "reminder geneva-90-day-window: Due in 7 days" in out


def test_it_records_nothing_for_a_moment_before_the_last_recorded_scan_and_shows_a_dry_run():
    run("alerts", "check", "--now", "2025-08-12T09:00:00Z")
    before = inbox()
    code, out, err = run("alerts", "check", "--now", "2025-08-05T09:00:00Z")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == ("dry run at 2025-08-05T09:00:00+00:00 (statuses as of 2025-08-05): a moment before the last "
                        "recorded scan; nothing is recorded or sent")
    assert lines[1].startswith("replay: the last recorded scan was at 2025-08-12T09:00:00+00:00")
    assert any(line.startswith("  reminder geneva-90-day-window: Due in 7 days: ") for line in lines)
    assert inbox() == before
    code, out, _ = run("alerts", "check", "--now", "2025-08-12T09:00:00Z")
    assert "no new alerts" in out


def test_it_only_shows_what_a_moment_still_to_come_would_raise():
    code, out, _ = run("alerts", "check", "--now", "2027-01-01T00:00:00Z")
    assert code == 0 and out.startswith("dry run at 2027-01-01T00:00:00+00:00")
    assert "a moment still to come; nothing is recorded or sent" in out
    assert inbox() == []
    code, out, _ = run("alerts", "check", "--now", "2026-11-11T09:00:00Z")
    assert out.startswith("scan at 2026-11-11T09:00:00+00:00")


def test_it_shows_a_dry_run_when_asked_and_records_nothing():
    code, out, _ = run("alerts", "check", "--now", "2025-08-05T09:00:00Z", "--dry-run")
    assert code == 0 and "asked for; nothing is recorded or sent" in out and "would raise 3 alert(s)" in out
    assert inbox() == []


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "5000-01-01T00:00:00Z",
                                   "1899-12-31T23:00:00Z"])
def test_it_refuses_a_moment_off_the_calendar_with_a_message_naming_the_option(value, capsys):
    code, out, _ = run("alerts", "check", "--now", value)
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert f"argument --now: '{value}' is outside the calendar this program judges (dates run from 1900-01-01 to 2999-12-31)" in err
    assert "Traceback" not in err


def test_it_refuses_a_moment_whose_day_in_the_alert_zone_is_off_the_calendar(monkeypatch):
    monkeypatch.setenv("TRUCE_ALERT_TIMEZONE", "Asia/Shanghai")
    code, out, err = run("alerts", "check", "--now", "2999-12-31T23:00:00Z")
    assert code == 2
    assert err == ("error: --now: 2999-12-31T23:00:00+00:00 is outside the calendar this program judges "
                   "(dates run from 1900-01-01 to 2999-12-31)\n")


BUSAN_SUSPENSIONS = [
    "busan-us-affiliates-rule-suspension", "busan-us-maritime-301-suspension", "busan-us-301-exclusions",
    "busan-cn-suspend-october-controls", "busan-cn-reciprocal-suspension", "busan-cn-maritime-countermeasures-suspension",
]


def test_it_raises_the_lapses_of_the_busan_suspensions_and_nothing_the_record_contradicts():
    code, out, _ = run("alerts", "check", "--now", "2026-11-11T09:00:00Z")
    assert code == 0
    alerts = inbox()
    statuses = {s["id"]: s for s in json.loads(run("status", "--as-of", "2026-11-11", "--format", "json")[1])}
    assert sorted(a["commitment_id"] for a in alerts if a["kind"] == "lapsed") == sorted(BUSAN_SUSPENSIONS)
    for alert in alerts:
        status = statuses[alert["commitment_id"]]
        assert "superseded" not in status["flags"], alert["subject"]  # carried forward: its successor speaks for it
        expected_flag = {"lapsed": "lapsed", "ended": "ended", "stale": "stale", "overdue": "overdue"}.get(alert["kind"])
        if expected_flag:
            assert expected_flag in status["flags"], alert["subject"]
        if alert["kind"] == "expiring":
            assert status["expires"] > "2026-11-11" and "lapsed" not in status["flags"]
        assert alert["kind"] != "reminder" or status["deadline"] >= "2026-11-11"
        if "ended" in status["flags"]:
            assert alert["kind"] == "ended", alert["subject"]
    assert "busan-us-reciprocal-suspension" not in [a["commitment_id"] for a in alerts if a["kind"] == "lapsed"]  # ended first
    assert run("alerts", "check", "--now", "2026-11-11T09:05:00Z")[1].splitlines()[0].endswith("no new alerts")
