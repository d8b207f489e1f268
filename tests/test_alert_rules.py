"""The one function that decides which alerts are due, at each boundary (just before, at and just
after), in UTC and in zones east and west of it. Pure: assessments are built, no store."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from monitors.alerts.rules import History, Policy, SeenStatus, due_alerts
from monitors.judging.assess import assess
from tests.factories import act, commitment, update

WINDOW = commitment({"monitor": "deadlines"}, id="window", category="deadlines", obligor="both",
                    title="Reach a deal within 90 days", deadline=date(2025, 8, 12))
REF = "window|v0@2025-08-12"
ZONES = ["UTC", "Asia/Shanghai", "America/New_York"]
SECOND = timedelta(seconds=1)


def policy(zone: str = "UTC", repeat: int = 7) -> Policy:
    return Policy(lead_days=(30, 7, 1), overdue_repeat_days=repeat, zone=ZoneInfo(zone))


def keys(now: datetime, history: History = History(), zone: str = "UTC", updates=(), repeat: int = 7, target=WINDOW) -> list[str]:
    rules = policy(zone, repeat)
    assessment = assess(target, list(updates), rules.today(now), superseded=False)
    return [a.key for a in due_alerts([assessment], history, now, rules)]


def local_midnight(day: date, zone: str) -> datetime:
    """The start of `day` in `zone`, as a UTC moment (what a scan's clock would read)."""
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


def reminded(*leads: int) -> History:
    return History(reminded={("window", "v0@2025-08-12"): min(leads)} if leads else {})


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("lead", "boundary", "earlier"),
    [(30, date(2025, 7, 13), ()), (7, date(2025, 8, 5), (30,)), (1, date(2025, 8, 11), (30, 7))],
)
def test_it_sends_each_reminder_from_the_start_of_its_day_in_the_zone(zone, lead, boundary, earlier):
    moment = local_midnight(boundary, zone)
    history = reminded(*earlier)
    assert keys(moment - SECOND, history, zone) == []
    assert keys(moment, history, zone) == [f"{REF}|reminder-{lead}"]
    assert keys(moment + SECOND, history, zone) == [f"{REF}|reminder-{lead}"]


def test_it_reads_the_same_instant_as_a_different_day_in_another_zone():
    instant = datetime(2025, 8, 4, 20, 0, tzinfo=timezone.utc)  # 04:00 on 5 August in Shanghai
    assert keys(instant, reminded(30), "UTC") == []
    assert keys(instant, reminded(30), "Asia/Shanghai") == [f"{REF}|reminder-7"]
    late_evening = datetime(2025, 8, 5, 2, 0, tzinfo=timezone.utc)  # 22:00 on 4 August in New York
    assert keys(late_evening, reminded(30), "UTC") == [f"{REF}|reminder-7"]
    assert keys(late_evening, reminded(30), "America/New_York") == []


@pytest.mark.parametrize("zone", ZONES)
def test_it_turns_to_overdue_at_the_start_of_the_day_after_the_deadline(zone):
    moment = local_midnight(date(2025, 8, 13), zone)
    assert keys(moment - SECOND, reminded(1), zone) == []
    assert keys(moment, reminded(1), zone) == [f"{REF}|overdue-0"]
    assert keys(moment + SECOND, reminded(1), zone) == [f"{REF}|overdue-0"]


@pytest.mark.parametrize("zone", ZONES)
def test_it_repeats_an_overdue_alert_each_period_counted_from_the_first_overdue_day(zone):
    sent = History(keys=frozenset({f"{REF}|overdue-0"}))
    moment = local_midnight(date(2025, 8, 20), zone)
    assert keys(moment - SECOND, sent, zone) == []
    assert keys(moment, sent, zone) == [f"{REF}|overdue-1"]
    assert keys(moment + SECOND, sent, zone) == [f"{REF}|overdue-1"]


def test_it_sends_no_reminder_once_the_deadline_has_passed():
    assert keys(datetime(2025, 8, 13, 9, tzinfo=timezone.utc)) == [f"{REF}|overdue-0"]


def test_it_gives_a_long_passed_deadline_one_overdue_alert_not_a_burst():
    now = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)
    occurrence = (date(2026, 1, 1) - date(2025, 8, 13)).days // 7
    assert keys(now) == [f"{REF}|overdue-{occurrence}"]


