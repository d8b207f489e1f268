"""The worker: one importable pass (scan, then deliver) and a scheduler holding exactly that
job, due at once (the catch-up after downtime) and coalescing missed runs."""

from datetime import timedelta

from monitors.alerts.worker import JOB_ID, PassResult, Worker, build_scheduler, run_pass
from tests.test_alert_helpers import REMINDER_7, MutableClock, RecordingChannel, alert_settings, open_tracker


def test_it_schedules_one_importable_pass_job_due_at_start(tmp_path):
    worker = Worker(open_tracker(tmp_path, MutableClock(REMINDER_7)), alert_settings(scan_minutes="15"), ())
    [job] = build_scheduler(worker).get_jobs()
    assert (job.id, job.func_ref, job.args) == (JOB_ID, "monitors.alerts.worker:run_pass", (worker,))
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, None)
    assert job.trigger.interval == timedelta(minutes=15)
    assert job.next_run_time == REMINDER_7


def test_it_runs_a_pass_that_scans_then_delivers_and_reports_whether_there_was_work(tmp_path):
    hook = RecordingChannel("hook")
    worker = Worker(open_tracker(tmp_path, MutableClock(REMINDER_7)), alert_settings(), (hook,))
    result = run_pass(worker)
    assert [a.kind for a in result.alerts] == ["expiring", "expiring", "reminder"]
    assert [(o.channel, o.sent) for o in result.outcomes] == [("hook", True)] * 3
    assert hook.sent == [(a.subject, a.body) for a in result.alerts]
    assert not run_pass(worker)
    assert run_pass(worker) == PassResult([], [])


def test_it_skips_a_pass_whose_clock_is_behind_the_last_recorded_scan(tmp_path):
    hook = RecordingChannel("hook")
    clock = MutableClock(REMINDER_7)
    worker = Worker(open_tracker(tmp_path, clock), alert_settings(), (hook,))
    run_pass(worker)
    clock.moment = REMINDER_7 - timedelta(days=10)
    skipped = run_pass(worker)
    assert (skipped.alerts, skipped.outcomes) == ([], [])
    assert skipped.replay is not None and skipped.replay.last == REMINDER_7
    clock.moment = REMINDER_7
    assert run_pass(worker).replay is None
