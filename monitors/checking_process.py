"""Reading and checking an import's rows in a second process while this one stores them.

Checking a row is pure Python and costs about as much as storing it, so on a machine with more
than one core the command line's import forks a child that reads and checks the file and hands
each chunk of ready rows over a pipe, while this process writes the chunk before. A chunk is
a list of tuples of text and numbers, so it crosses the pipe as marshal's bytes, which the child
writes in a third of the time pickle takes. The pipe holds at most about a chunk in
flight, so memory stays bounded. The child only reads the file and computes: it never uses the
store's connections it inherited, and it leaves by os._exit, as multiprocessing's children do,
so nothing of them is closed or rolled back from there. If this process stops early (a failed
write, an interrupt) the child is ended; if it is killed, the child's next send finds the pipe
closed and it ends too.

Only a single-threaded program may fork safely; the dashboard, which runs threads, checks in
its own process.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import TypeVar

from monitors.validation import FieldError, InputError

T = TypeVar("T")
# Makes the chunks (of values marshal can write); it is told how many bytes of the file have
# been read, as `_chunks` tells.
ChunkSource = Callable[[Callable[[int], None]], Iterator[list[T]]]


def worth_a_second_process(dialect: str) -> bool:
    """True when this process may run on more than one core and writes to SQLite. PostgreSQL's
    server does the larger part of an import in a process of its own already (20 µs a row
    against the client's 14 at 1M rows): a checker beside them only competes for the cores.
    Where processes cannot fork (Windows), the rows are checked in process."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return dialect == "sqlite" and cores > 1 and "fork" in multiprocessing.get_all_start_methods()


def chunks_from_second_process(source: ChunkSource[T], progress: Callable[[int], None] | None) -> Iterator[list[T]]:
    """The chunks `source` makes, made in a forked child; `progress` is told the bytes read in
    the same order as `source` tells them, so after the chunks before them are stored. An
    InputError in the child is raised here with the same errors."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_make_and_send, args=(source, reader, writer), name="import checker", daemon=True)
    child.start()
    writer.close()
    try:
        while True:
            try:
                kind, payload = reader.recv()
            except EOFError:
                child.join()
                raise InputError([FieldError(
                    "file", f"could not be checked to the end: the process checking it stopped (exit code {child.exitcode})")]) from None
            if kind == "chunk":
                yield marshal.loads(payload)
            elif kind == "progress":
                if progress is not None:
                    progress(payload)
            elif kind == "invalid":
                raise InputError(payload)
            elif kind == "failed":
                raise payload
            else:
                return
    finally:
        reader.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _make_and_send(source: ChunkSource[T], reader: Connection, writer: Connection) -> None:
    """The child's work: every chunk and progress report, then "done" or what went wrong."""
    reader.close()  # else the pipe would stay open for reading after the parent is gone
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        for chunk in source(lambda done: writer.send(("progress", done))):
            writer.send(("chunk", marshal.dumps(chunk)))
        writer.send(("done", None))
    except BrokenPipeError:
        return
    except InputError as exc:
        _send_last(writer, ("invalid", exc.errors))
    except Exception as exc:  # noqa: BLE001  (any other failure is raised in the parent)
        _send_last(writer, ("failed", exc))
    finally:
        writer.close()


def _send_last(writer: Connection, message: tuple[str, object]) -> None:
    try:
        writer.send(message)
    except BrokenPipeError:
        pass