def test_it_sends_only_the_latest_due_reminder_after_an_outage():
    assert keys(datetime(2025, 8, 11, 9, tzinfo=timezone.utc)) == [f"{REF}|reminder-1"]


def test_it_never_sends_a_longer_reminder_after_a_shorter_one():
    assert keys(datetime(2025, 7, 20, tzinfo=timezone.utc), reminded(7)) == []


def test_it_stops_repeating_an_acknowledged_overdue_series():
    history = History(keys=frozenset({f"{REF}|overdue-0"}), acknowledged=frozenset({("window", "v0@2025-08-12")}))
    assert keys(datetime(2025, 9, 1, tzinfo=timezone.utc), history) == []


def test_it_sends_overdue_once_when_repeats_are_off():
    sent = History(keys=frozenset({f"{REF}|overdue-0"}))
    assert keys(datetime(2026, 8, 13, tzinfo=timezone.utc), sent, repeat=0) == []


def test_it_sends_no_deadline_alert_for_a_met_commitment():
    met = [act(1, "us", "met", date(2025, 7, 1), commitment_id="window"), act(2, "cn", "met", date(2025, 7, 1), commitment_id="window")]
    assert keys(datetime(2025, 8, 11, tzinfo=timezone.utc), updates=met) == []
    assert keys(datetime(2025, 9, 11, tzinfo=timezone.utc), updates=met) == []


def test_it_sends_no_deadline_alert_for_a_commitment_a_later_framework_carries_forward():
    rules = policy()
    now = datetime(2025, 8, 11, tzinfo=timezone.utc)
    superseded = assess(WINDOW, [], now.date(), superseded=True)
    assert due_alerts([superseded], History(), now, rules) == []


def test_it_rebases_reminders_on_an_extended_deadline():
    extension = update(1, "us", "progress", date(2025, 8, 11), new_deadline=date(2025, 11, 10), commitment_id="window")
    sent = reminded(7)
    assert keys(datetime(2025, 8, 11, 9, tzinfo=timezone.utc), sent, updates=[extension]) == []
    assert keys(datetime(2025, 11, 3, 9, tzinfo=timezone.utc), sent, updates=[extension]) == ["window|v1@2025-11-10|reminder-7"]


def test_it_alerts_a_status_change_with_the_transition_in_its_key():
    history = History(seen={"window": SeenStatus("pending", 2)})
    disputed = [update(1, "us", "met", date(2025, 7, 1), commitment_id="window"), update(2, "cn", "not_met", date(2025, 7, 1), commitment_id="window")]
    assert keys(datetime(2025, 7, 2, tzinfo=timezone.utc), history, updates=disputed) == ["window|change-3|pending>disputed"]


def test_it_does_not_alert_a_status_seen_for_the_first_time_or_unchanged():
    now = datetime(2025, 7, 2, tzinfo=timezone.utc)
    assert keys(now, History(seen={})) == []
    assert keys(now, History(seen={"window": SeenStatus("pending", 0)})) == []


def test_it_sends_no_overdue_alert_for_an_ended_or_a_lapsed_commitment_only_the_ending_or_the_lapse():
    ended = [act(1, "us", "ended", date(2025, 7, 1), commitment_id="window")]
    assert keys(datetime(2025, 9, 11, tzinfo=timezone.utc), updates=ended) == ["window|ended@2025-07-01#1"]
    expiring = commitment({"monitor": "deadlines"}, id="window", category="deadlines", obligor="both",
                          title="Reach a deal within 90 days", deadline=date(2025, 8, 12), expires=date(2025, 9, 1))
    kept = [act(1, "us", "met", date(2025, 7, 1), commitment_id="window"), act(2, "cn", "met", date(2025, 7, 1), commitment_id="window")]
    lapsed = assess(expiring, kept, date(2025, 9, 11), superseded=False)
    assert "lapsed" in lapsed.flags and lapsed.status != "met"
    due = due_alerts([lapsed], History(), datetime(2025, 9, 11, tzinfo=timezone.utc), policy())
    assert [d.key for d in due] == ["window|e0@2025-09-01|lapsed"]
