"""Imports stream: memory stays bounded whatever the file's size, a writer that meets a long
import is told what it waited for (never a traceback, never a silently lost update), and a
person at a terminal sees a progress bar that scripts never get."""

from __future__ import annotations

import gc
import io
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from monitors.domain import NewUpdate
from monitors.progress import progress_bar
from monitors.update_rows import UpdateRow, row_of
from monitors.validation import InputError
from tests.stores import ON_POSTGRES, query, url_for
from tests.test_cli import run

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)
HEADER = "commitment,observed,source_party,source,url,asserts,value,unit,new_deadline,note,by\n"
LOG = ["log", "--commitment", "london-us-ethane", "--observed", "2025-07-02", "--source-party", "us",
       "--source", "BIS", "--asserts", "met", "--note", "logged during the import", "--by", "bob"]


def _csv(rows: int) -> str:
    return HEADER + "".join(
        f"london-us-ethane,2025-07-{1 + n % 28:02d},independent,bulk,https://example.org/{n},progress,,,,row {n},alice\n"
        for n in range(rows))


def test_a_writer_meeting_a_long_import_is_told_which_import_and_that_nothing_was_stored(tracker, tmp_path, monkeypatch):
    """The import holds the write lock (SQLite) between two chunks until released; a `log`
    in the meantime waits out TRUCE_DB_BUSY_SECONDS. On PostgreSQL rows go in side by side."""
    holding, release = threading.Event(), threading.Event()
    chunk = [row_of(NewUpdate("london-us-ethane", NOW.date(), "independent", "bulk", "progress", note="imported"))]

    def chunks() -> Iterator[list[UpdateRow]]:
        yield chunk
        holding.set()
        release.wait()
        yield chunk

    importer = threading.Thread(target=tracker.store.import_chunks, args=(chunks(), NOW, "an import of big.csv by alice"))
    importer.start()
    assert holding.wait(timeout=60)
    monkeypatch.setenv("TRUCE_DB_BUSY_SECONDS", "0.5")
    try:
        result = run(tmp_path / "truce.db", *LOG)
    finally:
        release.set()
        importer.join()
    logged = query(tmp_path / "truce.db", "SELECT count(*) FROM updates WHERE note = 'logged during the import'")[0][0]
    imported = query(tmp_path / "truce.db", "SELECT count(*) FROM updates WHERE note = 'imported'")[0][0]
    assert imported == 2
    if ON_POSTGRES:
        assert (result.returncode, logged) == (0, 1)
        return
    assert result.returncode == 2 and logged == 0
    assert result.stderr == (
        "error: store: the store is busy with an import of big.csv by alice, which holds the write lock until it "
        "finishes; nothing was stored, try again when it has finished\n"
    )


def _peak_import_mb(tmp_path: Path, rows: int) -> float:
    """Peak resident memory of a `python -m monitors import` process of `rows` rows."""
    path = tmp_path / f"rows-{rows}.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    env = {**os.environ, "TRUCE_DB_URL": url_for(tmp_path / "truce.db")}
    out, err = tmp_path / f"out-{rows}.txt", tmp_path / f"err-{rows}.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "monitors", "import", str(path)], cwd=ROOT, env=env,
                                   stdout=stdout, stderr=stderr)
        # wait4 reports this child's own peak, not the largest of every child so far.
        _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, err.read_text()
    assert out.read_text().startswith(f"imported {rows} updates")
    assert err.read_text() == "", "no progress bar when stderr is not a terminal"
    return usage.ru_maxrss / 1024


def test_an_imports_memory_does_not_grow_with_the_file(tmp_path):
    """Before streaming, memory peaked at about 21 times the file: 100,000 rows (10 MB) took
    over 200 MB. Now the big file costs at most a few chunks more than a small one."""
    small = _peak_import_mb(tmp_path, 1_000)
    big = _peak_import_mb(tmp_path, 100_000)
    assert (tmp_path / "rows-100000.csv").stat().st_size > 9_000_000
    assert big - small < 40, f"{small:.0f} MB for 1,000 rows, {big:.0f} MB for 100,000"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_on_a_terminal_only_and_ends_with_a_newline():
    assert progress_bar(io.StringIO(), "importing x.csv", 1000) is None
    screen, ticks = Terminal(), iter([0.0, 0.1, 0.5, 0.6])
    draw = progress_bar(screen, "importing x.csv", 2_000_000, clock=lambda: next(ticks))
    assert draw is not None
    draw(500_000)
    draw(600_000)  # 0.1 s later: not redrawn
    draw(1_000_000)
    draw(2_000_000)
    draw.end()
    assert screen.getvalue().split("\r")[1:] == [
        "importing x.csv [########......................]  25% of 2.0 MB",
        "importing x.csv [###############...............]  50% of 2.0 MB",
        "importing x.csv [##############################] 100% of 2.0 MB\n",
    ]


