"""The new alert kinds at each boundary (just before, at and just after), in UTC and in zones
east and west of it: expiry reminders and lapses (pure rules on built assessments), late data
and endings (scans of a real store with the shipped record), each raised exactly once."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from monitors.alerts.rules import History, Policy, due_alerts
from monitors.alerts.scan import scan
from monitors.judging.assess import assess
from tests.factories import act, commitment, update
from tests.test_alert_helpers import MutableClock, alert_settings, open_tracker

SUSPENSION = commitment({"monitor": "statements"}, id="pause", category="tariffs", obligor="us",
                        title="Suspend the extra tariff for 90 days", expires=date(2025, 8, 12))
KEPT = [act(1, "us", "met", date(2025, 5, 14), commitment_id="pause")]
EXPIRY = "pause|e0@2025-08-12"
ZONES = ["UTC", "Asia/Shanghai", "America/New_York"]
SECOND = timedelta(seconds=1)


def policy(zone: str) -> Policy:
    return Policy(lead_days=(30, 7, 1), overdue_repeat_days=7, zone=ZoneInfo(zone))


def local_midnight(day: date, zone: str) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


def keys(now: datetime, zone: str, history: History = History(), updates=KEPT) -> list[str]:
    rules = policy(zone)
    assessment = assess(SUSPENSION, list(updates), rules.today(now), superseded=False)
    return [a.key for a in due_alerts([assessment], history, now, rules)]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("lead", "earlier"), [(30, None), (7, 30), (1, 7)])
def test_it_reminds_of_an_expiry_from_the_start_of_each_lead_day(zone, lead, earlier):
    moment = local_midnight(date(2025, 8, 12) - timedelta(days=lead), zone)
    history = History(reminded={("pause", "e0@2025-08-12"): earlier} if earlier else {})
    assert f"{EXPIRY}|expiring-{lead}" not in keys(moment - SECOND, zone, history)
    assert keys(moment, zone, history) == [f"{EXPIRY}|expiring-{lead}"]
    assert keys(moment + SECOND, zone, history) == [f"{EXPIRY}|expiring-{lead}"]


@pytest.mark.parametrize("zone", ZONES)
def test_it_raises_the_lapse_from_the_expiry_day_and_only_once(zone):
    moment = local_midnight(date(2025, 8, 12), zone)
    reminded = History(reminded={("pause", "e0@2025-08-12"): 1})
    assert keys(moment - SECOND, zone, reminded) == []
    assert keys(moment, zone, reminded) == [f"{EXPIRY}|lapsed"]
    assert keys(moment + SECOND, zone, reminded) == [f"{EXPIRY}|lapsed"]
    sent = History(keys=frozenset({f"{EXPIRY}|lapsed"}), reminded=reminded.reminded)
    assert keys(moment + timedelta(days=40), zone, sent) == []


def test_it_raises_one_lapse_not_a_burst_of_reminders_when_first_run_after_the_expiry():
    assert keys(datetime(2026, 1, 1, tzinfo=timezone.utc), "UTC") == [f"{EXPIRY}|lapsed"]


def test_it_rebases_expiry_reminders_on_a_renewal_and_a_restatement_confirms_it():
    renewal = update(2, "us", "progress", date(2025, 8, 11), new_expiry=date(2025, 11, 10), commitment_id="pause", kind="act")
    again = update(3, "cn", "progress", date(2025, 8, 12), new_expiry=date(2025, 11, 10), commitment_id="pause")
    reminded = History(reminded={("pause", "e0@2025-08-12"): 1})
    assert keys(datetime(2025, 8, 12, 9, tzinfo=timezone.utc), "UTC", reminded, [*KEPT, renewal]) == []
    moment = datetime(2025, 11, 3, 9, tzinfo=timezone.utc)
    assert keys(moment, "UTC", reminded, [*KEPT, renewal]) == ["pause|e1@2025-11-10|expiring-7"]
    assert keys(moment, "UTC", reminded, [*KEPT, renewal, again]) == ["pause|e1@2025-11-10|expiring-7"]


def test_it_keys_a_restated_deadline_by_its_date_so_a_confirmation_reminds_nobody_again():
    window = commitment({"monitor": "deadlines"}, id="window", category="deadlines", obligor="both",
                        title="Reach a deal within 90 days", deadline=date(2025, 8, 12))
    extension = update(1, "us", "progress", date(2025, 8, 11), new_deadline=date(2025, 11, 10), commitment_id="window")
    restated = update(2, "cn", "progress", date(2025, 8, 12), new_deadline=date(2025, 11, 10), commitment_id="window")
    rules = policy("UTC")
    now = datetime(2025, 11, 3, 9, tzinfo=timezone.utc)
    once = assess(window, [extension], now.date(), superseded=False)
    twice = assess(window, [extension, restated], now.date(), superseded=False)
    assert [d.version for d in twice.deadlines] == [0, 1] and twice.deadlines[-1].confirmed_by == (2,)
    [first] = due_alerts([once], History(), now, rules)
    assert first.key == "window|v1@2025-11-10|reminder-7"
    sent = History(keys=frozenset({first.key}), reminded={("window", "v1@2025-11-10"): 7})
    assert due_alerts([twice], sent, now + timedelta(days=1), rules) == []


def test_it_raises_no_expiry_alert_for_a_commitment_carried_forward_or_ended():
    now = datetime(2025, 8, 12, 9, tzinfo=timezone.utc)
    carried = assess(SUSPENSION, KEPT, now.date(), superseded=True)
    assert due_alerts([carried], History(), now, policy("UTC")) == []
    ended = [*KEPT, act(2, "us", "ended", date(2025, 7, 1), commitment_id="pause")]
    assert keys(now, "UTC", updates=ended) == ["pause|ended@2025-07-01#2"]


LICENCES = "busan-cn-general-licences"  # monthly figures, published within 25 days; December 2025's came on 2026-01-20
LATE_FROM = date(2026, 2, 26)


def stale_keys(alerts) -> list[str]:
    return [a.key for a in alerts if a.kind == "stale" and a.commitment_id == LICENCES]


@pytest.mark.parametrize("zone", ZONES)
def test_it_says_once_that_a_monthly_figure_is_late_from_the_day_after_it_was_due(tmp_path, zone):
    moment = local_midnight(LATE_FROM, zone)
    clock = MutableClock(moment - timedelta(days=1))
    tracker = open_tracker(tmp_path, clock)
    settings = alert_settings(timezone=zone)
    assert stale_keys(scan(tracker, settings, [], moment - SECOND)) == []
    [alert] = [a for a in scan(tracker, settings, [], moment) if a.kind == "stale" and a.commitment_id == LICENCES]
    assert alert.key == f"{LICENCES}|stale@2026-02-26"
    assert alert.subject == ("Data late: China issues general licences for rare earths and other critical minerals "
                             "for US users (expected by 2026-02-25)")
    assert "late since Thursday 26 February 2026 (2026-02-26)" in alert.body
    assert "Stale: the next monthly figure was due by 2026-02-25" in alert.body
    assert stale_keys(scan(tracker, settings, [], moment + SECOND)) == []
    assert stale_keys(scan(tracker, settings, [], moment + timedelta(days=20))) == []


def test_it_starts_a_new_spell_of_lateness_after_the_figure_arrives(tmp_path):
    clock = MutableClock(datetime(2026, 3, 1, tzinfo=timezone.utc))
    tracker = open_tracker(tmp_path, clock)
    settings = alert_settings()
    assert stale_keys(scan(tracker, settings, [], clock())) == [f"{LICENCES}|stale@2026-02-26"]
    clock.moment = datetime(2026, 3, 2, tzinfo=timezone.utc)
    tracker.log({"commitment": LICENCES, "observed": "2026-03-02", "source_party": "cn", "source": "China customs",
                 "asserts": "progress", "kind": "data", "value": "600", "unit": "t", "period": "2026-01"})
    assert stale_keys(scan(tracker, settings, [], clock())) == []
    february_late = datetime(2026, 3, 26, tzinfo=timezone.utc)  # February's figure was due by 25 March
    assert stale_keys(scan(tracker, settings, [], february_late - SECOND)) == []
    assert stale_keys(scan(tracker, settings, [], february_late)) == [f"{LICENCES}|stale@2026-03-26"]


ENDED = "busan-us-fentanyl-tariff-cut"  # the IEEPA tariffs were voided on 2026-02-20 (shipped record)


@pytest.mark.parametrize("zone", ZONES)
def test_it_says_once_that_a_commitment_ended_from_the_day_of_the_event(tmp_path, zone):
    moment = local_midnight(date(2026, 2, 20), zone)
    tracker = open_tracker(tmp_path, MutableClock(moment - timedelta(days=1)))
    settings = alert_settings(timezone=zone)

    def ended(alerts):
        return [a for a in alerts if a.kind == "ended" and a.commitment_id == ENDED]

    assert ended(scan(tracker, settings, [], moment - SECOND)) == []
    [alert] = ended(scan(tracker, settings, [], moment))
    assert alert.key.startswith(f"{ENDED}|ended@2026-02-20#")
    assert alert.subject.startswith("Ended: ") and alert.subject.endswith("(on 2026-02-20)")
    assert "ended on Friday 20 February 2026 (2026-02-20), today" in alert.body
    assert ended(scan(tracker, settings, [], moment + SECOND)) == []
