"""Checking an import's rows in a second process (monitors/checking_process.py): the chunks,
the progress reports and the report of bad rows are those of checking in process, the rows
are made in another process, and that process is gone once the import ends, however it ends."""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from monitors.catalog import load_catalog
from monitors.checking_process import chunks_from_second_process, worth_a_second_process
from monitors.importing import read_updates
from monitors.validation import InputError

CATALOG = load_catalog(Path(__file__).resolve().parent.parent / "data" / "frameworks")
TODAY = date(2026, 1, 5)
HEADER = "commitment,observed,source_party,source,url,asserts,value,unit,new_deadline,note,by\n"


def _csv(rows: int, bad: dict[int, str] | None = None) -> bytes:
    lines = [f"london-us-ethane,2025-07-{1 + n % 28:02d},independent,bulk,https://example.org/{n},progress,,,,row {n},alice\n"
             for n in range(rows)]
    for number, line in (bad or {}).items():
        lines[number - 1] = line
    return (HEADER + "".join(lines)).encode()


def _read(data: bytes, second_process: bool) -> tuple[list[list[object]], list[int]]:
    told: list[int] = []
    chunks = list(read_updates(io.BytesIO(data), CATALOG, TODAY, by="bob", progress=told.append, second_process=second_process))
    return chunks, told


def _report(data: bytes, second_process: bool) -> list[str]:
    with pytest.raises(InputError) as error:
        _read(data, second_process)
    return [str(e) for e in error.value.errors]


def test_the_chunks_and_progress_are_those_of_checking_in_process():
    data = _csv(12_345, bad={7: 'london-us-ethane,2025-07-02,us,"B\u00a0IS",https://example.org/x,met,,,,"two\nlines",carol\n'})
    assert _read(data, second_process=True) == _read(data, second_process=False)


def test_bad_rows_are_reported_as_in_process():
    data = _csv(6_000, bad={3: "london-us-ethane,2025-07-02,martians,bulk,,progress,,,,x,alice\n",
                            5_999: "london-us-ethane,2099-07-02,us,bulk,,perhaps,,,,x,alice\n"})
    assert _report(data, second_process=True) == _report(data, second_process=False)
    assert _report(b"", second_process=True) == _report(b"", second_process=False)


def _pids(count: int) -> Callable[[Callable[[int], None]], Iterator[list[int]]]:
    def source(told: Callable[[int], None]) -> Iterator[list[int]]:
        for number in range(count):
            told(number)
            yield [os.getpid()]
    return source


def test_the_rows_are_made_in_another_process_which_ends_with_the_import():
    told: list[int] = []
    chunks = list(chunks_from_second_process(_pids(3), told.append))
    assert len(chunks) == 3 and {pid for [pid] in chunks} != {os.getpid()} and told == [0, 1, 2]
    assert multiprocessing.active_children() == []


def test_a_consumer_that_stops_early_ends_the_process():
    chunks = chunks_from_second_process(_pids(10_000), None)
    next(chunks)
    chunks.close()
    assert multiprocessing.active_children() == []


def test_a_failure_in_the_process_is_raised_here():
    def failing(told: Callable[[int], None]) -> Iterator[list[int]]:
        yield [1]
        raise OSError(5, "Input/output error")

    with pytest.raises(OSError, match="Input/output error"):
        list(chunks_from_second_process(failing, None))
    assert multiprocessing.active_children() == []


def test_only_sqlite_on_more_than_one_core_gets_a_second_process(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert worth_a_second_process("sqlite") and not worth_a_second_process("postgresql")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert not worth_a_second_process("sqlite")