def test_the_progress_bar_says_what_is_done_after_the_last_byte_and_ends_its_line():
    screen = Terminal()
    draw = progress_bar(screen, "importing x.csv", 100, clock=lambda: 0.0)
    assert draw is not None
    draw(100)
    draw.stage("building the indexes")
    draw.stage("saving")
    draw.end()
    assert screen.getvalue() == (
        "\rimporting x.csv [##############################] 100% of 0.0 MB\nfinishing: building the indexes, saving\n")
    halted = Terminal()
    draw = progress_bar(halted, "importing x.csv", 100, clock=lambda: 0.0)
    assert draw is not None
    draw(50)
    draw.end()  # an import that failed half way: the error is written on a line of its own
    assert halted.getvalue().endswith("50% of 0.0 MB\n")


@pytest.mark.parametrize(("rows", "large"), [(10, False), (12_000, True)])
def test_an_import_names_each_step_after_its_last_row(tracker, rows, large):
    """A large import into a small log rebuilds SQLite's indexes, and has PostgreSQL analyse the log."""
    steps: list[str] = []
    tracker.import_csv(io.BytesIO(_csv(rows).encode()), name="rows.csv", stage=steps.append)
    after_rows = ["analysing the log"] if ON_POSTGRES else ["building the indexes"]
    assert steps == after_rows * large + ["updating the statuses", "saving"]


def test_running_out_of_memory_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    path = tmp_path / "rows.csv"
    path.write_text(_csv(3), encoding="utf-8")

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr("monitors.tracker.Tracker.import_csv", exhausted)
    result = run(tmp_path / "truce.db", "import", str(path))
    assert (result.returncode, result.stderr) == (3, "error: import ran out of memory; nothing was stored\n")


@pytest.mark.parametrize("rows", [1, 5_001, 10_000])
def test_an_import_across_chunks_stores_every_row_in_order(tracker, rows):
    imported = tracker.import_csv(io.BytesIO(_csv(rows).encode()), name="rows.csv", by="alice")
    assert imported.count == rows
    stored = [u for u in tracker.store.updates() if u.logged_by == "alice"]
    assert [u.note for u in stored] == [f"row {n}" for n in range(rows)]
    assert [u.id for u in stored][0] == imported.first_id and stored[-1].id == imported.last_id
    assert stored[0].observed.isoformat() == "2025-07-01" and stored[0].url == "https://example.org/0"


def test_the_cycle_collector_is_off_during_an_import_and_back_as_it_was_after(tracker):
    seen: list[bool] = []

    def progress(done: int) -> None:
        seen.append(gc.isenabled())

    data = (HEADER + "london-us-ethane,2025-07-02,us,BIS,,met,,,,,alice\n").encode()
    tracker.import_csv(io.BytesIO(data), "one.csv", progress=progress)
    assert seen and not any(seen) and gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(InputError):
            tracker.import_csv(io.BytesIO(HEADER.encode()), "empty.csv")
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(InputError):
        tracker.import_csv(io.BytesIO(HEADER.encode()), "empty.csv")
    assert gc.isenabled()


def test_a_full_report_stands_when_the_file_turns_unreadable_after_it(tracker):
    """Rows are read a batch ahead of their checks; a report that fills up is still the one a
    reader stopping there gives, not the unreadable line further on."""
    bad = "".join(f"london-us-ethane,2025-07-02,us,BIS,,kept,,,,row {n},alice\n" for n in range(60))
    for tail in ('a,"b"c,\n', "a,\x00\n"):
        with pytest.raises(InputError) as raised:
            tracker.import_csv(io.BytesIO((HEADER + bad + tail).encode()), "bad.csv")
        assert len(raised.value.errors) == 50 and all(e.field == "asserts" for e in raised.value.errors)
    with pytest.raises(InputError) as raised:
        tracker.import_csv(io.BytesIO((HEADER + bad[:400] + 'a,"b"c,\n').encode()), "bad.csv")
    assert [e.field for e in raised.value.errors] == ["file"]


def test_progress_ends_at_the_files_size_after_trailing_blank_rows(tracker):
    data = (_csv(5_000) + ",,,,,,,,,,\n" * 3_000).encode()
    told: list[int] = []
    tracker.import_csv(io.BytesIO(data), "rows.csv", progress=told.append)
    assert told[-1] == len(data) and told == sorted(told)


@pytest.mark.parametrize("rows", [10, 5_000, 7_500])
def test_progress_is_told_each_position_once(tracker, rows):
    """A repeated report redrew the terminal's full bar on a second line."""
    told: list[int] = []
    tracker.import_csv(io.BytesIO(_csv(rows).encode()), "rows.csv", progress=told.append)
    assert len(told) == len(set(told))
